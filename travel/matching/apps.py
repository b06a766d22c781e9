from django.apps import AppConfig


class MatchingConfig(AppConfig):
    name = "travel.matching"
    label = "matching"

    def ready(self) -> None:
        from travel import public_stats
        from travel.matching import kinds, panels, presenters, receivers, services

        public_stats.register_panel(15, panels.suggestions_panel)

        services.register_kind("host", kinds.hosts)
        services.register_kind("meetup", kinds.meetups)
        services.register_kind("spot", kinds.spots)
        presenters.register_resolver("host", kinds.resolve_hosts)
        presenters.register_resolver("meetup", kinds.resolve_meetups)
        presenters.register_resolver("spot", kinds.resolve_spots)
        receivers.connect()
