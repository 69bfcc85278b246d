"""Sign-in, the second factor, setting a password from an invitation, and the
ethical-wall notice screened people acknowledge after signing in."""

from __future__ import annotations

import base64
from urllib.parse import urlencode

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_static.models import StaticDevice

from accounts import services
from accounts.forms import LoginForm, SignInCodeForm, TokenForm
from accounts.security import has_two_factor, totp_code_reused
from accounts.selectors import walls_pending_for
from casemgr import audit
from cases import services as cases_services


def _next_url(request: HttpRequest, default: str = "") -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default or reverse("home")


def after_sign_in_url(request: HttpRequest, url: str) -> str:
    """Screened people read the walls they have not yet acknowledged first."""
    notice = reverse("wall_notice")
    if not url.startswith(notice) and walls_pending_for(request.user).exists():
        return notice + "?" + urlencode({"next": url})
    return url


class LoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_success_url(self) -> str:
        return after_sign_in_url(self.request, super().get_success_url())


class LogoutView(auth_views.LogoutView):
    pass


class PasswordSetView(auth_views.PasswordResetConfirmView):
    """The link in an invitation: choose a password, then sign in."""

    template_name = "registration/password_set.html"
    success_url = reverse_lazy("login")
    post_reset_login = False

    def form_valid(self, form):  # type: ignore[no-untyped-def]
        response = super().form_valid(form)
        audit.record(actor=form.user, action=audit.Action.CHANGE, obj=form.user,
                     summary="set their password from an emailed link")  # fmt: skip
        messages.success(self.request, "Your password is set. Sign in with it now.")
        return response


# --- Second factor ------------------------------------------------------------------


def _qr_svg(data: str) -> str:
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    return image.to_string(encoding="unicode")


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    user = request.user
    if user.is_verified():
        return HttpResponseRedirect(_next_url(request))
    if not has_two_factor(user):
        return redirect(
            reverse("two_factor_enroll") + "?" + urlencode({"next": _next_url(request)})
        )
    form = SignInCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token = form.cleaned_data["token"]
        device = match_token(user, token)
        if device is not None:
            otp_login(request, device)
            backup = isinstance(device, StaticDevice)
            audit.record(actor=user, action=audit.Action.LOGIN, obj=user,
                         summary="confirmed sign-in with "
                                 + ("a backup code" if backup else "the second factor"))  # fmt: skip
            if backup:
                left = services.two_factor_backup_codes_left(user=user)
                messages.warning(
                    request,
                    f"You signed in with a backup code; it cannot be used again. {left} left: "
                    "make new ones from your two-factor settings.",
                )
            return redirect(after_sign_in_url(request, _next_url(request)))
        if totp_code_reused(user, token):
            form.add_error("token", "That code was already used; wait for the next one.")
            summary = "entered a two-factor code that was already used"
        else:
            form.add_error(
                "token",
                "That code is not right (or too many tries: wait a moment). Use the current code.",
            )
            summary = "entered a wrong two-factor code"
        audit.record(actor=user, action=audit.Action.LOGIN_FAILED, obj=user, summary=summary)
    return render(
        request, "registration/two_factor_verify.html", {"form": form, "next": _next_url(request)}
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def two_factor_enroll(request: HttpRequest) -> HttpResponse:
    user = request.user
    if has_two_factor(user):
        if not user.is_verified():
            return redirect(
                reverse("two_factor_verify") + "?" + urlencode({"next": _next_url(request)})
            )
        return render(
            request,
            "registration/two_factor_enrolled.html",
            {"backup_codes_left": services.two_factor_backup_codes_left(user=user)},
        )
    device = services.two_factor_device_start(actor=user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.two_factor_device_confirm(
                actor=user, device=device, token=form.cleaned_data["token"]
            )
        except ValidationError as exc:
            form.add_error("token", exc.message_dict.get("token", exc.messages))
        else:
            otp_login(request, device)
            codes = services.two_factor_backup_codes_generate(actor=user)
            messages.success(request, "Two-factor sign-in is on for your account.")
            return _show_backup_codes(
                request, codes, next_url=after_sign_in_url(request, _next_url(request))
            )
    secret = base64.b32encode(device.bin_key).decode()
    context = {
        "form": form,
        "qr_svg": _qr_svg(device.config_url),
        "secret": secret,
        "secret_grouped": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        "next": _next_url(request),
    }
    return render(request, "registration/two_factor_enroll.html", context)


def _show_backup_codes(request: HttpRequest, codes: list[str], *, next_url: str) -> HttpResponse:
    """The backup codes, shown once: this answer is never cached and the codes
    are kept only as the single-use tokens they are."""
    grouped = [f"{code[:4]}-{code[4:]}" for code in codes]
    return render(
        request,
        "registration/two_factor_backup_codes.html",
        {"codes": grouped, "next": next_url},
    )


@never_cache
@login_required
@require_http_methods(["POST"])
def two_factor_backup_codes(request: HttpRequest) -> HttpResponse:
    """New backup codes for the signed-in, verified user (the old ones stop working)."""
    if not request.user.is_verified():
        return redirect(reverse("two_factor_verify"))
    try:
        codes = services.two_factor_backup_codes_generate(actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("two_factor_enroll")
    return _show_backup_codes(request, codes, next_url=reverse("two_factor_enroll"))


# --- Ethical-wall notices ---------------------------------------------------------------


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def wall_notice(request: HttpRequest) -> HttpResponse:
    pending = walls_pending_for(request.user)
    if request.method == "POST":
        wall_id = request.POST.get("wall", "")
        wall = pending.filter(pk=int(wall_id)).first() if wall_id.isdigit() else None
        if wall is None:
            raise Http404("No such notice")
        cases_services.wall_acknowledge(actor=request.user, wall=wall)
        messages.success(request, "Thank you: your acknowledgment is recorded.")
        if not pending.exists():
            return HttpResponseRedirect(_next_url(request))
        return redirect(reverse("wall_notice") + "?" + urlencode({"next": _next_url(request)}))
    walls = list(pending.only("pk", "notice", "effective_from", "effective_until"))
    if not walls:
        return HttpResponseRedirect(_next_url(request))
    return render(
        request, "accounts/wall_notice.html", {"walls": walls, "next": _next_url(request)}
    )
