from django.core.management.base import BaseCommand

from travel.matching.indexes import (
    local_topics_rebuild,
    offer_openings_rebuild,
    stop_topics_rebuild,
)


class Command(BaseCommand):
    help = (
        "Rebuild the matcher's indexes: (topic, home cell) of possible locals and "
        "(topic, cell, dates) of travellers' stops, (cell, dates) of hosts' openings."
    )

    def handle(self, *args: object, **options: object) -> None:
        self.stdout.write(f"locals: {local_topics_rebuild()} rows")
        self.stdout.write(f"stops: {stop_topics_rebuild()} rows")
        self.stdout.write(f"openings: {offer_openings_rebuild()} rows")
