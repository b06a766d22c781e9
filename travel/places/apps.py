from django.apps import AppConfig


class PlacesConfig(AppConfig):
    name = "travel.places"
    label = "places"
