"""The topics Stopover ships with; their names are translated, user topics are not."""

from django.utils.translation import gettext_lazy as _

# (slug, translatable name, parent slug)
SEEDED = [
    ("cooperatives", _("Cooperatives"), None),
    ("workers-coops", _("Workers' co-ops"), "cooperatives"),
    ("housing-coops", _("Housing co-ops"), "cooperatives"),
    # Translators: co-ops that host travellers (hospitality), not web hosting.
    ("hosting-coops", _("Hosting co-ops"), "cooperatives"),
    ("unions", _("Unions"), None),
    ("digital-self-determination", _("Digital self-determination"), None),
    ("free-software", _("Free software"), "digital-self-determination"),
    ("hacking-for-good", _("Hacking for good"), "digital-self-determination"),
    ("commons", _("Commons"), None),
    ("anarchism", _("Anarchism"), None),
    ("anti-fascism", _("Anti-fascism"), None),
    ("solarpunk", _("Solarpunk"), None),
    ("internationalism", _("Internationalism"), None),
    ("climate-justice", _("Climate justice"), None),
    ("mutual-aid", _("Mutual aid"), None),
]
SEEDED_NAMES = {slug: name for slug, name, _parent in SEEDED}
