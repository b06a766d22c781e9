from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from travel.demo.registry import parts
from travel.places.models import Place


class Command(BaseCommand):
    help = "Create (or refresh) a small lively community around the reference journey."

    def handle(self, *args: object, **options: object) -> None:
        if not Place.objects.filter(country_code="NO", kind="city").exists():
            raise CommandError("Load places first: manage.py load_places")
        ctx: dict = {"today": timezone.localdate()}
        with transaction.atomic():
            for _order, name, part in parts():
                part(ctx)
                self.stdout.write(f"demo: {name}")
        self.stdout.write(
            self.style.SUCCESS(
                "Demo community ready. Sign in as any demo member, "
                "e.g. ada@demo.stopover.test / demo-password-2026"
            )
        )
