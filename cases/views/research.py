"""Legal research: the Research tab, writing and revising memos with their
authorities, and the research search across every matter the user may see."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView

from access.kernel import require
from access.views import VIEW_ONLY, VIEW_OR_CHANGE, matter_view, reads_through_door
from accounts.models import User
from casemgr import ratelimit
from casemgr.form_errors import apply_service_errors as _apply_errors
from casemgr.formsets import add_requested, with_one_more
from casemgr.params import TextField, parse
from cases import services
from cases.models import Authority, Matter, ResearchMemo
from cases.models.research import HIT_END, HIT_START
from cases.services.research import AUTHORITY_FIELDS
from cases.views.base import MatterTabMixin

SEARCH_PAGE_SIZE = 20


# --- Forms ----------------------------------------------------------------------


class MemoForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = ResearchMemo
        fields = ("title", "question", "conclusion", "body", "author", "memo_date")
        widgets = {
            "question": forms.Textarea(attrs={"rows": 3}),
            "conclusion": forms.Textarea(attrs={"rows": 3}),
            "body": forms.Textarea(attrs={"rows": 10}),
            "memo_date": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args: Any, matter: Matter, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The author is someone on the matter's team, whoever wrote it already, or
        # the signed-in user (a firm admin or someone granted access writes too):
        # a new memo starts with the signed-in user as its author.
        current = self.instance.author_id if self.instance.pk else user.pk
        field = self.fields["author"]
        field.queryset = (
            User.objects.filter(Q(memberships__matter=matter, is_active=True) | Q(pk=current))
            .distinct()
            .order_by("full_name")
        )
        field.empty_label = None
        if not self.instance.pk:
            self.initial.setdefault("author", user.pk)


class AuthorityForm(forms.ModelForm):
    url = forms.URLField(
        label="Link",
        required=False,
        max_length=500,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
        help_text="An http(s) link to the source.",
    )

    class Meta:
        model = Authority
        fields = AUTHORITY_FIELDS
        widgets = {
            "holding": forms.Textarea(attrs={"rows": 2}),
            "year": forms.NumberInput(attrs={"min": 1200, "max": 2200}),
        }


# More authorities than a memo cites; a post claiming more (TOTAL_FORMS=2000) is
# refused with a message before thousands of forms are built.
MAX_AUTHORITIES = 50

AuthorityFormSet = forms.inlineformset_factory(
    ResearchMemo, Authority, form=AuthorityForm, fields=AUTHORITY_FIELDS, extra=2,
    can_delete=True, max_num=MAX_AUTHORITIES, absolute_max=MAX_AUTHORITIES, validate_max=True,
)  # fmt: skip


def _authorities_from(formset: forms.BaseInlineFormSet) -> list[dict[str, Any]]:
    """The complete new list of authorities, in the order of the form."""
    rows = []
    for form in formset.forms:
        if form in formset.deleted_forms:
            continue
        if form.instance.pk is None and not form.has_changed():
            continue  # an empty extra row
        row = {name: form.cleaned_data.get(name) for name in AUTHORITY_FIELDS}
        if form.instance.pk is not None:
            row["id"] = form.instance.pk
        rows.append(row)
    return rows


# --- The Research tab ---------------------------------------------------------------


def matter_memos(user: Any, matter: Matter) -> QuerySet[ResearchMemo]:
    """A matter's memos with their authorities: three queries however many."""
    return (
        ResearchMemo.objects.visible_to(user)
        .filter(matter=matter)
        .select_related("author")
        .prefetch_related(Prefetch("authorities", Authority.objects.order_by("position", "id")))
        .order_by("-memo_date", "-id")
    )


class ResearchTabView(MatterTabMixin, TemplateView):
    matter_actions = VIEW_ONLY
    tab = "research"
    template_name = "cases/tabs/research.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["memos"] = matter_memos(self.request.user, self.matter)
        return context


class MemoEditView(MatterTabMixin, TemplateView):
    """Write a new memo (no memo_pk) or revise one, with its authorities."""

    matter_actions = VIEW_OR_CHANGE

    tab = "research"
    template_name = "cases/tabs/research_memo_form.html"

    @cached_property
    def memo(self) -> ResearchMemo | None:
        if "memo_pk" not in self.kwargs:
            return None
        memo = (
            ResearchMemo.objects.visible_to(self.request.user)
            .filter(matter=self.matter, pk=self.kwargs["memo_pk"])
            .select_related("matter")
            .first()
        )
        if memo is None:
            raise Http404("No memo found")
        return memo

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        require(request.user, "change", self.matter)
        _ = self.memo  # 404 before anything else for a memo that is not there
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        if "form" not in kwargs:
            instance = self.memo or ResearchMemo(matter=self.matter, author=self.request.user)
            context["form"] = MemoForm(
                instance=instance,
                matter=self.matter,
                user=self.request.user,
                initial={"version": instance.version},
            )
            context["formset"] = AuthorityFormSet(
                instance=instance,
                prefix="authorities",
                queryset=Authority.objects.filter(memo=self.memo).order_by("position", "id")
                if self.memo
                else Authority.objects.none(),
            )
        context["memo"] = self.memo
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        instance = self.memo or ResearchMemo(matter=self.matter)
        form = MemoForm(request.POST, instance=instance, matter=self.matter, user=request.user)
        formset = AuthorityFormSet(
            request.POST,
            instance=instance,
            prefix="authorities",
            queryset=Authority.objects.filter(memo=self.memo).order_by("position", "id")
            if self.memo
            else Authority.objects.none(),
        )
        if add_requested(request.POST, [formset.prefix]):
            # "Add another authority" without JavaScript: the memo as typed with
            # one more empty authority; nothing is saved and nothing judged yet.
            form = MemoForm(
                instance=instance,
                matter=self.matter,
                user=request.user,
                initial={name: form[name].value() for name in form.fields},
            )
            formset = AuthorityFormSet(
                with_one_more(request.POST, formset),
                instance=instance,
                prefix="authorities",
                queryset=formset.queryset,
            )
            return self.render_to_response(self.get_context_data(form=form, formset=formset))
        if form.is_valid() and formset.is_valid():
            data = form.cleaned_data
            fields = {name: data[name] for name in MemoForm.Meta.fields}
            try:
                if self.memo is None:
                    memo = services.research_memo_create(
                        actor=request.user, matter=self.matter,
                        authorities=_authorities_from(formset), **fields,
                    )  # fmt: skip
                else:
                    memo = services.research_memo_update(
                        actor=request.user, memo=self.memo,
                        expected_version=data["version"] or 0,
                        authorities=_authorities_from(formset), **fields,
                    )  # fmt: skip
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(request, f"Saved the memo “{memo.title}”.")
                tab_url = reverse("cases:matter_research", args=[self.matter.pk])
                return redirect(f"{tab_url}#memo-{memo.pk}")
        context = self.get_context_data(form=form, formset=formset)
        return self.render_to_response(context, status=400)


@require_POST
@matter_view("change")
def memo_delete(request: HttpRequest, matter: Matter, memo_pk: int) -> HttpResponse:
    memo = ResearchMemo.objects.visible_to(request.user).filter(matter=matter, pk=memo_pk).first()
    if memo is None:
        raise Http404("No memo found")
    services.research_memo_delete(actor=request.user, memo=memo)
    messages.success(request, f"Deleted the memo “{memo.title}”.")
    return redirect("cases:matter_research", pk=matter.pk)


# --- Research search ----------------------------------------------------------------


def highlight(headline: str) -> SafeString:
    """ts_headline's excerpt, HTML-escaped, with its hit markers turned into <mark>."""
    text = str(escape(headline))
    return mark_safe(text.replace(HIT_START, "<mark>").replace(HIT_END, "</mark>"))  # noqa: S308


@reads_through_door
class ResearchSearchView(LoginRequiredMixin, TemplateView):
    template_name = "cases/research_search.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        params = parse(self.request, q=TextField())
        q = params["q"].strip()
        if q:
            ratelimit.check(self.request, "search")
        memos = ResearchMemo.objects.visible_to(self.request.user)
        memos = memos.search(q, headline=True) if q else memos.order_by("-memo_date", "-id")
        memos = memos.select_related("matter", "author").prefetch_related(
            Prefetch("authorities", Authority.objects.order_by("position", "id"))
        )
        page = Paginator(memos, SEARCH_PAGE_SIZE).get_page(params["page"])
        results = list(page.object_list)
        for memo in results:
            memo.excerpt = highlight(memo.headline) if q else None
        return super().get_context_data(q=q, page_obj=page, results=results, **kwargs)
