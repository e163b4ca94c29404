"""The browser tests' mail program (Python's standard library only).

  tool.py send PORT TO FROM SUBJECT BODY MESSAGE_ID [IN_REPLY_TO [FILE...]]
      sends one mail to Parley's SMTP listener on 127.0.0.1:PORT, with the
      FILEs attached (their type guessed from the name); exits 2 when a
      recipient is refused (printing the server's answer).
  tool.py read FILE
      prints a received mail as JSON: its headers and its text part.
"""

import email
import email.policy
import json
import mimetypes
import os
import smtplib
import sys
from email.message import EmailMessage


def send(port, to, sender, subject, body, message_id, in_reply_to="", *files):
    m = EmailMessage()
    m["From"] = sender
    m["To"] = to
    m["Subject"] = subject
    m["Message-ID"] = message_id
    if in_reply_to:
        m["In-Reply-To"] = in_reply_to
        m["References"] = in_reply_to
    m.set_content(body)
    for path in files:
        kind = (mimetypes.guess_type(path)[0] or "application/octet-stream").split("/")
        with open(path, "rb") as f:
            m.add_attachment(f.read(), maintype=kind[0], subtype=kind[1], filename=os.path.basename(path))
    try:
        with smtplib.SMTP("127.0.0.1", int(port), timeout=30) as s:
            s.send_message(m)
    except smtplib.SMTPRecipientsRefused as e:
        print(json.dumps({addr: [code, msg.decode()] for addr, (code, msg) in e.recipients.items()}))
        sys.exit(2)


def read(path):
    with open(path, "rb") as f:
        m = email.message_from_binary_file(f, policy=email.policy.default)
    text = m.get_body(("plain",))
    html = m.get_body(("html",))
    print(json.dumps({
        "headers": {k.lower(): str(v) for k, v in m.items()},
        "text": text.get_content() if text else "",
        "html": html.get_content() if html else "",
    }))


if __name__ == "__main__":
    if sys.argv[1] == "send":
        send(*sys.argv[2:])
    elif sys.argv[1] == "read":
        read(sys.argv[2])
    else:
        sys.exit(f"unknown command {sys.argv[1]}")
