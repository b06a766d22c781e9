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
    pass


# --- federation: ActivityPub actors, inbox, outbox -----------------------------------
def _federation() -> None:
    pass


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

    # The demo shows every part of the plan alive (registers itself with load_demo).
    from travel.matching import demo_plan  # noqa: F401


# --- on the road: offline sheet, installable app -------------------------------------
def _on_the_road() -> None:
    pass
