"""Topics for moderators: approve a member's topic, or merge it into an existing one."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy

from travel.topics.models import Topic
from travel.topics.services import topic_approve, topic_merge


class TopicForm(forms.ModelForm):
    merge_into = forms.ModelChoiceField(
        queryset=Topic.objects.filter(approved=True),
        required=False,
        label=gettext_lazy("Merge into"),
        help_text=gettext_lazy(
            "Everyone using this topic gets the chosen one instead, and this one is removed."
        ),
    )

    class Meta:
        model = Topic
        fields = ["name", "slug", "parent", "approved"]


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    form = TopicForm
    list_display = ("name", "slug", "approved", "member_count", "created_by", "created")
    list_filter = ("approved",)
    search_fields = ("name", "slug")
    raw_id_fields = ("parent",)
    actions = ["approve"]

    @admin.action(description=gettext_lazy("Approve: show in everyone's topic pickers"))
    def approve(self, request: HttpRequest, queryset: QuerySet[Topic]) -> None:
        for topic in queryset:
            topic_approve(topic=topic)

    def save_model(self, request: HttpRequest, obj: Topic, form: Any, change: bool) -> None:
        into = form.cleaned_data.get("merge_into")
        if change and into is not None and into.pk != obj.pk:
            topic_merge(source=Topic.objects.get(pk=obj.pk), into=into)
            return
        super().save_model(request, obj, form, change)

    def response_change(self, request: HttpRequest, obj: Topic) -> Any:
        if not Topic.objects.filter(pk=obj.pk).exists():  # merged away
            from django.shortcuts import redirect

            return redirect("admin:topics_topic_changelist")
        return super().response_change(request, obj)
