from django.urls import path

from travel.notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.index, name="index"),
    path("badges/", views.badges, name="badges"),
    path("read-all/", views.read_all, name="read_all"),
    path("settings/", views.settings_page, name="settings"),
    path("devices/<uuid:public_id>/remove/", views.device_remove, name="device_remove"),
    path("email/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("<uuid:public_id>/open/", views.open_notification, name="open"),
]
