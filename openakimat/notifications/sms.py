"""Sending SMS: one small interface, a backend that writes to the log (development) and one that
posts to an HTTP gateway (production). Other gateways are a class away: subclass `SmsBackend` and
point `SMS_BACKEND` at it by its dotted path."""

import json
import logging
import re
import urllib.error
import urllib.request

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger("openakimat.sms")


class SmsError(Exception):
    """The message was not accepted; it will be retried. The text must not contain the number."""


def mask_phone(phone: str) -> str:
    """+77011234567 → +7701*****67: enough to tell messages apart in a log, not to call anyone."""
    if len(phone) < 8:
        return "*" * len(phone)
    return phone[:5] + "*" * (len(phone) - 7) + phone[-2:]


# What a secret in a message looks like: a run of 10 or more capital Latin letters and digits (a
# tracking code is 13 of them; phone numbers and IINs are long digit runs). Case numbers
# ("AKZ-2026-000042") and ordinary words stay readable.
_CODE_LIKE = re.compile(r"(?<![0-9A-Za-z])[0-9A-Z]{10,}(?![0-9A-Za-z])")
MASK = "•••"


# A one-time code: six digits standing alone (not part of a date, a time or a case number).
_ONE_TIME_CODE = re.compile(r"(?<![0-9A-Za-z.:/-])[0-9]{6}(?![0-9A-Za-z.:/-])")


def mask_codes(text: str) -> str:
    """The text with every code-like run (and one-time code) replaced by •••: what a log may show
    of a message."""
    return _ONE_TIME_CODE.sub(MASK, _CODE_LIKE.sub(MASK, text))


class SmsBackend:
    def send(self, phone: str, text: str) -> None:
        """Deliver `text` to `phone` (E.164) or raise SmsError."""
        raise NotImplementedError

    def send_once(self, phone: str, text: str, *, key: str) -> None:
        """Deliver one message of the outbox. `key` is the same on every attempt at the same
        message, so a gateway that de-duplicates by it sends a retried message only once (a worker
        killed after the gateway took the message but before the outbox row said so retries it).
        Backends whose gateway takes such a key override this; the default is `send`."""
        self.send(phone, text)


class LoggingSmsBackend(SmsBackend):
    """Development: the message goes to the log, with the number and any tracking code masked (a
    case number and its code are enough to withdraw the application). Production refuses this
    backend (deploy check openakimat.E002)."""

    def send(self, phone: str, text: str) -> None:
        logger.info("SMS to %s: %s", mask_phone(phone), mask_codes(text))


class HttpSmsBackend(SmsBackend):
    """POST {"to", "text", "sender"} as JSON to SMS_GATEWAY_URL with a bearer token and, for a
    message of the outbox, an `Idempotency-Key` header that is the same on every retry of it. Any
    2xx answer is delivery; anything else, or no answer within SMS_GATEWAY_TIMEOUT seconds, is an
    SmsError."""

    def __init__(self, url: str | None = None, token: str | None = None, timeout: float | None = None) -> None:
        self.url = url if url is not None else settings.SMS_GATEWAY_URL
        self.token = token if token is not None else settings.SMS_GATEWAY_TOKEN
        self.timeout = timeout if timeout is not None else settings.SMS_GATEWAY_TIMEOUT
        if not self.url.startswith(("https://", "http://")):
            raise SmsError("SMS_GATEWAY_URL must be an http(s) address")

    def send(self, phone: str, text: str) -> None:
        self._post(phone, text, key="")

    def send_once(self, phone: str, text: str, *, key: str) -> None:
        self._post(phone, text, key=key)

    def _post(self, phone: str, text: str, *, key: str) -> None:
        body = json.dumps({"to": phone, "text": text, "sender": settings.SMS_SENDER}).encode()
        request = urllib.request.Request(self.url, data=body, method="POST")  # noqa: S310 - scheme checked
        request.add_header("Content-Type", "application/json; charset=utf-8")
        if self.token:
            request.add_header("Authorization", f"Bearer {self.token}")
        if key:
            request.add_header("Idempotency-Key", key)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310 - configured URL
                if not 200 <= response.status < 300:
                    raise SmsError(f"gateway answered {response.status}")
        except urllib.error.HTTPError as exc:
            raise SmsError(f"gateway answered {exc.code}") from None
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            raise SmsError(f"gateway unreachable ({type(exc).__name__})") from None


BACKENDS = {"log": LoggingSmsBackend, "http": HttpSmsBackend}


def get_backend() -> SmsBackend:
    name = settings.SMS_BACKEND
    cls = BACKENDS.get(name) or import_string(name)
    return cls()
