from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from travel.places.models import Place


class ProfileForm(forms.ModelForm):
    home_place = forms.ModelChoiceField(
        queryset=Place.objects.all(),
        required=False,
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": _("Pick a place from the list.")},
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
        widgets = {"topics": forms.CheckboxSelectMultiple, "bio": forms.Textarea(attrs={"rows": 5})}
