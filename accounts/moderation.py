"""What moderators and reports need from the apps above `accounts`, through a registry.

Each app registers, per report kind (trip, offer, spot, meetup, message…), how to find
the owner of a thing a viewer may see, and how to hide it:

    from accounts.moderation import register_target
    register_target("trip", owner=trip_owner_for_report, hide=trip_hide)

`owner(viewer, public_id)` returns the owning User if `viewer` may see the thing (the
report form answers 404 otherwise, exactly as for a missing thing), else None.
`hide(public_id)` takes the thing out of sight for everyone but moderators; it must be
idempotent. `accounts` never imports the apps: travel/wiring/house.py registers them.

Mutes live here too because every app's lists may want to leave out muted people.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from travel import events

OwnerFinder = Callable[[Any, str], Any]
Hider = Callable[[str], None]


@dataclass(frozen=True)
class ReportTarget:
    kind: str
    owner: OwnerFinder
    hide: Hider | None = None


_targets: dict[str, ReportTarget] = {}


def register_target(kind: str, *, owner: OwnerFinder, hide: Hider | None = None) -> None:
    _targets[kind] = ReportTarget(kind, owner, hide)


def target(kind: str) -> ReportTarget | None:
    return _targets.get(kind)


def target_owner(*, viewer: Any, kind: str, public_id: str) -> Any:
    """The owner of a reportable thing `viewer` may see, or None (unknown kind included)."""
    found = _targets.get(kind)
    if found is None:
        return None
    try:
        return found.owner(viewer, public_id)
    except (ValueError, TypeError):  # a malformed id is a missing thing
        return None


def hide_target(*, kind: str, public_id: str) -> bool:
    """Hide a reported thing. False when no app knows how to hide this kind."""
    found = _targets.get(kind)
    if found is None or found.hide is None:
        return False
    found.hide(public_id)
    return True


def muted_user_ids(*, user: Any) -> QuerySet:
    """Ids of the members `user` has muted (a lazy subquery)."""
    from accounts.models import Mute

    return Mute.objects.filter(muter=user).values("muted_id")


# --- Moderator decisions (called from the admin); each writes a ModerationAction -------


def _close(report: Any, *, moderator: Any, status: str) -> None:
    from django.utils import timezone

    report.status = status
    report.handled_by = moderator
    report.handled_at = timezone.now()
    report.save(update_fields=["status", "handled_by", "handled_at"])


def _log(
    *, moderator: Any, action: str, report: Any = None, user: Any = None, note: str = ""
) -> Any:
    from accounts.models import ModerationAction

    return ModerationAction.objects.create(
        moderator=moderator,
        action=action,
        report=report,
        target_user=user if user is not None else getattr(report, "target_owner", None),
        target_kind=getattr(report, "target_kind", "") or ("member" if user is not None else ""),
        target_public_id=getattr(report, "target_public_id", None)
        or getattr(user, "public_id", None),
        note=note,
    )


def _resolved(report: Any, outcome: str) -> None:
    events.emit(
        events.report_resolved,
        report_id=report.pk,
        reporter_id=report.reporter_id,
        subject_user_id=report.target_owner_id,
        outcome=outcome,
    )


def report_dismiss(*, report: Any, moderator: Any, note: str = "") -> None:
    from django.db import transaction

    from accounts.models import ModerationAction, Report

    with transaction.atomic():
        _close(report, moderator=moderator, status=Report.Status.DISMISSED)
        _log(moderator=moderator, action=ModerationAction.Action.DISMISS, report=report, note=note)
        _resolved(report, "dismissed")


def report_hide(*, report: Any, moderator: Any, note: str = "") -> bool:
    """Hide the reported thing. False (and nothing logged) when its kind cannot be hidden."""
    from django.db import transaction

    from accounts.models import ModerationAction, Report

    with transaction.atomic():
        if not hide_target(kind=report.target_kind, public_id=str(report.target_public_id)):
            return False
        _close(report, moderator=moderator, status=Report.Status.ACTIONED)
        _log(moderator=moderator, action=ModerationAction.Action.HIDE, report=report, note=note)
        _resolved(report, "hidden")
    return True


def member_suspend(*, user: Any, moderator: Any, report: Any = None, note: str = "") -> None:
    """Suspend: they vanish for everyone else (visible_q excludes them), their sessions
    end, and their API tokens stop working (the API refuses suspended members).

    Emits `member_suspended`, so derived rows (the matcher's index of locals, its
    suggestions) follow in the same transaction.
    """
    from allauth.usersessions.models import UserSession
    from django.db import transaction

    from accounts.models import ModerationAction, Report, User

    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(is_suspended=True)
        user.is_suspended = True
        if report is not None:
            _close(report, moderator=moderator, status=Report.Status.ACTIONED)
        _log(
            moderator=moderator,
            action=ModerationAction.Action.SUSPEND,
            report=report,
            user=user,
            note=note,
        )
        events.emit(
            events.member_suspended, user_id=user.pk, actor_id=getattr(moderator, "pk", None)
        )
        if report is not None:
            _resolved(report, "suspended")
    for session in UserSession.objects.filter(user=user):
        session.end()


def member_restore(*, user: Any, moderator: Any, note: str = "") -> None:
    """Lift a suspension (and the flood flag): the member is visible and matched again.

    Emits `member_restored`, so the matcher's index of locals is rebuilt for them.
    """
    from django.db import transaction

    from accounts.models import ModerationAction, User

    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(is_suspended=False, flagged_at=None)
        user.is_suspended, user.flagged_at = False, None
        _log(moderator=moderator, action=ModerationAction.Action.UNSUSPEND, user=user, note=note)
        events.emit(
            events.member_restored, user_id=user.pk, actor_id=getattr(moderator, "pk", None)
        )
