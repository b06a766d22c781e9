"""The flood guard (P7): quotas on new conversations, and near-duplicate detection.

Spam arrives as one text sent to many people, disguised a little each time: changed
case and spacing, zero-width characters, Cyrillic or Greek letters that look Latin, a
swapped word. `normalise` undoes the disguises; `fingerprint` is a MinHash over
character shingles of the result, so two disguised copies still look alike while two
genuinely different messages do not.

`judge` is the one entry point: it decides whether a message is held and says why,
judging similarity together with context (a traveller's stay question to the hosts of
their trip is expected; a template to strangers is not).
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

import numpy as np
from datasketch import MinHash
from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext as _

log = logging.getLogger(__name__)

NUM_PERM = 128
SHINGLE = 5
# Estimated Jaccard similarity of shingle sets from which two messages are "the same".
NEAR_DUPLICATE = 0.6
# Held from the third person on: a genuine traveller may paste one greeting to two hosts.
HOLD_FROM_RECIPIENTS = 3
LOOKBACK = timedelta(days=7)
LOOKBACK_MESSAGES = 300
# Short pleasantries without a link ("Welcome to Berlin!") are not compared: they are
# common, harmless, and too short for shingles to tell people apart.
SHORT = 24
_LINKISH = re.compile(r"https?|www|\.[a-z]{2,}\b|@\w")

# Letters that render like Latin ones (after case folding): Cyrillic, Greek, and a few
# others seen in spam. Mapped to the Latin letter they imitate.
HOMOGLYPHS = str.maketrans(
    {
        # Cyrillic
        "а": "a", "в": "b", "г": "r", "д": "d", "е": "e", "ё": "e", "з": "3", "и": "u",
        "і": "i", "ї": "i", "ј": "j", "к": "k", "л": "n", "м": "m", "н": "h", "о": "o",
        "п": "n", "р": "p", "с": "c", "т": "t", "у": "y", "х": "x", "ѕ": "s", "ԁ": "d",
        "ԛ": "q", "ԝ": "w", "ӏ": "l", "ь": "b", "ѡ": "w", "һ": "h", "ү": "y",
        # Greek
        "α": "a", "β": "b", "γ": "y", "δ": "d", "ε": "e", "ζ": "z", "η": "n", "θ": "o",
        "ι": "i", "κ": "k", "λ": "l", "μ": "u", "ν": "v", "ξ": "e", "ο": "o", "π": "n",
        "ρ": "p", "σ": "o", "ς": "c", "τ": "t", "υ": "u", "φ": "o", "χ": "x", "ω": "w",
        # Latin look-alikes and symbols
        "ı": "i", "ȷ": "j", "ɡ": "g", "ɑ": "a", "ʀ": "r", "ᴦ": "r", "ℓ": "l", "0": "o",
        "$": "s", "€": "e",
    }
)  # fmt: skip
_NOT_WORD = re.compile(r"[\W_]+", re.UNICODE)


def normalise(text: str) -> str:
    """The text with disguises removed: compare two messages by this, never show it."""
    text = unicodedata.normalize("NFKC", text).casefold()
    # Format characters: zero-width spaces and joiners, BOM, soft hyphen, bidi marks.
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
    # Accents off (é → e), then look-alike letters to Latin.
    text = "".join(
        ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch)
    )
    text = text.translate(HOMOGLYPHS)
    return _NOT_WORD.sub(" ", text).strip()


def shingles(normalised: str) -> set[bytes]:
    if len(normalised) <= SHINGLE:
        return {normalised.encode()}
    return {normalised[i : i + SHINGLE].encode() for i in range(len(normalised) - SHINGLE + 1)}


def fingerprint(text: str) -> bytes:
    sketch = MinHash(num_perm=NUM_PERM)
    sketch.update_batch(list(shingles(normalise(text))))
    return sketch.hashvalues.astype("<u8").tobytes()


def similarity(a: bytes, b: bytes) -> float:
    """Estimated Jaccard similarity of the two messages' shingle sets."""
    left = np.frombuffer(a, dtype="<u8")
    right = np.frombuffer(b, dtype="<u8")
    if left.shape != right.shape:
        return 0.0
    return float(np.count_nonzero(left == right)) / float(len(left))


def is_comparable(text: str) -> bool:
    """Whether a message is long or link-bearing enough for the duplicate check."""
    normalised = normalise(text)
    return len(normalised) >= SHORT or bool(_LINKISH.search(text.casefold()))


def near_duplicate_recipients(*, sender_id: int, recipient_id: int, signature: bytes) -> set[int]:
    """Other people the sender recently sent (nearly) this text to."""
    from travel.messaging.models import Message

    since = timezone.now() - LOOKBACK
    recent = (
        Message.objects.filter(sender_id=sender_id, created__gte=since, fingerprint__isnull=False)
        .exclude(recipient_id=recipient_id)
        .exclude(recipient__isnull=True)
        .order_by("-created")
        .values_list("recipient_id", "fingerprint")[:LOOKBACK_MESSAGES]
    )
    return {
        other
        for other, print_ in recent
        if other not in (None, recipient_id)
        and similarity(bytes(print_ or b""), signature) >= NEAR_DUPLICATE
    }


# --- The verdict on one first message ---------------------------------------------------

# Why a message was expected, from the apps that know (hosting: "a stay question about
# their offer near your stop in Oslo"). Filled by travel/wiring/house.py; each resolver
# takes (sender_id, recipient_id) and returns a reason or None.
ContextResolver = Callable[[int, int], "str | None"]
_context_resolvers: list[ContextResolver] = []


def register_context(resolver: ContextResolver) -> None:
    if resolver not in _context_resolvers:
        _context_resolvers.append(resolver)


def context_for(*, sender_id: int, recipient_id: int) -> str | None:
    """Why `sender` writing to `recipient` is expected, or None (no shared context)."""
    for resolver in _context_resolvers:
        reason = resolver(sender_id, recipient_id)
        if reason:
            return reason
    return None


@dataclass(frozen=True)
class Verdict:
    """What the flood guard decided about one message."""

    hold: bool
    # For the sender ("waiting for a moderator: …") and the moderator; "" if delivered.
    reason: str
    # Store it on the message (Message.fingerprint): later messages are compared with it.
    fingerprint: bytes


def judge(
    *,
    sender_id: int,
    recipient_id: int,
    body: str,
    connected: bool = False,
    flagged: bool = False,
    context: str | None = None,
) -> Verdict:
    """The flood guard's verdict on a message from `sender_id` to `recipient_id` (P7).

    One function for every way a first message arrives (the pages, the API, and
    federation's remote Notes, which pass the local stand-in's id as `sender_id`):

    - `connected`: the two are connections (a stay, a meet-up, a replied conversation):
      never held.
    - `flagged`: the sender was caught sending copies and no moderator has cleared them
      yet: every message to a non-connection is held.
    - `context`: why this message is expected (a subject such as their stay request, or
      None to ask the registered resolvers). A traveller's stay question written to
      each host of their trip is similar by nature, not a bot: it is not compared.
    - Otherwise the text is compared with what the sender wrote to other people in the
      last LOOKBACK: the same text (disguises undone) to HOLD_FROM_RECIPIENTS people or
      more is held, so a bot's template reaches at most two.

    Reads only; the caller stores the message with `held`, `held_reason` and
    `fingerprint` from the verdict, and counts it against the quota either way.
    """
    signature = fingerprint(body)
    if connected:
        return Verdict(False, "", signature)
    if flagged:
        return Verdict(
            True,
            str(
                _(
                    "Some of your earlier messages were held as near-copies; until a "
                    "moderator has looked at them, new conversations wait for one too."
                )
            ),
            signature,
        )
    if context is None:
        context = context_for(sender_id=sender_id, recipient_id=recipient_id)
    if context or not is_comparable(body):
        return Verdict(False, "", signature)
    others = near_duplicate_recipients(
        sender_id=sender_id, recipient_id=recipient_id, signature=signature
    )
    if len(others) + 1 >= HOLD_FROM_RECIPIENTS:
        return Verdict(
            True,
            str(
                _(
                    "You sent nearly the same text to %(n)d people you have no connection "
                    "or shared plans with. A moderator will look at it soon."
                )
                % {"n": len(others) + 1}
            ),
            signature,
        )
    return Verdict(False, "", signature)


# --- Quotas on new conversations -------------------------------------------------------

DEFAULT_QUOTAS = {
    # (per hour, per day)
    "established": (10, 40),
    "new": (3, 8),
}
NEW_ACCOUNT_DAYS = 30


def quota_for(user: object) -> tuple[str, tuple[int, int]]:
    from allauth.account.models import EmailAddress

    quotas = {**DEFAULT_QUOTAS, **getattr(settings, "MESSAGING_NEW_CONVERSATION_QUOTAS", {})}
    joined = getattr(user, "date_joined", None)
    young = joined is None or timezone.now() - joined < timedelta(days=NEW_ACCOUNT_DAYS)
    verified = EmailAddress.objects.filter(user=user, verified=True).exists()
    tier = "new" if young or not verified else "established"
    return tier, quotas[tier]


def _keys(user_id: int) -> tuple[tuple[str, int], tuple[str, int]]:
    now = timezone.now()
    hour = now.strftime("%Y%m%d%H")
    day = now.strftime("%Y%m%d")
    return (f"flood:conv:h:{user_id}:{hour}", 3600 + 60), (
        f"flood:conv:d:{user_id}:{day}",
        86400 + 60,
    )


def quota_exhausted(user: object) -> bool:
    """True when `user` may start no new conversation now. Fails open: when the cache
    is away, a warning is logged and the message goes through (never an error page)."""
    _tier, (per_hour, per_day) = quota_for(user)
    (hour_key, _), (day_key, _) = _keys(user.pk)  # type: ignore[attr-defined]
    try:
        counts = cache.get_many([hour_key, day_key])
    except Exception:  # the cache backend's own errors differ (redis, memcached…)
        log.warning("flood guard: cache unavailable, new-conversation quota not enforced")
        return False
    return counts.get(hour_key, 0) >= per_hour or counts.get(day_key, 0) >= per_day


def quota_consume(user: object) -> None:
    for key, timeout in _keys(user.pk):  # type: ignore[attr-defined]
        try:
            if not cache.add(key, 1, timeout):
                cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout)
        except Exception:
            log.warning("flood guard: cache unavailable, new conversation not counted")
            return
