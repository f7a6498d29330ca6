"""Which cached pages a change makes stale: a version per family of pages.

Each public page is filed under the content version every page shares and its family's own
number (``editorial.models.PageVersion``): the page of one record (a case study with its citation
files, a lesson, a strategy or crime problem with its feed), the agency pages, the partner pages,
the about and open-data pages, and "lists", every other page (home, the lists, findings, feeds,
the sitemap, search, the API), which any change may alter. A record's family is named after its
id, which the address's slug is looked up for in the same query as the numbers, so a renamed
address never keeps its family.

Once a transaction commits, ``editorial.changes.content_changed`` brings what it changed
(``ChangeSet``), whatever wrote it (an admin form, a queryset's ``update``, an import, a
scheduled record going live), and :func:`touched` works out the families it shows in, from the
data as committed:

- a project: its case study, and those of the projects that may list it as related (its
  agency's, those sharing a strategy or crime problem), its terms' pages, its lessons' pages,
  the agency and partner pages, the lists;
- a lesson: its page, its projects' case studies, its terms' pages;
- a term: its page and everything its projects and lessons show; an agency, partner,
  researcher, outcome, source, resource or rating: what its projects (and lessons) show;
- the about and open-data pages when the date they give as the newest change moves, or a core
  practice changes.

What cannot be pinned to pages renews every page (the shared content version moves on): a
deletion (the links that led from a deleted record are gone by the commit), a change to a model
not named here, a change too large to be worth working out (an import).
"""

import logging

from django.db.models import CharField, Q, Subquery, Value
from django.db.models.functions import Cast, Concat
from django.urls import Resolver404, resolve
from django.utils import timezone

from editorial.models import ContentVersion, PageVersion
from lessons.models import CorePractice, Lesson
from projects.models import (
    Agency,
    CrimeProblem,
    ExternalRating,
    Outcome,
    PartnerRedirect,
    Project,
    Researcher,
    ResearchPartner,
    Resource,
    SlugRedirect,
    Source,
    Strategy,
)
from projects.site import terms_of_use

logger = logging.getLogger(__name__)

LISTS, AGENCIES, PARTNERS, ABOUT = PageVersion.LISTS, "agencies", "partners", "about"
# The newest change's date the about and open-data pages give, as a day number.
LAST_UPDATED = "about:last-updated"
# Past this many records changed, or families touched, every page is renewed instead.
MOST_RECORDS, MOST_FAMILIES = 200, 500

# Pages of one record, by URL name: the record's model.
RECORD_PAGES = {
    "case-study": Project,
    "projects:cite": Project,
    "lessons:detail": Lesson,
    "strategy-detail": Strategy,
    "strategy-feed": Strategy,
    "crime-problem-detail": CrimeProblem,
    "crime-problem-feed": CrimeProblem,
}
FAMILY_PAGES = {
    "projects:agency-detail": (AGENCIES,),
    "projects:partner-detail": (PARTNERS,),
    "about": (ABOUT, LAST_UPDATED),
    "open-data": (ABOUT, LAST_UPDATED),
}


def family(model, pk) -> str:
    return f"{model._meta.label_lower}:{pk}"


def page_families(request) -> list:
    """The families the page at this request belongs to, as expressions for
    ``ContentVersion.current_for``."""
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return [Value(LISTS)]
    model = RECORD_PAGES.get(match.view_name)
    if model is not None:
        pk = model.objects.filter(slug=match.kwargs.get("slug", "")).values("pk")[:1]
        prefix = family(model, "")
        return [Concat(Value(prefix), Cast(Subquery(pk), CharField()), output_field=CharField())]
    return [Value(name) for name in FAMILY_PAGES.get(match.view_name, (LISTS,))]


def page_version(request) -> str | None:
    """What the page at this request is filed under; None when nothing was ever published."""
    return ContentVersion.current_for(page_families(request))


def touched(changes) -> set[str] | None:
    """The families the committed ``changes`` show in; None when every page must be renewed."""
    if changes.deleted or sum(len(ids) for ids in changes.saved.values()) > MOST_RECORDS:
        return None
    families = {LISTS}
    projects, lessons, terms = set(), set(), set()
    for model, ids in changes.saved.items():
        if model is Project:
            projects |= ids
        elif model is Lesson:
            lessons |= ids
        elif model in (Strategy, CrimeProblem):
            terms |= {(model, pk) for pk in ids}
        elif model is CorePractice:
            families.add(ABOUT)
            lessons |= _ids(Lesson.objects.filter(core_practice__in=ids))
        elif model in _OWNERS:
            projects |= _ids(_OWNERS[model](ids))
            families |= _EXTRA.get(model, set())
            if model is Source:
                lessons |= _ids(
                    Lesson.objects.filter(Q(source__in=ids) | Q(source__copy_of__in=ids))
                )
        else:
            return None
    for model, pk in terms:
        named = Q(**{_TERM_FIELD[model]: pk})
        if model is CrimeProblem:
            named |= Q(outcomes__crime_problem=pk)  # outcomes name it on their project's page
        projects |= _ids(Project.objects.filter(named))
        lessons |= _ids(Lesson.objects.filter(**{_TERM_FIELD[model]: pk}))
    families |= _lesson_families(lessons, terms)
    families |= _project_families(projects, terms)
    families |= {family(model, pk) for model, pk in terms}
    if len(families) > MOST_FAMILIES:
        return None
    return families


def on_content_changed(sender, changes, **kwargs) -> None:
    """The page cache's subscription to ``editorial.changes.content_changed``: sent once a
    transaction that changed public content commits, so no page is cached from data a
    rolled-back write never made, and once however many records it wrote."""
    try:
        families = touched(changes)
        if families is not None:
            ContentVersion.reschedule()
            PageVersion.bump(families)
            if Project in changes.saved or Lesson in changes.saved:
                PageVersion.put(LAST_UPDATED, _last_updated_day())
            return
    except Exception:
        # Renewing every page is always right, and a failure here must not leave pages stale.
        logger.exception("could not work out the pages a change touched; renewing them all")
    ContentVersion.bump()


def _ids(queryset) -> set:
    return set(queryset.values_list("pk", flat=True))


# Records shown on their projects' pages: their projects, and the families of their own pages.
_OWNERS = {
    Agency: lambda ids: Project.objects.filter(agency__in=ids),
    ResearchPartner: lambda ids: Project.objects.filter(research_partners__in=ids),
    PartnerRedirect: lambda ids: Project.objects.none(),
    Researcher: lambda ids: Project.objects.filter(researchers__in=ids),
    Outcome: lambda ids: Project.objects.filter(outcomes__in=ids),
    ExternalRating: lambda ids: Project.objects.filter(external_ratings__in=ids),
    Resource: lambda ids: Project.objects.filter(resources__in=ids),
    SlugRedirect: lambda ids: Project.objects.filter(old_slugs__in=ids),
    Source: lambda ids: Project.objects.filter(
        Q(sources__in=ids) | Q(sources__copy_of__in=ids) | Q(outcomes__source__in=ids)
    ),
}
_EXTRA = {
    Agency: {AGENCIES},
    ResearchPartner: {PARTNERS},
    PartnerRedirect: {PARTNERS},
    Researcher: {PARTNERS},
}
_TERM_FIELD = {Strategy: "strategies", CrimeProblem: "crime_problems"}


def _lesson_families(lessons: set, terms: set) -> set[str]:
    """A lesson's page, its projects' case studies (they list it) and its terms' pages."""
    if not lessons:
        return set()
    for model in _TERM_FIELD:
        terms |= {(model, pk) for pk in _ids(model.objects.filter(lessons__in=lessons))}
    shown_in = _ids(Project.objects.filter(lessons__in=lessons))
    return {family(Lesson, pk) for pk in lessons} | {family(Project, pk) for pk in shown_in}


def _project_families(projects: set, terms: set) -> set[str]:
    """The case studies that show these projects (their own, and those that may list one of them
    as related: the same agency's, those sharing a term), their terms' pages, their lessons'
    pages, and the agency and partner pages (which list projects)."""
    if not projects:
        return set()
    chosen = Project.objects.filter(pk__in=projects)
    shown_in = Project.objects.filter(
        Q(pk__in=projects)
        | Q(agency__in=chosen.values("agency"))
        | Q(strategies__in=Strategy.objects.filter(projects__in=projects))
        | Q(crime_problems__in=CrimeProblem.objects.filter(projects__in=projects))
    ).distinct()
    for model in _TERM_FIELD:
        terms |= {(model, pk) for pk in _ids(model.objects.filter(projects__in=projects))}
    lessons = _ids(Lesson.objects.filter(projects__in=projects))
    return (
        {family(Project, pk) for pk in _ids(shown_in)}
        | {family(Lesson, pk) for pk in lessons}
        | {AGENCIES, PARTNERS}
    )


def _last_updated_day() -> int:
    """The newest change's date as the about and open-data pages give it, as a day number."""
    last = terms_of_use(Project.objects.published(), Lesson.objects.published())["last_updated"]
    return timezone.localdate(last).toordinal() if last else 0
