from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from travel.outbox.models import OutboxMessage


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    """Read-only: to see what is stuck and why (bodies are shown, addresses are not)."""

    list_display = ("key", "created", "attempts", "next_attempt_at", "sent_at", "last_error")
    list_filter = (("sent_at", admin.EmptyFieldListFilter),)
    search_fields = ("key",)
    readonly_fields = [f.name for f in OutboxMessage._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
