"""Satellite layouts: where the radiator sits next to the solar array and the bus.

A radiator flown edge-on to the Sun still sees the rest of the satellite: the solar
array's faces (a thin sheet at 320-340 K in sunlight) and the bus. What it sees there
replaces cold space, so it absorbs

.. math:: q = \\varepsilon_r\\,\\sigma \\sum_{faces} \\sum_j F_{r\\to j}\\,
          \\varepsilon_j\\,T_j^4 \\quad [W\\,m^{-2}\\ \\text{of planform}]

(gray diffuse surfaces, first bounce: each neighbour's emission reaches the radiator in
proportion to the view factor; inter-reflections are second order because every
surface here has an infrared emissivity of 0.8-0.9). Not modelled: sunlight reflected
by the array's front face onto the radiator (the cover glass reflects specularly, back
toward the Sun at normal incidence; the diffuse part is a few W/m^2 at these view
factors), the
Earth view the neighbours block (which would lower the radiator's Earth IR a little,
so leaving it out is conservative), and the radiator's own emission warming the array.

Geometry (metres; x toward the Sun, the bus a cube of side ``bus_side`` at the origin):
two array wings of total area ``array_area`` lie in the plane x = 0 with their front
(cell) faces toward the Sun, along +-y from a yoke gap ``offset`` beyond the bus; two
radiator panels of total planform ``radiator_area`` are edge-on to the Sun (their planes
contain the Sun line):

``"in-plane"``
    the panels extend along +-z from the bus, their mid-plane in the array's plane (the
    arrangement the sizing assumed until now: radiator and array on one truss, the
    radiator turned edge-on about its axis);
``"boom"``
    both panels side by side on a boom along -x (anti-Sun), ``offset`` behind the bus,
    their faces toward +-z: they look at the array wings' back faces;
``"body-mounted"``
    the bus is a box carrying one panel on each of its +-z faces (one radiating face
    each); the wings are attached to its +-y ends.

View factors come from the vectorised ray tracer :func:`thermaldesign.viewfactor.ray_trace`
(there is no closed form for these offset arrangements; the tracer is tested against the
closed forms of Howell's catalogue). Panels that pass through one another raise
:class:`~thermaldesign.errors.InputError` naming the field to change.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import numpy as np

from ._validation import check_choice, check_scalar
from .constants import STEFAN_BOLTZMANN
from .errors import InputError
from .viewfactor import Rectangle, ray_trace, rectangles_intersect

__all__ = [
    "Layout",
    "LayoutViewFactors",
    "LAYOUTS",
    "BUS_BLANKET",
    "EDGE_ON_MECHANISMS",
    "absorbed_from_neighbours",
    "blanket_temperature",
]

LAYOUTS = ("in-plane", "boom", "body-mounted")

#: How the radiator is kept edge-on to the Sun: a rotary joint between a nadir-pointing
#: bus and the radiator (ISS TRRJ-like), or yaw steering of the whole satellite (the
#: attitude control carries the extra momentum; see :mod:`thermaldesign.bus`).
EDGE_ON_MECHANISMS = ("rotary joint", "yaw steering")

#: Outer layer of a bus's multilayer insulation, the surface the radiator sees of the
#: bus: 1-mil aluminized Kapton, Kapton side out, solar absorptivity 0.40 and infrared
#: emissivity 0.82 (Gilmore, *Spacecraft Thermal Control Handbook* Vol. I, 2002,
#: Appendix A), effective emittance 0.03 for a blanket with seams and penetrations
#: (ibid., ch. 5: 0.015-0.03), over a 20 degC interior [K].
BUS_BLANKET = {"absorptivity": 0.40, "emissivity": 0.82, "effective_emittance": 0.03,
               "interior_temperature": 293.15}

# Rays per radiator face for the view factors: std = sqrt(F (1 - F) / N), 0.0007 at
# F = 0.05 (binomial), small next to the 0.04-0.15 view factors it resolves.
_RAYS = 100_000

# (low, high, unit) of the numeric fields; lengths and areas strictly positive
_FIELDS = {
    "array_area": (0.0, 1e6, "m^2"),
    "array_aspect": (0.0, 100.0, ""),
    "radiator_area": (0.0, 1e6, "m^2"),
    "radiator_aspect": (0.0, 100.0, ""),
    "bus_side": (0.0, 100.0, "m"),
}


@dataclass(frozen=True)
class LayoutViewFactors:
    """View factors from one radiating face of the radiator, averaged over its faces [-].

    Attributes
    ----------
    array_front, array_back : float
        To the array wings' sunlit (cell) faces and their back faces [-].
    bus : float
        To the bus's faces [-].
    std : float
        Largest binomial standard deviation of the three estimates [-].
    faces : int
        Radiating faces per panel [-].
    """

    array_front: float
    array_back: float
    bus: float
    std: float
    faces: int

    def to_dict(self) -> dict:
        """The view factors as a dict [-]."""
        return {"array_front": self.array_front, "array_back": self.array_back,
                "bus": self.bus, "std": self.std, "faces": self.faces}


@dataclass(frozen=True)
class Layout:
    """Where the radiator, the array and the bus sit (see the module docstring).

    Parameters
    ----------
    kind : {"in-plane", "boom", "body-mounted"}
        The arrangement.
    array_area : float
        Total area of the two array wings [m^2], > 0.
    array_aspect : float
        Span (along the wing) over width of a wing [-], > 0.
    radiator_area : float
        Total planform of the two radiator panels [m^2], > 0.
    radiator_aspect : float
        Length (away from the bus) over width of a panel [-], > 0.
    bus_side : float
        Edge of the bus cube [m], > 0 (for ``"body-mounted"`` its height along z).
    offset : float
        Gap from the bus to the wing roots (yoke) and to the radiator root (boom) [m];
        a negative value pushes panels into the bus and is refused as an intersection.
    edge_on : {"rotary joint", "yaw steering"}
        What keeps the radiator edge-on to the Sun (its mass and power are in
        :mod:`thermaldesign.bus`).

    Notes
    -----
    The defaults are the reference satellite as sized before layouts existed
    (334 m^2 of array, 62 m^2 of radiator, :func:`thermaldesign.sizing.reference_spec`).
    View factors depend on shapes and on the ratio of sizes only, so a layout scaled
    uniformly keeps its view factors.
    """

    kind: str = "boom"
    array_area: float = 334.0
    array_aspect: float = 3.0
    radiator_area: float = 62.0
    radiator_aspect: float = 2.0
    bus_side: float = 2.0
    offset: float = 1.0
    edge_on: str = "rotary joint"

    def __post_init__(self) -> None:
        check_choice(self.kind, "kind", LAYOUTS)
        check_choice(self.edge_on, "edge_on", EDGE_ON_MECHANISMS)
        for name, (low, high, unit) in _FIELDS.items():
            value = check_scalar(getattr(self, name), name, low=low, high=high,
                                 low_open=True, unit=unit)
            object.__setattr__(self, name, value)
        offset = check_scalar(self.offset, "offset", low=-100.0, high=100.0, unit="m")
        object.__setattr__(self, "offset", offset)
        _refuse_intersections(self)

    @property
    def faces(self) -> int:
        """Radiating faces per radiator panel [-]: 1 body-mounted, else 2."""
        return 1 if self.kind == "body-mounted" else 2

    def panels(self) -> dict[str, Rectangle]:
        """Every panel by name: "radiator 1/2", "array +y/-y", "bus ..." [m]."""
        return dict(self._panels)

    @functools.cached_property
    def _panels(self) -> dict[str, Rectangle]:
        # built once per layout: the bus sizing reads them for every density and orbit
        return {**_radiators(self), **_wings(self), **_bus(self)}

    def view_factors(self, *, rays: int = _RAYS, seed: int = 0) -> LayoutViewFactors:
        """View factors of one radiating face to the array faces and the bus [-].

        Traced from radiator panel 1 (panel 2 is its mirror image), ``rays`` per face,
        averaged over the panel's radiating faces.
        """
        return _view_factors(self, rays, seed)


def _wing_size(layout: Layout) -> tuple[float, float]:
    """(span along y, width along z) of one array wing [m]."""
    width = math.sqrt(layout.array_area / 2.0 / layout.array_aspect)
    return layout.array_aspect * width, width


def _panel_size(layout: Layout) -> tuple[float, float]:
    """(length away from the bus, width) of one radiator panel [m]."""
    width = math.sqrt(layout.radiator_area / 2.0 / layout.radiator_aspect)
    return layout.radiator_aspect * width, width


def _bus_box(layout: Layout) -> tuple[float, float, float]:
    """Half sizes of the bus box along x, y, z [m]."""
    half = layout.bus_side / 2.0
    if layout.kind == "body-mounted":
        length, width = _panel_size(layout)
        return width / 2.0, length / 2.0, half
    return half, half, half


def _wings(layout: Layout) -> dict[str, Rectangle]:
    span, width = _wing_size(layout)
    root = _bus_box(layout)[1] + layout.offset
    # edge_1 along y, edge_2 along z: front normal +x (toward the Sun) on both wings
    return {
        "array +y": Rectangle((0.0, root, -width / 2), (0.0, span, 0.0), (0.0, 0.0, width)),
        "array -y": Rectangle((0.0, -root - span, -width / 2), (0.0, span, 0.0),
                              (0.0, 0.0, width)),
    }


def _radiators(layout: Layout) -> dict[str, Rectangle]:
    length, width = _panel_size(layout)
    hx, _, hz = _bus_box(layout)
    if layout.kind == "in-plane":  # along +-z in the plane y = 0; front normal -y
        root = hz + layout.offset
        return {
            "radiator 1": Rectangle((-width / 2, 0.0, root), (width, 0.0, 0.0),
                                    (0.0, 0.0, length)),
            "radiator 2": Rectangle((-width / 2, 0.0, -root - length), (width, 0.0, 0.0),
                                    (0.0, 0.0, length)),
        }
    if layout.kind == "boom":  # side by side in the plane z = 0 behind the bus; normal +z
        root = -hx - layout.offset
        return {
            "radiator 1": Rectangle((root, 0.0, 0.0), (0.0, width, 0.0), (-length, 0.0, 0.0)),
            "radiator 2": Rectangle((root, -width, 0.0), (0.0, width, 0.0),
                                    (-length, 0.0, 0.0)),
        }
    # body-mounted: the bus's +z and -z faces, outward normals
    return {
        "radiator 1": Rectangle((-hx, -length / 2, hz), (2 * hx, 0.0, 0.0), (0.0, length, 0.0)),
        "radiator 2": Rectangle((-hx, -length / 2, -hz), (0.0, length, 0.0), (2 * hx, 0.0, 0.0)),
    }


def _bus(layout: Layout) -> dict[str, Rectangle]:
    """The bus box's faces with outward normals (body-mounted: without the radiator faces)."""
    hx, hy, hz = _bus_box(layout)
    faces = {
        "bus +x": Rectangle((hx, -hy, -hz), (0.0, 2 * hy, 0.0), (0.0, 0.0, 2 * hz)),
        "bus -x": Rectangle((-hx, -hy, -hz), (0.0, 0.0, 2 * hz), (0.0, 2 * hy, 0.0)),
        "bus +y": Rectangle((-hx, hy, -hz), (0.0, 0.0, 2 * hz), (2 * hx, 0.0, 0.0)),
        "bus -y": Rectangle((-hx, -hy, -hz), (2 * hx, 0.0, 0.0), (0.0, 0.0, 2 * hz)),
        "bus +z": Rectangle((-hx, -hy, hz), (2 * hx, 0.0, 0.0), (0.0, 2 * hy, 0.0)),
        "bus -z": Rectangle((-hx, -hy, -hz), (0.0, 2 * hy, 0.0), (2 * hx, 0.0, 0.0)),
    }
    if layout.kind == "body-mounted":
        del faces["bus +z"], faces["bus -z"]
    return faces


def _refuse_intersections(layout: Layout) -> None:
    """InputError naming the two panels that pass through each other and what to change."""
    panels = list(layout.panels().items())
    for i, (name_a, a) in enumerate(panels):
        for name_b, b in panels[i + 1:]:
            if rectangles_intersect(a, b):
                raise InputError(
                    f"layout {layout.kind!r}: panels {name_a!r} and {name_b!r} intersect "
                    f"(offset = {layout.offset:g} m, bus_side = {layout.bus_side:g} m); "
                    "a panel must not pass through another: raise offset"
                )
    # pushed far enough, a panel comes out through the far side of the bus and no longer
    # intersects anything: the geometry is as wrong, so refuse every negative offset
    if layout.offset < 0.0:
        raise InputError(
            f"layout {layout.kind!r}: offset = {layout.offset:g} m pushes the panel roots "
            "through the bus; the valid range is [0, 100] m"
        )


@functools.lru_cache(maxsize=64)
def _view_factors(layout: Layout, rays: int, seed: int) -> LayoutViewFactors:
    panels = layout.panels()
    emitter = panels.pop("radiator 1")
    names = list(panels)
    front = np.zeros(len(names))
    back = np.zeros(len(names))
    faces = ("front",) if layout.faces == 1 else ("front", "back")
    for number, face in enumerate(faces):
        trace = ray_trace(emitter, panels.values(), rays=rays, seed=seed + number, face=face)
        front += trace.front / len(faces)
        back += trace.back / len(faces)
    wings = [k for k, name in enumerate(names) if name.startswith("array")]
    bus = [k for k, name in enumerate(names) if name.startswith("bus")]
    # a wing's front (cell) face has normal +x; the tracer reports which face a ray meets
    array_front, array_back = float(front[wings].sum()), float(back[wings].sum())
    to_bus = float(front[bus].sum() + back[bus].sum())
    largest = max(array_front, array_back, to_bus, 1.0 / (rays * len(faces)))
    std = math.sqrt(largest * (1.0 - largest) / (rays * len(faces)))
    return LayoutViewFactors(array_front=array_front, array_back=array_back, bus=to_bus,
                             std=std, faces=layout.faces)


def absorbed_from_neighbours(view: LayoutViewFactors, radiator_emissivity: float,
                             array_temperature: float, array_front_emissivity: float,
                             array_back_emissivity: float, bus_temperature: float,
                             bus_emissivity: float) -> float:
    """Infrared the radiator absorbs from the array and the bus [W/m^2 of planform].

    .. math:: q = n\\,\\varepsilon_r\\sigma\\,[F_{af}\\varepsilon_{af}T_a^4
              + F_{ab}\\varepsilon_{ab}T_a^4 + F_b\\varepsilon_b T_b^4]

    with n the radiating faces per panel and F per face (first bounce, gray diffuse).

    Parameters
    ----------
    view : LayoutViewFactors
        View factors of one radiating face [-].
    radiator_emissivity : float
        Radiator infrared emissivity (= absorptivity, gray) [-], in (0, 1].
    array_temperature : float
        Array temperature, both faces (a thin isothermal sheet) [K], > 0.
    array_front_emissivity, array_back_emissivity : float
        Infrared emissivities of the array's cell face and back face [-], in (0, 1].
    bus_temperature : float
        Temperature of the bus's outer surface [K], > 0.
    bus_emissivity : float
        Its infrared emissivity [-], in (0, 1].

    Returns
    -------
    float
        Absorbed flux per m^2 of radiator planform [W/m^2].
    """
    for name, value in (("radiator_emissivity", radiator_emissivity),
                        ("array_front_emissivity", array_front_emissivity),
                        ("array_back_emissivity", array_back_emissivity),
                        ("bus_emissivity", bus_emissivity)):
        check_scalar(value, name, low=0.0, high=1.0, low_open=True)
    check_scalar(array_temperature, "array_temperature", low=0.0, low_open=True, unit="K")
    check_scalar(bus_temperature, "bus_temperature", low=0.0, low_open=True, unit="K")
    array = (view.array_front * array_front_emissivity
             + view.array_back * array_back_emissivity) * array_temperature**4
    bus = view.bus * bus_emissivity * bus_temperature**4
    return view.faces * radiator_emissivity * STEFAN_BOLTZMANN * (array + bus)


def blanket_temperature(absorbed: float, outer_emissivity: float, effective_emittance: float,
                        interior_temperature: float) -> float:
    """Outer-layer temperature of a multilayer-insulation blanket [K].

    The outer layer absorbs ``absorbed`` from the environment and the heat leaking
    through the blanket, and radiates to space:

    .. math:: \\varepsilon_o\\sigma T^4 = q + \\varepsilon^*\\sigma (T_i^4 - T^4)
              \\Rightarrow T = \\Big[\\frac{q/\\sigma + \\varepsilon^* T_i^4}
              {\\varepsilon_o + \\varepsilon^*}\\Big]^{1/4}

    Parameters
    ----------
    absorbed : float
        Environmental flux absorbed by the outer layer [W/m^2], >= 0.
    outer_emissivity : float
        Infrared emissivity of the outer layer [-], in (0, 1].
    effective_emittance : float
        Blanket effective emittance e* [-], in [0, 1] (0.015-0.03 for real blankets,
        Gilmore 2002 ch. 5).
    interior_temperature : float
        Temperature under the blanket [K], >= 0.

    Returns
    -------
    float
        Outer-layer temperature [K].

    References
    ----------
    Gilmore, *Spacecraft Thermal Control Handbook* Vol. I (2002), ch. 5 (MLI).
    """
    absorbed = check_scalar(absorbed, "absorbed", low=0.0, unit="W/m^2")
    outer = check_scalar(outer_emissivity, "outer_emissivity", low=0.0, high=1.0,
                         low_open=True)
    leak = check_scalar(effective_emittance, "effective_emittance", low=0.0, high=1.0)
    interior = check_scalar(interior_temperature, "interior_temperature", low=0.0, unit="K")
    return ((absorbed / STEFAN_BOLTZMANN + leak * interior**4) / (outer + leak)) ** 0.25
