"""Drives a real libtorrent session against the tracker under test, for RealClientIT.

usage: libtorrent_announce.py <torrent file> <empty save dir> <listen port> <timeout seconds>

The session has DHT, local peer discovery, UPnP, NAT-PMP and uTP off, so the tracker is its only
source of peers. It adds the torrent (a leecher: the save dir is empty), waits for the first tracker
reply and prints one JSON line on stdout:
  {"event": "reply", "num_peers": <peers in the tracker's answer>, "listen_port": <port>}
or, when the tracker refuses or does not answer in time:
  {"event": "error", "message": "..."}
It then keeps the torrent (so the tracker keeps counting it) until a line or EOF arrives on stdin,
removes the torrent (libtorrent announces 'stopped') and exits.
"""
import json
import sys
import time

import libtorrent as lt


def emit(**fields):
    print(json.dumps(fields), flush=True)


def main():
    torrent, save_path, port, timeout = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
    session = lt.session({
        "listen_interfaces": "127.0.0.1:%d" % port,
        "enable_dht": False,
        "enable_lsd": False,
        "enable_upnp": False,
        "enable_natpmp": False,
        "enable_outgoing_utp": False,
        "enable_incoming_utp": False,
        # On a loaded machine a UDP stop (connect + announce) can take longer than the 1 s default.
        "stop_tracker_timeout": 15,
        "allow_multiple_connections_per_ip": True,
        "announce_to_all_trackers": True,
        "alert_mask": lt.alert_category.tracker | lt.alert_category.error | lt.alert_category.status,
    })
    params = lt.add_torrent_params()
    params.ti = lt.torrent_info(torrent)
    params.save_path = save_path
    handle = session.add_torrent(params)

    deadline = time.monotonic() + timeout
    outcome = None
    while outcome is None and time.monotonic() < deadline:
        session.wait_for_alert(200)
        for alert in session.pop_alerts():
            if isinstance(alert, lt.tracker_reply_alert):
                outcome = {"event": "reply", "num_peers": alert.num_peers, "listen_port": session.listen_port()}
            elif isinstance(alert, (lt.tracker_error_alert, lt.tracker_warning_alert)):
                outcome = {"event": "error", "message": alert.message()}
            if outcome is not None:
                break
    emit(**(outcome or {"event": "error", "message": "no tracker reply within %s s" % timeout}))

    sys.stdin.readline()
    session.remove_torrent(handle)
    stop_deadline = time.monotonic() + 5
    while time.monotonic() < stop_deadline:
        session.wait_for_alert(200)
        if any(isinstance(a, lt.torrent_removed_alert) for a in session.pop_alerts()):
            break
    del session


if __name__ == "__main__":
    main()
