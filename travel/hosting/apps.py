from django.apps import AppConfig


class HostingConfig(AppConfig):
    name = "travel.hosting"
    label = "hosting"
    verbose_name = "Hosting"

    def ready(self) -> None:
        from accounts import registry
        from accounts.moderation import register_target
        from accounts.subjects import register_subject
        from travel import public_stats
        from travel.hosting import data_rights, moderation, panels

        registry.register("hosting", export=data_rights.export, erase=data_rights.erase)
        register_target("offer", owner=moderation.offer_owner, hide=moderation.offer_hide)
        register_target("spot", owner=moderation.spot_owner, hide=moderation.spot_hide)
        register_subject("stay_request", participants=moderation.stay_request_participants)
        public_stats.register_panel(30, panels.dashboard_panel)
