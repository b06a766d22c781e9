from django.apps import AppConfig


class OutboxConfig(AppConfig):
    name = "travel.outbox"
    label = "outbox"

    def ready(self) -> None:
        from accounts import registry
        from travel.outbox import data_rights

        # Last: the other apps' erasers write cancellation emails naming the member.
        registry.register("outbox", export=data_rights.export, erase=data_rights.erase, order=100)
