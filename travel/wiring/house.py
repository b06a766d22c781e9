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
    _flood_guard()


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
    pass


# --- on the road: offline sheet, installable app -------------------------------------
def _on_the_road() -> None:
    pass


# --- the flood guard's context (P7): who is expected to write to whom -----------------
def _flood_guard() -> None:
    from travel.hosting.selectors import stay_question_context
    from travel.messaging import flood

    flood.register_context(stay_question_context)
