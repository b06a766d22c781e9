"""Reading topics: the one lookup of topics by slug (API filters and payloads)."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from travel.topics.models import Topic


def topics_by_slugs(slugs: Iterable[str], *, field: str = "topics") -> list[Topic]:
    """The topics with these slugs (blanks and repeats ignored), or a ValidationError on
    `field` naming every unknown slug."""
    wanted = list(dict.fromkeys(s.strip() for s in slugs if s and s.strip()))
    found = list(Topic.objects.filter(slug__in=wanted))
    unknown = sorted(set(wanted) - {t.slug for t in found})
    if unknown:
        raise ValidationError(
            {field: _("Unknown topic: %(slugs)s.") % {"slugs": ", ".join(unknown)}}
        )
    return found
