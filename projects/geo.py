"""Place longitude/latitude points on the portal's offline US map.

The map (``static/img/us-states.svg``) ships *pre-projected*: its state outlines
come from us-atlas ``states-albers-10m.json``, which was projected with d3-geo's
``d3.geoAlbersUsa().scale(1300).translate([487.5, 305])`` into a 975x610 frame.
The SVG therefore holds pixel coordinates, not degrees, and a point (a police
agency, say) only lands on the right spot if it goes through the *identical*
projection. :func:`albers_usa` is a pure-Python port of that d3 projection:

* the lower 48 states: conic equal-area, standard parallels 29.5/45.5,
  rotate 96 (central meridian 96 W), center (-0.6, 38.7), scale 1300;
* Alaska inset: conic equal-area, parallels 55/65, rotate 154, center
  (-2, 58.5), scale 0.35 * 1300, shifted to the lower left;
* Hawaii inset: conic equal-area, parallels 8/18, rotate 157, center
  (-3, 19.9), scale 1300, shifted to the lower left next to Alaska.

Like d3, each part only accepts points that fall inside its clip rectangle on
the map, tried in the order lower 48, Alaska, Hawaii; a point outside all three
(the Atlantic, Europe, ...) gives ``None``. Puerto Rico and the other
territories are not part of this projection, as in d3.
"""

from __future__ import annotations

import math

MAP_WIDTH = 975
MAP_HEIGHT = 610

_SCALE = 1300.0
_TRANSLATE_X = 487.5
_TRANSLATE_Y = 305.0
_EPSILON = 1e-6  # d3-geo's epsilon, used to shrink the inset clip boxes
_RADIANS = math.pi / 180.0
_TAU = 2.0 * math.pi


def _js_round(value: float) -> float:
    """JavaScript's Math.round (halves go up), which d3 uses."""
    return math.floor(value + 0.5)


class _ConicEqualArea:
    """One d3 geoConicEqualArea() with rotate/center/parallels/scale/translate/clipExtent."""

    def __init__(
        self,
        *,
        parallels: tuple[float, float],
        rotate: float,
        center: tuple[float, float],
        scale: float,
        translate: tuple[float, float],
        clip_extent: tuple[tuple[float, float], tuple[float, float]],
    ) -> None:
        phi0 = parallels[0] * _RADIANS
        phi1 = parallels[1] * _RADIANS
        sy0 = math.sin(phi0)
        self._n = (sy0 + math.sin(phi1)) / 2.0
        self._c = 1.0 + sy0 * (2.0 * self._n - sy0)
        self._r0 = math.sqrt(self._c) / self._n
        self._delta_lambda = math.fmod(math.fmod(rotate, 360.0) * _RADIANS, _TAU)
        self._k = scale
        # d3's recenter(): the center is projected by the raw projection (no rotation).
        cx, cy = self._raw(
            math.fmod(center[0], 360.0) * _RADIANS,
            math.fmod(center[1], 360.0) * _RADIANS,
        )
        self._dx = translate[0] - scale * cx
        self._dy = translate[1] + scale * cy
        (self._x0, self._y0), (self._x1, self._y1) = clip_extent

    def _raw(self, lam: float, phi: float) -> tuple[float, float]:
        n = self._n
        r = math.sqrt(self._c - 2.0 * n * math.sin(phi)) / n
        lam *= n
        return r * math.sin(lam), self._r0 - r * math.cos(lam)

    def project(self, longitude: float, latitude: float) -> tuple[float, float] | None:
        lam = longitude * _RADIANS
        phi = latitude * _RADIANS
        # d3 rotationLambda: shift the longitude and wrap it to [-pi, pi].
        lam += self._delta_lambda
        if abs(lam) > math.pi:
            lam -= _js_round(lam / _TAU) * _TAU
        rx, ry = self._raw(lam, phi)
        x = self._dx + self._k * rx
        y = self._dy - self._k * ry
        # d3 clipRectangle for a lone point: inclusive bounds; NaN fails every test.
        if self._x0 <= x <= self._x1 and self._y0 <= y <= self._y1:
            return x, y
        return None


def _build() -> tuple[_ConicEqualArea, _ConicEqualArea, _ConicEqualArea]:
    k, x, y = _SCALE, _TRANSLATE_X, _TRANSLATE_Y
    eps = _EPSILON
    lower48 = _ConicEqualArea(
        parallels=(29.5, 45.5),
        rotate=96.0,
        center=(-0.6, 38.7),
        scale=k,
        translate=(x, y),
        clip_extent=((x - 0.455 * k, y - 0.238 * k), (x + 0.455 * k, y + 0.238 * k)),
    )
    alaska = _ConicEqualArea(
        parallels=(55.0, 65.0),
        rotate=154.0,
        center=(-2.0, 58.5),
        scale=k * 0.35,
        translate=(x - 0.307 * k, y + 0.201 * k),
        clip_extent=(
            (x - 0.425 * k + eps, y + 0.120 * k + eps),
            (x - 0.214 * k - eps, y + 0.234 * k - eps),
        ),
    )
    hawaii = _ConicEqualArea(
        parallels=(8.0, 18.0),
        rotate=157.0,
        center=(-3.0, 19.9),
        scale=k,
        translate=(x - 0.205 * k, y + 0.212 * k),
        clip_extent=(
            (x - 0.214 * k + eps, y + 0.166 * k + eps),
            (x - 0.115 * k - eps, y + 0.234 * k - eps),
        ),
    )
    return lower48, alaska, hawaii


_PARTS = _build()


def albers_usa(longitude: float, latitude: float) -> tuple[float, float] | None:
    """Project a WGS84 point to (x, y) pixels of the 975x610 US map, or None.

    Same result as ``d3.geoAlbersUsa().scale(1300).translate([487.5, 305])([longitude, latitude])``.
    """
    for part in _PARTS:
        point = part.project(float(longitude), float(latitude))
        if point is not None:
            return point
    return None
