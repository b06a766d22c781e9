from django.apps import AppConfig


class MessagingConfig(AppConfig):
    name = "travel.messaging"
    label = "messaging"

    def ready(self) -> None:
        from accounts import moderation, registry
        from accounts.selectors import member_for_viewer
        from travel import public_stats
        from travel.messaging import data, demo, selectors, services  # noqa: F401
        from travel.messaging.panels import messages_panel

        registry.register("messaging", export=data.export, erase=data.erase)
        moderation.register_target(
            "member",
            owner=lambda viewer, public_id: member_for_viewer(viewer=viewer, public_id=public_id),
        )
        moderation.register_target(
            "message", owner=selectors.message_owner_for_report, hide=services.message_hide
        )
        public_stats.register_panel(35, messages_panel)
        registry.register_profile_section(
            50,
            lambda viewer, member: {
                "template": "messaging/_profile_references.html",
                **selectors.references_summary(member, viewer),
            },
        )
