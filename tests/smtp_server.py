"""A real SMTP server on loopback (aiosmtpd) that records what arrives, can refuse a recipient, and can be down."""
import socket
import threading
from email import message_from_bytes, policy

from aiosmtpd.controller import Controller


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Recorder:
    """aiosmtpd handler: every accepted message, parsed (headers decoded), in arrival order."""

    def __init__(self):
        self.messages = []
        self.refused = set()
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refused:
            return "550 5.1.1 No such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 Message accepted for delivery"


class SmtpServer:
    """start()/stop() a server on a fixed loopback port, so a board configured for it sees it go down and up."""

    def __init__(self):
        self.port = free_port()
        self.recorder = Recorder()
        self.controller = None

    @property
    def messages(self):
        return self.recorder.messages

    def start(self):
        self.controller = Controller(self.recorder, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    def settings(self):
        return {"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": self.port, "MAIL_USE_TLS": False, "MAIL_TIMEOUT": 5}


def text_of(message):
    return message.get_body(preferencelist=("plain",)).get_content()


def html_of(message):
    part = message.get_body(preferencelist=("html",))
    return part.get_content() if part is not None else None
