from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.contacts import MAX_CONTACT_LENGTH, contact_value_clean
from accounts.models import ApiToken, ContactChannel, User
from travel.places.forms import PlaceField
from travel.topics.models import Topic
from travel.topics.selectors import topics_pickable_by
from travel.topics.services import MAX_TOPIC_NAME

MAX_NEW_TOPICS = 5


class ProfileForm(forms.ModelForm):
    home_place = PlaceField(
        kind="city",
        required=False,
        label=_("Home place"),
        help_text=_("The city you live in or near. Only the city is shown, never an address."),
    )
    topics = forms.ModelMultipleChoiceField(
        queryset=Topic.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Topics you care about"),
    )
    new_topics = forms.CharField(
        required=False,
        max_length=(MAX_TOPIC_NAME + 2) * MAX_NEW_TOPICS,
        label=_("Add topics"),
        help_text=_("Not in the list? Type new ones, separated by commas."),
    )

    class Meta:
        model = User
        fields = [
            "display_name",
            "pronouns",
            "bio",
            "home_place",
            "home_radius_km",
            "languages",
            "topics",
            "open_to_meet",
            "discoverable",
            "support_link",
            "profile_visibility",
        ]
        widgets = {
            "bio": forms.Textarea(attrs={"rows": 5}),
            "profile_visibility": forms.RadioSelect,
        }
        help_texts = {
            "display_name": _("How other members see you. It need not be your legal name."),
            "open_to_meet": _("Travellers passing near your home place may be suggested to you."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A member's new topic shows only to those who use it until it is approved.
        self.fields["topics"].queryset = topics_pickable_by(self.instance).order_by("name")  # type: ignore[attr-defined]
        self.fields["topics"].label_from_instance = lambda topic: topic.display_name  # type: ignore[attr-defined]
        self.fields["home_radius_km"].widget.attrs.update({"min": 1, "max": 200})

    def clean_new_topics(self) -> list[str]:
        names = [" ".join(n.split()) for n in self.cleaned_data["new_topics"].split(",")]
        names = [n for n in names if n]
        if len(names) > MAX_NEW_TOPICS:
            raise ValidationError(
                _("Add at most %(n)d new topics at a time.") % {"n": MAX_NEW_TOPICS}
            )
        for name in names:
            if len(name) > MAX_TOPIC_NAME:
                raise ValidationError(
                    _("“%(name)s” is too long: topic names are at most %(n)d characters.")
                    % {"name": name[:20] + "…", "n": MAX_TOPIC_NAME}
                )
        return names


class ContactChannelForm(forms.ModelForm):
    value = forms.CharField(
        label=_("Address"),
        max_length=MAX_CONTACT_LENGTH,
        help_text=_(
            "Email: name@example.org · Matrix: @name:server · Fediverse: @name@host · "
            "Signal: +47 912 34 567 or name.42 · XMPP: name@example.org"
        ),
    )

    class Meta:
        model = ContactChannel
        fields = ["kind", "value", "visibility"]
        widgets = {"visibility": forms.RadioSelect}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind, value = data.get("kind"), data.get("value")
        if kind and value:
            try:
                data["value"] = contact_value_clean(kind, value)
            except ValidationError as exc:
                for field, messages in exc.message_dict.items():
                    for message in messages:
                        self.add_error(field if field in self.fields else None, message)
        return data


class ApiTokenForm(forms.ModelForm):
    class Meta:
        model = ApiToken
        fields = ["name"]
        help_texts = {"name": _("What will use it, e.g. “my calendar script”.")}


class AccountDeleteForm(forms.Form):
    """The member has just re-authenticated (allauth asks for the password, an
    authenticator code or a passkey); this form only makes the intent explicit."""

    confirm = forms.BooleanField(
        label=_("I understand that my account and my data will be deleted for good."),
    )
