"""Domain events: what happened, said once by the service that made it happen.

Every app's services emit these; no app listens to another app's model signals. The one
wiring module (`travel/wiring/house.py`) connects every subscriber, so a reader sees
there who reacts to what.

Rules:
- A service calls `emit(event, ...)` *inside* its transaction, once its change is
  written. Subscribers that keep derived rows (the matcher's indexes, notification rows,
  outbox rows) write them in the same transaction, so they commit or roll back with the
  change. Subscribers with slow work queue a task with `delay_on_commit` (or
  `transaction.on_commit`), never do it inline.
- Events carry ids and plain values (what changed), never model instances: a subscriber
  re-reads what it needs and must not assume a request or a signed-in user.
- This module sits below every app (it imports only Django), so anyone may emit.

Each event's keyword arguments are listed beside it; subscribers take `**kwargs` too so
that an event can grow a field without breaking them.
"""

from __future__ import annotations

from typing import Any

from django.dispatch import Signal

# --- members (accounts) -----------------------------------------------------------
# profile_changed(user_id, fields: frozenset[str]): home place, radius, topics, open to
#   meet, discoverable, visibility, name, bio… (fields says which; "topics" for topics)
profile_changed = Signal()
# member_suspended(user_id, actor_id) / member_restored(user_id, actor_id)
member_suspended = Signal()
member_restored = Signal()
# member_deleted(user_id): the account is being erased (sent before the rows go)
member_deleted = Signal()
# block_created(blocker_id, blocked_id) / block_removed(blocker_id, blocked_id)
block_created = Signal()
block_removed = Signal()
# report_resolved(report_id, reporter_id, subject_user_id, outcome: str)
report_resolved = Signal()
# reference_requested(user_id, about_user_id, context: str, context_id)
reference_requested = Signal()
# reference_written(reference_id, author_id, subject_id, revealed: bool)
reference_written = Signal()
# reference_revealed(reference_id, author_id, subject_id)
reference_revealed = Signal()

# --- trips ------------------------------------------------------------------------
# trip_saved(trip_id, owner_id, created: bool, removed_stop_ids: tuple[int, ...]): the
#   trip, its stops and topics written (created, edited by its owner, or hidden by a
#   moderator); removed_stop_ids are the stops this save deleted
trip_saved = Signal()
# trip_deleted(trip_id, owner_id, stop_ids: tuple[int, ...]): the trip and its stops are
#   gone (deleted by the owner, purged after retention, or erased with the account)
trip_deleted = Signal()

# --- hosting ----------------------------------------------------------------------
# offer_changed(offer_id, host_id, created: bool, deleted: bool, bookings: bool): an
#   offer or its availability windows changed (or the offer is gone); bookings=True when
#   only its accepted stays changed (the nights still free, not the offer itself)
offer_changed = Signal()
# spot_changed(spot_id, deleted: bool, lat: float, lon: float)
spot_changed = Signal()
# stay_request_changed(stay_request_id, status, previous_status | None, actor_id | None,
#   traveller_id, host_id): created (previous_status None), invited, accepted, declined,
#   cancelled, expired
stay_request_changed = Signal()

# --- meet-ups and collectives -------------------------------------------------------
# meetup_published(meetup_id, organizer_id): a new meet-up is visible to someone besides
#   its organizers
meetup_published = Signal()
# meetup_changed(meetup_id, change: "updated" | "cancelled" | "hidden" | "deleted",
#   fields: frozenset[str]) ("topics" among fields when its topics changed; "deleted":
#   erased with its organizer's account, the row is gone)
meetup_changed = Signal()
# meetup_invitation_sent(invitation_id, meetup_id, user_id, actor_id, known: bool):
#   known=False for a stranger's invitation (it waits in the app, unannounced, like P7)
meetup_invitation_sent = Signal()
# rsvp_changed(meetup_id, user_id, answer: "yes" | "maybe" | "no", previous | None)
rsvp_changed = Signal()
# meetup_reminder_due(meetup_id)
meetup_reminder_due = Signal()
# collective_join_requested(collective_id, user_id, join_offer_id, kind: "request" |
#   "invitation", actor_id): a member asked to join, or an admin invited one
collective_join_requested = Signal()
# collective_join_answered(collective_id, user_id, accepted: bool, actor_id)
collective_join_answered = Signal()
# collective_changed(collective_id, fields: frozenset[str])
collective_changed = Signal()

# --- messaging --------------------------------------------------------------------
# message_sent(message_id, conversation_id, sender_id, recipient_ids: tuple[int, ...],
#   is_request: bool, held: bool): a stranger's first message is a request (P7)
message_sent = Signal()

# --- matching ---------------------------------------------------------------------
# suggestions_stored(trip_id, owner_id, new_strong_ids: tuple[int, ...],
#   new_host_ids: tuple[int, ...]): the new strong suggestions for the traveller, and
#   the new host matches (each host hears of a traveller who needs what they offer)
suggestions_stored = Signal()


def emit(event: Signal, /, **kwargs: Any) -> None:
    """Tell every subscriber that `event` happened (inside the caller's transaction).

    Not robust on purpose: a failing subscriber fails the change, so a derived row is
    never silently out of step with what it derives from.
    """
    event.send(sender=None, **kwargs)
