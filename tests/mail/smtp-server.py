#!/usr/bin/python3
# A real SMTP server on loopback for the mail tests (Debian's aiosmtpd).
#
# Usage: smtp-server.py FOLDER [PORT [HOST]]
# Prints the port it listens on (a free one) as the first line, writes each
# message it accepts to FOLDER/NNN.eml (the envelope in FOLDER/NNN.env), and
# stops when its standard input closes. Faults by recipient:
#   refused@...  -> 550 for RCPT TO
#   drop@...     -> the connection is closed in the middle of DATA
import asyncio
import os
import socket
import sys

from aiosmtpd.controller import Controller


class Handler:
    def __init__(self, folder):
        self.folder = folder
        self.count = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.startswith('refused@'):
            return '550 5.1.1 No such user here'
        envelope.rcpt_tos.append(address)
        return '250 OK'

    async def handle_DATA(self, server, session, envelope):
        if any(a.startswith('drop@') for a in envelope.rcpt_tos):
            server.transport.abort()
            return '421 closing'
        self.count += 1
        base = os.path.join(self.folder, '%03d' % self.count)
        with open(base + '.tmp', 'wb') as f:
            f.write(envelope.original_content)
        with open(base + '.env', 'w') as f:
            f.write(envelope.mail_from + '\n' + '\n'.join(envelope.rcpt_tos) + '\n')
        os.rename(base + '.tmp', base + '.eml')
        return '250 Message accepted for delivery'


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def main():
    folder = sys.argv[1]
    port = int(sys.argv[2]) if len(sys.argv) > 2 and sys.argv[2] != '0' else free_port()
    host = sys.argv[3] if len(sys.argv) > 3 else '127.0.0.1'
    controller = Controller(Handler(folder), hostname=host, port=port,
                            decode_data=False, enable_SMTPUTF8=True)
    controller.start()
    print(port, flush=True)
    sys.stdin.read()
    controller.stop()


if __name__ == '__main__':
    main()
