from django.apps import AppConfig


class MeetupsConfig(AppConfig):
    name = "travel.meetups"
    label = "meetups"
