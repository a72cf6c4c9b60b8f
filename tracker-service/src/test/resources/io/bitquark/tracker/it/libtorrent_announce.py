"""Drives a real libtorrent session against the tracker under test, for RealClientIT.

usage: libtorrent_announce.py <torrent file> <empty save dir> <listen port> <timeout seconds>

The session has DHT, local peer discovery, UPnP, NAT-PMP and uTP off, so the tracker is its only
source of peers. It adds the torrent (a leecher: the save dir is empty; started, not auto-managed, so
that nothing but this script pauses or resumes it), waits for the first tracker reply and prints one
JSON line on stdout:
  {"event": "reply", "num_peers": <peers in the tracker's answer>, "listen_port": <port>}
or, when the tracker refuses or does not answer in time:
  {"event": "error", "message": "..."}
It then keeps the torrent (so the tracker keeps counting it) until a line or EOF arrives on stdin.

Then it stops: it pauses the torrent, which makes libtorrent announce 'stopped', waits for the tracker's
answer to that announce and prints a second line:
  {"event": "stopped", "answered": true}
or {"event": "error", "message": "..."} when the tracker refused it or did not answer in time. Only then
does it remove the torrent and end the session. (Removing the torrent first is not enough: libtorrent
posts torrent_removed_alert before it queues the 'stopped' announce, and a session deleted at that
moment may never send it.)
"""
import json
import sys
import time

import libtorrent as lt


def emit(**fields):
    print(json.dumps(fields), flush=True)


def alerts_until(session, deadline):
    """Yields the session's alerts until the deadline passes (the caller returns early when done)."""
    while time.monotonic() < deadline:
        session.wait_for_alert(200)
        for alert in session.pop_alerts():
            yield alert


def first_reply(session, timeout):
    for alert in alerts_until(session, time.monotonic() + timeout):
        if isinstance(alert, lt.tracker_reply_alert):
            return {"event": "reply", "num_peers": alert.num_peers, "listen_port": session.listen_port()}
        if isinstance(alert, (lt.tracker_error_alert, lt.tracker_warning_alert)):
            return {"event": "error", "message": alert.message()}
    return {"event": "error", "message": "no tracker reply within %s s" % timeout}


def stop(session, handle, timeout):
    """Pauses the torrent and waits for the answer to the 'stopped' announce that the pause sends."""
    handle.pause()
    # The announce alert names the event; the reply alert does not, so the reply that counts is the next
    # one from a tracker that was sent 'stopped'.
    stopping = set()
    for alert in alerts_until(session, time.monotonic() + timeout):
        if isinstance(alert, lt.tracker_announce_alert) and alert.event == lt.event_t.stopped:
            stopping.add(alert.tracker_url())
        elif isinstance(alert, lt.tracker_reply_alert) and alert.tracker_url() in stopping:
            return {"event": "stopped", "answered": True}
        elif isinstance(alert, lt.tracker_error_alert) and alert.tracker_url() in stopping:
            return {"event": "error", "message": "stopped announce failed: " + alert.message()}
    if not stopping:
        return {"event": "error", "message": "pausing sent no stopped announce within %s s" % timeout}
    return {"event": "error", "message": "no answer to the stopped announce within %s s" % timeout}


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
    # Not auto-managed: the session's queue would resume a torrent this script paused.
    params.flags &= ~(lt.torrent_flags.auto_managed | lt.torrent_flags.paused)
    handle = session.add_torrent(params)

    emit(**first_reply(session, timeout))

    sys.stdin.readline()
    emit(**stop(session, handle, timeout))

    session.remove_torrent(handle)
    for alert in alerts_until(session, time.monotonic() + 5):
        if isinstance(alert, lt.torrent_removed_alert):
            break
    del session


if __name__ == "__main__":
    main()
