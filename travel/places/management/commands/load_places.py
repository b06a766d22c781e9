from django.core.management.base import BaseCommand, CommandParser

from travel.places.loader import load_places


class Command(BaseCommand):
    help = "Load GeoNames cities (population >= 15000) and countries. Safe to run again."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--countries", default="", help="Comma-separated ISO codes to load only those (tests)."
        )

    def handle(self, *args: object, **options: str) -> None:
        countries = [c for c in options["countries"].split(",") if c] or None
        result = load_places(countries=countries, progress=lambda m: self.stdout.write(m))
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded {result.countries} countries, {result.cities} cities, "
                f"{result.names} names."
            )
        )
