"""References: written after a stay or a meet-up, revealed together (or after a while).

Neither side sees what the other wrote before writing their own, so a reference cannot
be a retaliation; after BLIND_DAYS a lone reference is revealed anyway. What a
reference is about (its occasion: a stay, a meet-up) is checked through
`accounts.occasions`: one that never happened, or that the author was not part of, is
refused; the unique constraint refuses a second one for the same occasion.

Events: reference_written when saved, reference_revealed for each reference the moment
it becomes visible (both written, or the blind days over).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Reference, User
from accounts.occasions import occasion_for
from travel import events
from travel.messaging.selectors import may_write_reference

BLIND_DAYS = 14


def _counterpart(reference: Reference) -> Reference | None:
    return Reference.objects.filter(
        author_id=reference.subject_id,
        subject_id=reference.author_id,
        occasion=reference.occasion,
        kind=reference.counterpart_kind,
    ).first()


def _revealed(reference: Reference) -> None:
    events.emit(
        events.reference_revealed,
        reference_id=reference.pk,
        author_id=reference.author_id,
        subject_id=reference.subject_id,
    )


@transaction.atomic
def reference_write(
    *,
    author: User,
    subject: User,
    kind: str,
    recommend: bool,
    text: str,
    occasion: str = "",
    now: datetime | None = None,
) -> Reference:
    """Write one reference per pair and occasion.

    With an `occasion` ("stay:<id>", "meetup:<id>") the thing must have happened with
    both in it (ValidationError otherwise), and `kind` follows from it. Without one, the
    two must be connected (Http404 otherwise).
    """
    now = now or timezone.now()
    if occasion:
        found = occasion_for(
            author=author, key=occasion, subject=subject, today=timezone.localdate(now)
        )
        if found is None:
            raise ValidationError(
                {"occasion": _("There is no stay or meet-up of yours with them to write about.")}
            )
        kind, occasion = found.reference_kind, found.key
    elif not may_write_reference(author=author, subject=subject):
        raise Http404
    reference = Reference(
        author=author,
        subject=subject,
        kind=kind,
        occasion=occasion,
        recommend=recommend,
        text=(text or "").strip(),
        created=now,
    )
    if not reference.text:
        raise ValidationError({"text": _("Write a few words about them.")})
    if len(reference.text) > 2000:
        raise ValidationError({"text": _("A reference can be at most 2000 characters long.")})
    reference.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            reference.save()
    except IntegrityError:
        raise ValidationError(
            {"occasion": _("You have already written a reference about this member for this.")}
        ) from None
    other = _counterpart(reference)
    if other is not None:
        Reference.objects.filter(pk__in=[reference.pk, other.pk], published_at__isnull=True).update(
            published_at=now
        )
        revealed_other = other.published_at is None
        reference.published_at = reference.published_at or now
    events.emit(
        events.reference_written,
        reference_id=reference.pk,
        author_id=author.pk,
        subject_id=subject.pk,
        revealed=reference.published_at is not None,
    )
    if other is not None:
        _revealed(reference)
        if revealed_other:
            _revealed(other)
    return reference


def references_publish_due(*, now: datetime | None = None) -> int:
    """Reveal lone references BLIND_DAYS old. Each row is claimed with a conditional
    UPDATE, so two runs reveal (and announce) each once."""
    now = now or timezone.now()
    count = 0
    due = Reference.objects.filter(
        published_at__isnull=True, created__lte=now - timedelta(days=BLIND_DAYS)
    )
    for reference in due.only("pk", "author_id", "subject_id"):
        with transaction.atomic():
            if Reference.objects.filter(pk=reference.pk, published_at__isnull=True).update(
                published_at=now
            ):
                _revealed(reference)
                count += 1
    return count
