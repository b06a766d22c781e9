"""`manage.py outbox_relay`: send every unsent outbox message now, in this process.

For an operator after an outage (the beat job does the same within a minute).
"""

from django.core.management.base import BaseCommand

from travel.outbox.services import outbox_flush


class Command(BaseCommand):
    help = "Send every due, unsent outbox message now."

    def handle(self, *args: object, **options: object) -> None:
        sent = outbox_flush()
        self.stdout.write(f"{sent} sent")
