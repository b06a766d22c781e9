"""The moderation queue in the admin: reports with dismiss / hide / suspend actions, and
the read-only audit log. Imported by accounts/admin.py (registers on the admin site)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import moderation
from accounts.models import ModerationAction, Report


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["created", "target_kind", "reason", "target_owner", "status", "handled_by"]
    list_filter = ["status", "target_kind", "reason"]
    search_fields = ["target_public_id", "target_owner__public_id", "target_owner__display_name"]
    ordering = ["status", "-created"]
    list_select_related = ["target_owner", "handled_by"]
    readonly_fields = [
        "public_id",
        "reporter",
        "target_kind",
        "target_public_id",
        "target_owner",
        "reason",
        "details",
        "status",
        "created",
        "handled_by",
        "handled_at",
    ]
    actions = ["dismiss", "hide_content", "suspend_member"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.action(description=gettext_lazy("Dismiss: nothing wrong"))
    def dismiss(self, request: HttpRequest, queryset: QuerySet[Report]) -> None:
        for report in queryset.filter(status=Report.Status.OPEN):
            moderation.report_dismiss(report=report, moderator=request.user)
        self.message_user(request, _("Dismissed."), messages.SUCCESS)

    @admin.action(description=gettext_lazy("Hide the reported content"))
    def hide_content(self, request: HttpRequest, queryset: QuerySet[Report]) -> None:
        hidden = skipped = 0
        for report in queryset.filter(status=Report.Status.OPEN):
            if moderation.report_hide(report=report, moderator=request.user):
                hidden += 1
            else:
                skipped += 1
        self.message_user(request, _("Hidden: %(n)d.") % {"n": hidden}, messages.SUCCESS)
        if skipped:
            self.message_user(
                request,
                _("%(n)d could not be hidden (members cannot be hidden: suspend them).")
                % {"n": skipped},
                messages.WARNING,
            )

    @admin.action(description=gettext_lazy("Suspend the member responsible"))
    def suspend_member(self, request: HttpRequest, queryset: QuerySet[Report]) -> None:
        for report in queryset.select_related("target_owner"):
            moderation.member_suspend(
                user=report.target_owner,
                moderator=request.user,
                report=report if report.status == Report.Status.OPEN else None,
            )
        self.message_user(request, _("Suspended."), messages.SUCCESS)


@admin.register(ModerationAction)
class ModerationActionAdmin(admin.ModelAdmin):
    list_display = ["created", "moderator", "action", "target_kind", "target_user", "report"]
    list_filter = ["action"]
    list_select_related = ["moderator", "target_user", "report"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
