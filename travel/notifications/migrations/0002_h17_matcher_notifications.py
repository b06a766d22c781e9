"""The matcher's notifications (travel.matching's Notification rows) move into the one
notification centre, with a text in the site's language, a link and their email state
(emailed rows stay emailed; the rest wait for the daily digest)."""

from django.conf import settings
from django.db import migrations
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _


def copy(apps, schema_editor):
    Old = apps.get_model("matching", "Notification")
    New = apps.get_model("notifications", "Notification")
    rows = []
    with translation.override(settings.LANGUAGE_CODE):
        for old in Old.objects.select_related(
            "suggestion__stop__place", "suggestion__trip"
        ).iterator():
            s = old.suggestion
            if s is None:
                continue
            if old.kind == "traveller_near":
                text = _("A traveller who needs what you offer will be near %(place)s") % {
                    "place": s.stop.place.name
                }
                link = reverse("trips:detail", args=[s.trip.public_id])
            else:
                text = _("A strong match for your stop in %(place)s") % {
                    "place": s.stop.label or s.stop.place.name
                }
                link = reverse("trips:detail", args=[s.trip.public_id])
            rows.append(
                New(
                    recipient_id=old.user_id,
                    key=old.key,
                    kind=old.kind,
                    text=text[:300],
                    link=link,
                    subject_id=str(s.pk),
                    created=old.created,
                    read_at=old.read_at,
                    email="sent" if old.emailed_at else ("daily" if old.read_at is None else ""),
                )
            )
    New.objects.bulk_create(rows, batch_size=500, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0001_h17_notification_centre"),
        ("matching", "0004_matcher_indexes"),
        ("trips", "__first__"),
        ("accounts", "0005_h13_user_language"),
    ]

    operations = [migrations.RunPython(copy, migrations.RunPython.noop)]
