from django.urls import path

from travel.hosting import map_views, views

app_name = "hosting"
urlpatterns = [
    path("", views.offers_mine, name="mine"),
    path("map/", map_views.offers_map, name="map"),
    path("map/results", map_views.map_results, name="map_results"),
    path("offers/new/", views.offer_create, name="offer_create"),
    path("offers/<uuid:public_id>/", views.offer_detail, name="offer_detail"),
    path("offers/<uuid:public_id>/edit/", views.offer_edit, name="offer_edit"),
    path("offers/<uuid:public_id>/delete/", views.offer_delete, name="offer_delete"),
    path("offers/<uuid:public_id>/availability/", views.availability, name="availability"),
    path(
        "offers/<uuid:public_id>/availability/<uuid:window_id>/delete/",
        views.availability_delete,
        name="availability_delete",
    ),
    path("trips/<uuid:public_id>/invite/", views.trip_invite, name="trip_invite"),
    path("requests/received/", views.inbox_host, name="inbox_host"),
    path("requests/sent/", views.inbox_sent, name="inbox_sent"),
    path("requests/<uuid:public_id>/", views.request_detail, name="request_detail"),
    path("requests/<uuid:public_id>/<str:action>/", views.request_action, name="request_action"),
    path("spots/new/", views.spot_create, name="spot_create"),
    path("spots/<uuid:public_id>/", views.spot_detail, name="spot_detail"),
    path("spots/<uuid:public_id>/confirm/", views.spot_confirm, name="spot_confirm"),
    path("spots/<uuid:public_id>/delete/", views.spot_delete, name="spot_delete"),
]
