"""“Add another” for formsets, without JavaScript.

Each formset on a page carries an "Add another" submit button
(``name="_add" value="<prefix>"``, templates/includes/formset_add.html). Without
JavaScript the button posts the form back; the view sees ``add_requested`` and
renders the form again as typed, with one more empty row in that formset
(``with_one_more``): nothing is saved. With JavaScript (static/js/app.js) the
button adds the row in the page from the formset's empty form instead.
"""

from __future__ import annotations

from typing import Any

from django.forms.formsets import BaseFormSet
from django.http import QueryDict

ADD_FIELD = "_add"


def add_requested(data: Any, prefixes: list[str] | tuple[str, ...]) -> str | None:
    """The prefix of the formset whose "Add another" was pressed, if any."""
    prefix = data.get(ADD_FIELD) if data is not None else None
    return prefix if prefix in prefixes else None


def with_one_more(data: QueryDict, formset: BaseFormSet) -> QueryDict:
    """A copy of the posted data whose ``formset`` (built from ``data``) has one
    more form, filled with what a browser posts for an untouched empty row (the
    fields' initial values), so the new row is blank, not wrong. Nothing is
    added past the formset's maximum or to a malformed count."""
    copy = data.copy()
    prefix = formset.prefix
    raw = str(data.get(f"{prefix}-TOTAL_FORMS", "")).strip()
    if not (raw.isdigit() and len(raw) <= 6) or int(raw) >= formset.max_num:
        return copy
    index = int(raw)
    copy[f"{prefix}-TOTAL_FORMS"] = str(index + 1)
    empty = formset.empty_form
    for name, field in empty.fields.items():
        value = empty[name].value()
        if value in (None, "", False):
            continue
        shown = field.widget.format_value(value)  # a list for a <select>
        values = shown if isinstance(shown, list) else [shown]
        copy.setlist(f"{prefix}-{index}-{name}", [str(v) for v in values if v is not None])
    return copy
