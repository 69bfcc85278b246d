from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Users and roles"

    def ready(self) -> None:
        from accounts.roles import sync_role_groups

        # Bootstrapping data, not business logic: every migrate makes sure the
        # role groups exist and carry the model permissions the roles define.
        post_migrate.connect(sync_role_groups, dispatch_uid="accounts.sync_role_groups")
