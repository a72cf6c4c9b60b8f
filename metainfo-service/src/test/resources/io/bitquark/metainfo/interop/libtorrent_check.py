"""Has a real libtorrent load a torrent and hash-check its content, for LibtorrentAcceptsOurTorrentsTest.

usage: libtorrent_check.py <torrent file> <save path> <timeout seconds>

The save path is the directory that holds the content: a single-file torrent's file is <save path>/<name>,
a multi-file torrent's files are below <save path>/<name>/. The session has DHT, local peer discovery,
UPnP, NAT-PMP and uTP off and the torrent has no tracker, so nothing leaves the machine.

The torrent is added with the default flags (no seed mode: libtorrent trusts nothing), and once that first
check is over a full recheck is forced, so that every piece is hashed from disk. One JSON line is printed:
  {"event": "checked", "v1": <hex or null>, "v2": <hex or null>, "name": ..., "num_files": ...,
   "total_size": ..., "num_pieces": <pieces in the torrent>, "have": <pieces found valid>, "state": ...}
or, when libtorrent refuses the torrent or the content:
  {"event": "error", "message": "..."}
"""
import json
import sys
import time

import libtorrent as lt


def emit(**fields):
    print(json.dumps(fields), flush=True)


def hashes(info):
    ih = info.info_hashes()
    v1 = str(ih.v1) if ih.has_v1() else None
    v2 = str(ih.v2) if ih.has_v2() else None
    return v1, v2


def wait_until_checked(session, deadline):
    """Waits for torrent_checked_alert; returns an error message, or None once the check is over."""
    while time.monotonic() < deadline:
        session.wait_for_alert(200)
        for alert in session.pop_alerts():
            if isinstance(alert, lt.torrent_checked_alert):
                return None
            if isinstance(alert, (lt.torrent_error_alert, lt.file_error_alert, lt.fastresume_rejected_alert)):
                return alert.message()
    return "the check did not finish in time"


def main():
    torrent, save_path, timeout = sys.argv[1], sys.argv[2], float(sys.argv[3])
    deadline = time.monotonic() + timeout
    try:
        info = lt.torrent_info(torrent)
    except RuntimeError as e:
        emit(event="error", message="torrent_info refused the torrent: %s" % e)
        return
    session = lt.session({
        "listen_interfaces": "127.0.0.1:0",
        "enable_dht": False,
        "enable_lsd": False,
        "enable_upnp": False,
        "enable_natpmp": False,
        "enable_outgoing_utp": False,
        "enable_incoming_utp": False,
        "alert_mask": lt.alert_category.error | lt.alert_category.status | lt.alert_category.storage,
    })
    params = lt.add_torrent_params()
    params.ti = info
    params.save_path = save_path
    handle = session.add_torrent(params)

    problem = wait_until_checked(session, deadline)
    if problem is None:
        handle.force_recheck()
        problem = wait_until_checked(session, deadline)
    if problem is not None:
        emit(event="error", message=problem)
        return
    status = handle.status()
    v1, v2 = hashes(info)
    emit(event="checked", v1=v1, v2=v2, name=info.name(), num_files=info.num_files(),
         total_size=info.total_size(), num_pieces=info.num_pieces(), have=status.num_pieces,
         state=str(status.state))
    session.remove_torrent(handle)


if __name__ == "__main__":
    main()
