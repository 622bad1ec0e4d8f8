"""An SMTP server for the tests, on loopback, built on aiosmtpd.

    smtp_sink.py serve PORT DIR   accept every message; write each to DIR as N.eml (the raw
                                  message) and N.json (envelope and decoded parts), then print
                                  "ready" once listening
    smtp_sink.py decode FILE      print the decoded parts of an .eml file as JSON

Decoding uses Python's own email package, so the tests check our messages with a MIME
parser that is not the one that wrote them.
"""

import email
import email.policy
import json
import os
import sys


def decode(raw: bytes) -> dict:
    message = email.message_from_bytes(raw, policy=email.policy.default)
    parts = {}
    for part in message.walk():
        if part.get_content_maintype() == "multipart":
            continue
        parts.setdefault(part.get_content_type(), part.get_content())
    return {
        "from": str(message["From"]),
        "to": str(message["To"]),
        "subject": str(message["Subject"]),
        "date": str(message["Date"]),
        "message_id": str(message["Message-ID"]),
        "content_type": message.get_content_type(),
        "text": parts.get("text/plain"),
        "html": parts.get("text/html"),
    }


class Sink:
    def __init__(self, directory: str):
        self.directory = directory
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        raw = envelope.original_content or envelope.content
        if isinstance(raw, str):
            raw = raw.encode()
        record = decode(raw)
        record["envelope_from"] = envelope.mail_from
        record["envelope_to"] = list(envelope.rcpt_tos)
        base = os.path.join(self.directory, f"{self.count:06d}")
        with open(base + ".eml.partial", "wb") as out:
            out.write(raw)
        os.replace(base + ".eml.partial", base + ".eml")
        with open(base + ".json.partial", "w") as out:
            json.dump(record, out)
        os.replace(base + ".json.partial", base + ".json")
        return "250 Message accepted for delivery"


def serve(port: int, directory: str):
    from aiosmtpd.controller import Controller

    controller = Controller(Sink(directory), hostname="127.0.0.1", port=port)
    controller.start()  # returns once the server answers
    print("ready", flush=True)
    try:
        sys.stdin.read()  # until the test closes our stdin (or kills us)
    finally:
        controller.stop()


def main():
    if sys.argv[1:2] == ["serve"] and len(sys.argv) == 4:
        serve(int(sys.argv[2]), sys.argv[3])
    elif sys.argv[1:2] == ["decode"] and len(sys.argv) == 3:
        with open(sys.argv[2], "rb") as source:
            print(json.dumps(decode(source.read())))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
