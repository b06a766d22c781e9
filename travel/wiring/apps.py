from django.apps import AppConfig


class WiringConfig(AppConfig):
    """Listed last in INSTALLED_APPS: every app's models are loaded when this runs."""

    name = "travel.wiring"
    label = "wiring"

    def ready(self) -> None:
        from travel.wiring import house

        house.connect()
