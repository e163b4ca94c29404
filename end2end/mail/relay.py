"""A relay that demands TLS and a password, as an operator's is (aiosmtpd),
writing what it accepts to a Maildir. For the mail tests.

  relay.py starttls|implicit PORT MAILDIR CERT KEY USER PASSWORD

starttls: plain SMTP that requires STARTTLS before AUTH and MAIL;
implicit: TLS from the first byte (smtps). AUTH PLAIN/LOGIN with USER and
PASSWORD is required either way. Runs until SIGTERM.
"""

import signal
import ssl
import sys

from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Mailbox
from aiosmtpd.smtp import AuthResult, LoginPassword


def main(mode, port, maildir, cert, key, user, password):
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)

    def authenticate(server, session, envelope, mechanism, data):
        ok = (
            isinstance(data, LoginPassword)
            and data.login.decode() == user
            and data.password.decode() == password
        )
        return AuthResult(success=ok, handled=False)

    options = dict(
        handler=Mailbox(maildir),
        hostname="127.0.0.1",
        port=int(port),
        authenticator=authenticate,
        auth_required=True,
    )
    if mode == "implicit":
        options["ssl_context"] = context
        # The whole connection is TLS, which aiosmtpd's AUTH check (made
        # for STARTTLS) does not see.
        options["auth_require_tls"] = False
    else:
        options["tls_context"] = context
        options["require_starttls"] = True
    controller = Controller(**options)
    controller.start()
    signal.sigwait({signal.SIGTERM, signal.SIGINT})
    controller.stop()


if __name__ == "__main__":
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM, signal.SIGINT})
    main(*sys.argv[1:])
