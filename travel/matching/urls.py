from django.urls import path

from travel.matching import views

app_name = "matching"
urlpatterns = [
    path("trips/<uuid:public_id>/suggestions", views.trip_suggestions, name="trip_suggestions"),
    path("trips/<uuid:public_id>/stops/<uuid:stop_id>/seen", views.stop_seen, name="stop_seen"),
    path(
        "trips/<uuid:public_id>/stops/<uuid:stop_id>/<str:kind>",
        views.stop_suggestions,
        name="stop_suggestions",
    ),
    path(
        "suggestions/<uuid:public_id>/<str:state>", views.suggestion_state, name="suggestion_state"
    ),
    path("passing-through/", views.passing_through, name="passing_through"),
]
