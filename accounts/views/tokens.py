"""Personal API tokens: the user's own page (/accounts/api-tokens/) and the firm
admin's list of everyone's (/firm/api-tokens/). The pages sit behind the
two-factor gate (accounts.middleware): creating a token needs a session that
passed it where the firm requires one."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from accounts import tokens
from accounts.forms import ApiTokenForm
from accounts.views.firm import firm_admin_required


def _end_of_day(day: datetime.date) -> datetime.datetime:
    """An expiry date means "valid through that day" in the firm's zone."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.max))


@login_required
@require_http_methods(["GET", "POST"])
def api_tokens(request: HttpRequest) -> HttpResponse:
    new_key = None
    form = ApiTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            token, new_key = tokens.token_create(
                user=request.user,
                name=data["name"],
                scope=data["scope"],
                expires_at=_end_of_day(data["expires_on"]) if data["expires_on"] else None,
            )
        except ValidationError as exc:
            for field, errs in exc.message_dict.items():
                form.add_error("expires_on" if field == "expires_at" else field, errs)
        else:
            # Shown once, on this response only (never stored, never redirected with).
            form = ApiTokenForm()
    context = {
        "form": form,
        "new_key": new_key,
        "tokens": tokens.tokens_of(request.user),
        "now": timezone.now(),
    }
    response = render(request, "accounts/settings/api_tokens.html", context)
    return response


@login_required
@require_POST
def api_token_revoke(request: HttpRequest, pk: str) -> HttpResponse:
    try:
        token = tokens.token_revoke(actor=request.user, token_id=pk)
    except PermissionDenied:
        raise Http404("No such token") from None
    messages.success(request, f"Token {token.label} revoked.")
    if request.POST.get("next") == "firm" and request.user.is_firm_admin:
        return redirect("firm:api_tokens")
    return redirect("api_tokens")


@firm_admin_required
def firm_api_tokens(request: HttpRequest) -> HttpResponse:
    page = Paginator(tokens.tokens_for_admin(request.user), 50).get_page(request.GET.get("page"))
    return render(
        request, "accounts/firm/api_tokens.html", {"page_obj": page, "now": timezone.now()}
    )
