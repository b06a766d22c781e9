from django.apps import AppConfig


class MatchingConfig(AppConfig):
    name = "travel.matching"
    label = "matching"

    def ready(self) -> None:
        from travel.matching import kinds, presenters, receivers, services

        services.register_kind("host", kinds.hosts)
        services.register_kind("meetup", kinds.meetups)
        services.register_kind("spot", kinds.spots)
        presenters.register_resolver("host", kinds.resolve_hosts)
        presenters.register_resolver("meetup", kinds.resolve_meetups)
        presenters.register_resolver("spot", kinds.resolve_spots)
        receivers.connect()
