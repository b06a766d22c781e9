from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "travel.notifications"
    label = "notifications"
