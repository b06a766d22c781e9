from django.apps import AppConfig


class HostingConfig(AppConfig):
    name = "travel.hosting"
    label = "hosting"
    verbose_name = "Hosting"

    def ready(self) -> None:
        from accounts import registry
        from travel import public_stats
        from travel.hosting import data_rights, panels

        registry.register("hosting", export=data_rights.export, erase=data_rights.erase)
        public_stats.register_panel(30, panels.dashboard_panel)
