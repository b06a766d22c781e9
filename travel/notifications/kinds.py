"""The notification kinds, and the preference each belongs to.

A member sets email and push per *preference kind* (messages, stays, meet-ups…); each
notification kind falls under one. A stranger's first message is its own kind with no
preference at all: in the app only, never by email or push (P7).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

IMMEDIATELY = "immediately"
DAILY = "daily"
NEVER = "never"
EMAIL_CHOICES = [
    (IMMEDIATELY, _("Immediately")),
    (DAILY, _("In the daily digest")),
    (NEVER, _("Never")),
]
CHANNELS = ("email", "push")


@dataclass(frozen=True)
class Preference:
    slug: str
    label: Promise
    help: Promise
    email: str
    push: bool


PREFERENCES: dict[str, Preference] = {
    p.slug: p
    for p in [
        Preference(
            "messages", _("Messages"), _("Someone you know writes to you."), IMMEDIATELY, True
        ),
        Preference(
            "stays",
            _("Stays"),
            _("Stay requests, invitations, acceptances, declines, cancellations."),
            IMMEDIATELY,
            True,
        ),
        Preference(
            "meetups",
            _("Meet-ups"),
            _("Invitations, answers to your meet-ups, changes, reminders."),
            IMMEDIATELY,
            True,
        ),
        Preference(
            "suggestions",
            _("Suggestions"),
            _("New strong matches for your trips and offers."),
            DAILY,
            False,
        ),
        Preference(
            "references",
            _("References"),
            _("A reference to write, a reference revealed."),
            DAILY,
            False,
        ),
        Preference(
            "collectives",
            _("Collectives"),
            _("Requests to join your collective, answers to yours."),
            IMMEDIATELY,
            False,
        ),
        Preference(
            "moderation",
            _("Moderation"),
            _("Outcomes of reports about you or by you."),
            IMMEDIATELY,
            False,
        ),
    ]
}

# Notification kind -> preference kind (None: in the app only, whatever the settings).
KINDS: dict[str, str | None] = {
    "message": "messages",
    "message_request": None,  # P7: a stranger's first message notifies nothing
    "stay_request": "stays",
    "stay_invited": "stays",
    "stay_accepted": "stays",
    "stay_declined": "stays",
    "stay_cancelled": "stays",
    "stay_expired": "stays",
    "meetup_invitation": "meetups",
    "meetup_rsvp": "meetups",
    "meetup_changed": "meetups",
    "meetup_cancelled": "meetups",
    "meetup_reminder": "meetups",
    "suggestion": "suggestions",
    "traveller_near": "suggestions",
    "passing_through": "suggestions",
    "reference_due": "references",
    "reference_revealed": "references",
    "join_request": "collectives",
    "join_answer": "collectives",
    "moderation": "moderation",
}
KIND_CHOICES = [(k, k.replace("_", " ")) for k in KINDS]

# Kinds whose email their own app writes (hosting's stay emails, meet-ups' invitation,
# cancellation and reminder emails, with their richer text): the centre shows them in
# the app and pushes them; their email follows the member's preference through the
# outbox's email policy (services.email_policy): "immediately" lets the app's email
# through, "daily" puts them in the centre's digest instead, "never" sends nothing.
EMAILED_ELSEWHERE = frozenset(
    {
        "stay_request",
        "stay_accepted",
        "stay_declined",
        "stay_cancelled",
        "stay_expired",
        "meetup_invitation",
        "meetup_cancelled",
        "meetup_reminder",
    }
)
