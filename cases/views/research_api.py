"""/api/research-memos/: research memos of the matters the user may see, read-only.

``?q=`` searches memo and authority text (ranked, best first); ``?matter=<id>``
narrows to one matter. Both start from ResearchMemo.objects.visible_to(user).
"""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers

from access.api import MatterScopedReadOnlyViewSet
from casemgr import ratelimit
from casemgr.params import IdField, TextField, parse
from cases.models import Authority, ResearchMemo


class AuthoritySerializer(serializers.ModelSerializer):
    class Meta:
        model = Authority
        fields = ("id", "kind", "citation", "court", "year", "holding", "relevance", "url")


class MemoMatterSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    title = serializers.CharField()


class ResearchMemoSerializer(serializers.ModelSerializer):
    matter = MemoMatterSerializer()
    author = serializers.CharField(source="author.full_name")
    authorities = AuthoritySerializer(many=True)
    rank = serializers.FloatField(read_only=True, required=False, allow_null=True, default=None)

    class Meta:
        model = ResearchMemo
        fields = ("id", "matter", "title", "question", "conclusion", "body", "author",
                  "memo_date", "version", "authorities", "rank")  # fmt: skip


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("q", OpenApiTypes.STR, description="Full-text search, best first."),
            OpenApiParameter("matter", OpenApiTypes.INT, description="Only this matter's memos."),
        ]
    )
)
class ResearchMemoViewSet(MatterScopedReadOnlyViewSet):
    serializer_class = ResearchMemoSerializer

    def scoped_queryset(self) -> QuerySet[ResearchMemo]:
        user = self.request.user
        memos = ResearchMemo.objects.visible_to(user)
        params = parse(self.request, q=TextField(), matter=IdField())
        q = params["q"].strip()
        if q and self.action == "list":
            ratelimit.check(self.request, "search")
        memos = memos.search(q) if q else memos.order_by("-memo_date", "-id")
        if params["matter"]:
            memos = memos.filter(matter_id=params["matter"])
        return memos.select_related("matter", "author").prefetch_related(
            Prefetch("authorities", Authority.objects.order_by("position", "id"))
        )
