from __future__ import annotations

import re

from django import template
from django.utils.translation import gettext as _

register = template.Library()

_BROWSERS = [
    ("Edge", r"Edg(?:e|A|iOS)?/"),
    ("Opera", r"OPR/"),
    ("Firefox", r"Firefox/|FxiOS/"),
    ("Chromium", r"Chromium/"),
    ("Chrome", r"Chrome/|CriOS/"),
    ("Safari", r"Safari/"),
]
_SYSTEMS = [
    ("Android", r"Android"),
    ("iOS", r"iPhone|iPad|iPod"),
    ("Windows", r"Windows"),
    ("macOS", r"Mac OS X|Macintosh"),
    ("ChromeOS", r"CrOS"),
    ("Linux", r"Linux"),
]


@register.filter
def browser_summary(user_agent: str) -> str:
    """ "Firefox on Linux" from a User-Agent header; the raw header stays available."""
    user_agent = user_agent or ""
    browser = next((name for name, rx in _BROWSERS if re.search(rx, user_agent)), None)
    system = next((name for name, rx in _SYSTEMS if re.search(rx, user_agent)), None)
    if browser and system:
        return _("%(browser)s on %(system)s") % {"browser": browser, "system": system}
    return browser or system or _("Unknown browser")
