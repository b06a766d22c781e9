from django.urls import path

from travel.collectives import views

app_name = "collectives"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.create, name="create"),
    path("calendar/<str:token>.ics", views.calendar, name="calendar"),
    path("<uuid:public_id>/", views.detail, name="detail"),
    path("<uuid:public_id>/edit/", views.edit, name="edit"),
    path("<uuid:public_id>/join/", views.join, name="join"),
    path("<uuid:public_id>/leave/", views.leave, name="leave"),
    path("<uuid:public_id>/invite/", views.invite, name="invite"),
    path("<uuid:public_id>/calendar/reset/", views.calendar_reset, name="calendar_reset"),
    path(
        "<uuid:public_id>/offers/<uuid:offer_id>/<str:verdict>/",
        views.answer,
        name="answer",
    ),
    path("<uuid:public_id>/members/<uuid:user_id>/", views.member_action, name="member"),
]
