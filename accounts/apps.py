from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"

    def ready(self) -> None:
        from accounts.data_rights import register_accounts_section
        from accounts.panels import profile_panel
        from travel import public_stats

        register_accounts_section()
        public_stats.register_panel(10, profile_panel)
