#!/usr/bin/env python3
"""Builds the decoder fuzzer's seed corpus from real captures (pcap or pcapng, any byte order).

Each seed is one frame prefixed with one byte naming its link type: the index into the table in
decoder_fuzzer.cc (keep both in the same order). Seeds are named by their SHA-1, as libFuzzer does,
so identical frames collapse. From each capture come the first frame of every link-layer shape
(ethertype, address family, IP version) plus at most --per-file frames spread evenly, so a
40k-packet flood does not drown the rarer link types and rare protocols are not sampled away.
Raw-IP frames are also written as the IPv4-only/IPv6-only link types, DLT_NULL frames as DLT_LOOP,
and the IPv6 packets of untagged Ethernet frames as IPv6-only, so every link type has seeds.

usage: make_corpus.py --out DIR [--per-file N] CAPTURE_OR_DIR...
"""
import argparse
import hashlib
import pathlib
import struct
import sys

# LINKTYPE number -> index into decoder_fuzzer.cc's kLinkTypes.
LINK_INDEX = {1: 0, 113: 1, 276: 2, 101: 3, 12: 3, 14: 3, 228: 4, 229: 5, 0: 6, 108: 7}
ETHERNET, SLL, SLL2, RAW, IPV4_ONLY, IPV6_ONLY, NULL, LOOP = range(8)


def seeds(index, frame):
    """Yields (link index, frame) for a frame and for the other link types it also parses as."""
    yield index, frame
    if index == RAW and frame:
        yield (IPV4_ONLY if frame[0] >> 4 == 4 else IPV6_ONLY), frame
    elif index == NULL:
        yield LOOP, frame
    elif index == ETHERNET and frame[12:14] == b"\x86\xdd":
        yield IPV6_ONLY, frame[14:]


def read_pcap(data):
    """Yields (linktype, frame) from a classic pcap file (µs or ns, either byte order)."""
    magic = data[:4]
    if magic in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1"):
        order = "<"
    elif magic in (b"\xa1\xb2\xc3\xd4", b"\xa1\xb2\x3c\x4d"):
        order = ">"
    else:
        raise ValueError("not a pcap file")
    linktype = struct.unpack(order + "I", data[20:24])[0] & 0x0FFFFFFF
    pos = 24
    while pos + 16 <= len(data):
        _, _, caplen, _ = struct.unpack(order + "IIII", data[pos:pos + 16])
        pos += 16
        yield linktype, data[pos:pos + caplen]
        pos += caplen


def read_pcapng(data):
    """Yields (linktype, frame) from a pcapng file: EPB, SPB and obsolete PB blocks."""
    order = "<"
    links = []
    pos = 0
    while pos + 12 <= len(data):
        block_type = struct.unpack(order + "I", data[pos:pos + 4])[0]
        if block_type == 0x0A0D0D0A:  # section header: fixes the byte order, resets interfaces
            order = "<" if data[pos + 8:pos + 12] == b"\x4d\x3c\x2b\x1a" else ">"
            links = []
        length = struct.unpack(order + "I", data[pos + 4:pos + 8])[0]
        if length < 12 or pos + length > len(data):
            break
        body = data[pos + 8:pos + length - 4]
        if block_type == 1:  # interface description
            links.append(struct.unpack(order + "H", body[0:2])[0])
        elif block_type == 6 and len(body) >= 20:  # enhanced packet
            iface, _, _, caplen, _ = struct.unpack(order + "IIIII", body[:20])
            if iface < len(links):
                yield links[iface], body[20:20 + caplen]
        elif block_type == 3 and links:  # simple packet
            orig_len = struct.unpack(order + "I", body[:4])[0]
            yield links[0], body[4:4 + orig_len]
        elif block_type == 2 and len(body) >= 20:  # obsolete packet block
            iface, _, _, _, caplen, _ = struct.unpack(order + "HHIIII", body[:20])
            if iface < len(links):
                yield links[iface], body[20:20 + caplen]
        pos += length


def shape(index, frame):
    """What the link layer says the frame carries: the field the decoder switches on first."""
    field = {ETHERNET: (12, 14), SLL: (14, 16), SLL2: (0, 2), NULL: (0, 4), LOOP: (0, 4)}.get(index)
    if field:
        return index, frame[field[0]:field[1]]
    return index, frame[:1]


def frames(path):
    data = path.read_bytes()
    if data[:4] == b"\x0a\x0d\x0d\x0a":
        return list(read_pcapng(data))
    return list(read_pcap(data))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True, type=pathlib.Path)
    parser.add_argument("--per-file", type=int, default=64)
    parser.add_argument("inputs", nargs="*", type=pathlib.Path)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    captures = []
    for item in args.inputs:
        if item.is_dir():
            captures += sorted(p for p in item.iterdir() if p.suffix in (".pcap", ".pcapng"))
        elif item.exists():
            captures.append(item)
    written = set()
    for capture in captures:
        try:
            all_frames = [(lt, f) for lt, f in frames(capture) if lt in LINK_INDEX]
        except (ValueError, struct.error) as error:
            print(f"{capture}: skipped ({error})", file=sys.stderr)
            continue
        step = max(1, len(all_frames) // max(1, args.per_file))
        chosen = all_frames[::step][:args.per_file]
        seen = set()
        for linktype, frame in all_frames:
            key = shape(LINK_INDEX[linktype], frame)
            if key not in seen:
                seen.add(key)
                chosen.append((linktype, frame))
        for linktype, frame in chosen:
            for index, payload in seeds(LINK_INDEX[linktype], frame):
                seed = bytes([index]) + payload
                name = hashlib.sha1(seed).hexdigest()
                (args.out / name).write_bytes(seed)
                written.add(name)
    print(f"{len(written)} seeds from {len(captures)} captures in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
