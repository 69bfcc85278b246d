from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from casemgr.health import run_checks

API_PREFIX = "/api/"


@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    checks = run_checks()
    failing = [check.name for check in checks if not check.ok]
    body = {
        "status": "ok" if not failing else "unhealthy",
        "failing": failing,
        "checks": {check.name: check.as_dict() for check in checks},
    }
    return JsonResponse(body, status=200 if not failing else 503)


@login_required
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "casemgr/home.html")
