from django.apps import AppConfig


class CasemgrConfig(AppConfig):
    name = "casemgr"
    verbose_name = "casemgr system"

    def ready(self) -> None:
        from django.contrib.auth import signals

        from casemgr import auth_audit, lookups, sessions  # noqa: F401 -- lookups registers field__any

        # Django's authentication reports sign-ins only through signals.
        signals.user_logged_in.connect(auth_audit.on_login, dispatch_uid="audit_login")
        signals.user_logged_in.connect(sessions.on_login, dispatch_uid="session_touched")
        signals.user_logged_out.connect(auth_audit.on_logout, dispatch_uid="audit_logout")
        signals.user_login_failed.connect(auth_audit.on_login_failed, dispatch_uid="audit_fail")
