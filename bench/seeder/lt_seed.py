"""libtorrent seeding anchor: seeds one torrent with the high_performance_seed preset.

Listens on 127.0.0.1:PORT (TCP only, several connections per IP allowed, as loopback needs), adds the
torrent in seed mode from SAVE_DIR, prints "ready" once it is seeding, then runs until it is killed.
UPLOAD_LIMIT (bytes per second, default 0: unlimited) limits its upload to every peer, loopback ones included
(libtorrent leaves local peers unlimited unless they are put in the global peer class, as this does).

usage: lt_seed.py TORRENT SAVE_DIR PORT [UPLOAD_LIMIT]
"""
import sys
import time

import libtorrent as lt


def main():
    torrent, save_dir, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
    upload_limit = int(sys.argv[4]) if len(sys.argv) > 4 else 0
    settings = lt.high_performance_seed()
    settings.update({
        "listen_interfaces": "127.0.0.1:%d" % port,
        "enable_outgoing_utp": False,
        "enable_incoming_utp": False,
        "allow_multiple_connections_per_ip": True,
        "enable_dht": False,
        "enable_lsd": False,
        "enable_upnp": False,
        "enable_natpmp": False,
    })
    if upload_limit:
        settings["upload_rate_limit"] = upload_limit
    session = lt.session(settings)
    if upload_limit:
        every_address = lt.ip_filter()
        every_address.add_rule("0.0.0.0", "255.255.255.255", 1 << lt.session.global_peer_class_id)
        session.set_peer_class_filter(every_address)
    params = lt.add_torrent_params()
    params.ti = lt.torrent_info(torrent)
    params.save_path = save_dir
    params.flags |= lt.torrent_flags.seed_mode
    handle = session.add_torrent(params)
    while not handle.status().is_seeding:
        time.sleep(0.05)
    print("ready", flush=True)
    while True:
        time.sleep(1)


if __name__ == "__main__":
    main()
