from django.contrib import admin

from travel.federation.models import BlockedDomain, Delivery, RemoteInstance
from travel.federation.moderation import domain_block, domain_unblock


@admin.register(BlockedDomain)
class BlockedDomainAdmin(admin.ModelAdmin):
    """Moderators block a whole remote server here (its subdomains too)."""

    list_display = ("domain", "reason", "blocked_by", "created")
    search_fields = ("domain",)
    fields = ("domain", "reason")

    def save_model(self, request, obj, form, change):  # type: ignore[no-untyped-def]
        block = domain_block(domain=obj.domain, moderator=request.user, reason=obj.reason)
        obj.pk = block.pk

    def delete_model(self, request, obj):  # type: ignore[no-untyped-def]
        domain_unblock(domain=obj.domain)


@admin.register(RemoteInstance)
class RemoteInstanceAdmin(admin.ModelAdmin):
    """Read-only: delivery health per remote server."""

    list_display = ("domain", "failures", "last_failure", "dead_since", "accepts_rfc9421")
    search_fields = ("domain",)
    readonly_fields = [f.name for f in RemoteInstance._meta.fields]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ("activity", "inbox", "status", "attempts", "next_attempt", "sent", "last_error")
    list_filter = ("status",)
    search_fields = ("inbox", "domain")
    readonly_fields = [f.name for f in Delivery._meta.fields]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
