from django.urls import path

from travel.places import views

app_name = "places"
urlpatterns = [
    path("pick", views.place_options, name="options"),
]
