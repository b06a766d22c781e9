from django.core.management.base import BaseCommand

from travel.matching.locals_index import local_topics_rebuild


class Command(BaseCommand):
    help = "Rebuild the matcher's (topic, home cell) index of possible locals."

    def handle(self, *args: object, **options: object) -> None:
        self.stdout.write(f"{local_topics_rebuild()} rows")
