"""The place picker: an accessible combobox (ARIA 1.2) whose options come from HTMX.

Use `PlaceField()` in any form. Without JavaScript it still works: the visible text box
is submitted as well, and the field resolves the typed name through the gazetteer.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from travel.places.models import Place
from travel.places.selectors import places_search


class PlacePickerWidget(forms.Widget):
    template_name = "places/_picker.html"

    def __init__(self, kind: str | None = None, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs)
        self.kind = kind

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        place = None
        if isinstance(value, Place):
            place = value
        elif value not in (None, ""):
            try:
                place = Place.objects.filter(pk=int(value)).first()
            except (TypeError, ValueError):
                place = None
        final = context["widget"]["attrs"]
        context["widget"].update(
            {
                "place": place,
                "kind": self.kind or "",
                "text_name": f"{name}__text",
                # A name that matched no place stays in the box, to be corrected.
                "typed": value[1:] if isinstance(value, str) and value.startswith("?") else "",
                "invalid": final.get("aria-invalid") == "true",
                "describedby": final.get("aria-describedby", ""),
            }
        )
        return context

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        value = data.get(name)
        if value:
            return value
        text = (data.get(f"{name}__text") or "").strip()
        if text:
            # No id (JavaScript off, or typed without choosing): resolve the name.
            found = places_search(q=text, limit=1, kind=self.kind.split(",") if self.kind else None)
            return found[0].pk if found else f"?{text}"
        return None

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return name not in data and f"{name}__text" not in data


class PlaceField(forms.ModelChoiceField):
    default_error_messages = {
        "invalid_choice": _(
            "We don't know that place. Type a few letters and pick one from the list."
        ),
    }

    def __init__(self, *, kind: str | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("queryset", Place.objects.all())
        kwargs.setdefault("widget", PlacePickerWidget(kind=kind))
        super().__init__(**kwargs)
        self.kind = kind

    def to_python(self, value: Any) -> Place | None:
        if isinstance(value, str) and value.startswith("?"):
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        place = super().to_python(value)
        if place is not None and self.kind and place.kind not in self.kind.split(","):
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return place
