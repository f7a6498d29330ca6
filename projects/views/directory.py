"""The agencies (with their map) and research partners directories."""

from django.db.models import Prefetch
from django.db.models.functions import Lower
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from projects.maps import build_map, map_of
from projects.models import MergedSlug, PartnerRedirect, Project, Researcher

from .common import paginate, public_agencies, public_partners, published_projects

AGENCIES_PER_PAGE = 200


def agency_list(request: HttpRequest) -> HttpResponse:
    agencies = public_agencies()
    page = paginate(request, agencies.order_by("state", Lower("name")), AGENCIES_PER_PAGE)
    return render(
        request,
        "projects/agency_list.html",
        {
            "agencies": page.object_list,
            "page": page,
            "agency_map": map_of(agencies, Project.objects.case_studies()),
        },
    )


def agency_detail(request: HttpRequest, slug: str) -> HttpResponse:
    agency = public_agencies().filter(slug=slug).first()
    if agency is None:
        # The address of an agency since merged into another: send readers to the one kept.
        kept = MergedSlug.target_in(public_agencies(), slug)
        if kept is None:
            raise Http404("No such agency.")
        return redirect(kept, permanent=True)
    projects = (
        published_projects()
        .filter(agency=agency)
        .with_cards()
        .prefetch_related("research_partners")
        .order_by("-cohort_year")
    )
    return render(
        request,
        "projects/agency_detail.html",
        {"agency": agency, "projects": projects, "agency_map": build_map([agency])},
    )


def partner_list(request: HttpRequest) -> HttpResponse:
    partners = public_partners().prefetch_related(
        Prefetch("projects", queryset=published_projects().select_related("agency")),
        "researchers",
    )
    return render(request, "projects/partner_list.html", {"partners": partners})


def partner_detail(request: HttpRequest, slug: str) -> HttpResponse:
    partner = public_partners().filter(slug=slug).first()
    if partner is None:
        # The address of a record since merged into another: send readers to the one kept.
        moved = get_object_or_404(
            PartnerRedirect.objects.filter(partner__in=public_partners()), old_slug=slug
        )
        return redirect(moved.partner, permanent=True)
    projects = (
        published_projects()
        .filter(research_partners=partner)
        .with_cards()
        .prefetch_related("researchers")
        .order_by("-cohort_year")
    )
    researchers = Researcher.objects.filter(
        partner=partner, projects__in=published_projects()
    ).distinct()
    agencies = sorted({project.agency for project in projects}, key=lambda a: a.name)
    return render(
        request,
        "projects/partner_detail.html",
        {"partner": partner, "projects": projects, "researchers": researchers,
         "agencies": agencies},
    )  # fmt: skip
