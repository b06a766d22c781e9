"""The admin app with our MFA-guarded site. Its own module: an AppConfig is imported
while apps load, before the models the site needs can be."""

from django.contrib.admin.apps import AdminConfig


class StopoverAdminConfig(AdminConfig):
    default_site = "accounts.admin_site.MfaAdminSite"
