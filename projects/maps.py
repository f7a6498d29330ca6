"""The agency map: US state outlines drawn from the SVG the portal ships, with agencies placed on
it by the same Albers USA projection (see projects/geo.py). No tile server, works offline."""

import math
import re
from dataclasses import dataclass
from functools import cache

from django.conf import settings

from projects.geo import MAP_HEIGHT, MAP_WIDTH, albers_usa

MAP_FILE = "img/us-states.svg"
_STATE = re.compile(r'<path id="state-([A-Z]{2})" class="state" data-name="([^"]+)"')


@cache
def state_outlines() -> tuple[tuple[str, str], ...]:
    """(postal code, name) of every state outline in the map file; pages reference each outline
    with <use>, so the browser downloads and caches the outlines once."""
    text = (settings.BASE_DIR / "static" / MAP_FILE).read_text(encoding="utf-8")
    return tuple(_STATE.findall(text))


@dataclass
class Marker:
    agency: object
    project_count: int
    x: float
    y: float

    @property
    def radius(self) -> float:
        # Area grows with the number of projects; a lone project is still easy to click.
        return round(7 + 3 * math.sqrt(max(self.project_count - 1, 0)), 1)


@dataclass
class AgencyMap:
    markers: list[Marker]
    unplaced: list
    active_states: set[str]
    width: int = MAP_WIDTH
    height: int = MAP_HEIGHT

    @property
    def states(self):
        return [(code, name, code in self.active_states) for code, name in state_outlines()]


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
    # Big circles first so small ones stay on top and clickable.
    markers.sort(key=lambda m: -m.project_count)
    return AgencyMap(markers, unplaced, {a.state for a in agencies})
