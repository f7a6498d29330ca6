"""projects.geo.albers_usa must match d3-geo's projection of the shipped map.

Reference values were computed with d3-geo 3.1.2 in node:

    import { geoAlbersUsa } from "d3-geo";
    const p = geoAlbersUsa().scale(1300).translate([487.5, 305]);
    p([longitude, latitude]);   // -> [x, y] or null

No Django is needed: these are plain functions.
"""

import math
from pathlib import Path

import pytest

from projects.geo import MAP_HEIGHT, MAP_WIDTH, albers_usa

# name: (longitude, latitude, d3 x, d3 y)
D3_REFERENCE = {
    "Boston": (-71.0589, 42.3601, 908.675294, 167.084571),
    "Phoenix": (-112.0740, 33.4484, 197.243464, 399.763336),
    "Los Angeles": (-118.2437, 34.0522, 86.812131, 363.118880),
    "Miami": (-80.1918, 25.7617, 822.738316, 572.540779),
    "Anchorage": (-149.9003, 61.2181, 112.277428, 544.277916),
    "Honolulu": (-157.8583, 21.3069, 266.959947, 549.190373),
    "Portland OR": (-122.6765, 45.5231, 79.475668, 90.125208),
    "Pullman WA": (-117.1817, 46.7298, 170.104394, 85.230653),
    "York ME": (-70.6487, 43.1615, 910.448197, 147.652936),
    "Memphis": (-90.0490, 35.1495, 607.403147, 382.932776),
    "Juneau": (-134.4197, 58.3019, 176.937023, 556.083786),
    "Nome": (-165.4064, 64.5011, 57.899283, 515.282545),
    "Key West": (-81.7800, 24.5551, 794.405887, 604.452493),
    "Hilo": (-155.0868, 19.7241, 326.221781, 584.801094),
    # d3 places the western Aleutians left of x=0, i.e. off the 975x610 frame
    # (the us-atlas outlines do the same); kept to pin the Alaska inset down.
    "Adak": (-176.6581, 51.8800, -12.815544, 600.129000),
    "Attu": (172.9, 52.9, -55.892380, 572.096558),
}


@pytest.mark.parametrize("name", sorted(D3_REFERENCE))
def test_matches_d3_geo_albers_usa(name):
    longitude, latitude, x, y = D3_REFERENCE[name]
    point = albers_usa(longitude, latitude)
    assert point is not None
    assert point[0] == pytest.approx(x, abs=0.01)
    assert point[1] == pytest.approx(y, abs=0.01)


@pytest.mark.parametrize(
    "longitude, latitude",
    [
        (-40.0, 35.0),  # middle of the Atlantic
        (2.3522, 48.8566),  # Paris
        (-66.1057, 18.4655),  # San Juan, Puerto Rico: not part of geoAlbersUsa
        (0.0, 0.0),
    ],
)
def test_outside_all_three_parts_is_none(longitude, latitude):
    assert albers_usa(longitude, latitude) is None


def test_not_a_number_is_none():
    assert albers_usa(math.nan, 40.0) is None


def test_map_size_matches_the_svg():
    svg = (Path(__file__).resolve().parents[2] / "static" / "img" / "us-states.svg").read_text()
    assert (MAP_WIDTH, MAP_HEIGHT) == (975, 610)
    assert 'viewBox="0 0 975 610"' in svg


def test_lower48_cities_fall_inside_the_frame():
    for name in (
        "Boston",
        "Phoenix",
        "Los Angeles",
        "Miami",
        "Portland OR",
        "Pullman WA",
        "York ME",
        "Memphis",
    ):
        longitude, latitude, _, _ = D3_REFERENCE[name]
        x, y = albers_usa(longitude, latitude)
        assert 0 <= x <= MAP_WIDTH and 0 <= y <= MAP_HEIGHT, name
