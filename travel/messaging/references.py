"""References: written after a stay or a meet-up, published together (or after a while).

Neither side sees what the other wrote before writing their own, so a reference cannot
be a retaliation; after BLIND_DAYS a lone reference is published anyway.
"""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Reference, User
from travel.messaging.selectors import may_write_reference

BLIND_DAYS = 14


def _counterpart(reference: Reference) -> Reference | None:
    return Reference.objects.filter(
        author_id=reference.subject_id,
        subject_id=reference.author_id,
        occasion=reference.occasion,
        kind=reference.counterpart_kind,
    ).first()


@transaction.atomic
def reference_write(
    *, author: User, subject: User, kind: str, recommend: bool, text: str, occasion: str = ""
) -> Reference:
    """Write one reference per pair and occasion. Http404 when `author` may not."""
    if not may_write_reference(author=author, subject=subject):
        raise Http404
    reference = Reference(
        author=author,
        subject=subject,
        kind=kind,
        occasion=occasion,
        recommend=recommend,
        text=(text or "").strip(),
    )
    reference.full_clean(validate_constraints=False)
    if len(reference.text) > 2000:
        raise ValidationError({"text": _("A reference can be at most 2000 characters long.")})
    try:
        with transaction.atomic():
            reference.save()
    except IntegrityError:
        raise ValidationError(
            {"kind": _("You have already written a reference about this member for this.")}
        ) from None
    other = _counterpart(reference)
    if other is not None:
        now = timezone.now()
        Reference.objects.filter(pk__in=[reference.pk, other.pk], published_at__isnull=True).update(
            published_at=now
        )
        reference.published_at = reference.published_at or now
    return reference


def references_publish_due(*, now=None) -> int:
    now = now or timezone.now()
    return Reference.objects.filter(
        published_at__isnull=True, created__lte=now - timedelta(days=BLIND_DAYS)
    ).update(published_at=now)
