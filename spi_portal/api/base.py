"""The API object, its errors, and the two things every list shares: query parameters taken from
the pages' own FilterSets, and pagination.

Every list accepts exactly the filters of the page it mirrors, with the same names and values
(generated from the FilterSet, so a filter added to a page appears here and in the OpenAPI
description), plus ``page`` and ``page_size``. Anything else is a 400 with a JSON body naming the
parameter: a typo in a program's query must not silently return everything.
"""

from typing import Literal

import django_filters
from django.core.paginator import InvalidPage, Paginator
from django.http import Http404
from django.middleware.http import ConditionalGetMiddleware
from django.utils.decorators import decorator_from_middleware
from ninja import NinjaAPI, Schema
from ninja.errors import ValidationError
from pydantic import Field, create_model

PAGE_SIZE = 20
MAX_PAGE_SIZE = 100

api = NinjaAPI(
    title="SPI Portal API",
    version="1",
    description=(
        "Read-only access to the published Smart Policing Initiative case studies, their "
        "outcomes, lessons learned, strategies, crime problems, agencies and research partners. "
        "Lists take the same filters as the portal's pages and are paginated in a stable order. "
        "Responses carry an ETag; send it back in If-None-Match to get 304 when nothing changed."
    ),
    urls_namespace="api",
    docs_url=None,
)
# An ETag from the response body, and 304 for a client that already has it. (Anonymous requests
# get theirs earlier, from the site's page cache and the content version; this covers the rest,
# such as a signed-in editor's.)
api.add_decorator(decorator_from_middleware(ConditionalGetMiddleware), mode="view")


class BadRequest(Exception):
    def __init__(self, parameter: str | None, message: str):
        super().__init__(message)
        self.errors = [{"parameter": parameter, "message": message}]


@api.exception_handler(BadRequest)
def bad_request(request, error: BadRequest):
    return api.create_response(request, {"errors": error.errors}, status=400)


@api.exception_handler(Http404)
def not_found(request, error: Http404):
    return api.create_response(
        request, {"errors": [{"parameter": None, "message": str(error)}]}, status=404
    )


@api.exception_handler(ValidationError)
def invalid_parameter(request, error: ValidationError):
    errors = [
        {"parameter": str(item["loc"][-1]) if item.get("loc") else None, "message": item["msg"]}
        for item in error.errors
    ]
    return api.create_response(request, {"errors": errors}, status=400)


def _annotation(filter_):
    if isinstance(filter_, django_filters.ModelChoiceFilter):
        return str | None
    if isinstance(filter_, django_filters.ChoiceFilter):
        return Literal[tuple(str(value) for value, _label in filter_.extra["choices"])] | None
    if isinstance(filter_, django_filters.NumberFilter):
        return int | None
    return str | None


def query_schema(name: str, filterset_class, exclude=()) -> type[Schema]:
    """The query parameters of a list mirroring a page that filters with ``filterset_class``."""
    fields = {
        filter_name: (_annotation(filter_), Field(None, description=filter_.label))
        for filter_name, filter_ in filterset_class.base_filters.items()
        if filter_name not in exclude
    }
    fields["page"] = (int, Field(1, ge=1, description="Page number, from 1."))
    fields["page_size"] = (
        int,
        Field(PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description="Records per page."),
    )
    return create_model(name, __base__=Schema, **fields)


PAGE_ONLY = create_model(
    "PageQuery",
    __base__=Schema,
    page=(int, Field(1, ge=1, description="Page number, from 1.")),
    page_size=(int, Field(PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description="Records per page.")),
)


def reject_unknown(request, query_class: type[Schema]) -> None:
    unknown = sorted(set(request.GET) - set(query_class.model_fields))
    if unknown:
        known = ", ".join(query_class.model_fields)
        raise BadRequest(unknown[0], f"Unknown parameter “{unknown[0]}”; this list takes {known}.")


def filtered(request, filterset_class, queryset, query_class):
    """``queryset`` narrowed by the request's filters, exactly as the page narrows it."""
    reject_unknown(request, query_class)
    filterset = filterset_class(request.GET, queryset=queryset, request=request)
    if not filterset.is_valid():
        name, errors = next(iter(filterset.errors.items()))
        raise BadRequest(name, f"“{request.GET.get(name)}”: {' '.join(errors)}")
    return filterset.qs


def stable(queryset):
    """``queryset`` in its own order with the primary key last, so no record is seen twice or
    missed between two pages."""
    ordering = list(queryset.query.order_by) or list(queryset.model._meta.ordering)
    return queryset.order_by(*ordering, "pk")


def paginate(request, queryset, query, serialize) -> dict:
    paginator = Paginator(queryset, query.page_size)
    try:
        page = paginator.page(query.page)
    except InvalidPage:
        raise BadRequest(
            "page",
            f"There is no page {query.page}: this list has {paginator.num_pages} "
            f"page{'s' if paginator.num_pages != 1 else ''}.",
        ) from None

    def link(number: int) -> str:
        params = request.GET.copy()
        params["page"] = number
        return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")

    return {
        "count": paginator.count,
        "page": page.number,
        "page_size": query.page_size,
        "pages": paginator.num_pages,
        "next": link(page.next_page_number()) if page.has_next() else None,
        "previous": link(page.previous_page_number()) if page.has_previous() else None,
        "results": [serialize(item) for item in page.object_list],
    }
