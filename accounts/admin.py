"""Admin for members and their own data. Moderation (reports, the audit log,
suspensions) lives in accounts/admin_moderation.py."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts import moderation
from accounts.models import ApiToken, Block, Connection, ContactChannel, User
from travel import events


class MemberCreationForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email",)


class MemberChangeForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


class ContactInline(admin.TabularInline):
    model = ContactChannel
    extra = 0
    fields = ("kind", "value", "visibility")


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    add_form = MemberCreationForm
    form = MemberChangeForm
    ordering = ("email",)
    list_display = (
        "email",
        "display_name",
        "is_suspended",
        "flagged_at",
        "is_staff",
        "is_active",
        "date_joined",
    )
    list_filter = (
        "is_suspended",
        "is_staff",
        "is_active",
        ("flagged_at", admin.EmptyFieldListFilter),
    )
    search_fields = ("email", "display_name", "public_id")
    readonly_fields = ("public_id", "last_login", "date_joined", "home_cell")
    raw_id_fields = ("home_place",)
    filter_horizontal = ("topics", "groups", "user_permissions")
    inlines = [ContactInline]
    fieldsets = (
        (None, {"fields": ("email", "password", "public_id")}),
        (
            _("Profile"),
            {
                "fields": (
                    "display_name",
                    "pronouns",
                    "bio",
                    "home_place",
                    "home_radius_km",
                    "home_cell",
                    "languages",
                    "topics",
                    "open_to_meet",
                    "discoverable",
                    "support_link",
                    "profile_visibility",
                )
            },
        ),
        (_("Safety"), {"fields": ("is_suspended", "flagged_at")}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)
    actions = ["restore_members"]

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        """Edits here go the way of the services: a suspension through moderation (which
        logs it and tells the listeners), other profile fields as `profile_changed`."""
        super().save_related(request, form, formsets, change)
        if not change:
            return
        user = form.instance
        if "is_suspended" in form.changed_data:
            if user.is_suspended:
                moderation.member_suspend(user=user, moderator=request.user, note="admin edit")
            else:
                moderation.member_restore(user=user, moderator=request.user, note="admin edit")
        fields = set(form.changed_data) - {"is_suspended", "password", "flagged_at"}
        if fields:
            events.emit(events.profile_changed, user_id=user.pk, fields=frozenset(fields))

    @admin.action(description=_("Lift the suspension"))
    def restore_members(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        for user in queryset.filter(is_suspended=True):
            moderation.member_restore(user=user, moderator=request.user)
        self.message_user(request, gettext("Suspension lifted."), messages.SUCCESS)


@admin.register(ContactChannel)
class ContactChannelAdmin(admin.ModelAdmin):
    list_display = ("user", "kind", "value", "visibility")
    list_filter = ("kind", "visibility")
    search_fields = ("user__email", "value")
    raw_id_fields = ("user",)


@admin.register(Block)
class BlockAdmin(admin.ModelAdmin):
    list_display = ("blocker", "blocked", "created")
    search_fields = ("blocker__email", "blocked__email")
    raw_id_fields = ("blocker", "blocked")
    date_hierarchy = "created"

    def save_model(self, request: HttpRequest, obj: Block, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        events.emit(events.block_created, blocker_id=obj.blocker_id, blocked_id=obj.blocked_id)

    def delete_model(self, request: HttpRequest, obj: Block) -> None:
        pair = {"blocker_id": obj.blocker_id, "blocked_id": obj.blocked_id}
        super().delete_model(request, obj)
        events.emit(events.block_removed, **pair)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Block]) -> None:
        pairs = list(queryset.values_list("blocker_id", "blocked_id"))
        super().delete_queryset(request, queryset)
        for blocker_id, blocked_id in pairs:
            events.emit(events.block_removed, blocker_id=blocker_id, blocked_id=blocked_id)


@admin.register(Connection)
class ConnectionAdmin(admin.ModelAdmin):
    list_display = ("user_low", "user_high", "reason", "created")
    list_filter = ("reason",)
    search_fields = ("user_low__email", "user_high__email")
    raw_id_fields = ("user_low", "user_high")


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens can be looked at and revoked (deleted), never read or made here: only a
    hash is stored, and a token is created by its owner in settings or the command."""

    list_display = ("name", "user", "prefix", "created", "last_used")
    search_fields = ("user__email", "name", "prefix")
    fields = ("user", "name", "prefix", "created", "last_used")
    readonly_fields = fields
    raw_id_fields = ("user",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


# Moderation admin (reports, audit log, suspensions) lives in its own module.
from accounts import admin_moderation  # noqa: E402, F401
