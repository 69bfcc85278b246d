"""The CSV import of past matters' parties: the contacts import's pages
(clients.import_views) with the parties importer. Matters are read only
through the importer, which finds them with ``restrict(user, "change")``;
the pages show nothing of a matter but what the user's own file says."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from access.views import reads_through_door
from cases.imports import PARTIES
from clients import import_views


@reads_through_door
def parties_import_upload(request: HttpRequest) -> HttpResponse:
    return import_views.import_upload(request, importer=PARTIES)


@reads_through_door
def parties_import_job(request: HttpRequest, pk: int) -> HttpResponse:
    return import_views.import_job(request, importer=PARTIES, pk=pk)


@reads_through_door
def parties_import_map(request: HttpRequest, pk: int) -> HttpResponse:
    return import_views.import_map(request, importer=PARTIES, pk=pk)


@reads_through_door
def parties_import_run(request: HttpRequest, pk: int) -> HttpResponse:
    return import_views.import_run(request, importer=PARTIES, pk=pk)
