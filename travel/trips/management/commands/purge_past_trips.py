from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from travel.trips.services import trips_purge_past


class Command(BaseCommand):
    help = (
        "Delete trips whose last stop ended more than PAST_TRIP_RETENTION_DAYS days ago. "
        "Safe to run any number of times."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--today", help="Pretend today is this date (YYYY-MM-DD).")

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        if options.get("today"):
            try:
                today = date.fromisoformat(options["today"])
            except ValueError:
                raise CommandError("--today must be a date like 2026-05-01") from None
        count = trips_purge_past(today=today)
        self.stdout.write(
            f"Deleted {count} past trip(s) (kept for {settings.PAST_TRIP_RETENTION_DAYS} days "
            "after their last stop)."
        )
