#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""dns_server.py ADDRESS NAME=IPV4...: a tiny DNS server for the tests.

Answers A queries for the NAMEs given (fully qualified, no trailing dot)
over UDP on ADDRESS port 53, NXDOMAIN for any other name, an empty answer
for other types of a known name. Run inside a container's network
namespace (nsenter -n), so that only that namespace reaches it. Prints
"ready" once it listens.
"""
import socket
import struct
import sys


def question(packet):
    """The name, type and the end offset of the first question."""
    labels, i = [], 12
    while packet[i] != 0:
        n = packet[i]
        labels.append(packet[i + 1:i + 1 + n].decode("ascii").lower())
        i += 1 + n
    qtype, _ = struct.unpack("!HH", packet[i + 1:i + 5])
    return ".".join(labels), qtype, i + 5


def answer(packet, records):
    qid, flags = struct.unpack("!HH", packet[:4])
    name, qtype, end = question(packet)
    rd = flags & 0x0100
    known = name in records
    rcode = 0 if known else 3
    answers = b""
    count = 0
    if known and qtype == 1:
        # a pointer to the question's name, A, IN, TTL 5, 4 bytes
        answers = struct.pack("!HHHIH", 0xC00C, 1, 1, 5, 4) + socket.inet_aton(records[name])
        count = 1
    header = struct.pack("!HHHHHH", qid, 0x8000 | 0x0400 | rd | 0x0080 | rcode, 1, count, 0, 0)
    return header + packet[12:end] + answers


def main():
    address = sys.argv[1]
    records = dict(arg.lower().split("=", 1) for arg in sys.argv[2:])
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind((address, 53))
    print("ready", flush=True)
    while True:
        packet, peer = sock.recvfrom(512)
        try:
            sock.sendto(answer(packet, records), peer)
        except (IndexError, struct.error, UnicodeDecodeError):
            pass


if __name__ == "__main__":
    main()
