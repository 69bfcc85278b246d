from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Users and roles"

    def ready(self) -> None:
        from axes.signals import user_locked_out

        from accounts.roles import sync_role_groups
        from accounts.security import on_locked_out

        # Bootstrapping data, not business logic: every migrate makes sure the
        # role groups exist and carry the model permissions the roles define.
        post_migrate.connect(sync_role_groups, dispatch_uid="accounts.sync_role_groups")
        # django-axes reports a lockout only through this signal: audit it.
        user_locked_out.connect(on_locked_out, dispatch_uid="accounts.audit_lockout")
