"""A tiny pcap writer for hand-made traffic in integration tests: Ethernet/IPv4 frames with TCP or UDP."""
import random
import socket
import struct


def _checksum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    s = (s >> 16) + (s & 0xFFFF)
    s += s >> 16
    return ~s & 0xFFFF


class PcapBuilder:
    """Collects frames (timestamp in seconds, bytes) and writes a microsecond pcap sorted by time."""

    FIN, SYN, RST, PSH, ACK = 0x01, 0x02, 0x04, 0x08, 0x10

    def __init__(self, start=1735689600.0):
        self.start = start
        self.frames = []
        self.ip_id = 1

    def _ip(self, src, dst, proto, payload):
        self.ip_id = (self.ip_id + 1) & 0xFFFF
        header = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(payload), self.ip_id, 0, 64, proto, 0,
                             socket.inet_aton(src), socket.inet_aton(dst))
        header = header[:10] + struct.pack("!H", _checksum(header)) + header[12:]
        return b"\x02\0\0\0\0\x01\x02\0\0\0\0\x02\x08\x00" + header + payload

    def udp(self, t, src, sport, dst, dport, size):
        payload = bytes(random.getrandbits(8) for _ in range(size))
        self.frames.append((t, self._ip(src, dst, 17, struct.pack("!HHHH", sport, dport, 8 + size, 0) + payload)))

    def tcp(self, t, src, sport, dst, dport, flags, seq=1, ack=0, payload=b""):
        header = struct.pack("!HHIIBBHHH", sport, dport, seq, ack, 5 << 4, flags, 65535, 0, 0)
        self.frames.append((t, self._ip(src, dst, 6, header + payload)))

    def connection(self, t, client, cport, server, sport, rounds=2, size=300):
        """A complete TCP connection: handshake, request/response rounds, FIN teardown; returns the end time."""
        c, s = random.randrange(1 << 30), random.randrange(1 << 30)
        self.tcp(t, client, cport, server, sport, self.SYN, c)
        self.tcp(t + 0.010, server, sport, client, cport, self.SYN | self.ACK, s, c + 1)
        self.tcp(t + 0.020, client, cport, server, sport, self.ACK, c + 1, s + 1)
        t += 0.030
        for _ in range(rounds):
            self.tcp(t, client, cport, server, sport, self.PSH | self.ACK, c + 1, s + 1, b"q" * 120)
            self.tcp(t + 0.015, server, sport, client, cport, self.PSH | self.ACK, s + 1, c + 121, b"r" * size)
            t += 0.030
        self.tcp(t, client, cport, server, sport, self.FIN | self.ACK, c + 1, s + 1)
        self.tcp(t + 0.010, server, sport, client, cport, self.FIN | self.ACK, s + 1, c + 2)
        self.tcp(t + 0.020, client, cport, server, sport, self.ACK, c + 2, s + 2)
        return t + 0.020

    def write(self, path):
        with open(path, "wb") as f:
            f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
            for t, frame in sorted(self.frames, key=lambda x: x[0]):
                ts = self.start + t
                sec = int(ts)
                usec = int(round((ts - sec) * 1e6))
                if usec >= 1000000:
                    sec, usec = sec + 1, usec - 1000000
                f.write(struct.pack("<IIII", sec, usec, len(frame), len(frame)) + frame)
