"""How the house is tied together: every cross-app subscription and registry, in one file.

Read it top to bottom. Each section names a feature and lists what it listens to
(domain events from `travel.events`) and what it registers (exporters and erasers,
suggestion kinds and resolvers, dashboard panels, demo loaders, moderation targets,
beat schedules). A new cross-app feature is a new app plus one section here; the apps it
listens to are not edited.
"""

from __future__ import annotations

_connected = False


def connect() -> None:
    """Connect everything once (AppConfig.ready may run twice under some runners)."""
    global _connected
    if _connected:
        return
    _connected = True
    _matcher()
    _notifications()
    _federation()
    _trip_plan()
    _on_the_road()


# --- the matcher: indexes, suggestions, digests -------------------------------------
def _matcher() -> None:
    pass


# --- notifications: in-app, email, Web Push ------------------------------------------
def _notifications() -> None:
    """Listens to nearly every event and tells the people concerned: in the app, by
    email (batched, or in the daily digest) and by Web Push, per their preferences.
    Registers the outbox's push channel and the members' data (export, erasure)."""
    from accounts import registry
    from travel import events
    from travel.notifications import data_rights, receivers
    from travel.notifications.push import send_push
    from travel.outbox.services import register_channel

    for event, receiver in [
        (events.message_sent, receivers.on_message_sent),
        (events.stay_request_changed, receivers.on_stay_request_changed),
        (events.meetup_invitation_sent, receivers.on_meetup_invitation_sent),
        (events.rsvp_changed, receivers.on_rsvp_changed),
        (events.meetup_changed, receivers.on_meetup_changed),
        (events.meetup_reminder_due, receivers.on_meetup_reminder_due),
        (events.suggestions_stored, receivers.on_suggestions_stored),
        (events.reference_requested, receivers.on_reference_requested),
        (events.reference_written, receivers.on_reference_written),
        (events.reference_revealed, receivers.on_reference_revealed),
        (events.collective_join_requested, receivers.on_collective_join_requested),
        (events.collective_join_answered, receivers.on_collective_join_answered),
        (events.report_resolved, receivers.on_report_resolved),
    ]:
        event.connect(receiver, dispatch_uid=f"notifications.{receiver.__name__}", weak=False)
    register_channel("push", send_push)
    registry.register("notifications", export=data_rights.export, erase=data_rights.erase, order=90)


# --- federation: ActivityPub actors, inbox, outbox -----------------------------------
def _federation() -> None:
    pass


# --- the trip as a plan: stays, invitations, references ------------------------------
def _trip_plan() -> None:
    pass


# --- on the road: offline sheet, installable app -------------------------------------
def _on_the_road() -> None:
    pass
