"""CSV exports, the one way: every cell neutralized against formula injection.

A spreadsheet runs a cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return as a formula (``=cmd|' /C calc'!A0``). Exported text comes from
people outside the firm too (a contact's name, the e-mail tried at a failed
sign-in, a browser's User-Agent), so, following the OWASP guidance on CSV
injection, such a cell is prefixed with a single quote: the spreadsheet shows
the text, the formula never runs. Every CSV the app writes goes through
``csv_rows`` / ``csv_response``; nothing else calls ``csv.writer``.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from typing import Any

from django.http import StreamingHttpResponse

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """The value as a spreadsheet may show it: dates as ISO text, and text that a
    spreadsheet would run as a formula prefixed with a single quote."""
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        value = value.isoformat()
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


class _Echo:
    """A file that hands back what it is given, for streaming csv.writer output."""

    def write(self, value: str) -> str:
        return value


def csv_rows(header: Iterable[str], rows: Iterable[Iterable[Any]]) -> Iterator[str]:
    """The CSV text line by line: the header, then each row, every cell neutralized."""
    writer = csv.writer(_Echo())
    yield writer.writerow([safe_cell(name) for name in header])
    for row in rows:
        yield writer.writerow([safe_cell(value) for value in row])


def csv_response(
    header: Iterable[str], rows: Iterable[Iterable[Any]], filename: str
) -> StreamingHttpResponse:
    """A streamed CSV download of these rows."""
    response = StreamingHttpResponse(csv_rows(header, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
