from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import User, Visibility
from travel.collectives.models import Collective
from travel.collectives.selectors import collectives_to_share_with
from travel.hosting.models import (
    MAX_CAPACITY,
    HostOffer,
    kinds_list,
)
from travel.places.forms import PlaceField
from travel.trips.models import PlaceKind, Stop


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class OfferForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=100,
        help_text=_("Shown to other members, e.g. “Sofa in a shared flat”. No street names."),
    )
    place = PlaceField(
        kind="city",
        required=False,
        label=_("City"),
        help_text=_("The city other members see. Leave empty to use the nearest one."),
    )
    address = forms.CharField(
        label=_("Exact address"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Private. Only travellers whose stay you accepted see it, from 7 days before "
            "they arrive until they leave."
        ),
    )
    exact_lat = forms.FloatField(
        label=_("Latitude"),
        min_value=-89.9,
        max_value=89.9,
        widget=forms.NumberInput(attrs={"step": "any", "class": "js-exact-lat"}),
    )
    exact_lon = forms.FloatField(
        label=_("Longitude"),
        min_value=-180,
        max_value=180,
        widget=forms.NumberInput(attrs={"step": "any", "class": "js-exact-lon"}),
    )
    kinds = forms.MultipleChoiceField(
        label=_("What you offer"), choices=PlaceKind.choices, widget=forms.CheckboxSelectMultiple
    )
    capacity = forms.IntegerField(label=_("Guests at a time"), min_value=1, max_value=MAX_CAPACITY)
    description = forms.CharField(
        label=_("About the place"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    animals = forms.CharField(label=_("Animals"), max_length=200, required=False)
    smoking = forms.ChoiceField(label=_("Smoking"), choices=HostOffer.Smoking.choices)
    accessibility = forms.CharField(label=_("Accessibility"), max_length=300, required=False)
    languages = forms.CharField(label=_("Languages"), max_length=200, required=False)
    status = forms.ChoiceField(label=_("Status"), choices=HostOffer.Status.choices)
    visibility = forms.ChoiceField(
        label=_("Who can see this offer"), choices=Visibility.choices, initial=Visibility.MEMBERS
    )
    collective = forms.ModelChoiceField(
        label=_("Collective"),
        queryset=Collective.objects.none(),
        required=False,
        help_text=_("With “Members of a collective”: which one."),
    )

    def __init__(self, *args: Any, host: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["collective"].queryset = collectives_to_share_with(  # type: ignore[attr-defined]
            user=host
        )

    @classmethod
    def initial_for(cls, offer: HostOffer) -> dict[str, Any]:
        """The host's own form: the only place the exact address is put into a page."""
        return {
            "title": offer.title,
            "place": offer.place,
            "address": offer.address,
            "exact_lat": offer.exact_lat,
            "exact_lon": offer.exact_lon,
            "kinds": kinds_list(offer.kinds),
            "capacity": offer.capacity,
            "description": offer.description,
            "animals": offer.animals,
            "smoking": offer.smoking,
            "accessibility": offer.accessibility,
            "languages": offer.languages,
            "status": offer.status,
            "visibility": offer.visibility,
            "collective": offer.collective,
        }


class AvailabilityForm(forms.Form):
    start = forms.DateField(label=_("First night"), widget=DateInput())
    end = forms.DateField(label=_("Last night"), widget=DateInput())


class StayRequestForm(forms.Form):
    arrive = forms.DateField(label=_("Arrive"), widget=DateInput())
    depart = forms.DateField(
        label=pgettext_lazy("departure date", "Leave"),
        widget=DateInput(),
        help_text=_("The morning you leave."),
    )
    guests = forms.IntegerField(label=_("Guests"), min_value=1, max_value=MAX_CAPACITY, initial=1)
    stop = forms.ModelChoiceField(
        label=_("For a stop of your trip"), queryset=Stop.objects.none(), required=False
    )
    message = forms.CharField(
        label=_("Message to the host"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Say who you are, why you travel, and when you would arrive."),
    )

    def __init__(self, *args: Any, traveller: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["stop"].queryset = Stop.objects.filter(  # type: ignore[attr-defined]
            trip__owner=traveller
        ).select_related("place", "trip")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("arrive") and data.get("depart") and data["depart"] <= data["arrive"]:
            self.add_error("depart", _("Leave at least one day after you arrive."))
        return data


class StayInvitationForm(forms.Form):
    """A host offers one of their open offers to a traveller for nights of a stop."""

    offer = forms.ModelChoiceField(label=_("Your place"), queryset=HostOffer.objects.none())
    stop = forms.ModelChoiceField(
        label=_("Stop"), queryset=Stop.objects.none(), to_field_name="public_id"
    )
    arrive = forms.DateField(label=_("Arrive"), widget=DateInput())
    depart = forms.DateField(
        label=pgettext_lazy("departure date", "Leave"),
        widget=DateInput(),
        help_text=_("The morning they leave."),
    )
    guests = forms.IntegerField(label=_("Guests"), min_value=1, max_value=MAX_CAPACITY, initial=1)
    message = forms.CharField(
        label=_("Message to the traveller"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Say who you are and what your place is like."),
    )

    def __init__(self, *args: Any, host: User, stops: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["offer"].queryset = HostOffer.objects.filter(  # type: ignore[attr-defined]
            host=host, status=HostOffer.Status.OPEN
        ).select_related("place")
        self.fields["stop"].queryset = stops  # type: ignore[attr-defined]
        self.fields["stop"].label_from_instance = lambda s: (  # type: ignore[attr-defined]
            f"{s.display_name} ({s.arrive:%Y-%m-%d} – {s.depart:%Y-%m-%d})"
        )


class SpotForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    lat = forms.FloatField(
        label=_("Latitude"),
        min_value=-89.9,
        max_value=89.9,
        widget=forms.NumberInput(attrs={"step": "any", "class": "js-exact-lat"}),
    )
    lon = forms.FloatField(
        label=_("Longitude"),
        min_value=-180,
        max_value=180,
        widget=forms.NumberInput(attrs={"step": "any", "class": "js-exact-lon"}),
    )
    kinds = forms.MultipleChoiceField(
        label=_("Good for"), choices=PlaceKind.choices, widget=forms.CheckboxSelectMultiple
    )
    notes = forms.CharField(
        label=_("Notes"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("How to find it, water, rules. A public place only: never someone's home."),
    )


class NearForm(forms.Form):
    place = PlaceField(kind="city", required=False, label=_("Near"))
