"""Held messages for moderators: the flood guard's catch, to release or leave held."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import ModerationAction
from travel.messaging.models import Message
from travel.messaging.services import message_release


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    list_display = ["created", "sender", "recipient", "held", "hidden", "short_body"]
    list_filter = ["held", "hidden"]
    list_select_related = ["sender", "recipient"]
    search_fields = ["public_id", "sender__public_id"]
    readonly_fields = ["public_id", "conversation", "sender", "recipient", "body", "created"]
    fields = [*readonly_fields, "held", "hidden"]
    actions = ["release"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def get_queryset(self, request: HttpRequest) -> QuerySet[Message]:
        # Moderators see what was held or reported, not people's private conversations.
        return super().get_queryset(request).filter(held=True) | super().get_queryset(
            request
        ).filter(hidden=True)

    @admin.display(description=gettext_lazy("message"))
    def short_body(self, message: Message) -> str:
        return message.body[:80]

    @admin.action(description=gettext_lazy("Release: deliver the held messages"))
    def release(self, request: HttpRequest, queryset: QuerySet[Message]) -> None:
        released = 0
        with transaction.atomic():
            for message in queryset.filter(held=True).select_related("conversation"):
                if message_release(message=message):
                    released += 1
                    ModerationAction.objects.create(
                        moderator=request.user,  # type: ignore[misc]
                        action=ModerationAction.Action.RELEASE,
                        target_user=message.sender,
                        target_kind="message",
                        target_public_id=message.public_id,
                    )
        self.message_user(request, _("Released: %(n)d.") % {"n": released}, messages.SUCCESS)
