"""Secrets out of logs: calendar-feed tokens and any other token in a path or query.

Private calendar feeds are addressed by a secret in the URL (`/trips/calendar/<token>.ics`):
whoever reads an access log could subscribe to someone's travels. `redact` replaces such
secrets with "[redacted]"; gunicorn's access log (gunicorn.conf.py) and Django's request
logging (the `redact_tokens` filter in settings.LOGGING) both use it. Public ids (UUIDs)
stay: they address objects but grant nothing (P9).

Only the standard library here: gunicorn loads this before Django.
"""

from __future__ import annotations

import logging
import re

MARK = "[redacted]"
# /calendar/<token>.ics (trips, meet-ups, collectives) and any feed token.
_FEED = re.compile(r"(/calendar/)[^/?#\s]+(\.ics)")
# ?token=…, &key=…, secret, code, signature.
_QUERY = re.compile(r"([?&](?:token|key|secret|code|signature|sig)=)[^&#\s]*", re.IGNORECASE)
# Any other long random-looking path segment (20+ URL-safe characters, mixing letters and
# digits, not a UUID): a token a future route may carry.
_SEGMENT = re.compile(
    r"(?<=/)(?=[A-Za-z0-9_-]*\d)(?=[A-Za-z0-9_-]*[A-Za-z])[A-Za-z0-9_-]{20,}(?=[/?#.\s]|$)"
)
_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")


def redact(text: str) -> str:
    """`text` (a path, a request line, a log message) without secrets in URLs."""
    text = _FEED.sub(rf"\1{MARK}\2", text)
    text = _QUERY.sub(rf"\1{MARK}", text)
    return _SEGMENT.sub(lambda m: m.group(0) if _UUID.fullmatch(m.group(0)) else MARK, text)


class RedactTokens(logging.Filter):
    """A logging filter: the formatted message, redacted (args folded in)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, ()
        return True
