"""The trip form and its stop editor (a formset).

The forms only parse what was typed; the rules live in services, whose errors
("stops.2.depart") are put back on the right stop's field by `apply_service_errors`.
Editor actions (add, remove, move) rewrite the posted data and re-render it "quietly":
everything typed is kept and nothing is reported as wrong before the member saves.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import ErrorDict
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import User, Visibility
from travel.collectives.models import Collective
from travel.collectives.selectors import collectives_to_share_with
from travel.places.forms import PlaceField, PlacePickerWidget
from travel.topics.models import Topic
from travel.topics.selectors import topics_pickable_by
from travel.trips.models import DEFAULT_RADIUS_KM, MAX_RADIUS_KM, MAX_STOPS, PlaceKind, Trip
from travel.trips.services import STOP_KINDS_HELP, StopInput

STOPS_PREFIX = "stops"
# What a row of the editor carries (a move swaps the "where", the dates stay).
ROW_KEYS = (
    "id",
    "place",
    "place__text",
    "country",
    "country__text",
    "label",
    "radius_km",
    "arrive",
    "depart",
    "tentative",
)
WHERE_KEYS = (
    "id",
    "place",
    "place__text",
    "country",
    "country__text",
    "label",
    "radius_km",
    "tentative",
)


class _Quiet:
    """A form that, when quiet, renders what was posted without validating it."""

    quiet = False

    def full_clean(self) -> None:
        if self.quiet:
            self._errors = ErrorDict()  # type: ignore[attr-defined]
            self.cleaned_data: dict[str, Any] = {}
            return
        super().full_clean()  # type: ignore[misc]


class TripForm(_Quiet, forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=120,
        help_text=_("E.g. “By train from Tromsø to Berlin”."),
    )
    description = forms.CharField(
        label=_("About this trip"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Why you travel, what you would like to do on the way."),
    )
    topics = forms.ModelMultipleChoiceField(
        label=_("Topics"),
        queryset=Topic.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    needs = forms.MultipleChoiceField(
        label=_("What you need on the way"),
        choices=PlaceKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    visibility = forms.ChoiceField(
        label=_("Who can see this trip"),
        choices=Visibility.choices,
        initial=Visibility.MEMBERS,
        widget=forms.RadioSelect,
    )
    collective = forms.ModelChoiceField(
        label=_("Collective"),
        queryset=Collective.objects.none(),
        required=False,
        empty_label=_("Choose a collective"),
        help_text=_("With “Members of a collective”: which one."),
    )
    discoverable = forms.BooleanField(
        label=_("Discoverable by organizers"),
        required=False,
        help_text=_(
            "Members of a collective and moderators may see the cities and dates of this "
            "trip, never where you sleep. Everyone else sees only how many travellers "
            "pass through."
        ),
    )
    support_link = forms.URLField(
        label=_("Support link"),
        required=False,
        help_text=_("A donation page for this trip, if you have one."),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["collective"].queryset = collectives_to_share_with(  # type: ignore[attr-defined]
            user=user
        ).order_by("name")
        # A member's new topic shows only to those who use it until it is approved.
        self.fields["topics"].queryset = topics_pickable_by(user).order_by("name")  # type: ignore[attr-defined]

    @staticmethod
    def initial_for(trip: Trip) -> dict[str, Any]:
        return {
            "title": trip.title,
            "description": trip.description,
            "topics": list(trip.topics.all()),
            "needs": trip.need_list,
            "visibility": trip.visibility,
            "collective": trip.collective_id,
            "discoverable": trip.discoverable,
            "support_link": trip.support_link,
        }


class StopForm(_Quiet, forms.Form):
    # Shown once above the stops (not per row), the same words as the services' errors.
    kinds_help = STOP_KINDS_HELP

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    id = forms.UUIDField(required=False, widget=forms.HiddenInput)
    place = PlaceField(
        kind="city,region",
        required=False,
        label=_("Town or region"),
        widget=PlacePickerWidget(kind="city,region"),
    )
    country = PlaceField(
        kind="country",
        required=False,
        label=_("…or a whole country"),
        widget=PlacePickerWidget(kind="country"),
    )
    label = forms.CharField(
        label=_("Label"),
        required=False,
        max_length=80,
        help_text=_("Optional, e.g. “south Sweden”."),
    )
    radius_km = forms.IntegerField(
        label=_("Radius (km)"),
        required=False,
        initial=DEFAULT_RADIUS_KM,
        widget=forms.NumberInput(attrs={"min": 1, "max": MAX_RADIUS_KM, "inputmode": "numeric"}),
        help_text=_("For a town: how far from it you would go."),
    )
    arrive = forms.DateField(
        label=_("Arrive"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    depart = forms.DateField(
        label=pgettext_lazy("departure date", "Leave"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    tentative = forms.BooleanField(
        label=_("Tentative"), required=False, help_text=_("Maybe; not decided yet.")
    )

    def is_blank(self) -> bool:
        data = self.cleaned_data
        return not any(
            data.get(k) for k in ("id", "place", "country", "arrive", "depart", "label")
        ) and not self.data.get(self.add_prefix("place__text"))

    def to_input(self) -> StopInput:
        data = self.cleaned_data
        country = data.get("country")
        return StopInput(
            public_id=data.get("id"),
            place_id=data["place"].pk if data.get("place") else None,
            country=country.country_code if country else None,
            label=data.get("label") or "",
            radius_km=data.get("radius_km"),
            arrive=data.get("arrive"),
            depart=data.get("depart"),
            tentative=bool(data.get("tentative")),
        )


StopFormSet = forms.formset_factory(
    StopForm, extra=0, max_num=MAX_STOPS + 40, absolute_max=MAX_STOPS + 40
)


def stop_formset(data: QueryDict | None = None, *, initial: list | None = None) -> Any:
    return StopFormSet(data, initial=initial, prefix=STOPS_PREFIX)


def initial_stops(trip: Trip) -> list[dict[str, Any]]:
    return [
        {
            "id": s.public_id,
            "place": None if s.is_country else s.place,
            "country": s.place if s.is_country else None,
            "label": s.label,
            "radius_km": s.radius_km,
            "arrive": s.arrive,
            "depart": s.depart,
            "tentative": s.tentative,
        }
        for s in trip.stops.all()
    ]


def stop_inputs(formset: Any) -> tuple[list[StopInput], list[int]]:
    """The filled rows as service input, and each one's row index in the editor."""
    inputs, rows = [], []
    for index, form in enumerate(formset.forms):
        if form.is_blank():
            continue
        inputs.append(form.to_input())
        rows.append(index)
    return inputs, rows


def apply_service_errors(
    exc: ValidationError, *, form: forms.Form, formset: Any, rows: list[int]
) -> list[str]:
    """Put the service's errors on the fields they concern; returns errors about the
    stops as a whole (too many, none)."""
    general: list[str] = []
    for key, messages in exc.message_dict.items():
        for message in messages:
            if key.startswith("stops."):
                _, index, field = key.split(".", 2)
                target = formset.forms[rows[int(index)]]
                target.add_error(field if field in target.fields else None, message)
            elif key == "stops":
                general.append(message)
            elif key in form.fields:
                form.add_error(key, message)
            else:
                form.add_error(None, message)
    return general


def _rows(data: QueryDict) -> list[dict[str, str]]:
    try:
        total = int(data.get(f"{STOPS_PREFIX}-TOTAL_FORMS", "0"))
    except ValueError:
        total = 0
    total = max(0, min(total, MAX_STOPS + 40))
    return [
        {key: data.get(f"{STOPS_PREFIX}-{i}-{key}", "") for key in ROW_KEYS} for i in range(total)
    ]


def _iso_or_blank(text: str) -> str:
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        return ""


def editor_action(data: QueryDict, action: str) -> tuple[QueryDict, str, str]:
    """Apply an editor action ("add", "remove-2", "up-2", "down-2") to posted data.

    Returns the new data, the id of the element to focus afterwards, and a status
    message for screen readers. Moving a stop swaps where you go with the stop
    before or after; the dates stay in place, since stops are always in date order.
    """
    rows = _rows(data)
    verb, _sep, arg = action.partition("-")
    try:
        index = int(arg) if arg else -1
    except ValueError:
        index = -1
    focus, status = "", ""
    if verb == "add":
        last_depart = rows[-1]["depart"] if rows else ""
        row = {key: "" for key in ROW_KEYS}
        row["radius_km"] = str(DEFAULT_RADIUS_KM)
        # The next stop starts on the day you leave the last one.
        row["arrive"] = _iso_or_blank(last_depart)
        rows.append(row)
        focus = f"id_{STOPS_PREFIX}-{len(rows) - 1}-place"
        status = str(_("Stop %(number)s added.") % {"number": len(rows)})
    elif verb == "remove" and 0 <= index < len(rows):
        rows.pop(index)
        focus = "add-stop"
        status = str(_("Stop %(number)s removed.") % {"number": index + 1})
    elif verb in ("up", "down") and 0 <= index < len(rows):
        other = index - 1 if verb == "up" else index + 1
        if 0 <= other < len(rows):
            for key in WHERE_KEYS:
                rows[index][key], rows[other][key] = rows[other][key], rows[index][key]
            # Keep the focus on a move button of the moved stop (the same one if any).
            last = len(rows) - 1
            same_exists = (verb == "up" and other > 0) or (verb == "down" and other < last)
            focus = (
                f"{verb}-{other}" if same_exists else f"{'down' if verb == 'up' else 'up'}-{other}"
            )
            status = str(
                _("Moved to stop %(number)s; the dates stay where they were.")
                % {"number": other + 1}
            )
    new = data.copy()
    for key in [k for k in new if k.startswith(f"{STOPS_PREFIX}-")]:
        del new[key]
    new[f"{STOPS_PREFIX}-TOTAL_FORMS"] = str(len(rows))
    new[f"{STOPS_PREFIX}-INITIAL_FORMS"] = "0"
    new[f"{STOPS_PREFIX}-MIN_NUM_FORMS"] = "0"
    new[f"{STOPS_PREFIX}-MAX_NUM_FORMS"] = str(MAX_STOPS + 40)
    for i, row in enumerate(rows):
        for key, value in row.items():
            if value:
                new[f"{STOPS_PREFIX}-{i}-{key}"] = value
    return new, focus, status


def name_stop_errors(formset: Any) -> None:
    """Say which stop a parsing error is about ("Stop 2: Enter a valid date.")."""
    for index, form in enumerate(formset.forms):
        for field, errors in list(form.errors.items()):
            form.errors[field] = errors.__class__(
                [
                    _("Stop %(number)s: %(message)s") % {"number": index + 1, "message": m}
                    for m in errors
                ],
                field_id=getattr(errors, "field_id", None),
                renderer=getattr(errors, "renderer", None),
            )


def quiet(form: Any) -> Any:
    """Render posted data as it is, without errors (after an editor action)."""
    forms_ = form.forms if hasattr(form, "forms") else [form]
    for f in forms_:
        f.quiet = True
    return form
