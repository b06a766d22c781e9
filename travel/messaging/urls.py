from django.urls import path

from travel.messaging import views

app_name = "messaging"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("requests/", views.requests_inbox, name="requests"),
    path("c/<uuid:public_id>/", views.conversation, name="conversation"),
    path("c/<uuid:public_id>/poll/", views.conversation_poll, name="poll"),
    path("c/<uuid:public_id>/accept/", views.request_accept, name="accept"),
    path("c/<uuid:public_id>/decline/", views.request_decline, name="decline"),
    path("new/<uuid:public_id>/", views.compose, name="compose"),
    path("subject/<slug:kind>/<str:subject_id>/", views.subject, name="subject"),
    path("mute/<uuid:public_id>/", views.mute_toggle, name="mute"),
    path("report/<slug:kind>/<uuid:public_id>/", views.report, name="report"),
    path("references/new/<uuid:public_id>/", views.reference_new, name="reference_new"),
]
