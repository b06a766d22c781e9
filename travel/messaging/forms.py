from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Reference, Report
from travel.messaging.models import MAX_BODY


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Message"),
        max_length=MAX_BODY,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": _("Write a message first."),
            "max_length": _("A message can be at most %(limit_value)d characters long."),
        },
    )


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("What is wrong?"),
        choices=[("", _("Choose a reason")), *Report.Reason.choices],
        error_messages={"required": _("Choose a reason so moderators know what to look at.")},
    )
    details = forms.CharField(
        label=_("Details (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Only moderators read this. The member is not told who reported them."),
    )


class ReferenceForm(forms.Form):
    kind = forms.ChoiceField(label=_("How do you know them?"), choices=Reference.Kind.choices)
    recommend = forms.TypedChoiceField(
        label=_("Would you recommend them?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    text = forms.CharField(
        label=_("Your reference"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("They will not see it until they have written theirs, or 14 days have passed."),
    )
