"""The agency map: US state outlines drawn from the SVG the portal ships, with agencies placed on
it by the same Albers USA projection (see projects/geo.py). No tile server, works offline."""

import math
import re
from dataclasses import dataclass
from functools import cache
from typing import ClassVar

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
# so that every one is at least 24 CSS pixels across (WCAG 2.5.8). The map is drawn twice, once
# for wide screens and once for narrow ones (site.css shows one), each laid out for its marker
# size, so that no two markers overlap at any width: agencies too close to draw apart sit on a
# ring around their place, and more than ``RING_MAX`` of them become one cluster marker.
LAYERS = {"wide": 18, "narrow": 38}  # marker radius in map units, the largest each layer shows
MARKER_RADIUS = LAYERS["wide"]
RING_MAX = 4
GAP = 2  # map units between two markers


@dataclass
class Marker:
    agency: object
    project_count: int
    x: float
    y: float
    # Where the marker is drawn, when a ring moves it off its agency's point.
    dx: float = 0.0
    dy: float = 0.0
    is_cluster: ClassVar[bool] = False

    @property
    def drawn_at(self) -> tuple[float, float]:
        return round(self.x + self.dx, 1), round(self.y + self.dy, 1)


@dataclass
class Cluster:
    """Agencies too many and too close to draw apart at a layer's size: one marker, their
    projects counted together, linking to their list."""

    agencies: list
    project_count: int
    x: float
    y: float
    is_cluster: ClassVar[bool] = True

    @property
    def drawn_at(self) -> tuple[float, float]:
        return self.x, self.y

    @property
    def states(self) -> set[str]:
        return {getattr(a, "state", "") for a in self.agencies}

    def get_absolute_url(self) -> str:
        states = self.states
        if len(states) == 1:
            return f"{reverse('projects:list')}?state={states.pop()}"
        return reverse("projects:agency-list")


@dataclass
class Place:
    """A point several agencies share (Phoenix and Glendale, the two Kansas Citys)."""

    x: float
    y: float
    markers: list[Marker]

    def footprint(self, radius: float) -> float:
        """How far from the point its markers reach, drawn at ``radius``."""
        n = len(self.markers)
        if n == 1 or n > RING_MAX:
            return radius
        return _ring(n, radius) + radius

    def drawn(self, radius: float) -> list:
        """The markers as drawn: alone, on a ring, or as one cluster."""
        n = len(self.markers)
        if n == 1:
            return [self.markers[0]]
        if n > RING_MAX:
            agencies = [m.agency for m in self.markers]
            total = sum(m.project_count for m in self.markers)
            return [Cluster(agencies, total, self.x, self.y)]
        ring = _ring(n, radius)
        drawn = []
        for i, marker in enumerate(self.markers):
            angle = 2 * math.pi * i / n
            offset = {"dx": round(self.x - marker.x + ring * math.cos(angle), 1)}
            offset["dy"] = round(self.y - marker.y + ring * math.sin(angle), 1)
            drawn.append(Marker(marker.agency, marker.project_count, marker.x, marker.y, **offset))
        return drawn


def _ring(n: int, radius: float) -> float:
    """The ring's radius that keeps ``n`` markers of ``radius`` around it apart."""
    return (radius + GAP / 2) / math.sin(math.pi / n)


def group_markers(markers: list[Marker], radius: float = MARKER_RADIUS) -> list[Place]:
    """Gather markers whose drawings would overlap at ``radius`` into places, each at its first
    marker's point, until no two places' drawings overlap."""
    places = [Place(m.x, m.y, [m]) for m in markers]
    merged = True
    while merged:
        merged = False
        for i, place in enumerate(places):
            for other in places[i + 1 :]:
                reach = place.footprint(radius) + other.footprint(radius) + GAP
                if math.hypot(place.x - other.x, place.y - other.y) < reach:
                    place.markers += other.markers
                    places.remove(other)
                    merged = True
                    break
            if merged:
                break
    return places


@dataclass
class Layer:
    """The map's markers for one range of screen widths, laid out for its marker size."""

    name: str
    radius: float
    markers: list
    shared_places: list[Place]


def layers_of(markers: list[Marker]) -> list[Layer]:
    layers = []
    for name, radius in LAYERS.items():
        places = group_markers(markers, radius)
        drawn = [marker for place in places for marker in place.drawn(radius)]
        shared = [p for p in places if 1 < len(p.markers) <= RING_MAX]
        layers.append(Layer(name, radius, drawn, shared))
    return layers


@dataclass
class AgencyMap:
    markers: list[Marker]
    layers: list[Layer]
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
    active = {row["agency__state"] for row in states}
    return AgencyMap(markers, layers_of(markers), [], active, by_state=True)


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
    return AgencyMap(markers, layers_of(markers), unplaced, {a.state for a in agencies})
