from django.urls import path

from travel.meetups import views

app_name = "meetups"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("new/", views.create, name="create"),
    path("near/", views.near, name="near"),
    path("calendar/reset/", views.feed_reset, name="feed_reset"),
    path("calendar/<str:token>.ics", views.feed, name="feed"),
    path("feeds/place/<int:place_id>.atom", views.atom_place, name="atom_place"),
    path("feeds/topic/<slug:slug>.atom", views.atom_topic, name="atom_topic"),
    path("<uuid:public_id>/", views.detail, name="detail"),
    path("<uuid:public_id>/edit/", views.edit, name="edit"),
    path("<uuid:public_id>/rsvp/", views.rsvp, name="rsvp"),
    path("<uuid:public_id>/invite/", views.invite, name="invite"),
    path("<uuid:public_id>/cancel/", views.cancel, name="cancel"),
    path("<uuid:public_id>/meetup.ics", views.event_ics, name="ics"),
]
