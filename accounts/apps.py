from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Users and roles"

    def ready(self) -> None:
        from axes.signals import user_locked_out

        from accounts.security import on_locked_out

        # django-axes reports a lockout only through this signal: audit it.
        user_locked_out.connect(on_locked_out, dispatch_uid="accounts.audit_lockout")
