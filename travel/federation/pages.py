"""The switches: a member's Person actor, a collective's Group actor (admins only)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from travel.collectives.selectors import collective_for_viewer
from travel.federation.actors import (
    federation_on,
    group_actor_set,
    is_collective_admin,
    key_rotate,
    person_actor_set,
    site_host,
)
from travel.federation.models import LocalActor


class PersonActorForm(forms.Form):
    enabled = forms.BooleanField(
        label=gettext_lazy("Be reachable on the Fediverse"),
        required=False,
        help_text=gettext_lazy(
            "People on Mastodon and other servers can follow you and write to you; their "
            "first messages land in your requests, like a stranger's here. Only your display "
            "name, and your meet-ups listed publicly, are shown."
        ),
    )
    show_bio = forms.BooleanField(
        label=gettext_lazy('Also show my "about me" text'), required=False
    )


class GroupActorForm(forms.Form):
    enabled = forms.BooleanField(
        label=gettext_lazy("Let the Fediverse follow this collective"),
        required=False,
        help_text=gettext_lazy(
            "Followers on Mastodon and other servers see the collective's name, description "
            "and home city, and its meet-ups listed publicly (title, city, date, time and "
            "topics; never the venue, the description or who comes)."
        ),
    )


def _handle(actor: LocalActor | None) -> str:
    return f"@{actor.username}@{site_host()}" if actor is not None and actor.enabled else ""


@login_required
@require_http_methods(["GET", "POST"])
def member_settings(request: HttpRequest) -> HttpResponse:
    actor = LocalActor.objects.filter(user_id=request.user.pk or 0).first()
    initial = {"enabled": bool(actor and actor.enabled), "show_bio": bool(actor and actor.show_bio)}
    form = PersonActorForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and federation_on() and form.is_valid():
        person_actor_set(
            user=request.user,  # type: ignore[arg-type]
            enabled=form.cleaned_data["enabled"],
            show_bio=form.cleaned_data["show_bio"],
        )
        messages.success(request, _("Saved."))
        return redirect("federation:member_settings")
    context: dict[str, Any] = {
        "form": form,
        "federation_on": federation_on(),
        "handle": _handle(actor),
        "actor": actor,
    }
    return render(request, "federation/member_settings.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def collective_settings(request: HttpRequest, public_id: Any) -> HttpResponse:
    collective = collective_for_viewer(viewer=request.user, public_id=public_id)
    if collective is None or not is_collective_admin(request.user, collective):  # type: ignore[arg-type]
        raise Http404
    actor = LocalActor.objects.filter(collective=collective).first()
    form = GroupActorForm(
        request.POST if request.method == "POST" else None,
        initial={"enabled": bool(actor and actor.enabled)},
    )
    if request.method == "POST" and federation_on() and form.is_valid():
        group_actor_set(
            collective=collective,
            actor=request.user,  # type: ignore[arg-type]
            enabled=form.cleaned_data["enabled"],
        )
        messages.success(request, _("Saved."))
        return redirect("federation:collective_settings", public_id=collective.public_id)
    context = {
        "form": form,
        "federation_on": federation_on(),
        "handle": _handle(actor),
        "collective": collective,
        "actor": actor,
    }
    return render(request, "federation/collective_settings.html", context)


@login_required
@require_POST
def member_key_rotate(request: HttpRequest) -> HttpResponse:
    actor = LocalActor.objects.filter(user_id=request.user.pk or 0, enabled=True).first()
    if actor is None or not federation_on():
        raise Http404
    key_rotate(actor=actor)
    messages.success(request, _("A new key was made; your followers' servers are told."))
    return redirect("federation:member_settings")
