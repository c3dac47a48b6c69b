#!/usr/bin/python3
"""A local HTTP server that records requests, for tests of the incident-system feeds (127.0.0.1 only).

  python3 tests/support/http_sink.py --out DIR --port-file F [--status CODE,CODE,...]

Each request is stored as DIR/<n>.json: {"method", "path", "headers", "body"}. Answers the listed status
codes in order, then the last one again (default 200), with a small JSON body. SIGTERM stops it.
"""
import argparse
import json
import os
import signal
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True)
    parser.add_argument("--port-file", required=True)
    parser.add_argument("--status", default="200")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    statuses = [int(s) for s in args.status.split(",")]
    lock = threading.Lock()
    seen = [0]

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            with lock:
                n = seen[0]
                seen[0] += 1
                status = statuses[min(n, len(statuses) - 1)]
                with open(os.path.join(args.out, "%06d.json" % (n + 1)), "w") as f:
                    json.dump({"method": "POST", "path": self.path, "headers": dict(self.headers.items()),
                               "body": body.decode("utf-8", "replace"), "status": status}, f)
            answer = json.dumps({"status": status, "note": "http sink"}).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, *_):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    tmp = args.port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write("%d\n" % server.server_address[1])
    os.rename(tmp, args.port_file)
    signal.signal(signal.SIGTERM, lambda *_: threading.Thread(target=server.shutdown).start())
    server.serve_forever()


if __name__ == "__main__":
    main()
