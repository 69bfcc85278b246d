"""The signed-in user's own settings page (time zone; the second factor has its own)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from accounts import services
from accounts.forms import UserSettingsForm


@login_required
@require_http_methods(["GET", "POST"])
def user_settings(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = UserSettingsForm(request.POST or None, initial={"time_zone": user.time_zone})
    if request.method == "POST" and form.is_valid():
        try:
            services.user_update_settings(actor=user, time_zone=form.cleaned_data["time_zone"])
        except ValidationError as exc:
            form.add_error("time_zone", exc.message_dict.get("time_zone", exc.messages))
        else:
            messages.success(request, f"Saved: times are shown in {user.zone_name}.")
            return redirect("user_settings")
    return render(
        request, "accounts/user_settings.html", {"form": form, "zone_name": user.zone_name}
    )
