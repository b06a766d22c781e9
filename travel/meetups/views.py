from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from travel.meetups import feeds
from travel.meetups.forms import InviteForm, MeetupForm, NearForm, window
from travel.meetups.models import RSVP, Meetup
from travel.meetups.selectors import (
    attendees_for_viewer,
    can_invite,
    can_manage,
    can_see_venue,
    feed_user_by_token,
    invitable_member,
    invitation_of,
    invitations_for_organizer,
    invite_candidates,
    meetup_for_viewer,
    meetups_for_calendar,
    meetups_near,
    my_meetups,
    public_meetups,
    rsvp_of,
    yes_count,
)
from travel.meetups.services import (
    feed_token_get,
    feed_token_reset,
    invitation_create,
    meetup_cancel,
    meetup_create,
    meetup_update,
    rsvp_set,
)
from travel.places.models import Place
from travel.places.selectors import place_get
from travel.topics.models import Topic


def _meetup_or_404(request: HttpRequest, public_id: Any) -> Meetup:
    meetup = meetup_for_viewer(viewer=request.user, public_id=public_id)
    if meetup is None:
        raise Http404
    return meetup


def _form_errors(form: Any, exc: ValidationError) -> None:
    mapping = {"starts": "date", "ends": "end_time", "place": "place"}
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            name = mapping.get(field, field)
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


@login_required
@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    token = feed_token_get(user=request.user)  # type: ignore[arg-type]
    return render(
        request,
        "meetups/mine.html",
        {
            **my_meetups(user=request.user),
            "feed_url": settings.SITE_URL + reverse("meetups:feed", args=[token.token]),
        },
    )


@login_required
@require_POST
def feed_reset(request: HttpRequest) -> HttpResponse:
    feed_token_reset(user=request.user)  # type: ignore[arg-type]
    messages.success(request, _("Your calendar link is new: the old one no longer works."))
    return redirect("meetups:mine")


@login_required
def create(request: HttpRequest) -> HttpResponse:
    user = request.user
    if request.method == "POST":
        form = MeetupForm(request.POST, user=user)  # type: ignore[arg-type]
        if form.is_valid():
            try:
                meetup = meetup_create(
                    organizer=user,  # type: ignore[arg-type]
                    invitees=list(form.cleaned_data.get("invite") or []),
                    **form.service_data(),
                )
            except ValidationError as exc:
                _form_errors(form, exc)
            else:
                messages.success(request, _("Your meet-up is on."))
                return redirect("meetups:detail", public_id=meetup.public_id)
    else:
        initial = MeetupForm.initial_from_query(request.GET)
        form = MeetupForm(initial=initial, user=user)  # type: ignore[arg-type]
        if "invite" in form.fields:
            form.initial["invite"] = list(form.fields["invite"].queryset)  # type: ignore[attr-defined]
    return render(
        request,
        "meetups/form.html",
        {"form": form, "meetup": None},
        status=400 if form.errors else 200,
    )


@login_required
def edit(request: HttpRequest, public_id: Any) -> HttpResponse:
    meetup = _meetup_or_404(request, public_id)
    if not can_manage(user=request.user, meetup=meetup):
        raise Http404
    if request.method == "POST":
        form = MeetupForm(request.POST, user=request.user, meetup=meetup)  # type: ignore[arg-type]
        if form.is_valid():
            try:
                meetup_update(meetup=meetup, actor=request.user, data=form.service_data())  # type: ignore[arg-type]
            except ValidationError as exc:
                _form_errors(form, exc)
            else:
                messages.success(request, _("Saved."))
                return redirect("meetups:detail", public_id=meetup.public_id)
    else:
        form = MeetupForm(
            initial=MeetupForm.initial_from_meetup(meetup),
            user=request.user,  # type: ignore[arg-type]
            meetup=meetup,
        )
    return render(
        request,
        "meetups/form.html",
        {"form": form, "meetup": meetup},
        status=400 if form.errors else 200,
    )


def _attendance_context(request: HttpRequest, meetup: Meetup, error: str = "") -> dict:
    rsvp = rsvp_of(user=request.user, meetup=meetup)
    return {
        "meetup": meetup,
        "rsvp": rsvp,
        "invitation": invitation_of(user=request.user, meetup=meetup),
        "show_venue": can_see_venue(user=request.user, meetup=meetup),
        "attendees": attendees_for_viewer(viewer=request.user, meetup=meetup),
        "yes_count": yes_count(meetup=meetup),
        "answers": RSVP.Answer.choices,
        "error": error,
        "is_organizer": can_manage(user=request.user, meetup=meetup),
    }


@login_required
@require_GET
def detail(request: HttpRequest, public_id: Any) -> HttpResponse:
    meetup = _meetup_or_404(request, public_id)
    context = _attendance_context(request, meetup)
    if can_invite(user=request.user, meetup=meetup):
        context["invite_form"] = InviteForm()
        context["invite_candidates"] = invite_candidates(viewer=request.user, meetup=meetup)
        context["invitations"] = invitations_for_organizer(viewer=request.user, meetup=meetup)
    return render(request, "meetups/detail.html", context)


@login_required
@require_POST
def rsvp(request: HttpRequest, public_id: Any) -> HttpResponse:
    meetup = _meetup_or_404(request, public_id)
    error = ""
    try:
        rsvp_set(meetup=meetup, user=request.user, answer=request.POST.get("answer", ""))  # type: ignore[arg-type]
    except ValidationError as exc:
        error = " ".join(exc.messages)
    if request.htmx:  # type: ignore[attr-defined]
        meetup = _meetup_or_404(request, public_id)
        return render(
            request, "meetups/_attendance.html", _attendance_context(request, meetup, error)
        )
    if error:
        messages.error(request, error)
    return redirect("meetups:detail", public_id=meetup.public_id)


@login_required
@require_POST
def invite(request: HttpRequest, public_id: Any) -> HttpResponse:
    meetup = _meetup_or_404(request, public_id)
    if not can_invite(user=request.user, meetup=meetup):
        raise Http404
    form = InviteForm(request.POST)
    if form.is_valid():
        invitee = invitable_member(viewer=request.user, public_id=form.cleaned_data["user"].strip())
        if invitee is None:
            messages.error(request, _("No such member."))
        else:
            try:
                invitation_create(
                    meetup=meetup,
                    actor=request.user,  # type: ignore[arg-type]
                    invitee=invitee,
                    message=form.cleaned_data["message"],
                )
            except (ValidationError, PermissionDenied) as exc:
                messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
            else:
                messages.success(request, _("%(name)s is invited.") % {"name": invitee.name})
    else:
        messages.error(request, _("Choose a member to invite."))
    return redirect("meetups:detail", public_id=meetup.public_id)


@login_required
@require_POST
def cancel(request: HttpRequest, public_id: Any) -> HttpResponse:
    meetup = _meetup_or_404(request, public_id)
    if not can_manage(user=request.user, meetup=meetup):
        raise Http404
    meetup_cancel(meetup=meetup, actor=request.user)  # type: ignore[arg-type]
    messages.success(request, _("The meet-up is cancelled; people who were coming are told."))
    return redirect("meetups:detail", public_id=meetup.public_id)


@login_required
@require_GET
def event_ics(request: HttpRequest, public_id: Any) -> HttpResponse:
    meetup = _meetup_or_404(request, public_id)
    show = can_see_venue(user=request.user, meetup=meetup)
    body = feeds.ical([meetup], name=meetup.title, show_venue=lambda m: show)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="meetup.ics"'
    return response


@require_GET
def feed(request: HttpRequest, token: str) -> HttpResponse:
    """The private "my meet-ups" feed: the token in the URL is the only credential."""
    user = feed_user_by_token(token=token)
    if user is None:
        raise Http404
    meetups = meetups_for_calendar(user=user)
    # The feed holds what its owner organises or attends: they may see every venue.
    body = feeds.ical(meetups, name=_("My meet-ups"), show_venue=lambda m: True)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


@login_required
@require_GET
def near(request: HttpRequest) -> HttpResponse:
    form = NearForm(request.GET or None, initial={"radius_km": 30})
    results: list[Meetup] = []
    points: list[dict] = []
    searched = False
    if request.GET and form.is_valid():
        searched = True
        place: Place = form.cleaned_data["place"]
        tz = ZoneInfo(place.timezone or settings.TIME_ZONE)
        start, end = window(form.cleaned_data["start"], form.cleaned_data["end"], tz)
        topic = form.cleaned_data["topic"]
        results = meetups_near(
            viewer=request.user,
            place=place,
            radius_km=form.cleaned_data["radius_km"],
            start=start,
            end=end,
            topic_slug=topic.slug if topic else None,
        )
        points = _map_points(results)
    return render(
        request,
        "meetups/near.html",
        {"form": form, "results": results, "points": points, "searched": searched},
        status=400 if form.is_bound and form.errors else 200,
    )


def _map_points(meetups: list[Meetup]) -> list[dict]:
    """City-level points, one per city: the venue is never on the map."""
    by_place: dict[int, dict] = {}
    for meetup in meetups:
        place = meetup.place
        point = by_place.setdefault(
            place.pk, {"lat": place.lat, "lon": place.lon, "city": place.name, "meetups": []}
        )
        point["meetups"].append(
            {
                "title": meetup.title,
                "url": reverse("meetups:detail", args=[meetup.public_id]),
                "when": meetup.starts_local.strftime("%Y-%m-%d %H:%M"),
            }
        )
    return list(by_place.values())


@require_GET
def atom_place(request: HttpRequest, place_id: int) -> HttpResponse:
    place = place_get(place_id=place_id)
    if place is None:
        raise Http404
    body = feeds.atom(
        public_meetups(place=place),
        title=_("Public meet-ups in %(place)s") % {"place": place.label},
        link=reverse("meetups:near"),
        feed_url=request.path,
    )
    return HttpResponse(body, content_type="application/atom+xml; charset=utf-8")


@require_GET
def atom_topic(request: HttpRequest, slug: str) -> HttpResponse:
    topic = Topic.objects.filter(slug=slug).first()
    if topic is None:
        raise Http404
    body = feeds.atom(
        public_meetups(topic_slug=topic.slug),
        title=_("Public meet-ups about %(topic)s") % {"topic": topic.display_name},
        link=reverse("meetups:near"),
        feed_url=request.path,
    )
    return HttpResponse(body, content_type="application/atom+xml; charset=utf-8")
