from __future__ import annotations

from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from travel.matching.passing import MAX_WINDOW_DAYS, check_query
from travel.places.forms import PlaceField
from travel.topics.models import Topic
from travel.trips.models import MAX_RADIUS_KM


class PassingThroughForm(forms.Form):
    place = PlaceField(label=_("Place"))
    radius_km = forms.IntegerField(
        label=_("Radius (km)"), min_value=1, max_value=MAX_RADIUS_KM, initial=30
    )
    start = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(
        label=_("Until"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=format_lazy(_("At most {days} days."), days=MAX_WINDOW_DAYS),
    )
    topics = forms.ModelMultipleChoiceField(
        label=_("Topics"),
        queryset=Topic.objects.filter(approved=True),
        required=False,
        to_field_name="slug",
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave empty for every topic."),
    )

    @classmethod
    def initial_data(cls, place_id: int | None = None) -> dict:
        today = timezone.localdate()
        return {
            "radius_km": 30,
            "start": today,
            "end": today + timedelta(days=28),
            "place": place_id,
        }

    def clean(self) -> dict:
        data = super().clean() or {}
        if not self.errors:
            try:
                check_query(
                    place=data["place"],
                    radius_km=data["radius_km"],
                    start=data["start"],
                    end=data["end"],
                )
            except forms.ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    self.add_error(field if field in self.fields else None, errors)
        return data
