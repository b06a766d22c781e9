"""The page "Import from a post": paste a post (or its address), see what we read, and
get the ordinary new-trip form filled with it. Nothing is saved until the member sends
that form, which the trips app saves exactly as any new trip (travel/trips/views.py).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts import selectors as account_selectors
from accounts import services as account_services
from accounts.contacts import contact_value_clean
from accounts.models import ContactChannel, User
from travel.federation.trip_import import (
    MAX_TEXT_CHARS,
    PostImportError,
    TripDraft,
    country_place,
    draft_from_text,
    draft_from_url,
)
from travel.places.models import Place
from travel.trips import views as trips_views
from travel.trips.forms import StopForm, TripForm, stop_formset
from travel.trips.models import DEFAULT_RADIUS_KM, MAX_STOPS

IMPORT_BUTTON = "import"


class PostImportForm(forms.Form):
    text = forms.CharField(
        label=_("The text of your post"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Copy and paste it, hashtags and all."),
    )
    url = forms.CharField(
        label=_("…or the post's address"),
        required=False,
        max_length=2000,
        widget=forms.URLInput(attrs={"inputmode": "url", "placeholder": "https://"}),
        help_text=_("A public post on Mastodon or another Fediverse server."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("text") or "").strip() and not (data.get("url") or "").strip():
            raise forms.ValidationError(_("Paste the text of your post, or its address."))
        return data


def _stop_initial(draft: TripDraft) -> list[dict[str, Any]]:
    """The draft's stops as rows of the ordinary stop editor."""
    takes = getattr(StopForm.base_fields["place"], "kind", None)
    rows = []
    for stop in draft.stops:
        place: Place | None = stop.place
        country: Place | None = None
        label = stop.label
        if stop.is_country:
            place, country = None, stop.place
        elif takes and str(stop.place.kind) not in str(takes).split(","):
            # The editor does not take this kind of place (a region): its country, labelled.
            place, country = None, country_place(stop.place.country_code)
            label = label or stop.place.name
        rows.append(
            {
                "place": place,
                "country": country,
                "label": label,
                "radius_km": DEFAULT_RADIUS_KM,
                "arrive": stop.arrive,
                "depart": stop.depart,
                "tentative": stop.tentative,
            }
        )
    return rows


def _preview(request: HttpRequest, draft: TripDraft) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]  # login_required
    form = TripForm(
        user=user,
        initial={
            "title": draft.title,
            "description": draft.description,
            "topics": draft.topics,
            "needs": draft.needs,
            "support_link": draft.support_link,
        },
    )
    return render(
        request,
        "federation/import_preview.html",
        {
            "draft": draft,
            "form": form,
            "formset": stop_formset(initial=_stop_initial(draft)),
            "max_stops": MAX_STOPS,
            "general_errors": [],
            "trip": None,
            "importing": True,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def trip_import(request: HttpRequest) -> HttpResponse:
    if request.method == "POST" and IMPORT_BUTTON not in request.POST:
        # The filled new-trip form (or one of its editor buttons) came back: the trips
        # app saves it, or shows it again with its errors, as for any new trip.
        return trips_views.trip_create(request)
    form = PostImportForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            today = timezone.localdate()
            url = form.cleaned_data["url"].strip()
            try:
                if url:
                    draft = draft_from_url(url, today=today)
                else:
                    draft = draft_from_text(form.cleaned_data["text"], today=today)
            except PostImportError as exc:
                form.add_error(exc.field, exc.message)
            else:
                return _preview(request, draft)
        status = 400
    return render(
        request,
        "federation/import.html",
        {"form": form, "max_chars": MAX_TEXT_CHARS, "import_button": IMPORT_BUTTON},
        status=status,
    )


@login_required
@require_POST
def trip_import_profile(request: HttpRequest) -> HttpResponse:
    """Adds what the member ticked of the post's support link and contacts to their
    profile: contacts visible to connections only (the P6 default), as in Settings."""
    user: User = request.user  # type: ignore[assignment]  # login_required
    added: list[str] = []
    problems: list[str] = []
    support = request.POST.get("support_link", "").strip()
    if support:
        try:
            account_services.profile_update(user=user, data={"support_link": support})
        except ValidationError as exc:
            problems.extend(exc.messages)
        else:
            added.append(support)
    have = {(c.kind, c.value) for c in account_selectors.contacts_of(user=user)}
    for item in request.POST.getlist("contact")[:20]:
        kind, _sep, value = item.partition(" ")
        if kind not in ContactChannel.Kind.values:
            continue
        try:
            if (kind, contact_value_clean(kind, value)) not in have:
                account_services.contact_add(user=user, kind=kind, value=value)
        except ValidationError as exc:
            problems.extend(exc.messages)
        else:
            added.append(value)
    if request.headers.get("HX-Request"):
        return render(
            request,
            "federation/_import_profile_done.html",
            {"added": added, "problems": problems},
            status=400 if problems and not added else 200,
        )
    for problem in problems:
        messages.error(request, problem)
    if added:
        messages.success(
            request,
            gettext("Added to your profile: %(items)s.") % {"items": ", ".join(added)},
        )
    return redirect("accounts:contacts")
