"""At most one email a day per person with their new strong suggestions.

A digest is claimed by creating its (user, day) row and then a conditional UPDATE on
`sent_at`, so two workers, or a task run twice, send it once. The notifications it
covers are marked emailed, and the email written to the outbox (travel/outbox), in the
same transaction as the claim.
"""

from __future__ import annotations

import logging
from datetime import date

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import User
from travel.matching.models import Digest, Notification
from travel.outbox.services import outbox_enqueue

log = logging.getLogger(__name__)


def users_with_pending_digest() -> list[int]:
    return list(
        Notification.objects.filter(emailed_at__isnull=True, read_at__isnull=True)
        .values_list("user_id", flat=True)
        .distinct()
    )


def digest_send(*, user_id: int, day: date | None = None) -> bool:
    """Send today's digest to one member if not sent yet; True if an email went out."""
    day = day or timezone.localdate()
    try:
        with transaction.atomic():
            digest, _ = Digest.objects.get_or_create(user_id=user_id, day=day)
    except IntegrityError:  # another worker created it meanwhile
        digest = Digest.objects.get(user_id=user_id, day=day)
    with transaction.atomic():
        claimed = Digest.objects.filter(pk=digest.pk, sent_at__isnull=True).update(
            sent_at=timezone.now()
        )
        if not claimed:
            return False
        user = User.objects.filter(pk=user_id, is_active=True).first()
        rows = list(
            Notification.objects.select_for_update(of=("self",))
            .filter(user_id=user_id, emailed_at__isnull=True, read_at__isnull=True)
            .select_related("suggestion__stop__place", "suggestion__trip")
            .order_by("created")[:30]
        )
        if user is None or not rows:
            # Nothing to say: give the day back so a later notification can still go out.
            Digest.objects.filter(pk=digest.pk).update(sent_at=None)
            return False
        Notification.objects.filter(pk__in=[n.pk for n in rows]).update(emailed_at=timezone.now())
        Digest.objects.filter(pk=digest.pk).update(count=len(rows))
        # Written to the outbox inside the claim's transaction: both commit or neither,
        # and the outbox delivers it after commit, once (retrying a refused send).
        with translation.override(settings.LANGUAGE_CODE):
            context = {
                "user": user,
                "notifications": rows,
                "site_url": settings.SITE_URL,
                "notifications_url": settings.SITE_URL + reverse("matching:notifications"),
            }
            subject = (
                settings.ACCOUNT_EMAIL_SUBJECT_PREFIX
                + render_to_string("emails/matching/digest_subject.txt", context).strip()
            )
            body = render_to_string("emails/matching/digest.txt", context)
            outbox_enqueue(key=f"digest:{user_id}:{day}", to=user, subject=subject, body=body)
    log.info("digest written for user %s with %s notifications", user_id, len(rows))
    return True


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
        with translation.override(settings.LANGUAGE_CODE):
            context = {
                "collective": collective,
                "weeks": weeks,
                "count": len(travellers),
                "url": settings.SITE_URL + reverse("matching:passing_through"),
            }
            subject = (
                settings.ACCOUNT_EMAIL_SUBJECT_PREFIX
                + render_to_string("emails/matching/collective_subject.txt", context).strip()
            )
            body = render_to_string("emails/matching/collective.txt", context)
            for admin in admins:
                outbox_enqueue(
                    key=f"collective-digest:{collective.pk}:{monday}:{admin.pk}",
                    to=admin,
                    subject=subject,
                    body=body,
                )
    return True
