"""Times the seed pool for pool-bench.sh: adds a torrent, or kills an owner, and polls a member's pool API.

usage:
  pool_watch.py place BASE TORRENT REPLICAS TIMEOUT
      POST BASE/pool/torrents?replicas=REPLICAS with the .torrent, then GET the Location every POLL seconds
      until the torrent's state is "placed". Prints one JSON line: "seconds" from just before the POST to the
      first placed answer, "owners", "first": the seconds at which each state and each member's copy state
      (member:state) was first seen.
  pool_watch.py heal BASE INFOHASH PID NEWCOMER NEWCOMER_BASE TIMEOUT
      SIGKILLs PID (an owner of INFOHASH), then polls BASE/pool/torrents/INFOHASH (a surviving member's view) and
      NEWCOMER_BASE/api/torrents/INFOHASH (the member that is to heal it) every POLL seconds until the torrent is
      placed again. Prints "first" as above, in seconds from the kill, and "detection" (until NEWCOMER's copy
      appears in the view: the torrent was reassigned), "copy" (from there until that copy is reported seeding),
      "local_seeding" (from the kill until NEWCOMER's own torrent view says seeding), "total", "owners".
Exits 1 with "ok": false on timeout.
"""
import json
import os
import signal
import sys
import time
import urllib.error
import urllib.request

POLL = 0.1


def get(url):
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return json.load(r)
    except (urllib.error.URLError, OSError, ValueError):
        return None


class Firsts:
    """The first time each state, and each member's copy state, was seen."""

    def __init__(self, t0):
        self.t0 = t0
        self.seen = {}

    def note(self, view, now):
        if view is None:
            return
        keys = [view.get("state")] + ["%s:%s" % (c.get("member"), c.get("state")) for c in view.get("copies", [])]
        for k in keys:
            if k not in self.seen:
                self.seen[k] = round(now - self.t0, 3)


def place(base, torrent, replicas, timeout):
    with open(torrent, "rb") as f:
        body = f.read()
    request = urllib.request.Request(
        "%s/pool/torrents?replicas=%s" % (base, replicas),
        data=body, method="POST", headers={"Content-Type": "application/x-bittorrent"})
    t0 = time.time()
    with urllib.request.urlopen(request, timeout=30) as r:
        location = r.headers["Location"]
    url = location if location.startswith("http") else base + location
    firsts = Firsts(t0)
    while time.time() - t0 < timeout:
        view = get(url)
        now = time.time()
        firsts.note(view, now)
        if view is not None and view.get("state") == "placed":
            return {"ok": True, "seconds": round(now - t0, 3), "owners": view.get("owners"), "first": firsts.seen}
        time.sleep(POLL)
    return {"ok": False, "error": "not placed", "first": firsts.seen}


def heal(base, info_hash, pid, newcomer, newcomer_base, timeout):
    url = "%s/pool/torrents/%s" % (base, info_hash)
    local_url = "%s/api/torrents/%s" % (newcomer_base, info_hash)
    t0 = time.time()
    os.kill(pid, signal.SIGKILL)
    firsts = Firsts(t0)
    local_seeding = None
    while time.time() - t0 < timeout:
        view = get(url)
        local = get(local_url) if local_seeding is None else None
        now = time.time()
        firsts.note(view, now)
        if local is not None and local.get("state") == "seeding":
            local_seeding = round(now - t0, 3)
        if view is not None and view.get("state") == "placed" and "%s:seeding" % newcomer in firsts.seen:
            detection = firsts.seen.get("%s:fetching" % newcomer, firsts.seen["%s:seeding" % newcomer])
            total = firsts.seen["%s:seeding" % newcomer]
            return {"ok": True, "detection": detection, "copy": round(total - detection, 3), "total": total,
                    "local_seeding": local_seeding, "placed": round(now - t0, 3), "owners": view.get("owners"),
                    "first": firsts.seen}
        time.sleep(POLL)
    return {"ok": False, "error": "not healed", "local_seeding": local_seeding, "first": firsts.seen}


def main():
    mode, args = sys.argv[1], sys.argv[2:]
    if mode == "place":
        result = place(args[0], args[1], int(args[2]), float(args[3]))
    elif mode == "heal":
        result = heal(args[0], args[1], int(args[2]), args[3], args[4], float(args[5]))
    else:
        sys.exit(__doc__)
    print(json.dumps(result), flush=True)
    sys.exit(0 if result["ok"] else 1)


if __name__ == "__main__":
    main()
