"""A URLconf with the MFA-guarded admin site, as settings will install it."""

from django.urls import include, path

from accounts.admin_moderation import ModerationActionAdmin, ReportAdmin
from accounts.admin_site import MfaAdminSite
from accounts.models import ModerationAction, Report
from travel.messaging.admin import MessageAdmin
from travel.messaging.models import Message

site = MfaAdminSite(name="admin")
site.register(Report, ReportAdmin)
site.register(ModerationAction, ModerationActionAdmin)
site.register(Message, MessageAdmin)

urlpatterns = [
    path("admin/", site.urls),
    path("accounts/", include("allauth.urls")),
    path("", include("travel.urls")),
]
