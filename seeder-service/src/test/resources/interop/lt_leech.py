"""A python3-libtorrent leecher (or seed) for interop tests and benchmarks.

Downloads one torrent (a .torrent file or a magnet link) into a directory from the peers given on the
command line (and any tracker the torrent names), with uTP off and several connections per IP allowed,
as loopback tests need. Prints one JSON line when done:
  {"ok": true, "seconds": 1.23, "bytes": 1048576, "state": "seeding", "pieces": 4, "total_pieces": 4,
   "hash_fails": 0, "failed_bytes": 0, "bad_hash_messages": 0}
and exits 0; on timeout or error prints {"ok": false, "error": ..., the same counters, "alerts": [...]}
and exits 1. hash_fails counts the pieces libtorrent received and found corrupt (hash_failed_alert);
failed_bytes is its total_failed_bytes. bad_hash_messages counts the peers libtorrent dropped for a BEP 52
hash request, hashes or hash reject it found invalid (peer_error_alert "invalid hash...").
redundant_bytes is its total_redundant_bytes (payload received that it already had).

Options:
  --stall SECONDS  give up ("error": "stalled") when no piece has completed for SECONDS: for tests that
                   expect a download to stop short, so they need not wait for the timeout.
  --setting NAME=VALUE
                   a libtorrent session setting (repeatable): integers, true/false, or strings, e.g.
                   --setting out_enc_policy=0 --setting allowed_enc_level=1 (forced encryption, plaintext
                   payload: the MSE/PE handshake is the only way in)
  --upload-limit BYTES_PER_SECOND
                   limits upload to every peer, loopback ones included (libtorrent leaves local peers
                   unlimited unless they are put in the global peer class, as this does).
  --encryption rc4
                   require RC4 both ways (out_enc_policy and in_enc_policy pe_forced = 0, allowed_enc_level
                   pe_rc4 = 2, close_redundant_connections off so a finished peer stays connected); reports add
                   "rc4_peers" and "plaintext_peers": the handshaken peers seen with and without libtorrent's
                   rc4_encrypted flag. A seed prints its report line again whenever those counts change.
  --progress FILE  appends "SECONDS BYTES" to FILE whenever the verified bytes (total_wanted_done) change,
                   SECONDS counted from the same start as the report's "seconds": for benchmarks that time the
                   last bytes of a download.
  --seed           SAVE_DIR already holds the content: libtorrent checks it (no seed mode, every piece is
                   hashed), prints {"ok": true, "seeding": true, "port": <listen port>, ...} once it is
                   seeding, and then seeds until TIMEOUT_SECONDS have passed or it is killed.

usage: lt_leech.py [--stall SECONDS] [--progress FILE] [--setting NAME=VALUE ...] [--encryption rc4] [--seed] SOURCE SAVE_DIR TIMEOUT_SECONDS [HOST:PORT ...]
"""
import argparse
import collections
import json
import sys
import time

import libtorrent as lt


def arguments():
    parser = argparse.ArgumentParser()
    parser.add_argument("--stall", type=float, default=0)
    parser.add_argument("--seed", action="store_true")
    parser.add_argument("--progress")
    parser.add_argument("--upload-limit", type=int, default=0)
    parser.add_argument("--setting", action="append", default=[])
    parser.add_argument("--encryption", choices=["rc4"])
    parser.add_argument("source")
    parser.add_argument("save_dir")
    parser.add_argument("timeout", type=float)
    parser.add_argument("peers", nargs="*")
    return parser.parse_args()


def setting(text):
    name, value = text.split("=", 1)
    if value in ("true", "false"):
        return name, value == "true"
    return name, int(value) if value.lstrip("-").isdigit() else value


def connect(handle, peers):
    for peer in peers:
        host, port = peer.rsplit(":", 1)
        handle.connect_peer((host, int(port)))


def main():
    args = arguments()
    settings = {
        "listen_interfaces": "127.0.0.1:0",
        "enable_outgoing_utp": False,
        "enable_incoming_utp": False,
        "allow_multiple_connections_per_ip": True,
        "enable_dht": False,
        "enable_lsd": False,
        "enable_upnp": False,
        "enable_natpmp": False,
        "alert_mask": lt.alert.category_t.error_notification | lt.alert.category_t.status_notification
        | lt.alert.category_t.peer_notification,
    }
    if args.encryption == "rc4":
        forced, rc4 = int(lt.enc_policy.pe_forced), int(lt.enc_level.pe_rc4)
        settings.update({"out_enc_policy": forced, "in_enc_policy": forced, "allowed_enc_level": rc4,
                         "prefer_rc4": True, "close_redundant_connections": False})
    settings.update(setting(s) for s in args.setting)
    if args.upload_limit:
        settings["upload_rate_limit"] = args.upload_limit
    session = lt.session(settings)
    if args.upload_limit:
        every_address = lt.ip_filter()
        every_address.add_rule("0.0.0.0", "255.255.255.255", 1 << lt.session.global_peer_class_id)
        session.set_peer_class_filter(every_address)
    if args.source.startswith("magnet:"):
        params = lt.parse_magnet_uri(args.source)
    else:
        params = lt.add_torrent_params()
        params.ti = lt.torrent_info(args.source)
    params.save_path = args.save_dir
    handle = session.add_torrent(params)
    connect(handle, args.peers)

    start = time.monotonic()
    last_connect = start
    last_piece_at, pieces = start, 0
    hash_fails = 0
    bad_hash_messages = 0
    alerts = collections.deque(maxlen=30)
    rc4_peers, plaintext_peers = set(), set()
    progress = open(args.progress, "a") if args.progress else None
    done_bytes = -1

    def look_at_peers():
        """Records the handshaken peers by whether their connection is RC4; True when that changed."""
        before = (len(rc4_peers), len(plaintext_peers))
        for peer in handle.get_peer_info():
            if peer.flags & (lt.peer_info.connecting | lt.peer_info.handshake):
                continue
            endpoint = "%s:%d" % peer.ip
            (rc4_peers if peer.flags & lt.peer_info.rc4_encrypted else plaintext_peers).add(endpoint)
        return before != (len(rc4_peers), len(plaintext_peers))

    def report(ok, **fields):
        status = handle.status()
        fields.update({"ok": ok, "seconds": round(time.monotonic() - start, 3), "state": str(status.state),
                       "progress": status.progress, "pieces": status.num_pieces,
                       "total_pieces": handle.torrent_file().num_pieces() if status.has_metadata else -1,
                       "hash_fails": hash_fails, "bad_hash_messages": bad_hash_messages, "failed_bytes": status.total_failed_bytes,
                       "redundant_bytes": status.total_redundant_bytes,
                       "peers": status.num_peers})
        if args.encryption:
            fields.update({"rc4_peers": len(rc4_peers), "plaintext_peers": len(plaintext_peers)})
        if not ok:
            fields["alerts"] = list(alerts)
        print(json.dumps(fields), flush=True)

    while True:
        status = handle.status()
        now = time.monotonic()
        if progress and status.total_wanted_done != done_bytes:
            done_bytes = status.total_wanted_done
            progress.write("%.3f %d\n" % (now - start, done_bytes))
            progress.flush()
        if args.encryption:
            look_at_peers()
        if status.is_seeding:
            if not args.seed:
                report(True, bytes=status.total_wanted)
                return 0
            report(True, seeding=True, port=session.listen_port(), bytes=status.total_wanted)
            while time.monotonic() - start < args.timeout:
                session.pop_alerts()
                if args.encryption and look_at_peers():
                    report(True, seeding=True, port=session.listen_port(), bytes=status.total_wanted)
                time.sleep(0.2)
            return 0
        if now - start > args.timeout:
            report(False, error="timeout")
            return 1
        if status.num_pieces != pieces:
            pieces, last_piece_at = status.num_pieces, now
        elif args.stall and now - last_piece_at > args.stall:
            report(False, error="stalled")
            return 1
        if now - last_connect > 2 and status.num_peers == 0:
            connect(handle, args.peers)
            last_connect = now
        for alert in session.pop_alerts():
            alerts.append("%s: %s" % (type(alert).__name__, alert.message()))
            if isinstance(alert, lt.hash_failed_alert):
                hash_fails += 1
            if isinstance(alert, lt.peer_error_alert) and "invalid hash" in alert.message():
                bad_hash_messages += 1
            if isinstance(alert, lt.torrent_error_alert):
                report(False, error=alert.message())
                return 1
        time.sleep(0.05)


if __name__ == "__main__":
    sys.exit(main())
