from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from travel import views
from travel.api import api

urlpatterns = [
    path("", views.home, name="home"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("healthz", views.healthz, name="healthz"),
    path("guidelines/", views.guidelines, name="guidelines"),
    path("privacy/", views.privacy, name="privacy"),
    path("sw.js", views.service_worker, name="service-worker"),
    # Django's language switch, which also remembers a member's pick for their emails.
    path("i18n/setlang/", views.set_language, name="set_language"),
    path("", include("travel.road.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("allauth.urls")),
    path("me/", include("accounts.urls")),
    path("places/", include("travel.places.urls")),
    path("trips/", include("travel.trips.urls")),
    path("hosting/", include("travel.hosting.urls")),
    path("meetups/", include("travel.meetups.urls")),
    path("collectives/", include("travel.collectives.urls")),
    path("messages/", include("travel.messaging.urls")),
    # The matcher's old notifications page: the one centre now.
    path(
        "matching/notifications/",
        RedirectView.as_view(pattern_name="notifications:index", permanent=True),
    ),
    path("matching/", include("travel.matching.urls")),
    path("notifications/", include("travel.notifications.urls")),
    path("api/", api.urls),
    path("admin/", admin.site.urls),
]

# A database that is away answers 503 "back in a moment" (travel/errors.py).
handler500 = "travel.errors.server_error"
