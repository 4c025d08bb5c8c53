"""A local SMTP server for the notifier tests: aiosmtpd on 127.0.0.1, an ephemeral port printed on
stdout, every message appended as one JSON line to the file named by the first argument.

Options: --auth USER:PASSWORD requires AUTH (PLAIN and LOGIN) with these credentials;
--plain-auth allows AUTH without TLS; --tls CERT KEY offers STARTTLS with that certificate;
--require-starttls refuses everything but EHLO, STARTTLS and QUIT before TLS;
--mechanisms LOGIN,PLAIN limits the AUTH mechanisms offered."""
import argparse
import json
import socket
import ssl
import time

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

parser = argparse.ArgumentParser()
parser.add_argument("mailbox")
parser.add_argument("--auth")
parser.add_argument("--plain-auth", action="store_true")
parser.add_argument("--tls", nargs=2, metavar=("CERT", "KEY"))
parser.add_argument("--require-starttls", action="store_true")
parser.add_argument("--mechanisms")
arguments = parser.parse_args()


class Sink:
    def __init__(self, path):
        self.path = path

    async def handle_DATA(self, server, session, envelope):
        login = getattr(session, "auth_data", None)
        with open(self.path, "a", encoding="utf-8") as out:
            out.write(json.dumps({
                "from": envelope.mail_from,
                "to": envelope.rcpt_tos,
                "tls": session.ssl is not None,
                "login": login.login.decode() if login is not None and hasattr(login, "login") else None,
                "data": envelope.original_content.decode("utf-8", "replace"),
            }) + "\n")
        return "250 OK"


def authenticator(server, session, envelope, mechanism, auth_data):
    user, _, password = arguments.auth.partition(":")
    ok = auth_data.login.decode() == user and auth_data.password.decode() == password
    # handled=False: aiosmtpd then answers 535 itself (its default, handled=True, answers nothing).
    return AuthResult(success=ok, handled=False, auth_data=auth_data)


options = {}
if arguments.auth:
    options.update(authenticator=authenticator, auth_required=True,
                   auth_require_tls=not arguments.plain_auth)
    if arguments.mechanisms:
        offered = set(arguments.mechanisms.split(","))
        options["auth_exclude_mechanism"] = [m for m in ("LOGIN", "PLAIN") if m not in offered]
if arguments.tls:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(arguments.tls[0], arguments.tls[1])
    options.update(tls_context=context, require_starttls=arguments.require_starttls)

probe = socket.socket()
probe.bind(("127.0.0.1", 0))
port = probe.getsockname()[1]
probe.close()
controller = Controller(Sink(arguments.mailbox), hostname="127.0.0.1", port=port, **options)
controller.start()
print(port, flush=True)
while True:
    time.sleep(3600)
