"""Download one torrent from one peer with libtorrent, TCP only, and report how it went.

usage: lt_download.py <torrent file | magnet URI> <save dir> <peer host> <peer port> <timeout seconds>

Prints one line 'done <payload bytes> <seconds>' and exits 0 when the torrent is complete; on timeout prints
the torrent status and the alerts seen, and exits 2.
"""
import sys
import time

import libtorrent as lt

source, save_path, host, port, timeout = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), float(sys.argv[5])

session = lt.session({
    'listen_interfaces': '127.0.0.1:0',
    'enable_outgoing_utp': False,
    'enable_incoming_utp': False,
    'allow_multiple_connections_per_ip': True,
    'enable_dht': False,
    'enable_lsd': False,
    'enable_upnp': False,
    'enable_natpmp': False,
    'alert_mask': lt.alert.category_t.error_notification | lt.alert.category_t.peer_notification
    | lt.alert.category_t.status_notification,
})

if source.startswith('magnet:'):
    params = lt.parse_magnet_uri(source)
else:
    params = lt.add_torrent_params()
    params.ti = lt.torrent_info(source)
params.save_path = save_path
handle = session.add_torrent(params)

started = time.time()
deadline = started + timeout
alerts = []
last_connect = 0.0
while True:
    status = handle.status()
    if status.is_seeding:
        print('done %d %.3f' % (status.total_wanted, time.time() - started))
        sys.exit(0)
    now = time.time()
    if status.num_peers == 0 and now - last_connect > 1.0:
        handle.connect_peer((host, port))
        last_connect = now
    if now > deadline:
        print('timeout: state=%s progress=%.4f peers=%d has_metadata=%s error=%s'
              % (status.state, status.progress, status.num_peers, status.has_metadata, status.errc.message()))
        for alert in alerts[-40:]:
            print('alert: ' + alert)
        sys.exit(2)
    for alert in session.pop_alerts():
        alerts.append('%s: %s' % (type(alert).__name__, alert.message()))
    time.sleep(0.05)
