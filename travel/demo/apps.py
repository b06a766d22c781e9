from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "travel.demo"
    label = "demo"
