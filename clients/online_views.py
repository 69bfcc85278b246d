"""The online intake form: a per-firm shareable link where a prospective client,
not signed in, gives the first part of the interview; and the firm admin's page
that turns the link on or off and replaces it.

The public pages show nothing of the firm's data: no matter, contact or staff
name; the answer is the same thank-you page whoever the prospect or the other
side are (nothing is looked up). The link is off by default; while it is off,
and for any token but the current one, every public page is a 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from casemgr import ratelimit
from casemgr.form_errors import apply_service_errors
from casemgr.models import FirmSettings
from clients import intake as services
from clients.forms import ONLINE_MAX_BODY, OnlineIntakeForm
from clients.models import IntakeFormLink


def _public(response: HttpResponse) -> HttpResponse:
    # The token is in the URL: never sent on as a Referer, never indexed.
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _open_or_404(token: str) -> IntakeFormLink:
    link = services.intake_form_link_open(token)
    if link is None:
        raise Http404("No such page")
    return link


def _page(request: HttpRequest, template: str, context: dict, status: int = 200) -> HttpResponse:
    context = {"firm_name": FirmSettings.load().name, **context}
    return _public(render(request, template, context, status=status))


@require_http_methods(["GET", "POST"])
def intake_online(request: HttpRequest, token: str) -> HttpResponse:
    _open_or_404(token)
    if request.method == "POST":
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > ONLINE_MAX_BODY:
            return _page(
                request,
                "clients/online/refused.html",
                {
                    "title": "Too much text",
                    "message": f"What you sent is larger than the form accepts "
                    f"({ONLINE_MAX_BODY // 1024} KB). Please shorten it and send it again; "
                    "nothing was recorded.",
                },
                status=413,
            )
        try:
            ratelimit.check(request, "intake_form")
        except ratelimit.RateLimited as limited:
            response = _page(
                request,
                "clients/online/refused.html",
                {
                    "title": "Too many requests",
                    "message": "This form has been sent too often from your network in a short "
                    f"time. Please try again in {limited.retry_after // 60 + 1} minutes; "
                    "nothing was recorded.",
                },
                status=429,
            )
            response["Retry-After"] = str(limited.retry_after)
            return response
    form = OnlineIntakeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.intake_submit_online(names=form.names(), **form.service_fields())
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            return redirect("clients:intake_online_thanks", token=token)
    return _page(request, "clients/online/form.html", {"form": form})


@require_GET
def intake_online_thanks(request: HttpRequest, token: str) -> HttpResponse:
    _open_or_404(token)
    return _page(request, "clients/online/thanks.html", {})


# --- The firm admin's switch -------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def intake_form_settings(request: HttpRequest) -> HttpResponse:
    if not (request.user.is_active and request.user.is_firm_admin):
        raise Http404("No such page")
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action in ("on", "off"):
            services.intake_form_link_set(actor=request.user, enabled=action == "on")
            messages.success(
                request, f"The online intake form is {'on' if action == 'on' else 'off'}."
            )
        elif action == "rotate":
            services.intake_form_link_rotate(actor=request.user)
            messages.success(request, "The link was replaced; the old link no longer works.")
        else:
            messages.error(request, "Choose to turn the form on or off, or to replace its link.")
        return redirect("clients:intake_form_settings")
    link = IntakeFormLink.load()
    url = request.build_absolute_uri(reverse("clients:intake_online", args=[link.token]))
    return render(request, "clients/intake_form_link.html", {"link": link, "url": url})
