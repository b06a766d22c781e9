"""Admin for members and their own data. Moderation (reports, the audit log,
suspensions) lives in accounts/admin_moderation.py."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from accounts.models import ApiToken, Block, Connection, ContactChannel, User


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
