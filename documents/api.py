"""REST API for documents: read-only, through the one door; search; upload."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from access.api import MatterScopedReadOnlyViewSet
from cases.models import Matter
from documents import selectors, services
from documents.forms import FilterForm
from documents.models import Document, DocumentVersion


class VersionSerializer(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = DocumentVersion
        fields = [
            "id", "document", "number", "is_current", "original_filename", "size", "sha256",
            "content_type", "file_type", "uploaded_by", "uploaded_at", "extraction_state",
            "extraction_note", "download_url",
        ]  # fmt: skip
        read_only_fields = fields

    def get_download_url(self, version: DocumentVersion) -> str:
        from django.urls import reverse

        return reverse("documents:download", args=[version.pk])


class DocumentSerializer(serializers.ModelSerializer):
    matter_number = serializers.CharField(source="matter.number", read_only=True)
    current_version = VersionSerializer(read_only=True)

    class Meta:
        model = Document
        fields = [
            "id", "matter", "matter_number", "title", "category", "document_date", "description",
            "tags", "privileged", "deadline", "task", "email_from", "email_to", "email_cc",
            "email_date", "email_subject", "created_at", "version", "current_version",
        ]  # fmt: skip
        read_only_fields = fields


class SearchResultSerializer(serializers.Serializer):
    document = DocumentSerializer()
    version = serializers.IntegerField(source="pk")
    rank = serializers.FloatField()
    snippet = serializers.CharField()


class UploadSerializer(serializers.Serializer):
    matter = serializers.IntegerField(min_value=1)
    file = serializers.FileField()
    title = serializers.CharField(max_length=300, required=False, default="", allow_blank=True)
    category = serializers.ChoiceField(choices=Document.Category.choices, default="other")
    document_date = serializers.DateField(required=False, allow_null=True, default=None)
    description = serializers.CharField(required=False, default="", allow_blank=True)
    privileged = serializers.BooleanField(required=False, default=False)
    allow_duplicate = serializers.BooleanField(required=False, default=False)


class DocumentFilter(django_filters.FilterSet):
    matter = django_filters.NumberFilter(field_name="matter_id")
    category = django_filters.ChoiceFilter(choices=Document.Category.choices)
    date_from = django_filters.DateFilter(field_name="document_date", lookup_expr="gte")
    date_to = django_filters.DateFilter(field_name="document_date", lookup_expr="lte")
    privileged = django_filters.BooleanFilter()

    class Meta:
        model = Document
        fields = ["matter", "category", "date_from", "date_to", "privileged"]


class DocumentViewSet(MatterScopedReadOnlyViewSet):
    """Documents of the matters the user can see; ?matter=, ?category=,
    ?date_from=, ?date_to=, ?privileged=. /search/?q= searches their text;
    /{id}/versions/ lists versions; POST (multipart) uploads a document."""

    serializer_class = DocumentSerializer
    filterset_class = DocumentFilter

    def scoped_queryset(self) -> QuerySet[Document]:
        user = self.request.user
        return (
            Document.objects.visible_to(user)
            .select_related("matter", "current_version")
            .order_by("-created_at", "-id")
        )

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        response = super().retrieve(request, *args, **kwargs)
        services.document_viewed(actor=request.user, document=self.get_object())
        return response

    @action(detail=True)
    def versions(self, request: Request, pk: Any = None) -> Response:
        document = self.get_object()
        versions = DocumentVersion.objects.visible_to(request.user).filter(document=document)
        return Response(VersionSerializer(versions.order_by("-number"), many=True).data)

    @action(detail=False)
    def search(self, request: Request) -> Response:
        form = FilterForm(request.query_params)
        if not form.is_valid() or not form.cleaned_data.get("q"):
            errors = dict(form.errors) or {"q": ["Give the words to search for."]}
            return Response({"detail": "The request has invalid fields.", "code": "invalid", "errors": errors},
                            status=status.HTTP_400_BAD_REQUEST)  # fmt: skip
        q = form.cleaned_data["q"]
        results = selectors.document_search(user=request.user, q=q, filters=form.filters())
        page = self.paginate_queryset(results)
        snippets = selectors.snippets([v.pk for v in page], q)
        for version in page:
            version.snippet = str(snippets.get(version.pk, ""))
            if not hasattr(version, "rank"):
                version.rank = 0.0
        return self.get_paginated_response(SearchResultSerializer(page, many=True).data)

    @action(detail=False, methods=["post"], url_path="upload",
            parser_classes=[MultiPartParser, FormParser])  # fmt: skip
    def upload(self, request: Request) -> Response:
        data = UploadSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        matter = Matter.objects.visible_to(request.user).filter(pk=fields.pop("matter")).first()
        if matter is None:
            raise NotFound("No matter found")
        upload = fields.pop("file")
        document = services.document_upload(
            actor=request.user, matter=matter, content=upload, filename=upload.name, **fields
        )
        document = self.get_queryset().get(pk=document.pk)
        return Response(DocumentSerializer(document).data, status=status.HTTP_201_CREATED)
