from django.apps import AppConfig


class TripsConfig(AppConfig):
    name = "travel.trips"
    label = "trips"
