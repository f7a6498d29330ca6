"""Map markers never overlap at any width: each layer of the map (one for wide screens, one for
narrow ones, at the largest marker size each shows) keeps every two markers apart, placing
agencies at one place on a ring and many close together in one cluster, and still shows every
agency once."""

import json
import math
from dataclasses import dataclass
from itertools import combinations

import pytest
from django.conf import settings

from projects.geo import albers_usa
from projects.maps import LAYERS, Marker, layers_of


@dataclass
class Spot:
    name: str
    state: str


def _shipped_markers() -> list[Marker]:
    records = json.loads((settings.BASE_DIR / "fixtures" / "spi_projects.json").read_text())
    seen, markers = set(), []
    for record in records:
        if record["agency"] in seen or record.get("latitude") is None:
            continue
        seen.add(record["agency"])
        point = albers_usa(record["longitude"], record["latitude"])
        if point:
            markers.append(Marker(Spot(record["agency"], record["state"]), 1, *point))
    return markers


def _crowd() -> list[Marker]:
    """Twelve agencies within a few miles of one another, and pairs at every spacing."""
    crowd = [Marker(Spot(f"A{i}", "PA"), 1, 800 + i % 4, 200 + i // 4) for i in range(12)]
    pairs = [Marker(Spot(f"B{i}", "TX"), 1, 300 + 7 * i, 400) for i in range(10)]
    return crowd + pairs


@pytest.mark.parametrize("markers", [_shipped_markers(), _crowd()], ids=["shipped", "crowd"])
def test_no_two_markers_overlap_in_any_layer(markers):
    assert len(markers) > 10
    for layer in layers_of(markers):
        assert layer.radius == LAYERS[layer.name]
        points = [m.drawn_at for m in layer.markers]
        for a, b in combinations(points, 2):
            assert math.dist(a, b) >= 2 * layer.radius, (layer.name, a, b)
        shown = [
            agency.name
            for m in layer.markers
            for agency in (m.agencies if m.is_cluster else [m.agency])
        ]
        assert sorted(shown) == sorted(m.agency.name for m in markers)


def test_a_crowd_becomes_a_cluster_linking_to_its_state():
    narrow = next(layer for layer in layers_of(_crowd()) if layer.name == "narrow")
    clusters = [m for m in narrow.markers if m.is_cluster]
    assert clusters and any(c.get_absolute_url().endswith("?state=PA") for c in clusters)
