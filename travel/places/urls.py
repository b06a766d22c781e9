from django.urls import path

from travel.places import views

app_name = "places"
urlpatterns = [
    path("pick", views.place_options, name="options"),
    path("street", views.street_lookup, name="street"),
    path("street/<str:token>", views.street_results_view, name="street_results"),
]
