"""What every matter page shares: the one door, the header and the tabs."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.urls import reverse
from django.utils.functional import cached_property

from cases.models import Matter
from cases.permissions import visible_matter_or_404
from cases.tabs import TABS


class MatterTabMixin(LoginRequiredMixin):
    """Loads the matter through visible_matter_or_404 (404 when it is not
    visible), and renders the tab alone for htmx requests, inside the matter
    page otherwise. Subclasses set ``tab`` to their key in cases.tabs.TABS."""

    tab: str = ""

    @cached_property
    def matter(self) -> Matter:
        return visible_matter_or_404(self.request.user, self.kwargs["pk"])

    @cached_property
    def can_change(self) -> bool:
        user = self.request.user
        return user.is_firm_admin or user.has_perm("cases.change_matter", self.matter)

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
