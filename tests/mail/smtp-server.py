#!/usr/bin/python3
# A real SMTP server on loopback for the mail tests (Debian's aiosmtpd).
#
# Usage: smtp-server.py FOLDER [PORT [HOST [USER:PASSWORD]]]
# Prints the port it listens on (a free one) as the first line, writes each
# message it accepts to FOLDER/NNN.eml (the envelope in FOLDER/NNN.env), and
# stops when its standard input closes. With USER:PASSWORD it offers AUTH
# (without TLS, loopback only) and requires that login. Faults by recipient:
#   refused@...  -> 550 for RCPT TO
#   drop@...     -> the connection is closed in the middle of DATA
#   reject@...   -> 554 at the end of DATA (the server refuses the message)
#   slow@...     -> no answer to DATA for 30 s (past the client's timeout)
import asyncio
import os
import socket
import sys

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


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
        if any(a.startswith('reject@') for a in envelope.rcpt_tos):
            return '554 5.7.1 Message rejected as spam'
        if any(a.startswith('slow@') for a in envelope.rcpt_tos):
            await asyncio.sleep(30)
            return '451 4.3.0 Too late'
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


def authenticator_for(login):
    user, _, password = login.partition(':')

    def authenticate(server, session, envelope, mechanism, auth_data):
        ok = (isinstance(auth_data, LoginPassword)
              and auth_data.login == user.encode()
              and auth_data.password == password.encode())
        return AuthResult(success=ok, handled=False)

    return authenticate


def main():
    folder = sys.argv[1]
    port = int(sys.argv[2]) if len(sys.argv) > 2 and sys.argv[2] != '0' else free_port()
    host = sys.argv[3] if len(sys.argv) > 3 else '127.0.0.1'
    login = sys.argv[4] if len(sys.argv) > 4 else ''
    auth = {}
    if login:
        auth = dict(authenticator=authenticator_for(login), auth_required=True,
                    auth_require_tls=False)
    controller = Controller(Handler(folder), hostname=host, port=port,
                            decode_data=False, enable_SMTPUTF8=True, **auth)
    controller.start()
    print(port, flush=True)
    sys.stdin.read()
    controller.stop()


if __name__ == '__main__':
    main()
