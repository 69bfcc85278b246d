"""The start-up check that keeps the one door shut: fail closed.

``manage.py check`` (and so runserver, migrate and the test suite) refuses to
start when a view, a DRF viewset or a Django admin of matter data does not come
through the access kernel:

- every view of an app that holds matter data (an app with a model whose
  QuerySet is a MatterScopedQuerySet), and every view anywhere whose model is
  matter data, declares its access action: MatterViewMixin.matter_actions,
  @matter_view(action), @reads_through_door or @no_matter_data(reason);
- every DRF view of matter data is a MatterScopedViewSetMixin that declares
  scoped_queryset();
- every ModelAdmin of matter data is a MatterScopedAdmin.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.apps import apps
from django.core import checks
from django.urls import URLPattern, URLResolver, get_resolver

from access.querysets import is_matter_scoped
from access.views import DECLARED


def matter_data_apps() -> set[str]:
    return {model._meta.app_label for model in apps.get_models() if is_matter_scoped(model)}


def _walk(entries: Any, prefix: str = "") -> Iterator[tuple[str, Any]]:
    for entry in entries:
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry.callback


def _model_of(view_class: Any) -> Any:
    queryset = getattr(view_class, "queryset", None)
    if queryset is not None:
        return queryset.model
    model = getattr(view_class, "model", None)
    if model is not None:
        return model
    serializer = getattr(view_class, "serializer_class", None)
    meta = getattr(serializer, "Meta", None)
    return getattr(meta, "model", None)


def check_view(route: str, callback: Any, matter_apps: set[str]) -> list[checks.CheckMessage]:
    # Function-local: rest_framework's settings must not load while apps populate.
    from rest_framework.views import APIView

    from access.api import MatterScopedViewSetMixin

    view_class = getattr(callback, "cls", None) or getattr(callback, "view_class", None)
    target = view_class or callback
    module = getattr(target, "__module__", "") or ""
    app_label = module.split(".")[0]
    model = _model_of(view_class) if view_class is not None else None
    of_matter_data = app_label in matter_apps or is_matter_scoped(model)
    if not of_matter_data or module.startswith(("django.", "rest_framework.", "drf_spectacular.")):
        return []
    name = f"{module}.{getattr(target, '__qualname__', target)}"
    if view_class is not None and issubclass(view_class, APIView):
        if issubclass(view_class, MatterScopedViewSetMixin):
            if view_class.scoped_queryset is MatterScopedViewSetMixin.scoped_queryset:
                return [
                    checks.Error(
                        f"{name} (/{route}) declares no scoped_queryset().",
                        hint="Return the rows the endpoint serves; the base narrows them.",
                        obj=view_class,
                        id="access.E002",
                    )
                ]
            return []
        if getattr(view_class, DECLARED, None):
            return []
        return [
            checks.Error(
                f"{name} (/{route}) serves matter data without the access kernel.",
                hint="Derive it from access.api.MatterScopedViewSetMixin.",
                obj=view_class,
                id="access.E001",
            )
        ]
    if getattr(target, DECLARED, None) or getattr(callback, DECLARED, None):
        return []
    return [
        checks.Error(
            f"{name} (/{route}) is a view of matter data that declares no access action.",
            hint="Use access.views.MatterViewMixin with matter_actions, @matter_view(action), "
            "@reads_through_door, or @no_matter_data(reason).",
            obj=target,
            id="access.E001",
        )
    ]


def check_urlconf(resolver: Any = None) -> list[checks.CheckMessage]:
    matter_apps = matter_data_apps()
    errors: list[checks.CheckMessage] = []
    for route, callback in _walk((resolver or get_resolver()).url_patterns):
        errors.extend(check_view(route, callback, matter_apps))
    return errors


def check_admin(site: Any = None) -> list[checks.CheckMessage]:
    from django.contrib import admin

    from access.admin import MatterScopedAdmin

    errors: list[checks.CheckMessage] = []
    for model, model_admin in (site or admin.site)._registry.items():
        if is_matter_scoped(model) and not isinstance(model_admin, MatterScopedAdmin):
            errors.append(
                checks.Error(
                    f"The admin of {model._meta.label} does not come through the access kernel.",
                    hint="Derive it from access.admin.MatterScopedAdmin.",
                    obj=type(model_admin),
                    id="access.E003",
                )
            )
    return errors


@checks.register(checks.Tags.security, checks.Tags.urls)
def matter_data_comes_through_the_door(app_configs: Any = None, **kwargs: Any) -> list[Any]:
    return [*check_urlconf(), *check_admin()]
