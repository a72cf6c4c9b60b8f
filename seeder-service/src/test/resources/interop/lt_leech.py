"""A python3-libtorrent leecher for interop tests and benchmarks.

Downloads one torrent (a .torrent file or a magnet link) into a directory from the peers given on the
command line (and any tracker the torrent names), with uTP off and several connections per IP allowed,
as loopback tests need. Prints one JSON line when done:
  {"ok": true, "seconds": 1.23, "bytes": 1048576, "state": "seeding"}
and exits 0; on timeout or error prints {"ok": false, ...} and exits 1.

usage: lt_leech.py SOURCE SAVE_DIR TIMEOUT_SECONDS [HOST:PORT ...]
"""
import json
import sys
import time

import libtorrent as lt


def main():
    source, save_dir, timeout = sys.argv[1], sys.argv[2], float(sys.argv[3])
    peers = sys.argv[4:]
    settings = {
        "listen_interfaces": "127.0.0.1:0",
        "enable_outgoing_utp": False,
        "enable_incoming_utp": False,
        "allow_multiple_connections_per_ip": True,
        "enable_dht": False,
        "enable_lsd": False,
        "enable_upnp": False,
        "enable_natpmp": False,
        "alert_mask": lt.alert.category_t.error_notification | lt.alert.category_t.status_notification,
    }
    session = lt.session(settings)
    if source.startswith("magnet:"):
        params = lt.parse_magnet_uri(source)
    else:
        params = lt.add_torrent_params()
        params.ti = lt.torrent_info(source)
    params.save_path = save_dir
    handle = session.add_torrent(params)
    for peer in peers:
        host, port = peer.rsplit(":", 1)
        handle.connect_peer((host, int(port)))

    start = time.monotonic()
    last_connect = start
    while True:
        status = handle.status()
        if status.is_seeding:
            print(json.dumps({"ok": True, "seconds": round(time.monotonic() - start, 3),
                              "bytes": status.total_wanted, "state": str(status.state)}))
            return 0
        now = time.monotonic()
        if now - start > timeout:
            print(json.dumps({"ok": False, "error": "timeout", "progress": status.progress,
                              "state": str(status.state), "peers": status.num_peers}))
            return 1
        if now - last_connect > 2 and status.num_peers == 0:
            for peer in peers:
                host, port = peer.rsplit(":", 1)
                handle.connect_peer((host, int(port)))
            last_connect = now
        for alert in session.pop_alerts():
            if isinstance(alert, lt.torrent_error_alert):
                print(json.dumps({"ok": False, "error": alert.message()}))
                return 1
        time.sleep(0.05)


if __name__ == "__main__":
    sys.exit(main())
