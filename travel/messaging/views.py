from __future__ import annotations

from typing import Any

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import Reference, Report
from accounts.moderation import target_owner
from accounts.selectors import member_for_viewer
from accounts.subjects import subject_participants
from travel.messaging import references, selectors, services
from travel.messaging.forms import MessageForm, ReferenceForm, ReportForm
from travel.messaging.selectors import Row


def _member_or_404(request: HttpRequest, public_id: Any):
    member = member_for_viewer(viewer=request.user, public_id=str(public_id))
    if member is None or member.pk == request.user.pk:
        raise Http404
    return member


def _row_or_404(request: HttpRequest, public_id: Any) -> Row:
    row = selectors.row_for(user=request.user, public_id=public_id)  # type: ignore[arg-type]
    if row is None:
        raise Http404
    return row


def _form_errors(form: Any, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            for error in errors:
                form.add_error(field if field in form.fields else None, error)
    else:
        form.add_error(None, exc)


@login_required
@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "messaging/inbox.html",
        {
            "rows": selectors.inbox_for(user=request.user),  # type: ignore[arg-type]
            "requests_count": selectors.requests_count(user=request.user),  # type: ignore[arg-type]
            "tab": "inbox",
        },
    )


@login_required
@require_GET
def requests_inbox(request: HttpRequest) -> HttpResponse:
    rows = selectors.requests_for(user=request.user)  # type: ignore[arg-type]
    return render(
        request,
        "messaging/requests.html",
        {"rows": rows, "requests_count": len(rows), "tab": "requests"},
    )


def _conversation_context(request: HttpRequest, row: Row, form: MessageForm) -> dict[str, Any]:
    items = selectors.recent_messages(user=request.user, conversation=row.conversation)  # type: ignore[arg-type]
    if row.unread:
        services.conversation_mark_read(side=row.side)
    return {"row": row, "items": items, "last": items[-1] if items else None, "form": form}


@login_required
@require_http_methods(["GET", "POST"])
def conversation(request: HttpRequest, public_id: Any) -> HttpResponse:
    row = _row_or_404(request, public_id)
    form = MessageForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.message_reply(
                    sender=request.user,  # type: ignore[arg-type]
                    conversation=row.conversation,
                    body=form.cleaned_data["body"],
                )
            except ValidationError as exc:
                _form_errors(form, exc)
        if request.htmx:  # type: ignore[attr-defined]
            return _poll_response(request, row, form=form)
        if form.is_valid() and not form.errors:
            return redirect("messaging:conversation", public_id=row.conversation.public_id)
        context = _conversation_context(request, row, form)
        return render(request, "messaging/conversation.html", context, status=400)
    return render(request, "messaging/conversation.html", _conversation_context(request, row, form))


def _poll_response(
    request: HttpRequest, row: Row, *, form: MessageForm | None = None
) -> HttpResponse:
    after = None
    after_id = request.POST.get("after") or request.GET.get("after")
    if after_id:
        after = selectors.message_in(
            user=request.user,  # type: ignore[arg-type]
            conversation=row.conversation,
            public_id=after_id,
        )
    items = selectors.messages_after(
        user=request.user,  # type: ignore[arg-type]
        conversation=row.conversation,
        after=after,
    )
    if items and row.side.unread_count:
        services.conversation_mark_read(side=row.side)
    last = items[-1] if items else after
    response = render(
        request,
        "messaging/_poll.html",
        {"row": row, "items": items, "last": last, "form": form, "replace_form": form is not None},
    )
    if form is not None and form.is_bound and not form.errors:
        response["HX-Trigger"] = "messageSent"
    return response


@login_required
@require_GET
def conversation_poll(request: HttpRequest, public_id: Any) -> HttpResponse:
    """New messages since `after`, appended by HTMX every few seconds."""
    return _poll_response(request, _row_or_404(request, public_id))


@login_required
@require_POST
def request_accept(request: HttpRequest, public_id: Any) -> HttpResponse:
    row = _row_or_404(request, public_id)
    if not row.is_request_for_me:
        raise Http404
    services.request_accept(side=row.side)
    flash.success(request, _("Accepted. You are now connected."))
    return redirect("messaging:conversation", public_id=row.conversation.public_id)


@login_required
@require_POST
def request_decline(request: HttpRequest, public_id: Any) -> HttpResponse:
    row = _row_or_404(request, public_id)
    if not row.is_request_for_me:
        raise Http404
    services.request_decline(side=row.side)
    flash.success(request, _("Declined. The sender is not told."))
    return redirect("messaging:requests")


@login_required
@require_http_methods(["GET", "POST"])
def compose(request: HttpRequest, public_id: Any) -> HttpResponse:
    member = _member_or_404(request, public_id)
    existing = selectors.existing_conversation(a=request.user, b=member)  # type: ignore[arg-type]
    if existing is not None and request.method == "GET":
        row = selectors.row_for(user=request.user, public_id=existing.public_id)  # type: ignore[arg-type]
        if row is not None:
            return redirect("messaging:conversation", public_id=existing.public_id)
    form = MessageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            message = services.message_send(
                sender=request.user,  # type: ignore[arg-type]
                recipient=member,
                body=form.cleaned_data["body"],
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            return redirect("messaging:conversation", public_id=message.conversation.public_id)
    status = 400 if form.errors else 200
    return render(
        request, "messaging/compose.html", {"member": member, "form": form}, status=status
    )


@login_required
@require_GET
def subject(request: HttpRequest, kind: str, subject_id: str) -> HttpResponse:
    """The conversation attached to something (a stay request…), as a partial for HTMX."""
    row = selectors.row_for_subject(user=request.user, kind=kind, subject_id=subject_id)  # type: ignore[arg-type]
    if row is None:
        # First visit: open the conversation if the viewer is one of the thing's two people.
        pair = subject_participants(viewer=request.user, kind=kind, subject_id=subject_id)
        if pair is None:
            raise Http404
        services.conversation_for_subject(a=pair[0], b=pair[1], kind=kind, subject_id=subject_id)
        row = selectors.row_for_subject(user=request.user, kind=kind, subject_id=subject_id)  # type: ignore[arg-type]
        if row is None:
            raise Http404
    context = _conversation_context(request, row, MessageForm())
    return render(request, "messaging/_thread.html", context)


@login_required
@require_POST
def mute_toggle(request: HttpRequest, public_id: Any) -> HttpResponse:
    member = _member_or_404(request, public_id)
    if request.POST.get("action") == "unmute":
        services.unmute(muter=request.user, muted=member)  # type: ignore[arg-type]
        flash.success(request, _("Unmuted."))
    else:
        services.mute(muter=request.user, muted=member)  # type: ignore[arg-type]
        flash.success(request, _("Muted. You will not see their messages; they are not told."))
    next_url = request.POST.get("next", "")
    if next_url.startswith("/") and not next_url.startswith("//"):
        return redirect(next_url)
    return redirect("messaging:inbox")


@login_required
@require_http_methods(["GET", "POST"])
def report(request: HttpRequest, kind: str, public_id: Any) -> HttpResponse:
    if kind not in Report.Kind.values:
        raise Http404
    owner = target_owner(viewer=request.user, kind=kind, public_id=str(public_id))
    if owner is None or owner.pk == request.user.pk:
        raise Http404
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_file(
                reporter=request.user,  # type: ignore[arg-type]
                kind=kind,
                public_id=public_id,
                reason=form.cleaned_data["reason"],
                details=form.cleaned_data["details"],
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            flash.success(request, _("Thank you. A moderator will look at your report."))
            return redirect("messaging:inbox")
    status = 400 if form.errors else 200
    return render(
        request,
        "messaging/report.html",
        {"form": form, "kind_label": Report.Kind(kind).label},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def reference_new(request: HttpRequest, public_id: Any) -> HttpResponse:
    member = _member_or_404(request, public_id)
    if not selectors.may_write_reference(author=request.user, subject=member):  # type: ignore[arg-type]
        raise Http404
    initial_kind = request.GET.get("kind", Reference.Kind.MET)
    if initial_kind not in Reference.Kind.values:
        initial_kind = Reference.Kind.MET
    occasion = (request.GET.get("occasion") or request.POST.get("occasion") or "")[:64]
    form = ReferenceForm(request.POST or None, initial={"kind": initial_kind, "recommend": "yes"})
    if occasion:
        del form.fields["kind"]  # a stay or meet-up says how they know each other
    if request.method == "POST" and form.is_valid():
        try:
            references.reference_write(
                author=request.user,  # type: ignore[arg-type]
                subject=member,
                kind=form.cleaned_data.get("kind", Reference.Kind.MET),
                recommend=form.cleaned_data["recommend"],
                text=form.cleaned_data["text"],
                occasion=occasion,
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            flash.success(request, _("Thank you. Your reference is saved."))
            return redirect("messaging:inbox")
    status = 400 if form.errors else 200
    return render(
        request,
        "messaging/reference_form.html",
        {"form": form, "member": member, "occasion": occasion},
        status=status,
    )
