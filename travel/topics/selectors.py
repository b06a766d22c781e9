"""Which topics a member may pick (issue 14).

A topic a member adds is theirs until the community vouches for it: it shows in the
pickers of the members who use it (and of whoever added it) until a moderator approves
it or PUBLIC_AFTER_MEMBERS members use it. So a bot's or a stranger's "topic" never
appears in everyone's lists.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from travel.topics.models import Topic

PUBLIC_AFTER_MEMBERS = 5


def topics_pickable_by(user: Any) -> QuerySet[Topic]:
    """Topics to offer `user` in a picker: approved ones and their own."""
    public = Q(approved=True) | Q(member_count__gte=PUBLIC_AFTER_MEMBERS)
    if user is None or not getattr(user, "is_authenticated", False):
        return Topic.objects.filter(public)
    mine = Topic.objects.filter(Q(members=user) | Q(created_by=user)).values("pk")
    return Topic.objects.filter(public | Q(pk__in=mine))
