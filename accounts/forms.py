from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from travel.places.forms import PlaceField


class ProfileForm(forms.ModelForm):
    home_place = PlaceField(kind="city", required=False, label=_("Home place"))

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
