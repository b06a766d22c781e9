"""The one rule for every text a member stores (issue 14).

Every stored text goes through `clean_text`: the API, the pages, the admin, the demo and
federation get the same answer because the rule sits on the model fields themselves.

- NUL and the other C0/C1 control characters are refused (PostgreSQL cannot store NUL,
  XML feeds cannot hold most of them, terminals act on them). Multi-line fields keep
  tab, newline and carriage return.
- Lone surrogates and Unicode non-characters are refused (they cannot be encoded, and
  XML cannot hold U+FFFE/U+FFFF).
- Text is normalised to NFC, so "é" typed two ways is one name.
- Names and titles also refuse bidi controls (U+202A–U+202E, U+2066–U+2069, U+200E,
  U+200F, U+061C) and invisible characters (zero-width space, word joiner, BOM…),
  which let "\u202eecilA" pass for "Alice" or hide "Admin" behind a zero-width space.
  A zero-width joiner or non-joiner inside a word stays: emoji sequences and Persian
  spellings need them.

The model fields below carry the rule (in `full_clean`, and again in `pre_save`, so no
path can store a refused text), and TextFields also enforce
their `max_length` (Django's TextField only passes it to form widgets). API schemas take
their limits from the models with `max_length(Model, "field")`.

This module imports only Django: every app, `accounts` and below included, may use it.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from django.core import validators
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

MULTILINE_KEEP = frozenset("\t\n\r")
# Bidi embeddings, overrides, isolates and marks.
BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
# Joiners that are part of a word (emoji sequences, Persian, Indic scripts).
JOINERS = frozenset("\u200c\u200d")


def _name(ch: str) -> str:
    return f"U+{ord(ch):04X}"


def _is_noncharacter(code: int) -> bool:
    return 0xFDD0 <= code <= 0xFDEF or (code & 0xFFFE) == 0xFFFE


def problem(value: str, *, multiline: bool = False, name: bool = False) -> str | None:
    """Why `value` may not be stored, for a person; None when it may."""
    for i, ch in enumerate(value):
        category = unicodedata.category(ch)
        if category == "Cc" and not (multiline and ch in MULTILINE_KEEP):
            if ch in MULTILINE_KEEP:
                return str(_("Keep this on one line (it contains a line break or a tab)."))
            return str(
                _("Remove the control character %(char)s: it cannot be stored.")
                % {"char": _name(ch)}
            )
        if category == "Cs" or _is_noncharacter(ord(ch)):
            return str(
                _("Remove the character %(char)s: it cannot be stored.") % {"char": _name(ch)}
            )
        if name and category == "Cf":
            if ch in BIDI:
                return str(
                    _(
                        "Remove the text-direction character %(char)s: names and titles "
                        "may not change the direction of text."
                    )
                    % {"char": _name(ch)}
                )
            inside_word = (
                ch in JOINERS
                and 0 < i < len(value) - 1
                and not value[i - 1].isspace()
                and not value[i + 1].isspace()
            )
            tag = 0xE0020 <= ord(ch) <= 0xE007F  # emoji tag sequences (subdivision flags)
            if not (inside_word or tag):
                return str(
                    _(
                        "Remove the invisible character %(char)s: names and titles must "
                        "show every character they contain."
                    )
                    % {"char": _name(ch)}
                )
    return None


def clean_text(value: str, *, multiline: bool = False, name: bool = False) -> str:
    """`value` in NFC, or ValidationError saying which character is refused and why."""
    value = unicodedata.normalize("NFC", value)
    why = problem(value, multiline=multiline, name=name)
    if why is not None:
        raise ValidationError(why, code="text_rule")
    return value


def xml_safe(value: str) -> str:
    """`value` without the characters XML 1.0 cannot hold (for feeds and calendars,
    defence in depth: stored texts already passed `clean_text`)."""
    return "".join(
        ch
        for ch in value
        if ch in "\t\n\r"
        or 0x20 <= ord(ch) <= 0xD7FF
        or 0xE000 <= ord(ch) <= 0xFFFD
        or 0x10000 <= ord(ch) <= 0x10FFFF
    )


def max_length(model: type[models.Model], field: str) -> int:
    """The stored limit of `model.field`, for API schemas (one source of truth)."""
    limit = model._meta.get_field(field).max_length  # type: ignore[union-attr]
    assert limit is not None, f"{model.__name__}.{field} has no max_length"
    return int(limit)


class _TextRule:
    """What NameField, LineField and ProseField share.

    `to_python` only normalises (it also prepares lookup values, which must not
    raise); `validate` (run by `full_clean`) and `pre_save` refuse.
    """

    multiline = False
    is_name = False

    def _check(self, value: Any) -> Any:
        if isinstance(value, str):
            return clean_text(value, multiline=self.multiline, name=self.is_name)
        return value

    def to_python(self, value: Any) -> Any:
        value = super().to_python(value)  # type: ignore[misc]
        return unicodedata.normalize("NFC", value) if isinstance(value, str) else value

    def validate(self, value: Any, model_instance: models.Model | None) -> None:
        super().validate(value, model_instance)  # type: ignore[misc]
        self._check(value)

    def pre_save(self, model_instance: models.Model, add: bool) -> Any:
        value = super().pre_save(model_instance, add)  # type: ignore[misc]
        try:
            cleaned = self._check(value)
        except ValidationError as exc:
            raise ValidationError({self.attname: exc.messages}) from None  # type: ignore[attr-defined]
        if cleaned != value:
            setattr(model_instance, self.attname, cleaned)  # type: ignore[attr-defined]
        return cleaned


class NameField(_TextRule, models.CharField):
    """A name or title: one line, no bidi controls or invisible characters."""

    is_name = True


class LineField(_TextRule, models.CharField):
    """Any other one-line text (a venue, languages spoken, an address line)."""


class ProseField(_TextRule, models.TextField):
    """Multi-line text (descriptions, bio, messages): tabs and line breaks allowed, and
    its max_length enforced on the model, not only in forms."""

    multiline = True

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.max_length is not None:
            self.validators.append(validators.MaxLengthValidator(self.max_length))


def shortlist(values: list[str], *, most: int = 3, width: int = 40) -> str:
    """A few of `values` for an error message ("a, b, c and 135 more"): a message
    never echoes a whole hostile list back."""
    shown = [v if len(v) <= width else v[: width - 1] + "…" for v in values[:most]]
    text = ", ".join(shown)
    if len(values) > most:
        text += " " + str(_("and %(n)d more") % {"n": len(values) - most})
    return text
