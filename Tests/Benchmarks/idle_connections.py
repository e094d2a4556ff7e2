#!/usr/bin/env python3
"""Hold many idle HTTP/1.1 keep-alive connections open against a server.

Used by http-benchmark.sh to measure the server's memory with N idle keep-alive
connections. Standard library only.

    idle_connections.py HOST PORT [COUNT] [PATH]

Opens COUNT (default 1000) TCP connections, sends one `GET PATH HTTP/1.1` (default
/healthz) with a Host header on each, reads each complete response (Content-Length
framing), and keeps every connection open. It then prints one line on stdout,

    ready open=N ok=N failed=N closed_by_server=N

and waits until a line arrives on stdin (or stdin reaches end of file). Then it checks
how many connections the server closed meanwhile, prints

    closing still_open=N

closes them all and exits 0. It exits 1 (after printing `error ...`) when it cannot
open the connections at all.
"""

import select
import socket
import sys
import time


def read_response(sock, deadline):
    """Reads one response; returns its status code, or raises."""
    data = b""
    while b"\r\n\r\n" not in data:
        if time.monotonic() > deadline:
            raise TimeoutError("timed out waiting for the response head")
        chunk = sock.recv(65536)
        if not chunk:
            raise ConnectionError("closed by the server before the response head")
        data += chunk
    head, _, rest = data.partition(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    status = int(lines[0].split(b" ", 2)[1])
    length = 0
    keep_alive = True
    for line in lines[1:]:
        name, _, value = line.partition(b":")
        name = name.strip().lower()
        if name == b"content-length":
            length = int(value.strip())
        elif name == b"connection" and value.strip().lower() == b"close":
            keep_alive = False
    while len(rest) < length:
        if time.monotonic() > deadline:
            raise TimeoutError("timed out waiting for the response body")
        chunk = sock.recv(65536)
        if not chunk:
            raise ConnectionError("closed by the server in the middle of the body")
        rest += chunk
    return status, keep_alive


def main():
    if len(sys.argv) < 3:
        print("usage: idle_connections.py HOST PORT [COUNT] [PATH]", file=sys.stderr)
        return 2
    host, port = sys.argv[1], int(sys.argv[2])
    count = int(sys.argv[3]) if len(sys.argv) > 3 else 1000
    path = sys.argv[4] if len(sys.argv) > 4 else "/healthz"
    request = f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nUser-Agent: idle-connections\r\n\r\n".encode()

    sockets = []
    failed = 0
    try:
        for _ in range(count):
            s = socket.create_connection((host, port), timeout=10)
            s.sendall(request)
            sockets.append(s)
    except OSError as error:
        print(f"error opening connection {len(sockets) + 1} of {count}: {error}", flush=True)
        for s in sockets:
            s.close()
        return 1

    ok = 0
    closed_by_server = 0
    deadline = time.monotonic() + 30
    for s in sockets:
        try:
            status, keep_alive = read_response(s, deadline)
            if 200 <= status < 300:
                ok += 1
            else:
                failed += 1
            if not keep_alive:
                closed_by_server += 1
        except (OSError, ValueError, IndexError):
            failed += 1
    print(f"ready open={len(sockets)} ok={ok} failed={failed} closed_by_server={closed_by_server}", flush=True)

    sys.stdin.readline()

    # A connection the server closed meanwhile polls readable (end of file) or hung up.
    # poll, not select: descriptors above 1023 are expected here.
    poller = select.poll()
    mask = select.POLLIN | getattr(select, "POLLRDHUP", 0)
    for s in sockets:
        poller.register(s, mask)
    gone = {fd for fd, _ in poller.poll(0)}
    still_open = len(sockets) - len(gone)
    print(f"closing still_open={still_open}", flush=True)
    for s in sockets:
        s.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
