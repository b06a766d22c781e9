from __future__ import annotations

from django.conf import settings
from django.db import models

from travel import texts
from travel.topics.catalogue import SEEDED_NAMES


class Topic(models.Model):
    slug = models.SlugField(max_length=60, unique=True)
    name = texts.NameField(max_length=60)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    # A topic a member adds shows in other members' pickers only once a moderator
    # approved it or PUBLIC_AFTER_MEMBERS members use it (travel/topics/selectors.py).
    approved = models.BooleanField(default=True)
    # Rarity weight ln(N / members with it), refreshed by a periodic task; rare shared
    # topics say more about two people than common ones.
    member_count = models.PositiveIntegerField(default=0)
    weight = models.FloatField(default=1.0)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        seeded = SEEDED_NAMES.get(self.slug)
        return str(seeded) if seeded is not None else self.name
