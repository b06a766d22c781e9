from django.urls import path

from travel.trips import views

app_name = "trips"
urlpatterns = [
    path("", views.trip_list, name="list"),
    path("new", views.trip_create, name="create"),
    path("editor", views.stop_editor, name="editor"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
    path("<uuid:public_id>/", views.trip_detail, name="detail"),
    path("<uuid:public_id>/edit", views.trip_edit, name="edit"),
    path("<uuid:public_id>/delete", views.trip_delete, name="delete"),
    path("<uuid:public_id>/calendar.ics", views.trip_ical, name="ical"),
    path("<uuid:public_id>/calendar/reset", views.calendar_reset, name="calendar_reset"),
    path("<uuid:public_id>/route.gpx", views.trip_route_gpx, name="route_gpx"),
]
