from django.urls import path

from travel.places import views

app_name = "places"
urlpatterns = [
    path("pick", views.place_options, name="options"),
    # POST asks (the text typed), GET ?token= polls for the answer.
    path("street", views.street, name="street"),
]
