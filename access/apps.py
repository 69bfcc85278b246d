from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "access"
    verbose_name = "Access (walls and grants)"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from access import checks  # noqa: F401 -- registers the fail-closed system check
        from access.roles import sync_role_groups

        # Bootstrapping data, not business logic: every migrate makes sure the
        # role groups exist and carry the model permissions the roles define.
        post_migrate.connect(sync_role_groups, dispatch_uid="access.sync_role_groups")
