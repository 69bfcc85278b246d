"""The home page: the signed-in user's dashboard (deadlines.dashboard gathers it: it spans matters, tasks, deadlines and negotiations, so it sits in the top layer)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from access.views import reads_through_door
from deadlines.dashboard import dashboard_for


@reads_through_door
@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "cases/dashboard.html", {"dash": dashboard_for(request.user)})
