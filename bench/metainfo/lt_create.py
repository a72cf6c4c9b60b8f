"""Creates a torrent with libtorrent (python3-libtorrent), the anchor of BitQuark's hybrid creation.

Usage: /usr/bin/python3 lt_create.py hybrid|v1|v2 PIECE_LENGTH PATH [OUT]
Prints one line: WALL_MS CPU_MS INFO_HASH (v1 hash, or v2 for v2-only), timing add_files, set_piece_hashes,
generate and bencode; the interpreter's start and the import are not counted.
"""
import os
import sys
import time

import libtorrent as lt


def main():
    version, piece_length, path = sys.argv[1], int(sys.argv[2]), os.path.abspath(sys.argv[3])
    out = sys.argv[4] if len(sys.argv) > 4 else None
    flags = {"hybrid": 0, "v1": lt.create_torrent.v1_only, "v2": lt.create_torrent.v2_only}[version]
    cpu, start = time.process_time(), time.perf_counter()
    fs = lt.file_storage()
    lt.add_files(fs, path)
    ct = lt.create_torrent(fs, piece_length, flags=flags)
    lt.set_piece_hashes(ct, os.path.dirname(path))
    encoded = lt.bencode(ct.generate())
    wall_ms, cpu_ms = (time.perf_counter() - start) * 1000, (time.process_time() - cpu) * 1000
    info = lt.torrent_info(lt.bdecode(encoded))
    hashes = info.info_hashes()
    ih = str(hashes.v1) if hashes.has_v1() else str(hashes.v2)
    if out:
        with open(out, "wb") as f:
            f.write(encoded)
    print(f"{wall_ms:.1f} {cpu_ms:.1f} {ih}")


if __name__ == "__main__":
    main()
