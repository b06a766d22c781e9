"""Reading topics: the one lookup of topics by slug (API filters and payloads), and
which topics a member may pick (issue 14).

A topic a member adds is theirs until the community vouches for it: it shows in the
pickers of the members who use it (and of whoever added it) until a moderator approves
it or PUBLIC_AFTER_MEMBERS members use it. So a bot's or a stranger's "topic" never
appears in everyone's lists.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from travel import texts
from travel.topics.models import Topic

PUBLIC_AFTER_MEMBERS = 5


def topics_by_slugs(slugs: Iterable[str], *, field: str = "topics") -> list[Topic]:
    """The topics with these slugs (blanks and repeats ignored), or a ValidationError on
    `field` naming a few of the unknown slugs (never echoing a whole hostile list)."""
    wanted = list(dict.fromkeys(s.strip() for s in slugs if s and s.strip()))
    found = list(Topic.objects.filter(slug__in=wanted))
    unknown = sorted(set(wanted) - {t.slug for t in found})
    if unknown:
        raise ValidationError(
            {field: _("Unknown topic: %(slugs)s.") % {"slugs": texts.shortlist(unknown)}}
        )
    return found


def topics_pickable_by(user: Any) -> QuerySet[Topic]:
    """Topics to offer `user` in a picker: approved ones and their own."""
    public = Q(approved=True) | Q(member_count__gte=PUBLIC_AFTER_MEMBERS)
    if user is None or not getattr(user, "is_authenticated", False):
        return Topic.objects.filter(public)
    mine = Topic.objects.filter(Q(members=user) | Q(created_by=user)).values("pk")
    return Topic.objects.filter(public | Q(pk__in=mine))
