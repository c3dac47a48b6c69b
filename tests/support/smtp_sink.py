#!/usr/bin/python3
"""A local SMTP server for tests and the quickstart (aiosmtpd, on 127.0.0.1 only).

  /usr/bin/python3 tests/support/smtp_sink.py --maildir DIR --port-file F [--port N]
      [--reject-rcpt ADDR:CODE ...] [--tls-cert CERT --tls-key KEY]

Each accepted message is stored as DIR/new/<n>.eml: X-MailFrom and X-RcptTo header lines, then the message
exactly as received. A recipient listed with --reject-rcpt is answered with CODE (550: permanent, 451:
temporary). With a certificate it offers STARTTLS. The bound port is written to --port-file once the server
listens; SIGTERM stops it. Must run under Debian's /usr/bin/python3 (aiosmtpd is a Debian package).
"""
import argparse
import os
import signal
import ssl
import threading

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP


class Sink:
    def __init__(self, maildir, rejects):
        self.dir = os.path.join(maildir, "new")
        os.makedirs(self.dir, exist_ok=True)
        self.rejects = rejects
        self.count = len(os.listdir(self.dir))
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        code = self.rejects.get(address.lower())
        if code:
            return "%d %s mailbox unavailable (test sink)" % (code, "5.1.1" if code >= 500 else "4.2.0")
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.count += 1
            name = os.path.join(self.dir, "%06d.eml" % self.count)
        head = "X-MailFrom: %s\r\nX-RcptTo: %s\r\n" % (envelope.mail_from, ", ".join(envelope.rcpt_tos))
        tmp = name + ".tmp"
        with open(tmp, "wb") as f:
            f.write(head.encode() + envelope.original_content)
        os.rename(tmp, name)  # readers never see half a message
        return "250 Message accepted for delivery"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--maildir", required=True)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--port-file", required=True)
    parser.add_argument("--reject-rcpt", action="append", default=[], metavar="ADDR:CODE")
    parser.add_argument("--tls-cert")
    parser.add_argument("--tls-key")
    args = parser.parse_args()
    rejects = {}
    for spec in args.reject_rcpt:
        address, code = spec.rsplit(":", 1)
        rejects[address.lower()] = int(code)
    handler = Sink(args.maildir, rejects)
    tls = None
    if args.tls_cert:
        tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        tls.load_cert_chain(args.tls_cert, args.tls_key)

    class Factory(Controller):
        def factory(self):
            return SMTP(self.handler, tls_context=tls, require_starttls=False, decode_data=False,
                        hostname="smtp-sink.test")

    port = args.port
    if port == 0:
        import socket
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
    controller = Factory(handler, hostname="127.0.0.1", port=port)
    controller.start()
    tmp = args.port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write("%d\n" % port)
    os.rename(tmp, args.port_file)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    stop.wait()
    controller.stop()


if __name__ == "__main__":
    main()
