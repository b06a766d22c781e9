from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from travel.collectives.models import Collective
from travel.collectives.selectors import MAX_SEARCH_RADIUS_KM
from travel.places.forms import PlaceField
from travel.topics.models import Topic


class CollectiveForm(forms.ModelForm):
    home_place = PlaceField(kind="city", label=_("Home city"))
    radius_km = forms.IntegerField(
        label=_("Area radius (km)"), min_value=1, max_value=200, initial=30
    )

    class Meta:
        model = Collective
        fields = [
            "name",
            "home_place",
            "radius_km",
            "topics",
            "description",
            "website",
            "open_to_meet",
        ]
        widgets = {
            "topics": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 5}),
        }


class CollectiveSearchForm(forms.Form):
    q = forms.CharField(label=_("Name"), required=False, max_length=100)
    place = PlaceField(label=_("Near"), required=False)
    radius_km = forms.IntegerField(
        label=_("Radius (km)"),
        min_value=1,
        max_value=MAX_SEARCH_RADIUS_KM,
        initial=50,
        required=False,
    )
    topic = forms.ModelChoiceField(
        label=_("Topic"),
        queryset=Topic.objects.filter(approved=True),
        required=False,
        to_field_name="slug",
        empty_label=_("Any topic"),
    )


class InviteMemberForm(forms.Form):
    user = forms.CharField(
        label=_("Member id"),
        max_length=64,
        help_text=_("Paste the member id from their profile link."),
    )
    message = forms.CharField(
        label=_("Message"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class JoinForm(forms.Form):
    message = forms.CharField(
        label=_("A few words for the admins (optional)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
