"""The agency map: US state outlines drawn from the SVG the portal ships, with agencies placed on
it by the same Albers USA projection (see projects/geo.py). No tile server, works offline."""

import math
import re
from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.db.models import Avg, Count
from django.urls import reverse

from projects.geo import MAP_HEIGHT, MAP_WIDTH, albers_usa
from projects.states import US_STATES

MAP_FILE = "img/us-states.svg"
_STATE = re.compile(r'<path id="state-([A-Z]{2})" class="state" data-name="([^"]+)"')


@cache
def state_outlines() -> tuple[tuple[str, str], ...]:
    """(postal code, name) of every state outline in the map file; pages reference each outline
    with <use>, so the browser downloads and caches the outlines once."""
    text = (settings.BASE_DIR / "static" / MAP_FILE).read_text(encoding="utf-8")
    return tuple(_STATE.findall(text))


# Markers are drawn at a fixed size in the map's own units, set in site.css for each screen width
# so that every one is at least 24 CSS pixels across (WCAG 2.5.8); this is the size on a wide
# screen. Agencies closer together than two markers share a place: their markers sit on a ring
# around it (at one of ``SLOTS`` evenly spaced angles, also spaced in site.css), each its own link.
MARKER_RADIUS = 18
SLOTS = 8


@dataclass
class Marker:
    agency: object
    project_count: int
    x: float
    y: float
    # Where on the ring around a shared place this marker sits; None when it is alone.
    slot: int | None = None


@dataclass
class Place:
    """A point several agencies share (Phoenix and Glendale, the two Kansas Citys)."""

    x: float
    y: float
    markers: list[Marker]


def group_markers(markers: list[Marker]) -> list[Place]:
    """Gather markers that would overlap into places, each at its first marker's point, and give
    every marker of a shared place its own slot on the ring."""
    places: list[Place] = []
    for marker in markers:
        near = next(
            (
                place
                for place in places
                if math.hypot(place.x - marker.x, place.y - marker.y) < 2 * MARKER_RADIUS
            ),
            None,
        )
        if near is None:
            places.append(Place(marker.x, marker.y, [marker]))
        else:
            near.markers.append(marker)
    for place in places:
        if len(place.markers) > 1:
            for i, marker in enumerate(place.markers):
                marker.x, marker.y = place.x, place.y
                marker.slot = round(SLOTS * i / len(place.markers)) % SLOTS
    return [place for place in places if len(place.markers) > 1]


@dataclass
class AgencyMap:
    markers: list[Marker]
    shared_places: list[Place]
    unplaced: list
    active_states: set[str]
    # A marker per state rather than per agency (past MAX_AGENCY_MARKERS).
    by_state: bool = False
    width: int = MAP_WIDTH
    height: int = MAP_HEIGHT

    @property
    def states(self):
        return [(code, name, code in self.active_states) for code, name in state_outlines()]


# Past this many agencies, a marker each would crowd the map and make every page showing it grow
# with the data: the map then shows one marker per state, linking to that state's projects.
MAX_AGENCY_MARKERS = 150


@dataclass
class StateGroup:
    """The agencies of one state, drawn as one marker when there are too many to draw each."""

    state: str
    agency_count: int

    @property
    def name(self) -> str:
        return f"{self.agency_count} agencies"

    @property
    def place(self) -> str:
        return US_STATES.get(self.state, self.state)

    def get_absolute_url(self) -> str:
        return f"{reverse('projects:list')}?state={self.state}"


def map_of(agencies, projects, count: int | None = None) -> AgencyMap:
    """``agencies`` (annotated with ``project_count``; ``count`` of them, when counted already)
    on a map, a marker each; past ``MAX_AGENCY_MARKERS``, a marker per state for ``projects``
    (their published projects), placed at its agencies' mean position and counted in one
    grouped query."""
    if (agencies.count() if count is None else count) <= MAX_AGENCY_MARKERS:
        return build_map(list(agencies))
    states = (
        projects.order_by()
        .values("agency__state")
        .annotate(
            projects=Count("pk", distinct=True),
            agencies=Count("agency", distinct=True),
            latitude=Avg("agency__latitude"),
            longitude=Avg("agency__longitude"),
        )
    )
    markers = []
    for row in states:
        point = None
        if row["latitude"] is not None and row["longitude"] is not None:
            point = albers_usa(float(row["longitude"]), float(row["latitude"]))
        if point is not None:
            group = StateGroup(row["agency__state"], row["agencies"])
            markers.append(Marker(group, row["projects"], round(point[0], 1), round(point[1], 1)))
    markers.sort(key=lambda m: -m.project_count)
    return AgencyMap(markers, [], [], {row["agency__state"] for row in states}, by_state=True)


def build_map(agencies) -> AgencyMap:
    """``agencies`` carry a ``project_count`` annotation (published projects only)."""
    markers, unplaced = [], []
    for agency in agencies:
        point = None
        if agency.latitude is not None and agency.longitude is not None:
            point = albers_usa(float(agency.longitude), float(agency.latitude))
        if point is None:
            unplaced.append(agency)
            continue
        markers.append(Marker(agency, agency.project_count, round(point[0], 1), round(point[1], 1)))
    markers.sort(key=lambda m: (-m.project_count, m.agency.name.casefold()))
    shared = group_markers(markers)
    return AgencyMap(markers, shared, unplaced, {a.state for a in agencies})
