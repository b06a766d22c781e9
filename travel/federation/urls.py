from django.urls import path

from travel.federation import pages, views

app_name = "federation"
urlpatterns = [
    path(".well-known/webfinger", views.webfinger, name="webfinger"),
    path(".well-known/host-meta", views.host_meta, name="host_meta"),
    path(".well-known/nodeinfo", views.nodeinfo_index, name="nodeinfo_index"),
    path("nodeinfo/2.1", views.nodeinfo, name="nodeinfo"),
    path("ap/inbox", views.shared_inbox, name="shared_inbox"),
    path("ap/actors/<slug:username>", views.actor, name="actor"),
    path("ap/actors/<slug:username>/inbox", views.actor_inbox, name="inbox"),
    path("ap/actors/<slug:username>/outbox", views.outbox, name="outbox"),
    path("ap/actors/<slug:username>/followers", views.followers, name="followers"),
    path("ap/events/<uuid:public_id>", views.event, name="event"),
    path("ap/activities/<uuid:public_id>", views.activity, name="activity"),
    path("ap/notes/<uuid:public_id>", views.note, name="note"),
    # The switches (signed-in pages).
    path("me/fediverse/", pages.member_settings, name="member_settings"),
    path("me/fediverse/key", pages.member_key_rotate, name="member_key_rotate"),
    path(
        "collectives/<uuid:public_id>/fediverse/",
        pages.collective_settings,
        name="collective_settings",
    ),
]
