"""The SPI project: one award, the unit a case study describes."""

import re

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import ExpressionWrapper, OuterRef, Prefetch, Q
from django.db.models.functions import Abs
from django.utils.text import slugify

from editorial.models import Publishable, PublishableQuerySet
from projects.uploads import RandomName
from projects.wording import provenance_remarks

from .agencies import Agency, Researcher, ResearchPartner, SettlementType
from .outcomes import (
    IMPROVED,
    Outcome,
    OutcomeCategory,
    Significance,
    Unit,
)
from .slugs import unique_slug
from .sources import Source
from .taxonomy import CrimeProblem, Strategy, normalize_term


class ProjectStage(models.TextChoices):
    PLANNING = "planning", "Planning"
    IMPLEMENTING = "implementing", "Implementing"
    COMPLETED = "completed", "Completed"


class Target(models.TextChoices):
    """Evidence-Based Policing Matrix: what the project worked on."""

    PLACES = "places", "Places"
    PEOPLE = "people", "People"
    BOTH = "both", "Places and people"
    ORGANIZATION = "organization", "The organization"


class MatrixTarget(models.TextChoices):
    """The Evidence-Based Policing Matrix's target axis (Lum, Koper and Telep): how broad the
    unit the intervention works on is, from single people to a whole jurisdiction. Finer than
    ``Target``, which says only places, people or the organization."""

    INDIVIDUALS = "individuals", "Individuals"
    GROUPS = "groups", "Groups"
    MICRO_PLACES = "micro_places", "Micro places"
    NEIGHBORHOODS = "neighborhoods", "Neighborhoods"
    JURISDICTIONS = "jurisdictions", "Jurisdictions"


class Specificity(models.TextChoices):
    GENERAL = "general", "General"
    FOCUSED = "focused", "Focused"


class Proactivity(models.TextChoices):
    REACTIVE = "reactive", "Reactive"
    PROACTIVE = "proactive", "Proactive"
    HIGHLY_PROACTIVE = "highly_proactive", "Highly proactive"


class Design(models.TextChoices):
    """The evaluation design, from the strongest to none."""

    RCT = "rct", "Randomized controlled trial"
    QUASI_EXPERIMENTAL = "quasi_experimental", "Quasi-experimental"
    TIME_SERIES = "time_series", "Interrupted time series"
    PRE_POST = "pre_post", "Before and after"
    DESCRIPTIVE = "descriptive", "Descriptive or correlational"
    PROCESS = "process", "Process evaluation"
    NONE = "none", "No evaluation reported"


# Maryland scale 3 and up: the result was compared with places or people that did not get the
# intervention, the lowest design that lets a study say the intervention caused the change.
COMPARISON_LEVEL = 3

# Crime problems of the taxonomy that a non-crime kind of outcome measures: a clearance figure
# measures case clearance whatever the source filed the project under (Boston's 2011 award is
# listed under "homicide" and measured homicide clearance), a complaints figure complaints and use
# of force. Every other problem is measured by crime and disorder figures that name it.
CRIME_PROBLEM_OUTCOMES = {
    "case-clearance": OutcomeCategory.CLEARANCE,
    "complaints-and-use-of-force": OutcomeCategory.COMPLAINTS_FORCE,
}
CRIME_CATEGORIES = (OutcomeCategory.CRIME, OutcomeCategory.DISORDER)


def measures_problem(crime_problem) -> models.Q:
    """The outcomes that measure ``crime_problem``: the one condition behind the crime-problem
    lists (the Python side is ``projects.ratings.measured_problems``)."""
    category = CRIME_PROBLEM_OUTCOMES.get(crime_problem.slug)
    if category:
        return models.Q(category=category)
    return models.Q(category__in=CRIME_CATEGORIES, crime_problem=crime_problem)


SMS_LEVELS = [
    (5, "5: randomized"),
    (4, "4: comparison with controls"),
    (3, "3: before and after with comparison"),
    (2, "2: before and after"),
    (1, "1: correlation only"),
]

CASE_STUDY_SECTIONS = (
    ("problem", "The problem"),
    ("response", "What was done"),
    ("implementation", "Implementation"),
    ("research_design", "How it was evaluated"),
    ("findings", "Findings"),
    ("sustainment", "Sustainment and lessons"),
)
# Every text field of the written case study, the summary first: what import, export and the
# admin treat as one block.
CASE_STUDY_FIELDS = ("summary", *(name for name, _label in CASE_STUDY_SECTIONS))
# An SPI award may go public as soon as what is known of it is summarised: many awards have only a
# public award record, and a page saying so honestly is better than no page. The other sections
# count towards completeness, which the admin shows, and findings become required with the
# first outcome (a figure needs the text that explains it).
REQUIRED_SECTIONS = ("summary",)


def _rating_source(rating: str):
    return models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=f"The source the {rating} rests on.",
    )


# A rating and the two fields that justify it.
RATINGS = (
    ("design", "design_rationale", "design_source"),
    ("sms_level", "sms_rationale", "sms_source"),
    ("stage", "stage_rationale", "stage_source"),
)
NOT_RATED_LABEL = "Not enough information to rate"


# A percentage in prose: "17%", "17.3 percent", a range "20-29%" or "16 to 19%".
_PERCENTAGE = re.compile(
    r"(\d+(?:\.\d+)?)(?:\s*(?:-|\u2013|to)\s*(\d+(?:\.\d+)?))?\s*(?:%|percent\b|per cent\b)"
)
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
# A paragraph or list item of the findings that starts with this marks its figures as context
# (background, another source's wording), not as outcomes of the project.
CONTEXT_MARK = re.compile(r"^\s*(?:[-*+]\s+)?(?:\*\*|\*|_)?context:", re.IGNORECASE)


def unmatched_percentages(findings: str, outcomes) -> list[str]:
    """The percentages of a findings text that no outcome row shows (its value, or a figure in
    its note, measure, place or comparison) and that are not in a paragraph marked "Context:"."""
    shown = set()
    for outcome in outcomes:
        if outcome.value is not None:
            shown.add(abs(float(outcome.value)))
        for text in (outcome.note, outcome.measure, outcome.place_unit, outcome.comparison):
            shown |= {float(n) for n in _NUMBER.findall(text or "")}
    unmatched = []
    for line in findings.splitlines():
        if CONTEXT_MARK.match(line):
            continue
        for match in _PERCENTAGE.finditer(line):
            if any(float(n) not in shown for n in match.groups() if n):
                unmatched.append(match.group(0))
    return unmatched


def headline_outcomes_prefetch() -> Prefetch:
    """Each project's headline figures, as ``headline_outcomes``, with what a card and the
    rating read of them."""
    headlines = Outcome.objects.filter(is_headline=True).select_related("source", "crime_problem")
    return Prefetch("outcomes", queryset=headlines, to_attr="headline_outcomes")


def has_significant_result() -> models.Q:
    """The projects with at least one statistically significant outcome: the one condition
    behind the list filter, its count and ``with_significant_results()``."""
    significant = Outcome.objects.filter(
        project=models.OuterRef("pk"), significance=Significance.SIGNIFICANT
    )
    return models.Q(models.Exists(significant))


class ProjectQuerySet(PublishableQuerySet):
    def named(self):
        return self.select_related("agency")  # ``name`` starts with the agency's

    def with_cards(self):
        """What a project card or list row shows (with its headline figures, as
        ``headline_outcomes``, which its rating reads), fetched in a constant number of
        queries."""
        return self.select_related("agency").prefetch_related(
            "strategies", "crime_problems", headline_outcomes_prefetch()
        )

    def for_history(self):
        """Everything a revision's snapshot reads (related records' names, links, outcomes),
        fetched in a constant number of queries."""
        fields = self.model._meta.concrete_fields
        return self.select_related(*(f.name for f in fields if f.is_relation)).prefetch_related(
            *(f.name for f in self.model._meta.many_to_many),
            Prefetch("outcomes", queryset=Outcome.objects.select_related("source")),
            "external_ratings",
        )

    def create_many(self, projects: list, taken_slugs: set[str]) -> list:
        """Insert new projects at once, filled in as ``save`` fills in one (identity, address,
        first publication); ``taken_slugs`` holds every project address in use. Django sends no
        signal for this: the caller reports them (``editorial.changes.created_in_bulk``)."""
        for project in projects:
            project.identity = self.model.identity_for(project.agency.name, project.cohort_year)
            project.slug = project.slug or project.build_slug(taken_slugs)
            project.stamp_first_publication()
        return self.bulk_create(projects)

    def with_outcomes(self):
        return self.prefetch_related(
            Prefetch("outcomes", queryset=Outcome.objects.select_related("source", "crime_problem"))
        )

    def for_strategy(self, strategy):
        return self.filter(strategies=strategy)

    def for_crime_problem(self, crime_problem):
        """Projects filed under ``crime_problem``, and those with a headline outcome that
        measures it (``measures_problem``). Subqueries, not joins, so no project is listed
        twice."""
        tagged = Project.crime_problems.through.objects.filter(crimeproblem=crime_problem)
        measured = Outcome.objects.filter(measures_problem(crime_problem), is_headline=True)
        return self.filter(
            models.Q(pk__in=tagged.values("project")) | models.Q(pk__in=measured.values("project"))
        )

    def with_outcomes_reported(self, reported: bool = True):
        headline = Outcome.objects.filter(project=models.OuterRef("pk"), is_headline=True)
        return self.filter(models.Exists(headline) if reported else ~models.Exists(headline))

    def with_best_improvement(self):
        """``best_improvement``: the size of the largest significant improvement among the
        headline outcomes, in percent or percentage points (the units most SPI results use and
        a reader can compare at a glance); None when there is none."""
        best = (
            Outcome.objects.filter(
                IMPROVED,
                project=models.OuterRef("pk"),
                is_headline=True,
                unit__in=[Unit.PERCENT, Unit.PERCENTAGE_POINTS],
                value__isnull=False,
            )
            .annotate(size=Abs("value"))
            .order_by("-size")
            .values("size")[:1]
        )
        return self.annotate(best_improvement=models.Subquery(best))

    def case_studies(self):
        """What every count of case studies counts, on every page, feed and API list: the
        published projects, those whose profile is incomplete included (they are listed,
        labelled, and counted, so the home page, the lists, the map and the API agree)."""
        return self.published()

    def counts(self) -> dict[str, int]:
        """The portal's headline figures for these case studies, each by the one definition
        the lists use: ``case_studies``; ``agencies`` with at least one; every ``outcome`` of
        them (what /api/outcomes/ lists); and how many of them are ``incomplete``."""
        figures = self.aggregate(
            case_studies=models.Count("pk", distinct=True),
            agencies=models.Count("agency", distinct=True),
        )
        figures["outcomes"] = Outcome.objects.filter(project__in=self.values("pk")).count()
        figures["incomplete"] = self.filter(self._incomplete_condition()).count()
        return figures

    def _incomplete_condition(self) -> Q:
        return Q(response="") & ~Q(models.Exists(Outcome.objects.filter(project=OuterRef("pk"))))

    def complete(self):
        """Projects with an outcome or a described response: what headline counts count."""
        return self.exclude(self._incomplete_condition())

    def complete_first(self, *ordering):
        """Thin records ("profile incomplete") after the complete ones, each part in
        ``ordering`` (the default ordering when none is given)."""
        return self.annotate(
            is_incomplete=ExpressionWrapper(
                self._incomplete_condition(), output_field=models.BooleanField()
            )
        ).order_by("is_incomplete", *(ordering or self.model._meta.ordering))

    def with_significant_results(self):
        return self.filter(has_significant_result())


class Project(Publishable):
    """One SPI award: an agency, its research partner, and what they tried against a crime
    problem. Its identity is the agency and the cohort year, so re-importing a file updates a
    project in place."""

    identity = models.CharField(max_length=300, unique=True, editable=False)
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="projects")
    cohort_year = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(2009), MaxValueValidator(2100)],
        help_text="The SPI cohort (award) year.",
    )
    phase = models.CharField(max_length=40, blank=True)
    slug = models.SlugField(max_length=200, unique=True)
    title = models.CharField(
        max_length=300,
        blank=True,
        help_text="The project's title as a source gives it (the SPI profile); empty when no "
        "source gives one. Only this is shown, cited and exported as the title.",
    )
    award_title = models.CharField(max_length=300, blank=True, help_text="The BJA award's title.")
    headline = models.CharField(
        "portal headline",
        max_length=200,
        blank=True,
        help_text="The portal's own words for a project no source gives a title; shown labelled "
        "as the portal's, never exported or cited as a title. Leave empty to build one from the "
        "strategies and crime problems.",
    )
    award_number = models.CharField(max_length=40, blank=True)
    award_amount = models.PositiveIntegerField("award amount (US dollars)", null=True, blank=True)
    # The jurisdiction as this award's profile describes it: another award of the same agency can
    # give other figures, so they belong to the award (the agency keeps its current profile).
    settlement_type = models.CharField(max_length=20, choices=SettlementType.choices, blank=True)
    area_sq_mi = models.DecimalField(
        "area (square miles)", max_digits=9, decimal_places=2, null=True, blank=True
    )
    population = models.PositiveIntegerField(null=True, blank=True)
    stage = models.CharField(
        "project status", max_length=20, choices=ProjectStage.choices, blank=True
    )
    featured = models.BooleanField(default=False, help_text="Shown on the home page.")

    strategies = models.ManyToManyField(Strategy, related_name="projects", blank=True)
    crime_problems = models.ManyToManyField(CrimeProblem, related_name="projects", blank=True)
    research_partners = models.ManyToManyField(ResearchPartner, related_name="projects", blank=True)
    research_partner_wording = models.CharField(
        "research partners as the facts give them",
        max_length=500,
        blank=True,
        help_text="The facts' own words for the partners (with a department where they name "
        "one): a partner's department is shown on this project only where these words give it.",
    )
    researchers = models.ManyToManyField(Researcher, related_name="projects", blank=True)
    unmapped_terms = models.JSONField(
        default=dict,
        blank=True,
        help_text="Imported strategies and crime types the taxonomy does not know yet.",
    )

    target = models.CharField(max_length=20, choices=Target.choices, blank=True)
    matrix_target = models.CharField(
        "target on the Policing Matrix",
        max_length=20,
        choices=MatrixTarget.choices,
        blank=True,
        help_text="Leave empty unless the case study says what the work was aimed at.",
    )
    specificity = models.CharField(max_length=20, choices=Specificity.choices, blank=True)
    proactivity = models.CharField(max_length=20, choices=Proactivity.choices, blank=True)
    study_design = models.CharField("study design as described", max_length=500, blank=True)
    design = models.CharField(max_length=20, choices=Design.choices, blank=True)
    design_planned = models.BooleanField(
        "design only planned",
        default=False,
        help_text="The sources describe this design only as planned, not as carried out: it is "
        "shown as planned and counted as no study.",
    )
    sms_level = models.PositiveSmallIntegerField(
        "Maryland Scientific Methods Scale",
        choices=SMS_LEVELS,
        null=True,
        blank=True,
        help_text="Empty when the sources do not describe the comparison well enough to rate.",
    )
    # Why each rating: a sentence and the source it rests on, shown to readers beside the rating.
    design_rationale = models.CharField("why this design", max_length=500, blank=True)
    design_source = _rating_source("design")
    sms_rationale = models.CharField("why this Maryland level", max_length=500, blank=True)
    sms_source = _rating_source("Maryland level")
    stage_rationale = models.CharField("why this status", max_length=500, blank=True)
    stage_source = _rating_source("status")

    summary = models.TextField(blank=True)
    # The facts' own wording, kept as the source gave it so that the exchange format (export,
    # API, JSON download) hands back what was imported: ``summary`` above is the portal's
    # case-study summary, the links above are the taxonomy the terms were mapped onto.
    source_summary = models.TextField(
        "summary as the source gives it",
        blank=True,
        help_text="The facts file's summary, exported as the record's summary; the case-study "
        "summary is the portal's own.",
    )
    source_terms = models.JSONField(
        default=dict,
        blank=True,
        help_text="The strategies and crime types in the facts' words ({'strategies': [...], "
        "'crime_types': [...]}), exported as they came.",
    )
    problem = models.TextField("the problem", blank=True)
    response = models.TextField("what was done", blank=True)
    implementation = models.TextField(blank=True)
    research_design = models.TextField("how it was evaluated", blank=True)
    findings = models.TextField(blank=True)
    sustainment = models.TextField("sustainment and lessons", blank=True)
    caveats = models.TextField(
        "caveats for readers",
        blank=True,
        help_text="Public: what a reader should keep in mind about the sources, in the portal's "
        "own words.",
    )
    notes = models.TextField(
        "editors' notes",
        blank=True,
        help_text="Provenance notes for editors only: never shown on a public page, feed, "
        "download or search result.",
    )

    image = models.ImageField(upload_to=RandomName("projects"), blank=True)
    image_alt = models.CharField("image description", max_length=300, blank=True)
    sources = models.ManyToManyField(Source, related_name="projects", blank=True)

    objects = ProjectQuerySet.as_manager()
    # Saved, compared and restored with the project in its revisions.
    revision_children = ("outcomes", "external_ratings")

    class Meta:
        ordering = ["-cohort_year", "agency__name"]
        indexes = [models.Index(fields=["status", "cohort_year"], name="project_status_year")]
        permissions = [
            ("publish_project", "Can publish, schedule and unpublish case studies"),
            ("curate_taxonomy", "Can map unmapped strategies and crime types onto the taxonomy"),
        ]

    def __str__(self):
        return self.name

    @property
    def jurisdiction_population(self) -> tuple[int | None, str]:
        """The population at the award where its profile gives one, else the agency's current
        one, with words saying which: another award of the same agency can give other figures,
        so a page comparing awards never shows one award's size as another's."""
        if self.population:
            return self.population, "at the award"
        if self.agency.population:
            return self.agency.population, "the agency's current figure"
        return None, ""

    # The case study shows lessons too, so it is the site's page and the site gives its address
    # (get_absolute_url, through ABSOLUTE_URL_OVERRIDES in spi_portal/settings/base.py).

    @staticmethod
    def links_of(projects: list, names: list[str], outcomes=None) -> dict[int, dict[str, list]]:
        """For each project, by its id: its linked records under each relation name in
        ``names`` (many-to-many fields, and "outcomes", read with the ``outcomes`` queryset), in
        the order reading that relation gives them. For thousands of projects in hand (an
        import's revisions, a rebuild's documents): Django's prefetch builds a filtered queryset
        for every project and relation, most of their cost.

        A many-to-many relation takes two queries: the ordered pairs of ids, then each linked
        record once, shared by every project linked to it (the same few strategies link to
        thousands of projects; making them once per link was most of the reading)."""
        found = {project.pk: {name: [] for name in names} for project in projects}
        for name in names:
            if name == "outcomes":
                if outcomes is None:
                    outcomes = Outcome.objects.select_related("source")
                queryset = outcomes.filter(project__in=list(found))
                for outcome in queryset:
                    found[outcome.project_id][name].append(outcome)
                continue
            field = Project._meta.get_field(name)
            reverse = field.related_query_name()
            pairs = list(
                field.related_model.objects.filter(**{f"{reverse}__in": list(found)}).values_list(
                    reverse, "pk"
                )
            )
            linked = field.related_model.objects.in_bulk({pk for _, pk in pairs})
            for project_id, pk in pairs:
                found[project_id][name].append(linked[pk])
        return found

    @property
    def source_title(self) -> str:
        """The title a source gives: the profile's, else the award's; empty when none does.
        Only this is cited, exported or syndicated as the project's title."""
        return self.title or self.award_title

    @property
    def portal_headline(self) -> str:
        """The portal's own words for the project: the editors' headline, else one built from
        what is known (the strategies, against the crime problem)."""
        if self.headline:
            return self.headline
        strategies = [s.name for s in self.strategies.all()][:2]
        problems = [_lower_first(c.name) for c in self.crime_problems.all()][:1]
        if strategies and problems:
            return f"{' and '.join(strategies)} against {problems[0]}"
        if strategies or problems:
            return (strategies or [problems[0].capitalize()])[0] + f" in {self.agency.place}"
        return f"{self.agency.name}: Smart Policing award"

    @property
    def name(self) -> str:
        """The project's one name, the same on its page, cards, lists, search, lessons, plots,
        feeds and citations: the agency and cohort year (its identity, so no two projects share
        a name), then the title a source gives, where one does. The portal's headline is never
        part of it: it is shown beside the name, labelled as the portal's words."""
        name = f"{self.agency.name}, {self.cohort_label}"
        return f"{name}: {self.source_title}" if self.source_title else name

    @property
    def title_kind(self) -> str:
        """ "profile", "award" or "portal": whose words the page shows under the name."""
        if self.title:
            return "profile"
        return "award" if self.award_title else "portal"

    @property
    def profile_incomplete(self) -> bool:
        """No outcome and no described response: the record says only that an award exists."""
        annotated = self.__dict__.get("is_incomplete")
        if annotated is not None:
            return annotated
        # A card's prefetched headline figures will do: every result has a headline figure.
        outcomes = getattr(self, "headline_outcomes", None)
        if outcomes is None:
            outcomes = self.outcomes.all()
        return not self.response.strip() and not outcomes

    @property
    def ratings(self) -> list[dict]:
        """Each rating shown to readers with its reason and source. A Maryland level the facts
        do not support is shown as not rated, never guessed."""
        rows = []
        if self.design:
            rows.append(self._rating("Study design", self.design_label, "design"))
        if self.design or self.sms_level or self.sms_rationale:
            value = self.get_sms_level_display() if self.sms_level else NOT_RATED_LABEL
            rows.append(self._rating("Maryland scale", value, "sms"))
        if self.stage:
            rows.append(self._rating("Status", self.get_stage_display(), "stage"))
        return rows

    @property
    def design_label(self) -> str:
        """The design as pages name it; one the sources describe only as planned says so."""
        label = self.get_design_display()
        if label and self.design_planned:
            return f"{label} (planned, not carried out)"
        return label

    def _rating(self, label: str, value: str, name: str) -> dict:
        return {
            "name": name,
            "label": label,
            "value": value,
            "why": getattr(self, f"{name}_rationale"),
            "source": getattr(self, f"{name}_source"),
        }

    def rating_problems(self) -> list[str]:
        """Ratings a reader would see without the reason and source they rest on."""
        problems = []
        for rating, rationale, source in RATINGS:
            rated = getattr(self, rating) not in ("", None) or (
                rating == "sms_level" and self.design
            )
            if rated and not (getattr(self, rationale).strip() and getattr(self, f"{source}_id")):
                label = self._meta.get_field(rating).verbose_name
                problems.append(f"The {label} needs a reason and the source it rests on.")
        return problems

    def publish_warnings(self) -> list[str]:
        """What the editor should look at before publishing, without refusing it: percentages
        in the findings that no outcome row carries (the text may quote context, which an
        editor then marks with "Context:"), remarks about how the record was put together, and
        strategies or crime problems the project's facts do not support."""
        outcomes = list(self.outcomes.all()) if self.pk else []
        warnings = [
            f"The findings mention {figure}, which no outcome row shows; add the outcome, or "
            "start its paragraph with “Context:”."
            for figure in unmatched_percentages(self.findings, outcomes)
        ]
        warnings += [
            f"“{remark}” says how the record was put together, not what is known about the "
            "project: state the fact (or that it is not known) and keep provenance in the "
            "editors' notes."
            for remark in provenance_remarks(self.public_text())
        ]
        warnings += [
            f"“{term}”: nothing in this project's facts supports it (no imported strategy or "
            "crime type maps onto it, and the text does not name it)."
            for term in self.unsupported_terms(outcomes)
        ]
        return warnings

    def public_text(self) -> str:
        """Everything the portal writes about the project in its own words, as readers see it."""
        parts = [self.headline, self.caveats, *(getattr(self, f) for f in CASE_STUDY_FIELDS)]
        parts += [getattr(self, rationale) for _rating, rationale, _source in RATINGS]
        return "\n".join(parts)

    def unsupported_terms(self, outcomes=None) -> list:
        """The strategies and crime problems the project is filed under that its facts do not
        support: no free-text term it was imported with maps onto one, and neither its facts nor
        its case study names it."""
        if not self.pk:
            return []
        wordings = self.source_terms or {}
        if outcomes is None:
            outcomes = list(self.outcomes.all())
        text = "\n".join(
            [
                self.title,
                self.award_title,
                self.study_design,
                self.source_summary,
                self.public_text(),
                *(o.measure for o in outcomes),
            ]
        )
        return [
            term
            for terms, key in (
                (self.strategies.all(), "strategies"),
                (self.crime_problems.all(), "crime_types"),
            )
            for term in terms
            if not term.supported_by(wordings.get(key, []) + self.unmapped_terms.get(key, []), text)
        ]

    @property
    def partner_labels(self) -> list[tuple[ResearchPartner, str]]:
        """Each research partner with the name to show on this project: with its department
        only where this project's facts name that department (another project of the same
        institution may have given it)."""
        wording = normalize_term(self.research_partner_wording)
        return [
            (
                partner,
                str(partner)
                if not self.research_partner_wording
                or (partner.department and normalize_term(partner.department) in wording)
                else partner.name,
            )
            for partner in self.research_partners.all()
        ]

    @property
    def unmapped_strategies(self) -> list[str]:
        """Strategies as the source words them, which the taxonomy does not know yet."""
        return self.unmapped_terms.get("strategies", [])

    @property
    def unmapped_crime_types(self) -> list[str]:
        return self.unmapped_terms.get("crime_types", [])

    @property
    def cohort_label(self) -> str:
        return str(self.cohort_year) if self.cohort_year else "Year unknown"

    @property
    def lead_result(self) -> Outcome | None:
        """The one figure a card shows: the first headline result in the editors' order,
        results before implementation measures. Uses ``headline_outcomes`` from
        ``with_cards()`` when there."""
        headlines = getattr(self, "headline_outcomes", None)
        if headlines is None:
            headlines = list(self.outcomes.filter(is_headline=True))
        ranked = sorted(headlines, key=lambda o: o.category == OutcomeCategory.IMPLEMENTATION)
        return ranked[0] if ranked else None

    @property
    def sections(self) -> list[tuple[str, str]]:
        """The case-study sections that have text, in reading order, with their headings."""
        return [
            (label, getattr(self, name))
            for name, label in CASE_STUDY_SECTIONS
            if getattr(self, name)
        ]

    @property
    def filled_section_count(self) -> int:
        return sum(1 for name, _ in CASE_STUDY_SECTIONS if getattr(self, name).strip())

    def content_problems(self, has_outcomes: bool | None = None) -> list[str]:
        """Which required parts of the case study are still empty. A list page that has counted
        the outcomes already passes ``has_outcomes`` and saves a query per row."""
        labels = {"summary": "Summary", **dict(CASE_STUDY_SECTIONS)}
        required = list(REQUIRED_SECTIONS)
        if has_outcomes is None:
            has_outcomes = bool(self.pk) and self.outcomes.exists()
        if has_outcomes:
            required.append("findings")
        return [
            f"“{labels[name]}” is empty." for name in required if not getattr(self, name).strip()
        ] + self.rating_problems()

    def publish_problems(self) -> list[str]:
        """Everything that stops this case study from being published; empty when it is ready."""
        problems = self.content_problems()
        if self.pk:
            for outcome in self.outcomes.all():
                problems += outcome.publish_problems()
        return problems

    @staticmethod
    def identity_for(agency_name: str, cohort_year: int | None) -> str:
        """Stable across edits of everything else; an agency has at most one undated project."""
        return f"{slugify(agency_name)}/{cohort_year or 'undated'}"

    @staticmethod
    def slug_base(place: str, state: str, cohort_year: int | None) -> str:
        """`<city>-<state>-<cohort year>`, as on smart-policing.com (state by postal code)."""
        parts = [place, state, str(cohort_year) if cohort_year else ""]
        return slugify("-".join(p for p in parts if p))[:180]

    def build_slug(self, taken: set[str] | None = None) -> str:
        place = self.agency.city or self.agency.name
        base = self.slug_base(place, self.agency.state, self.cohort_year)
        return unique_slug(Project, base, exclude_pk=self.pk, taken=taken)

    def save(self, *args, **kwargs):
        # Kept in step with ProjectQuerySet.create_many, which fills in new projects in bulk.
        self.identity = self.identity_for(self.agency.name, self.cohort_year)
        if not self.slug:
            self.slug = self.build_slug()
        previous_slug = None
        if self.pk:
            previous_slug = (
                Project.objects.filter(pk=self.pk).values_list("slug", flat=True).first()
            )
        super().save(*args, **kwargs)
        if previous_slug and previous_slug != self.slug:
            SlugRedirect.objects.update_or_create(
                old_slug=previous_slug, defaults={"project": self}
            )
            SlugRedirect.objects.filter(old_slug=self.slug).delete()


def _lower_first(name: str) -> str:
    """ "Violent crime" reads "violent crime" mid-sentence; "DUI" stays as it is."""
    return name[0].lower() + name[1:] if name[1:2].islower() else name


class SlugRedirect(models.Model):
    """An address a project used to have; it redirects to the project's current page."""

    old_slug = models.SlugField(max_length=200, unique=True)
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="old_slugs")

    def __str__(self):
        return f"{self.old_slug} → {self.project.slug}"
