from django.urls import path

from travel.road import views

app_name = "road"
urlpatterns = [
    path("manifest.webmanifest", views.web_manifest, name="manifest"),
    path("sheet/", views.trip_sheet, name="sheet"),
    path("offline/", views.offline, name="offline"),
]
