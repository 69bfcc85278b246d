"""What every matter page shares: the one door, the header and the tabs."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from access.views import MatterViewMixin
from cases.tabs import TABS


class MatterTabMixin(MatterViewMixin):
    """A tab of the matter page. The matter is loaded through the door before
    the handler runs (access.views.MatterViewMixin: each subclass declares
    ``matter_actions``), and the tab renders alone for htmx requests, inside
    the matter page otherwise. Subclasses set ``tab`` to their key in
    cases.tabs.TABS."""

    tab: str = ""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        htmx = getattr(self.request, "htmx", False)
        # A tab swap from the tab bar (hx-target="#tab-panel") gets the tab alone.
        partial = bool(htmx) and htmx.target == "tab-panel"
        context.update(
            matter=self.matter,
            can_change=self.can_change,
            active_tab=self.tab,
            tabs=[
                {"key": t.key, "label": t.label, "url": reverse(t.url_name, args=[self.matter.pk])}
                for t in TABS
            ],
            matter_base="cases/matter_tab_only.html" if partial else "cases/matter_base.html",
        )
        return context
