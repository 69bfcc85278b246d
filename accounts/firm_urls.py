"""The firm admin area, /firm/ (namespace "firm")."""

from django.urls import path

from accounts.views import firm, tokens, webhooks

app_name = "firm"

urlpatterns = [
    path("", firm.home, name="home"),
    path("users/", firm.user_list, name="users"),
    path("users/invite/", firm.user_invite, name="user_invite"),
    path("users/<int:pk>/", firm.user_detail, name="user_detail"),
    path("users/<int:pk>/role/", firm.user_role, name="user_role"),
    path("users/<int:pk>/active/", firm.user_active, name="user_active"),
    path("users/<int:pk>/two-factor/reset/", firm.user_reset_two_factor, name="user_reset_2fa"),
    path("users/<int:pk>/password-link/", firm.user_password_link, name="user_password_link"),
    path("users/<int:pk>/access/", firm.user_access, name="user_access"),
    path("settings/", firm.firm_settings, name="settings"),
    path("access/", firm.access_lookup, name="access_lookup"),
    path("matters/<int:pk>/access/", firm.matter_access, name="matter_access"),
    path("walls/", firm.wall_list, name="walls"),
    path("walls/new/", firm.wall_create, name="wall_create"),
    path("walls/<int:pk>/", firm.wall_detail, name="wall_detail"),
    path("walls/<int:pk>/report/", firm.wall_report, name="wall_report"),
    path("api-tokens/", tokens.firm_api_tokens, name="api_tokens"),
    path("webhooks/", webhooks.endpoint_list, name="webhooks"),
    path("webhooks/new/", webhooks.endpoint_create, name="webhook_create"),
    path("webhooks/<int:pk>/", webhooks.endpoint_detail, name="webhook_detail"),
    path("webhooks/deliveries/<int:pk>/replay/", webhooks.delivery_replay, name="webhook_replay"),
    path("audit/", firm.audit_log, name="audit"),
    path("audit/export.csv", firm.audit_export, name="audit_export"),
]
