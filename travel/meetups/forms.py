from __future__ import annotations

import contextlib
from datetime import date, datetime, time, timedelta
from typing import Any, cast
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User, Visibility
from travel.collectives.models import Collective
from travel.collectives.selectors import collectives_to_share_with
from travel.meetups.models import MAX_CAPACITY, Meetup
from travel.meetups.selectors import MAX_RADIUS_KM, invitable_members
from travel.meetups.times import local_range
from travel.places.forms import PlaceField
from travel.topics.models import Topic
from travel.topics.selectors import topics_pickable_by


def _split(values: list[str]) -> list[str]:
    out: list[str] = []
    for value in values:
        out.extend(part.strip() for part in value.split(",") if part.strip())
    return out


class MeetupForm(forms.Form):
    """Create or edit a meet-up. Date and times are wall-clock times at the chosen city,
    whatever the browser's or the member's own time zone."""

    title = forms.CharField(label=_("Title"), max_length=120)
    place = PlaceField(kind="city", label=_("City"))
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    start_time = forms.TimeField(
        label=_("Starts at"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text=_("Local time in the city."),
    )
    end_time = forms.TimeField(
        label=_("Ends at"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text=_("Optional. Earlier than the start means the next day."),
    )
    description = forms.CharField(
        label=_("Description"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    venue = forms.CharField(
        label=_("Venue"),
        max_length=300,
        required=False,
        help_text=_("Shown only to you and people who say yes or maybe."),
    )
    topics = forms.ModelMultipleChoiceField(
        label=_("Topics"),
        queryset=Topic.objects.all(),
        required=False,
        to_field_name="slug",
        widget=forms.CheckboxSelectMultiple,
    )
    capacity = forms.IntegerField(
        label=_("Capacity"),
        required=False,
        min_value=1,
        max_value=MAX_CAPACITY,
        help_text=_("How many people can say yes, you included. Empty: no limit."),
    )
    visibility = forms.ChoiceField(
        label=_("Who can see it"),
        choices=Visibility.choices,
        initial=Visibility.MEMBERS,
        help_text=_("People you invite can always see it."),
    )
    collective = forms.ModelChoiceField(
        label=_("Organised with"),
        queryset=Collective.objects.none(),
        required=False,
        empty_label=_("Just me"),
        to_field_name="public_id",
    )
    listed_publicly = forms.BooleanField(
        label=_("List in the public feeds"),
        required=False,
        help_text=_(
            "Only title, city, date and topics; never the venue or who comes. "
            "Needs “Signed-in members”."
        ),
    )
    invite = forms.ModelMultipleChoiceField(
        label=_("Invite"),
        queryset=User.objects.none(),
        required=False,
        to_field_name="public_id",
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, user: User, meetup: Meetup | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.meetup = meetup
        # A member's new topic shows only to those who use it until it is approved.
        self.fields["topics"].queryset = topics_pickable_by(user).order_by("name")  # type: ignore[attr-defined]
        collective_field = cast(forms.ModelChoiceField, self.fields["collective"])
        collective_field.queryset = collectives_to_share_with(user=user)
        if meetup is not None:
            del self.fields["invite"]
        else:
            wanted = _split(self.data.getlist("invite")) if self.is_bound else []  # type: ignore[attr-defined]
            wanted += _split([str(v) for v in (self.initial.get("invite") or [])])
            invite_field = cast(forms.ModelMultipleChoiceField, self.fields["invite"])
            invite_field.queryset = invitable_members(viewer=user, public_ids=wanted)
            if not wanted:
                del self.fields["invite"]

    @classmethod
    def initial_from_query(cls, query: Any) -> dict[str, Any]:
        """Prefill from /meetups/new?place=&date=&topics=&invite= (a matcher suggestion).
        Anything that does not parse is ignored."""
        initial: dict[str, Any] = {}
        with contextlib.suppress(ValueError):
            initial["place"] = int(query.get("place", ""))
        with contextlib.suppress(ValueError):
            initial["date"] = date.fromisoformat(query.get("date", ""))
        slugs = _split(query.getlist("topics"))
        if slugs:
            initial["topics"] = list(Topic.objects.filter(slug__in=slugs[:20]))
        invitees = _split(query.getlist("invite"))
        if invitees:
            initial["invite"] = invitees[:50]
        initial.setdefault("start_time", time(19, 0))
        return initial

    @classmethod
    def initial_from_meetup(cls, meetup: Meetup) -> dict[str, Any]:
        starts = meetup.starts_local
        ends = meetup.ends_local
        return {
            "title": meetup.title,
            "place": meetup.place_id,
            "date": starts.date(),
            "start_time": starts.time().replace(second=0, microsecond=0),
            "end_time": ends.time().replace(second=0, microsecond=0) if ends else None,
            "description": meetup.description,
            "venue": meetup.venue,
            "topics": list(meetup.topics.all()),
            "capacity": meetup.capacity,
            "visibility": meetup.visibility,
            "collective": meetup.collective.public_id if meetup.collective else None,
            "listed_publicly": meetup.listed_publicly,
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        place, day, start = data.get("place"), data.get("date"), data.get("start_time")
        if place is not None and day is not None and start is not None:
            tz = ZoneInfo(place.timezone or settings.TIME_ZONE)
            try:
                data["starts"], data["ends"] = local_range(day, start, data.get("end_time"), tz)
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    self.add_error("start_time" if field == "starts" else "end_time", errors)
                return data
            if self.meetup is None and data["starts"] < timezone.now():
                self.add_error("date", _("This time has passed: choose a time in the future."))
        return data

    def service_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "place": data["place"],
            "starts": data["starts"],
            "ends": data["ends"],
            "description": data["description"],
            "venue": data["venue"],
            "topics": list(data["topics"]),
            "capacity": data["capacity"],
            "visibility": data["visibility"],
            "listed_publicly": data["listed_publicly"],
            "collective": data["collective"],
        }


class InviteForm(forms.Form):
    user = forms.CharField(
        label=_("Member"),
        max_length=64,
        help_text=_("Choose someone you know, or paste the member id from their profile link."),
    )
    message = forms.CharField(
        label=_("Message"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class NearForm(forms.Form):
    place = PlaceField(label=_("Place"))
    radius_km = forms.IntegerField(
        label=_("Radius (km)"), min_value=1, max_value=MAX_RADIUS_KM, initial=30
    )
    start = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    topic = forms.ModelChoiceField(
        label=_("Topic"),
        queryset=Topic.objects.filter(approved=True),
        required=False,
        to_field_name="slug",
        empty_label=_("Any topic"),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("The end date is before the start date."))
        if start and end and (end - start).days > 366:
            self.add_error("end", _("Look at most a year ahead."))
        return data


def window(start: date | None, end: date | None, tz: ZoneInfo) -> tuple[datetime, datetime]:
    """Inclusive dates at a place to the [start, end) instants between its midnights.
    No start: from now (less three hours, to keep meet-ups under way); no end: a year."""
    now = timezone.now()
    lo = datetime.combine(start, time.min, tzinfo=tz) if start else now - timedelta(hours=3)
    hi = (
        datetime.combine(end + timedelta(days=1), time.min, tzinfo=tz)
        if end
        else now + timedelta(days=366)
    )
    return lo, hi
