from django.db import migrations

# Frozen copy: a migration must not change when the catalogue module does.
SEEDED = [
    ("cooperatives", "Cooperatives", None),
    ("workers-coops", "Workers' co-ops", "cooperatives"),
    ("housing-coops", "Housing co-ops", "cooperatives"),
    ("hosting-coops", "Hosting co-ops", "cooperatives"),
    ("unions", "Unions", None),
    ("digital-self-determination", "Digital self-determination", None),
    ("free-software", "Free software", "digital-self-determination"),
    ("hacking-for-good", "Hacking for good", "digital-self-determination"),
    ("commons", "Commons", None),
    ("anarchism", "Anarchism", None),
    ("anti-fascism", "Anti-fascism", None),
    ("solarpunk", "Solarpunk", None),
    ("internationalism", "Internationalism", None),
    ("climate-justice", "Climate justice", None),
    ("mutual-aid", "Mutual aid", None),
]


def seed(apps, schema_editor):
    Topic = apps.get_model("topics", "Topic")
    by_slug = {}
    for slug, name, _parent in SEEDED:
        by_slug[slug], _ = Topic.objects.get_or_create(slug=slug, defaults={"name": name})
    for slug, _name, parent in SEEDED:
        if parent:
            Topic.objects.filter(slug=slug).update(parent=by_slug[parent])


class Migration(migrations.Migration):
    dependencies = [("topics", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
