"""The member's own pages (settings, profile, contacts, blocks, tokens, data rights)
and other members' profiles. Thin: parse, call one service or selector, render."""

from __future__ import annotations

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import photos, registry, selectors, services
from accounts.contacts import contact_link
from accounts.data_rights import account_delete, export_json
from accounts.forms import (
    AccountDeleteForm,
    ApiTokenForm,
    ContactChannelForm,
    PhotoForm,
    ProfileForm,
)
from accounts.models import ProfilePhoto, User


def _me(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


@login_required
@require_GET
def settings_page(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/settings.html")


@login_required
@require_http_methods(["GET", "POST"])
def profile_edit(request: HttpRequest) -> HttpResponse:
    user = _me(request)
    form = ProfileForm(request.POST if request.method == "POST" else None, instance=user)
    if request.method == "POST" and form.is_valid():
        data = {
            name: form.cleaned_data[name]
            for name in form.changed_data
            if name in services.PROFILE_FIELDS or name == "topics"
        }
        try:
            services.profile_update(
                user=user, data=data, new_topic_names=form.cleaned_data["new_topics"]
            )
        except ValidationError as exc:
            user.refresh_from_db()
            for field, errors in exc.message_dict.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
        else:
            messages.success(request, _("Your profile is saved."))
            return redirect("accounts:profile")
    status = 400 if form.errors else 200
    return render(request, "accounts/profile_form.html", {"form": form}, status=status)


@login_required
@require_GET
def member_profile(request: HttpRequest, public_id: str) -> HttpResponse:
    viewer = _me(request)
    member = selectors.member_for_viewer(viewer=viewer, public_id=public_id)
    if member is None:
        raise Http404
    contacts = [
        (contact, contact_link(contact))
        for contact in selectors.contacts_visible_to(viewer=viewer, owner=member)
    ]
    return render(
        request,
        "accounts/member_profile.html",
        {
            "member": member,
            "is_me": member.pk == viewer.pk,
            "topics": list(member.topics.all()),
            "contacts": contacts,
            "connected": member.pk != viewer.pk and selectors.are_connected(viewer, member),
            "sections": registry.profile_sections(viewer, member),
            "photo": selectors.photo_for_viewer(viewer=viewer, public_id=member.public_id),
        },
    )


@login_required
@require_GET
def member_photo(request: HttpRequest, public_id: str) -> HttpResponse:
    """The photo's bytes, after the same check as the profile and the photo's own
    visibility; never cached by shared caches."""
    photo = selectors.photo_for_viewer(viewer=_me(request), public_id=public_id)
    if photo is None:
        raise Http404
    data = ProfilePhoto.objects.filter(pk=photo.pk).values_list("image", flat=True).first()
    response = HttpResponse(bytes(data or b""), content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=300"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Disposition"] = 'inline; filename="photo.jpg"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def photo_edit(request: HttpRequest) -> HttpResponse:
    user = _me(request)
    current = ProfilePhoto.objects.filter(user=user).only("visibility", "width", "height").first()
    form = PhotoForm(
        request.POST or None,
        request.FILES or None,
        initial={"visibility": current.visibility if current else "members"},
    )
    if request.method == "POST":
        if request.POST.get("action") == "delete":
            photos.photo_delete(user=user)
            messages.success(request, _("Your photo is deleted."))
            return redirect("accounts:photo")
        if form.is_valid():
            try:
                if form.cleaned_data.get("photo"):
                    photos.photo_set(
                        user=user,
                        upload=form.cleaned_data["photo"],
                        visibility=form.cleaned_data["visibility"],
                    )
                    messages.success(request, _("Your photo is saved."))
                elif current is not None:
                    photos.photo_visibility_set(
                        user=user, visibility=form.cleaned_data["visibility"]
                    )
                    messages.success(request, _("Saved."))
                else:
                    form.add_error("photo", _("Choose a photo to upload."))
                    raise ValidationError("")
            except ValidationError as exc:
                if hasattr(exc, "error_dict"):
                    for field, errors in exc.message_dict.items():
                        for error in errors:
                            form.add_error(field if field in form.fields else None, error)
            else:
                return redirect("accounts:photo")
        return render(
            request, "accounts/photo.html", {"form": form, "current": current}, status=400
        )
    return render(request, "accounts/photo.html", {"form": form, "current": current})


@login_required
@require_POST
def member_block(request: HttpRequest, public_id: str) -> HttpResponse:
    viewer = _me(request)
    target = selectors.member_blockable_by(viewer=viewer, public_id=public_id)
    if target is None:
        raise Http404
    services.block_create(blocker=viewer, blocked=target)
    messages.success(
        request,
        _("%(name)s is blocked. Neither of you will see the other anywhere on Stopover.")
        % {"name": target.name},
    )
    return redirect("accounts:blocks")


# Contacts -----------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def contacts(request: HttpRequest) -> HttpResponse:
    user = _me(request)
    form = ContactChannelForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.contact_add(user=user, **form.cleaned_data)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
        else:
            messages.success(request, _("Contact added."))
            return redirect("accounts:contacts")
    return render(
        request,
        "accounts/contacts.html",
        {"form": form, "contacts": list(selectors.contacts_of(user=user))},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def contact_edit(request: HttpRequest, public_id: str) -> HttpResponse:
    contact = selectors.contact_of(user=_me(request), public_id=public_id)
    if contact is None:
        raise Http404
    form = ContactChannelForm(request.POST if request.method == "POST" else None, instance=contact)
    if request.method == "POST" and form.is_valid():
        try:
            services.contact_update(contact=contact, **form.cleaned_data)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
        else:
            messages.success(request, _("Contact saved."))
            return redirect("accounts:contacts")
    return render(
        request,
        "accounts/contact_form.html",
        {"form": form, "contact": contact},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def contact_delete(request: HttpRequest, public_id: str) -> HttpResponse:
    contact = selectors.contact_of(user=_me(request), public_id=public_id)
    if contact is None:
        raise Http404
    services.contact_remove(contact=contact)
    messages.success(request, _("Contact removed."))
    return redirect("accounts:contacts")


# Blocks -------------------------------------------------------------------------


@login_required
@require_GET
def blocks(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "accounts/blocks.html",
        {"blocks": list(selectors.blocks_made_by(user=_me(request)))},
    )


@login_required
@require_POST
def block_delete(request: HttpRequest, public_id: str) -> HttpResponse:
    if not services.block_remove(blocker=_me(request), blocked_public_id=public_id):
        raise Http404
    messages.success(request, _("The block is lifted."))
    return redirect("accounts:blocks")


# API tokens ---------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def tokens(request: HttpRequest) -> HttpResponse:
    user = _me(request)
    form = ApiTokenForm(request.POST if request.method == "POST" else None)
    new_token = None
    if request.method == "POST" and form.is_valid():
        try:
            _row, new_token = services.api_token_create(user=user, name=form.cleaned_data["name"])
        except ValidationError as exc:
            form.add_error("name", exc.message_dict.get("name", exc.messages))
        else:
            form = ApiTokenForm()
    return render(
        request,
        "accounts/tokens.html",
        {"form": form, "tokens": list(selectors.api_tokens_of(user=user)), "new_token": new_token},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    if not services.api_token_revoke(user=_me(request), token_id=token_id):
        raise Http404
    messages.success(request, _("The token is revoked: it no longer works."))
    return redirect("accounts:tokens")


# Data rights (P8) ---------------------------------------------------------------


@login_required
@require_GET
def data_page(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/data.html")


@login_required
@require_GET
def data_export(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(
        export_json(user=_me(request)), content_type="application/json; charset=utf-8"
    )
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="stopover-data-{stamp}.json"'
    return response


@login_required
@reauthentication_required
@require_http_methods(["GET", "POST"])
def account_delete_page(request: HttpRequest) -> HttpResponse:
    form = AccountDeleteForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        user = _me(request)
        account_delete(user=user)
        logout(request)
        messages.success(request, _("Your account and your data are deleted. Take care."))
        return redirect("home")
    return render(
        request,
        "accounts/delete.html",
        {"form": form},
        status=400 if form.errors else 200,
    )
