from django.urls import path

from accounts.views import auth, tokens

urlpatterns = [
    path("login/", auth.LoginView.as_view(), name="login"),
    path("logout/", auth.LogoutView.as_view(), name="logout"),
    path("two-factor/", auth.two_factor_verify, name="two_factor_verify"),
    path("two-factor/enroll/", auth.two_factor_enroll, name="two_factor_enroll"),
    path("set-password/<uidb64>/<token>/", auth.PasswordSetView.as_view(), name="password_set"),
    path("api-tokens/", tokens.api_tokens, name="api_tokens"),
    path("api-tokens/<str:pk>/revoke/", tokens.api_token_revoke, name="api_token_revoke"),
    path("walls/notice/", auth.wall_notice, name="wall_notice"),
]
