from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.selectors import invitable_member
from travel.collectives import registry
from travel.collectives.forms import (
    CollectiveForm,
    CollectiveSearchForm,
    InviteMemberForm,
    JoinForm,
)
from travel.collectives.models import Collective, Membership
from travel.collectives.selectors import (
    collective_for_viewer,
    collectives_search,
    invitations_for_user,
    members_for_viewer,
    membership_calendar_by_token,
    membership_of,
    my_collectives,
    offer_for_viewer,
    pending_offer_for_user,
    pending_offers_for_admin,
)
from travel.collectives.services import (
    collective_create,
    collective_invite,
    collective_request_join,
    collective_update,
    join_offer_accept,
    join_offer_decline,
    membership_calendar_get,
    membership_calendar_reset,
    membership_leave,
    membership_remove,
    membership_set_role,
)


def _collective_or_404(request: HttpRequest, public_id: Any) -> Collective:
    collective = collective_for_viewer(viewer=request.user, public_id=public_id)
    if collective is None:
        raise Http404
    return collective


def _errors(request: HttpRequest, exc: ValidationError | PermissionDenied) -> None:
    messages.error(request, " ".join(getattr(exc, "messages", None) or [str(exc)]))


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    form = CollectiveSearchForm(request.GET or None)
    results: list[Collective] = []
    searched = bool(request.GET)
    if searched and form.is_valid():
        data = form.cleaned_data
        results = collectives_search(
            viewer=request.user,
            place=data["place"],
            radius_km=data["radius_km"] or 50,
            topic_slug=data["topic"].slug if data["topic"] else None,
            q=data["q"],
        )
    return render(
        request,
        "collectives/index.html",
        {
            "form": form,
            "results": results,
            "searched": searched,
            "mine": my_collectives(user=request.user),
            "invitations": invitations_for_user(user=request.user),
        },
    )


@login_required
def create(request: HttpRequest) -> HttpResponse:
    form = CollectiveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            collective = collective_create(
                creator=request.user,  # type: ignore[arg-type]
                name=data["name"],
                home_place=data["home_place"],
                description=data["description"],
                radius_km=data["radius_km"],
                topics=data["topics"],
                open_to_meet=data["open_to_meet"],
                website=data["website"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Your collective is set up. Invite your members."))
            return redirect("collectives:detail", public_id=collective.public_id)
    return render(request, "collectives/form.html", {"form": form, "collective": None})


@login_required
def edit(request: HttpRequest, public_id: Any) -> HttpResponse:
    collective = _collective_or_404(request, public_id)
    membership = membership_of(user=request.user, collective=collective)
    if membership is None or membership.role != Membership.Role.ADMIN:
        raise Http404
    form = CollectiveForm(request.POST or None, instance=Collective.objects.get(pk=collective.pk))
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.changed_data}
        try:
            collective_update(collective=collective, actor=request.user, data=data)  # type: ignore[arg-type]
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("collectives:detail", public_id=collective.public_id)
    return render(request, "collectives/form.html", {"form": form, "collective": collective})


@login_required
@require_GET
def detail(request: HttpRequest, public_id: Any) -> HttpResponse:
    collective = _collective_or_404(request, public_id)
    membership = membership_of(user=request.user, collective=collective)
    is_admin = membership is not None and membership.role == Membership.Role.ADMIN
    context: dict[str, Any] = {
        "collective": collective,
        "membership": membership,
        "is_admin": is_admin,
        "members": members_for_viewer(viewer=request.user, collective=collective),
        "pending": pending_offer_for_user(user=request.user, collective=collective),
        "join_form": JoinForm(),
        **registry.detail_context(request.user, collective),
    }
    if membership is not None:
        calendar = membership_calendar_get(membership=membership)
        context["calendar_url"] = settings.SITE_URL + reverse(
            "collectives:calendar", args=[calendar.token]
        )
    if is_admin:
        context["offers"] = pending_offers_for_admin(collective=collective, viewer=request.user)
        context["invite_form"] = InviteMemberForm()
    return render(request, "collectives/detail.html", context)


@login_required
@require_POST
def join(request: HttpRequest, public_id: Any) -> HttpResponse:
    collective = _collective_or_404(request, public_id)
    form = JoinForm(request.POST)
    message = form.cleaned_data["message"] if form.is_valid() else ""
    try:
        offer = collective_request_join(collective=collective, user=request.user, message=message)  # type: ignore[arg-type]
    except ValidationError as exc:
        _errors(request, exc)
    else:
        if offer.status == offer.Status.ACCEPTED:
            messages.success(request, _("Welcome: you are a member now."))
        else:
            messages.success(request, _("Your request is sent to the admins."))
    return redirect("collectives:detail", public_id=collective.public_id)


@login_required
@require_POST
def leave(request: HttpRequest, public_id: Any) -> HttpResponse:
    collective = _collective_or_404(request, public_id)
    try:
        membership_leave(collective=collective, user=request.user)  # type: ignore[arg-type]
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("You left the collective."))
    return redirect("collectives:detail", public_id=collective.public_id)


@login_required
@require_POST
def invite(request: HttpRequest, public_id: Any) -> HttpResponse:
    collective = _collective_or_404(request, public_id)
    form = InviteMemberForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Paste the member id of the person to invite."))
        return redirect("collectives:detail", public_id=collective.public_id)
    invitee = invitable_member(viewer=request.user, public_id=form.cleaned_data["user"].strip())
    try:
        if invitee is None:
            raise ValidationError({"user": _("No such member.")})
        collective_invite(
            collective=collective,
            actor=request.user,  # type: ignore[arg-type]
            invitee=invitee,
            message=form.cleaned_data["message"],
        )
    except PermissionDenied as exc:
        raise Http404 from exc
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("%(name)s is invited.") % {"name": invitee.name})
    return redirect("collectives:detail", public_id=collective.public_id)


@login_required
@require_POST
def answer(request: HttpRequest, public_id: Any, offer_id: Any, verdict: str) -> HttpResponse:
    if verdict not in ("accept", "decline"):
        raise Http404
    collective = _collective_or_404(request, public_id)
    offer = offer_for_viewer(viewer=request.user, collective=collective, public_id=offer_id)
    if offer is None:
        raise Http404
    try:
        if verdict == "accept":
            join_offer_accept(offer=offer, actor=request.user)  # type: ignore[arg-type]
            messages.success(request, _("Accepted."))
        else:
            join_offer_decline(offer=offer, actor=request.user)  # type: ignore[arg-type]
            messages.success(request, _("Declined."))
    except (ValidationError, PermissionDenied) as exc:
        _errors(request, exc)
    return redirect("collectives:detail", public_id=collective.public_id)


@login_required
@require_POST
def member_action(request: HttpRequest, public_id: Any, user_id: Any) -> HttpResponse:
    """Admins: make someone an admin or a member, or remove them."""
    collective = _collective_or_404(request, public_id)
    target = next(
        (
            m.user
            for m in members_for_viewer(viewer=request.user, collective=collective)
            if str(m.user.public_id) == str(user_id)
        ),
        None,
    )
    if target is None:
        raise Http404
    action = request.POST.get("action", "")
    try:
        if action == "remove":
            membership_remove(collective=collective, actor=request.user, user=target)  # type: ignore[arg-type]
        elif action in (Membership.Role.ADMIN, Membership.Role.MEMBER):
            membership_set_role(collective=collective, actor=request.user, user=target, role=action)  # type: ignore[arg-type]
        else:
            raise ValidationError({"action": _("Unknown action.")})
    except PermissionDenied as exc:
        raise Http404 from exc
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("Saved."))
    return redirect("collectives:detail", public_id=collective.public_id)


@login_required
@require_POST
def calendar_reset(request: HttpRequest, public_id: Any) -> HttpResponse:
    collective = _collective_or_404(request, public_id)
    membership = membership_of(user=request.user, collective=collective)
    if membership is None:
        raise Http404
    membership_calendar_reset(membership=membership)
    messages.success(request, _("Your calendar link is new: the old one no longer works."))
    return redirect("collectives:detail", public_id=collective.public_id)


@require_GET
def calendar(request: HttpRequest, token: str) -> HttpResponse:
    """A member's private feed of the collective's meet-ups they may see. Never venues:
    a feed shared among a collective's members is too easy to pass on."""
    row = membership_calendar_by_token(token=token)
    if row is None or row.membership.user.is_suspended:
        raise Http404
    collective = row.membership.collective
    body = registry.calendar(row.membership.user, collective)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response
