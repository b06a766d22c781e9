"""How the house is tied together: every cross-app subscription and registry, in one file.

Read it top to bottom. Each section names a feature and lists what it listens to
(domain events from `travel.events`) and what it registers (exporters and erasers,
suggestion kinds and resolvers, dashboard panels, demo loaders, moderation targets,
beat schedules). A new cross-app feature is a new app plus one section here; the apps it
listens to are not edited.

Rules for a section:
- connect with `event.connect(handler, dispatch_uid="<feature>.<what>")` (the uid makes
  a second `connect()` harmless); handlers take the event's keyword arguments and
  `**kwargs`, and live in the feature's own app;
- a handler that keeps derived rows writes them in the sender's transaction; slow work
  goes to a task queued with `delay_on_commit`;
- import inside the section function: this module is imported from
  `WiringConfig.ready()`, when every app's models are loaded.

Registries are filled in the order of INSTALLED_APPS (accounts, collectives, trips,
hosting, meetups, messaging, matching, then the outbox eraser last), which is the order
export sections, dashboard panels and profile sections had before they moved here.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from celery.schedules import crontab

# --- the one beat schedule ------------------------------------------------------------
# Every periodic task of every app (travel/celery.py loads this table into beat).
BEAT_SCHEDULE: dict[str, dict[str, Any]] = {
    # outbox: deliver what a lost broker message or a failed send left behind.
    "outbox-requeue-stuck": {
        "task": "travel.outbox.tasks.requeue_stuck",
        "schedule": timedelta(minutes=1),
    },
    # topics: how common each topic is (the matcher weighs rare topics higher).
    "refresh-topic-weights": {
        "task": "travel.topics.tasks.refresh_topic_weights",
        "schedule": crontab(minute=17, hour="*/6"),
    },
    # trips: delete trips past the retention period (P8).
    "purge-past-trips": {
        "task": "travel.trips.tasks.purge_past_trips",
        "schedule": crontab(minute=41, hour=3),
    },
    # hosting: hourly, so a request expires within the hour its arrival date begins.
    "expire-stay-requests": {
        "task": "travel.hosting.tasks.expire_stay_requests",
        "schedule": crontab(minute=7),
    },
    # hosting: the morning after a stay's last night, both sides asked for a reference.
    "ask-stay-references": {
        "task": "travel.hosting.tasks.ask_stay_references",
        "schedule": crontab(minute=37, hour="*/3"),
    },
    # meet-ups: reminders a day before; attendees become connections after.
    "meetup-reminders": {
        "task": "travel.meetups.tasks.queue_due_reminders",
        "schedule": crontab(minute="*/10"),
    },
    "meetup-connections": {
        "task": "travel.meetups.tasks.connect_meetup_attendees",
        "schedule": crontab(minute=41),
    },
    # messaging: references published when due.
    "publish-due-references": {
        "task": "travel.messaging.tasks.publish_due_references",
        "schedule": crontab(minute=23),
    },
    # federation: deliveries whose backoff is over or whose worker died.
    "federation-requeue-due": {
        "task": "travel.federation.tasks.requeue_due",
        "schedule": timedelta(minutes=1),
    },
    # matcher: collectives hear on Monday mornings who passes through their area.
    "matching-collective-digests": {
        "task": "travel.matching.tasks.send_collective_digests",
        "schedule": crontab(minute=30, hour=7, day_of_week="mon"),
    },
    # notifications: "immediately" emails (messages, stays…) are due a few seconds after
    # the fact and batched per member (ten minutes apart at most once); the daily digest
    # in the morning (at most one a day per member, a DigestSent row).
    "notifications-send-due-emails": {
        "task": "travel.notifications.tasks.send_due_emails",
        "schedule": timedelta(seconds=10),
    },
    "notifications-send-digests": {
        "task": "travel.notifications.tasks.send_digests",
        "schedule": crontab(minute=0, hour="7,12,18"),
    },
}

_connected = False


def connect() -> None:
    """Connect everything once (AppConfig.ready may run twice under some runners)."""
    global _connected
    if _connected:
        return
    _connected = True
    _members()
    _collectives()
    _trips()
    _hosting()
    _meetups()
    _messaging()
    _matcher()
    _outbox()
    _demo()
    _notifications()
    _federation()
    _trip_plan()
    _on_the_road()
    _flood_guard()


# --- members: the account's own export, profile panel ---------------------------------
def _members() -> None:
    from accounts.data_rights import register_accounts_section
    from accounts.panels import profile_panel
    from travel import public_stats

    register_accounts_section()
    public_stats.register_panel(10, profile_panel)


# --- collectives: export and erase memberships ----------------------------------------
def _collectives() -> None:
    from accounts import registry
    from travel.collectives import data_rights

    registry.register("collectives", export=data_rights.export, erase=data_rights.erase)


# --- trips: data rights, reports, the home page's aggregate, the dashboard ------------
def _trips() -> None:
    from accounts import registry
    from accounts.moderation import register_target
    from travel import public_stats
    from travel.trips.data_rights import erase_trips, export_trips
    from travel.trips.moderation import trip_hide, trip_owner
    from travel.trips.public import travellers_this_month, your_trips_panel

    registry.register("trips", export=export_trips, erase=erase_trips)
    register_target("trip", owner=trip_owner, hide=trip_hide)
    public_stats.register_aggregate(travellers_this_month)
    public_stats.register_panel(20, your_trips_panel)


# --- hosting: data rights, reports on offers and spots, stay requests as subjects -----
def _hosting() -> None:
    from accounts import registry
    from accounts.moderation import register_target
    from accounts.subjects import register_subject
    from travel import public_stats
    from travel.hosting import data_rights, moderation, panels

    registry.register("hosting", export=data_rights.export, erase=data_rights.erase)
    register_target("offer", owner=moderation.offer_owner, hide=moderation.offer_hide)
    register_target("spot", owner=moderation.spot_owner, hide=moderation.spot_hide)
    register_subject("stay_request", participants=moderation.stay_request_participants)
    public_stats.register_panel(30, panels.dashboard_panel)


# --- meet-ups: data rights, reports, the dashboard, a collective's meet-ups -----------
def _meetups() -> None:
    from accounts import registry
    from accounts.moderation import register_target
    from travel import public_stats
    from travel.collectives import registry as collectives_registry
    from travel.meetups import data_rights
    from travel.meetups.moderation import meetup_hide, meetup_owner

    registry.register("meetups", export=data_rights.export, erase=data_rights.erase)
    register_target("meetup", owner=meetup_owner, hide=meetup_hide)
    public_stats.register_panel(40, data_rights.dashboard_panel)
    collectives_registry.register_detail_context(data_rights.collective_meetups)
    collectives_registry.register_calendar(data_rights.collective_calendar)


# --- messaging: data rights, reports on members and messages, references on profiles --
def _messaging() -> None:
    from accounts import moderation, registry
    from accounts.selectors import member_for_viewer
    from travel import public_stats
    from travel.messaging import data, selectors, services
    from travel.messaging.panels import messages_panel

    registry.register("messaging", export=data.export, erase=data.erase)
    moderation.register_target(
        "member",
        owner=lambda viewer, public_id: member_for_viewer(viewer=viewer, public_id=public_id),
    )
    moderation.register_target(
        "message", owner=selectors.message_owner_for_report, hide=services.message_hide
    )
    public_stats.register_panel(35, messages_panel)
    registry.register_profile_section(
        50,
        lambda viewer, member: {
            "template": "messaging/_profile_references.html",
            **selectors.references_summary(member, viewer),
        },
    )


# --- the matcher: indexes, suggestions, digests -------------------------------------
def _matcher() -> None:
    """Keeps its three indexes in step with the events, one rewrite per change in the
    change's transaction: StopTopic (trips), OfferOpening (offers, hosts' topics),
    LocalTopic (profiles, suspensions); forgets suggestions whose target went; and
    recomputes the trips a change may touch, queued after commit and debounced."""
    from travel import events, public_stats
    from travel.matching import handlers, kinds, panels, presenters, services

    public_stats.register_panel(15, panels.suggestions_panel)
    services.register_kind("host", kinds.hosts)
    services.register_kind("meetup", kinds.meetups)
    services.register_kind("spot", kinds.spots)
    presenters.register_resolver("host", kinds.resolve_hosts)
    presenters.register_resolver("meetup", kinds.resolve_meetups)
    presenters.register_resolver("spot", kinds.resolve_spots)

    on = handlers
    events.trip_saved.connect(on.on_trip_saved, dispatch_uid="matching.trip_saved")
    events.trip_deleted.connect(on.on_trip_deleted, dispatch_uid="matching.trip_deleted")
    events.offer_changed.connect(on.on_offer_changed, dispatch_uid="matching.offer_changed")
    events.spot_changed.connect(on.on_spot_changed, dispatch_uid="matching.spot_changed")
    events.meetup_published.connect(on.on_meetup_changed, dispatch_uid="matching.meetup_new")
    events.meetup_changed.connect(on.on_meetup_changed, dispatch_uid="matching.meetup_changed")
    events.block_created.connect(on.on_block, dispatch_uid="matching.block_created")
    events.block_removed.connect(on.on_block, dispatch_uid="matching.block_removed")
    events.profile_changed.connect(on.on_profile_changed, dispatch_uid="matching.profile")
    events.member_suspended.connect(on.on_member_hidden_or_back, dispatch_uid="matching.susp")
    events.member_restored.connect(on.on_member_hidden_or_back, dispatch_uid="matching.rest")


# --- the outbox: its relay task; its eraser runs last (others' cancellations write mail)
def _outbox() -> None:
    from accounts import registry
    from travel.outbox import data_rights, services, tasks

    registry.register("outbox", export=data_rights.export, erase=data_rights.erase, order=100)
    services.use_delivery_task(tasks.deliver)


# --- the demo community: each app's part, run in this order by `load_demo` ------------
def _demo() -> None:
    from accounts.demo import load_members
    from travel.collectives.demo import load_collectives
    from travel.demo.registry import register_part
    from travel.hosting.demo import load_hosting
    from travel.matching.demo import load_suggestions
    from travel.meetups.demo import load_meetups
    from travel.messaging.demo import load_messages
    from travel.trips.demo import load_trips

    register_part(10, "members", load_members)
    register_part(20, "collectives", load_collectives)
    register_part(30, "trips", load_trips)
    register_part(40, "hosting", load_hosting)
    register_part(50, "meetups", load_meetups)
    register_part(60, "messages", load_messages)
    register_part(90, "suggestions", load_suggestions)


# --- notifications: in-app, email, Web Push ------------------------------------------
def _notifications() -> None:
    """Listens to nearly every event and tells the people concerned: in the app, by
    email (batched, or in the daily digest) and by Web Push, per their preferences.
    Registers the outbox's push channel and the members' data (export, erasure)."""
    from accounts import registry
    from travel import events
    from travel.notifications import data_rights, receivers
    from travel.notifications.push import send_push
    from travel.notifications.services import email_policy
    from travel.outbox.services import register_channel, register_email_policy

    subscriptions: list[tuple[Any, Callable[..., None]]] = [
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
    ]
    for event, receiver in subscriptions:
        event.connect(receiver, dispatch_uid=f"notifications.{receiver.__name__}")
    register_channel("push", send_push)
    register_email_policy(email_policy)
    registry.register("notifications", export=data_rights.export, erase=data_rights.erase, order=90)


# --- federation: ActivityPub actors, inbox, outbox -----------------------------------
def _federation() -> None:
    """Public meet-ups go out as Events to the followers of their collective's Group (or
    the organizer's Person) actor; profile and collective changes update the actors."""
    from accounts import registry
    from accounts.contacts import register_profile_url_resolver
    from travel import events
    from travel.federation import handles, outgoing
    from travel.federation import subscribers as fed

    events.meetup_published.connect(fed.on_meetup_published, dispatch_uid="federation.meetup_new")
    events.meetup_changed.connect(fed.on_meetup_changed, dispatch_uid="federation.meetup_changed")
    events.profile_changed.connect(fed.on_profile_changed, dispatch_uid="federation.profile")
    events.collective_changed.connect(
        fed.on_collective_changed, dispatch_uid="federation.collective"
    )
    # A member's message to someone on another server goes out as a direct Note.
    events.message_sent.connect(outgoing.on_message_sent, dispatch_uid="federation.message")
    # Fediverse contacts on profiles link to where the handle really lives (WebFinger).
    events.profile_changed.connect(fed.on_contacts_changed, dispatch_uid="federation.handles")
    register_profile_url_resolver(handles.profile_url_for)
    # A remote writer's stand-in account has no mailbox: no email is ever written to it.
    from travel.federation.standins import no_email_to_stand_ins
    from travel.outbox.services import register_email_policy

    register_email_policy(no_email_to_stand_ins)
    # First of the erasers: followers hear the member's Events are gone while they exist.
    registry.register("federation", export=fed.export, erase=fed.erase, order=10)


# --- the trip as a plan: stays, invitations, references ------------------------------
def _trip_plan() -> None:
    from travel.matching.plan import trip_plan
    from travel.matching.trip_actions import trip_actions_for
    from travel.trips import extensions

    # The trip page and API show each stop's plan (stays, meet-ups, saved spots) and,
    # to others, what they can do about the trip; trips cannot read those apps itself.
    extensions.register_stop_plans(lambda viewer, trip: trip_plan(viewer=viewer, trip=trip))
    extensions.register_trip_actions(trip_actions_for)

    # Organizers: their collectives with pending join requests, and Passing through
    # from each collective's home city, on the dashboard.
    from travel import public_stats
    from travel.collectives.panels import organizer_panel

    public_stats.register_panel(38, organizer_panel)

    # References: what they can be about (stays after the last night, meet-ups both
    # attended), reports about them, and the dashboard's "write a reference" prompts.
    from accounts.moderation import register_target
    from accounts.occasions import register_occasion
    from travel.hosting.occasions import find_stay, stays_due
    from travel.meetups.occasions import find_meetup, meetups_due
    from travel.messaging.panels import references_panel
    from travel.messaging.selectors import reference_author_for_report

    register_occasion("stay", find=find_stay, due=stays_due)
    register_occasion("meetup", find=find_meetup, due=meetups_due)
    register_target("reference", owner=reference_author_for_report)
    public_stats.register_panel(36, references_panel)

    # The demo shows every part of the plan alive: stays on stops, an offer to host, a
    # reference, a moderator (after the other parts: it builds on their people).
    from travel.demo.registry import register_part
    from travel.matching.demo_plan import load_trip_plan

    register_part(95, "trip plan", load_trip_plan)


# --- on the road: offline sheet, installable app -------------------------------------
def _on_the_road() -> None:
    pass


# --- the flood guard's context (P7): who is expected to write to whom -----------------
def _flood_guard() -> None:
    from travel.hosting.selectors import stay_question_context
    from travel.messaging import flood

    flood.register_context(stay_question_context)
