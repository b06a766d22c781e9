"""The weekly "who passes through your area" email of a collective.

A digest is claimed by creating its (collective, week) row and then a conditional
UPDATE on `sent_at`, so two workers, or a task run twice, send it once; the email is
written to the outbox (travel/outbox) in the claim's transaction. A member's own daily
digest (new strong suggestions among the rest) is the notification centre's
(travel/notifications).
"""

from __future__ import annotations

import logging
from datetime import date

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from travel.outbox.services import queue_email

log = logging.getLogger(__name__)


COLLECTIVE_WINDOW_DAYS = 28


def collective_digest_send(*, collective_id: int, today: date | None = None) -> bool:
    """Email a collective's admins who passes through their area in the next four weeks,
    matching their topics; once per ISO week, and only when there is someone."""
    from datetime import timedelta

    from travel.collectives.models import Collective, Membership
    from travel.matching.models import CollectiveDigest
    from travel.matching.passing import passing_through

    today = today or timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    collective = Collective.objects.select_related("home_place").filter(pk=collective_id).first()
    if collective is None:
        return False
    admins = list(
        User.objects.filter(
            memberships__collective=collective,
            memberships__role=Membership.Role.ADMIN,
            is_active=True,
            is_suspended=False,
        )
    )
    if not admins:
        return False
    try:
        with transaction.atomic():
            digest, _ = CollectiveDigest.objects.get_or_create(collective=collective, week=monday)
    except IntegrityError:
        digest = CollectiveDigest.objects.get(collective=collective, week=monday)
    with transaction.atomic():
        if not CollectiveDigest.objects.filter(pk=digest.pk, sent_at__isnull=True).update(
            sent_at=timezone.now()
        ):
            return False
        # Seen through the first admin's eyes: visibility and blocks apply as for them.
        weeks = passing_through(
            viewer=admins[0],
            place=collective.home_place,
            radius_km=min(max(collective.radius_km, 1), 200),
            start=today,
            end=today + timedelta(days=COLLECTIVE_WINDOW_DAYS - 1),
            topics=list(collective.topics.all()),
        )
        travellers = {row.traveller.pk for week in weeks for row in week.rows}
        CollectiveDigest.objects.filter(pk=digest.pk).update(travellers=len(travellers))
        if not travellers:
            return False
        context = {
            "collective": collective,
            "weeks": weeks,
            "count": len(travellers),
            "url": settings.SITE_URL + reverse("matching:passing_through"),
        }
        for admin in admins:
            queue_email(
                recipient=admin,
                template="emails/matching/collective",
                context=context,
                key=f"collective-digest:{collective.pk}:{monday}:{admin.pk}",
            )
    return True
