"""Firm admin pages for webhooks: endpoints (URL, events, secret, active), their
deliveries with each attempt's status code and response time, and replay."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from accounts import webhooks
from accounts.forms import WebhookEndpointForm
from accounts.models import WebhookDelivery, WebhookEndpoint
from accounts.views.firm import firm_admin_required


@firm_admin_required
def endpoint_list(request: HttpRequest) -> HttpResponse:
    endpoints = WebhookEndpoint.objects.select_related("owner").annotate(
        delivery_count=Count("deliveries")
    )
    return render(request, "accounts/firm/webhooks.html", {"endpoints": endpoints})


@firm_admin_required
@require_http_methods(["GET", "POST"])
def endpoint_create(request: HttpRequest) -> HttpResponse:
    form = WebhookEndpointForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            endpoint = webhooks.endpoint_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            for field, errs in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errs)
        else:
            messages.success(request, "Endpoint registered. Its signing secret is on its page.")
            return redirect("firm:webhook_detail", pk=endpoint.pk)
    return render(request, "accounts/firm/webhook_form.html", {"form": form})


@firm_admin_required
@require_http_methods(["GET", "POST"])
def endpoint_detail(request: HttpRequest, pk: int) -> HttpResponse:
    endpoint = get_object_or_404(WebhookEndpoint.objects.select_related("owner"), pk=pk)
    if request.method == "POST":
        events = request.POST.getlist("events")
        try:
            webhooks.endpoint_update(
                actor=request.user,
                endpoint=endpoint,
                events=events,
                active=request.POST.get("active") == "on",
                description=request.POST.get("description", "")[:200],
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, "Endpoint saved.")
        return redirect("firm:webhook_detail", pk=endpoint.pk)
    deliveries = endpoint.deliveries.prefetch_related("log").order_by("-created_at")
    page = Paginator(deliveries, 25).get_page(request.GET.get("page"))
    context = {"endpoint": endpoint, "page_obj": page, "all_events": webhooks.EVENTS}
    return render(request, "accounts/firm/webhook_detail.html", context)


@firm_admin_required
@require_POST
def delivery_replay(request: HttpRequest, pk: int) -> HttpResponse:
    delivery = get_object_or_404(WebhookDelivery.objects.select_related("endpoint"), pk=pk)
    webhooks.delivery_replay(actor=request.user, delivery=delivery)
    messages.success(request, f"Delivery {delivery.message_id} queued again.")
    return redirect("firm:webhook_detail", pk=delivery.endpoint_id)
