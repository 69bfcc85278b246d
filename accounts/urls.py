from django.urls import path

from accounts.views import auth, profile, tokens

urlpatterns = [
    path("login/", auth.LoginView.as_view(), name="login"),
    path("logout/", auth.LogoutView.as_view(), name="logout"),
    path("two-factor/", auth.two_factor_verify, name="two_factor_verify"),
    path("two-factor/enroll/", auth.two_factor_enroll, name="two_factor_enroll"),
    path("two-factor/backup-codes/", auth.two_factor_backup_codes, name="two_factor_backup_codes"),
    path("set-password/<uidb64>/<token>/", auth.PasswordSetView.as_view(), name="password_set"),
    path("api-tokens/", tokens.api_tokens, name="api_tokens"),
    path("api-tokens/<str:pk>/revoke/", tokens.api_token_revoke, name="api_token_revoke"),
    path("walls/notice/", auth.wall_notice, name="wall_notice"),
    path("settings/", profile.user_settings, name="user_settings"),
]
