from django.apps import AppConfig


class TripsConfig(AppConfig):
    name = "travel.trips"
    label = "trips"

    def ready(self) -> None:
        from accounts import registry
        from accounts.moderation import register_target
        from travel import public_stats
        from travel.trips.data_rights import erase_trips, export_trips
        from travel.trips.moderation import trip_hide, trip_owner
        from travel.trips.public import travellers_this_month, your_trips_panel

        registry.register("trips", export=export_trips, erase=erase_trips)
        register_target("trip", owner=trip_owner, hide=trip_hide)
        public_stats.register_aggregate(travellers_this_month)
        public_stats.register_panel(20, your_trips_panel)
