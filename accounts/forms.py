from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.contacts import MAX_CONTACT_LENGTH, contact_value_clean
from accounts.models import ApiToken, ContactChannel, User, Visibility
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
            "discoverable": _(
                "Members of a collective and moderators may see the cities and dates of "
                "your trips, never where you sleep. Everyone else sees only how many "
                "travellers pass through."
            ),
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


class PhotoForm(forms.Form):
    photo = forms.FileField(
        label=_("Photo"),
        required=False,
        help_text=_(
            "A JPEG, PNG or WebP of at most 5 MB. We keep a smaller copy without its "
            "metadata (camera, date, GPS position)."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    visibility = forms.ChoiceField(
        label=_("Who can see my photo"),
        choices=Visibility.choices,
        initial=Visibility.MEMBERS,
        widget=forms.RadioSelect,
    )


class SignupDetailsForm(forms.Form):
    """What allauth's sign-up asks besides email and password (ACCOUNT_SIGNUP_FORM_CLASS):
    the name others see (and the welcome email uses), and the community guidelines."""

    display_name = forms.CharField(
        label=_("Display name"),
        max_length=80,
        help_text=_("How other members see you. It need not be your legal name."),
    )
    accept_guidelines = forms.BooleanField(
        label=_("I have read the community guidelines and will follow them"),
        error_messages={"required": _("Please read and accept the community guidelines.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from django.urls import reverse
        from django.utils.html import format_html

        super().__init__(*args, **kwargs)
        self.fields["accept_guidelines"].help_text = format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a>',
            reverse("guidelines"),
            _("Read the community guidelines (opens in a new tab)"),
        )

    def clean_display_name(self) -> str:
        name = " ".join(self.cleaned_data["display_name"].split())
        if not name:
            raise ValidationError(_("Choose a name others will see."))
        return name

    def signup(self, request: Any, user: User) -> None:
        from django.utils import timezone

        user.display_name = self.cleaned_data["display_name"]
        user.guidelines_accepted = timezone.now()
        user.save(update_fields=["display_name", "guidelines_accepted"])
