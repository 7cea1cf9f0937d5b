"""A bus that scales with the satellite: attitude control, the radiator's rotary joint,
and the battery's depth of discharge from its cycle life.

Attitude control (Wertz & Larson, *Space Mission Analysis and Design*, 3rd ed. (1999),
section 11.1, eqs. 11-9 to 11-13): the satellite's inertia tensor follows from the
layout's panels (:mod:`thermaldesign.layout`) and their masses; the disturbance torques
are

- gravity gradient, :math:`T_g = \\frac{3\\mu}{2 r^3}(I_{max} - I_{min})` (the worst
  attitude, sin 2 theta = 1: a Sun-pointing satellite turns through every angle to the
  local vertical once an orbit);
- aerodynamic, :math:`T_a = \\tfrac12 \\rho C_d A V^2 \\,\\ell_a` with the largest ram area
  over ram directions normal to the Sun line (a dawn-dusk orbit's velocity; other orbits
  see other ram directions, a small term at these altitudes either way), plus the torque
  of the panels' own offsets from the centre of mass; ``ell_a`` is the uncertain
  centre-of-pressure offset;
- solar pressure, :math:`T_s = \\frac{\\Phi}{c} A_s (1 + q)\\, \\ell_s`.

The wheels store :math:`H = T_g \\frac{P}{4}\\,0.707` for the cyclic gravity-gradient
torque (SMAD section 11.1, the FireSat momentum sizing) plus one orbit of the secular torques before
momentum dumping, plus, with yaw steering, the momentum of turning the whole satellite
once an orbit about its Sun line (:math:`I \\omega_{orbit}`). Wheel mass and power come
from a log-log fit through sourced wheels and CMGs (:data:`WHEEL_POINTS`); four wheels
(three axes and a spare), each sized for H.

Wheel power is the fit's, i.e. SMAD's range of rated power, an upper value: wheels at
constant speed draw a fraction of it.

Not modelled: slew agility requirements (the wheels' torque is not checked against a
manoeuvre), flexible-body modes of large wings, magnetic disturbance torque (small next
to the gravity gradient of 100-m^2 wings), and solar-maximum densities (the atmosphere
is the US Standard Atmosphere 1976; at solar maximum it is several times denser at
550 km, which raises only the small aerodynamic term).
"""

from __future__ import annotations

import dataclasses
import functools
import math
import threading
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from ._validation import check_array, check_scalar
from .constants import EARTH_MU, EARTH_RADIUS
from .errors import InputError
from .layout import Layout

__all__ = [
    "AttitudeControl",
    "attitude_control",
    "plate_inertia",
    "layout_inertia",
    "wheel_mass",
    "wheel_power",
    "atmosphere_density",
    "cycle_life_depth_of_discharge",
    "rotary_joint",
    "ScaledBus",
    "scaled_bus",
    "ScaledBuses",
    "scaled_buses",
    "BusTable",
    "WHEEL_POINTS",
    "CYCLE_LIFE_POINTS",
]

_SPEED_OF_LIGHT = 299_792_458.0  # [m/s], exact

#: (momentum [N m s], mass [kg], power [W]) of momentum-storage hardware, with sources.
#: SMAD 3rd ed. (1999) Table 11-13 gives the span of reaction and momentum wheels:
#: 0.4-400 N m s, 2-20 kg, 10-110 W (the ends of that range are the first two points);
#: the ISS control moment gyros (NASA ISS Reference Guide; Boeing, "ISS CMG", 2000):
#: 4,760 N m s (3,500 ft lbf s) and 272 kg (600 lb) each, power ~ 140 W running
#: (confidence low for the power).
WHEEL_POINTS = ((0.4, 2.0, 10.0), (400.0, 20.0, 110.0), (4760.0, 272.0, 140.0))

#: (cycles, depth of discharge [-]) of qualified space Li-ion cells:
#: LEO 5 years (27,400 cycles) at 30 % DoD (ESA ARTES, Saft VES180 qualification, the
#: catalog's saft_ves180 entry, 2005); GEO 15 years (1,350 cycles: 90 eclipses a
#: season, two seasons a year) at 80 % DoD (Saft VES140/VES180 GEO batteries, Borthomieu,
#: "Satellite lithium-ion batteries", in *Lithium-Ion Batteries*, Elsevier 2014, ch. 14).
CYCLE_LIFE_POINTS = ((27_400.0, 0.30), (1_350.0, 0.80))

#: Largest depth of discharge allowed whatever the cycle count [-]: the GEO practice
#: above (Borthomieu 2014) keeps the last 20 % of charge as reserve.
MAX_DEPTH_OF_DISCHARGE = 0.80

# US Standard Atmosphere 1976, total mass density at altitude (NOAA/NASA/USAF 1976,
# Table I): (altitude [m], density [kg/m^3]).
_ATMOSPHERE = (
    (150e3, 2.076e-9), (200e3, 2.541e-10), (300e3, 1.916e-11), (400e3, 2.803e-12),
    (500e3, 5.215e-13), (600e3, 1.137e-13), (700e3, 3.070e-14), (800e3, 1.136e-14),
    (900e3, 5.759e-15), (1000e3, 3.561e-15),
)

#: A rotary joint per radiator panel: drive of the Moog Type 2 side-drive solar array
#: drive mechanism class (Moog product data: 5 kg, 15 W), plus a two-pass fluid rotary
#: union for the pumped loop taken as the same mass again (estimate: the ISS TRRJ
#: carries its ammonia through a flex-hose rotary coupler of the same order as its
#: drive/lock assemblies, NASA "ISS: A Reference Guide", ch. 11). Mass [kg], power [W].
ROTARY_JOINT_MASS = 2 * 5.0
ROTARY_JOINT_POWER = 15.0


@dataclass(frozen=True)
class AttitudeControl:
    """Attitude control sized for a layout (SI units)."""

    inertia: np.ndarray  # [kg m^2], 3x3 about the centre of mass
    gravity_gradient: float  # worst torque [N m]
    aerodynamic: float  # [N m]
    solar: float  # [N m]
    momentum: float  # required storage [N m s]
    wheels: int  # [-]
    mass: float  # wheels [kg]
    power: float  # wheels [W]

    def to_dict(self) -> dict:
        """Scalars as a dict (SI)."""
        return {name: getattr(self, name) for name in (
            "gravity_gradient", "aerodynamic", "solar", "momentum", "wheels", "mass", "power")}


def plate_inertia(corner, edge_1, edge_2, mass) -> np.ndarray:
    """Inertia tensor of a thin uniform rectangular plate about the origin [kg m^2].

    The second moment :math:`M = \\int r r^T dm` of the plate r = c + s e1 + t e2,
    s, t uniform in [0, 1], is
    :math:`m[c c^T + (c e_1^T + e_1 c^T)/2 + (c e_2^T + e_2 c^T)/2 + e_1 e_1^T/3
    + e_2 e_2^T/3 + (e_1 e_2^T + e_2 e_1^T)/4]`, and :math:`I = \\mathrm{tr}(M)\\,E - M`.
    """
    c, e1, e2 = (np.asarray(v, dtype=float) for v in (corner, edge_1, edge_2))
    second = mass * (
        np.outer(c, c) + (np.outer(c, e1) + np.outer(e1, c)) / 2.0
        + (np.outer(c, e2) + np.outer(e2, c)) / 2.0
        + np.outer(e1, e1) / 3.0 + np.outer(e2, e2) / 3.0
        + (np.outer(e1, e2) + np.outer(e2, e1)) / 4.0
    )
    return np.trace(second) * np.eye(3) - second


def layout_inertia(layout: Layout, array_areal_density: float, radiator_areal_density: float,
                   core_mass: float) -> np.ndarray:
    """Inertia tensor of a layout about the origin [kg m^2].

    Wings and radiator panels are thin plates of their areal densities [kg/m^2]; the
    core (``core_mass`` [kg]) is a uniform solid cube of side ``layout.bus_side``
    (body-mounted: a uniform box filling the bus). The bus faces carry no extra mass.
    """
    shape = _geometry(layout)
    return (array_areal_density * shape.array_inertia
            + radiator_areal_density * shape.radiator_inertia + core_mass * shape.core_inertia)


@dataclass(frozen=True)
class _Geometry:
    """A layout's shape as attitude control reads it, per unit of what scales it.

    Inertia and first moment are linear in the areal densities and the core mass, and
    the drag torque's panel sums do not depend on them, so a layout's shape is worked
    out once (:func:`_geometry`, cached) and every density, core mass and altitude is
    then a few array products.
    """

    array_area: float  # [m^2]
    radiator_area: float  # [m^2]
    array_inertia: np.ndarray  # about the origin, per kg/m^2 of array [m^4]
    radiator_inertia: np.ndarray  # per kg/m^2 of radiator [m^4]
    core_inertia: np.ndarray  # per kg of core [m^2]
    array_moment: np.ndarray  # sum of area x centroid over the wings [m^3]
    radiator_moment: np.ndarray  # [m^3]
    rams: np.ndarray  # (R, 3) ram directions normal to the Sun line [-]
    projected: np.ndarray  # (R,) panels' projected area per ram direction [m^2]
    projected_moment: np.ndarray  # (R, 3) sum of projected area x (centroid x ram) [m^3]
    box_area: np.ndarray  # (R,) the bus box's projected area [m^2]


@functools.lru_cache(maxsize=512)
def _geometry(layout: Layout) -> _Geometry:
    areas = {"array": 0.0, "radiator": 0.0}
    inertia = {"array": np.zeros((3, 3)), "radiator": np.zeros((3, 3))}
    moment = {"array": np.zeros(3), "radiator": np.zeros(3)}
    # ram directions every 5 deg in the plane normal to the Sun line (+x)
    angles = np.radians(np.arange(0.0, 180.0, 5.0))
    rams = np.column_stack([np.zeros_like(angles), np.cos(angles), np.sin(angles)])
    projected = np.zeros(len(rams))
    projected_moment = np.zeros_like(rams)
    for name, panel in layout.panels().items():
        if name.startswith("bus"):
            continue
        kind = "array" if name.startswith("array") else "radiator"
        centroid = panel.corners().mean(axis=0)
        areas[kind] += panel.area
        inertia[kind] += plate_inertia(panel.corner, panel.edge_1, panel.edge_2, panel.area)
        moment[kind] += panel.area * centroid
        seen = panel.area * np.abs(rams @ panel.normal)  # one per ram direction
        projected += seen
        projected_moment += seen[:, None] * np.cross(centroid, rams)
    half = np.array(_box_half_sizes(layout))
    squares = (2.0 * half) ** 2
    core = np.diag([squares[1] + squares[2], squares[0] + squares[2],
                    squares[0] + squares[1]]) / 12.0
    hx, hy, hz = half
    box_area = 4.0 * (hy * hz * np.abs(rams[:, 0]) + hx * hz * np.abs(rams[:, 1])
                      + hx * hy * np.abs(rams[:, 2]))
    return _Geometry(areas["array"], areas["radiator"], inertia["array"], inertia["radiator"],
                     core, moment["array"], moment["radiator"], rams, projected,
                     projected_moment, box_area)


def _box_half_sizes(layout: Layout) -> tuple[float, float, float]:
    panels = layout.panels()
    faces = [p for name, p in panels.items() if name.startswith("bus")]
    points = np.vstack([f.corners() for f in faces])
    return tuple(float(v) for v in np.abs(points).max(axis=0))


def atmosphere_density(altitude: float) -> float:
    """Mass density of the atmosphere, US Standard Atmosphere 1976 [kg/m^3].

    Log-linear interpolation of the 1976 table (150-1000 km); above 1000 km the last
    segment's scale height is extended.

    Parameters
    ----------
    altitude : float
        Geometric altitude [m], in [150 km, 2000 km].
    """
    return float(_density(check_scalar(altitude, "altitude", low=150e3, high=2000e3,
                                       unit="m")))


_ATMOSPHERE_HEIGHTS = np.array([h for h, _ in _ATMOSPHERE])
_ATMOSPHERE_LOGS = np.log([rho for _, rho in _ATMOSPHERE])
# above the table: the last segment's scale height [1/m]
_ATMOSPHERE_SLOPE = ((_ATMOSPHERE_LOGS[-1] - _ATMOSPHERE_LOGS[-2])
                     / (_ATMOSPHERE_HEIGHTS[-1] - _ATMOSPHERE_HEIGHTS[-2]))


def _density(altitude):
    """:func:`atmosphere_density` of checked altitudes [m], a float or an array [kg/m^3]."""
    inside = np.exp(np.interp(altitude, _ATMOSPHERE_HEIGHTS, _ATMOSPHERE_LOGS))
    above = np.exp(_ATMOSPHERE_LOGS[-1]
                   + _ATMOSPHERE_SLOPE * (np.asarray(altitude) - _ATMOSPHERE_HEIGHTS[-1]))
    return np.where(np.asarray(altitude) <= _ATMOSPHERE_HEIGHTS[-1], inside, above)


# attitude_control's defaults, which scaled_bus uses (sources in attitude_control)
_WHEELS = 4
_DRAG_COEFFICIENT, _REFLECTANCE, _AERODYNAMIC_LEVER, _SOLAR_LEVER = 2.2, 0.6, 0.2, 0.3
_WHEEL_LOGS = tuple(tuple(math.log(v) for v in point) for point in WHEEL_POINTS)


def _fit(momentum, column: int):
    """Log-log interpolation of :data:`WHEEL_POINTS` (extended beyond the ends), of a
    float or an array."""
    logs = np.array(_WHEEL_LOGS)
    x = np.log(momentum)
    k = np.clip(np.searchsorted(logs[:, 0], x) - 1, 0, len(logs) - 2)
    x0, x1, y0, y1 = logs[k, 0], logs[k + 1, 0], logs[k, column], logs[k + 1, column]
    return np.exp(y0 + (y1 - y0) * (x - x0) / (x1 - x0))


def wheel_mass(momentum: float) -> float:
    """Mass of one wheel (or CMG) storing ``momentum`` [kg] (fit of :data:`WHEEL_POINTS`).

    Parameters
    ----------
    momentum : float
        Angular momentum capacity [N m s], > 0.
    """
    return float(_fit(check_scalar(momentum, "momentum", low=0.0, low_open=True,
                                   unit="N m s"), 1))


def wheel_power(momentum: float) -> float:
    """Power of one wheel (or CMG) storing ``momentum`` [W] (fit of :data:`WHEEL_POINTS`)."""
    return float(_fit(check_scalar(momentum, "momentum", low=0.0, low_open=True,
                                   unit="N m s"), 2))


def _drag_torque(shape: _Geometry, centre, pressure, lever):
    """Largest aerodynamic torque over ram directions normal to the Sun line [N m],
    for a ram pressure [Pa] and the uncertain centre-of-pressure offset ``lever`` [m].

    Ram directions every 5 deg in the plane normal to the Sun line, all at once: each
    panel's pressure force on its projected area, with its moment about ``centre``
    (sum over panels of A_p (c_p - centre) x ram, from the shape's sums), plus the
    uncertain part ``lever`` times the whole projected area (box and panels). For a unit
    ram r = (0, r_y, r_z) the moment M - P c x r has the components
    (M_x - P (c_y r_z - c_z r_y), M_y + P c_x r_z, M_z - P c_x r_y), whose last two give
    M_y^2 + M_z^2 + 2 P c_x (M_y r_z - M_z r_y) + P^2 c_x^2 squared: a few in-place
    products of (..., L, R) arrays per batch of centres, elementwise (a row does not
    depend on the others). The pressure (>= 0) multiplies the maximum. A batch goes
    through in blocks of :data:`_DRAG_BLOCK` rows, so the (block, L, R) temporaries stay
    in cache: 10,000 rows of 4 layouts are 23 MB an array in one piece.
    """
    if centre.ndim < 3 or len(centre) <= _DRAG_BLOCK:
        return _largest_reach(shape, centre, lever) * np.asarray(pressure)
    reach = np.empty(centre.shape[:-1])
    for start in range(0, len(centre), _DRAG_BLOCK):
        reach[start:start + _DRAG_BLOCK] = _largest_reach(
            shape, centre[start:start + _DRAG_BLOCK], lever)
    return reach * np.asarray(pressure)


_DRAG_BLOCK = 512  # rows of a batch per block of _drag_torque


def _largest_reach(shape: _Geometry, centre, lever):
    """The largest moment arm over the ram directions of :func:`_drag_torque` (its
    torque per unit ram pressure) [m^3]."""
    rams = shape.rams[0]  # the same ram directions for every layout, no x component
    moment, projected = shape.projected_moment, shape.projected  # (L, R, 3), (L, R)
    p_y, p_z = projected * rams[:, 1], projected * rams[:, 2]
    across = moment[..., 1] ** 2 + moment[..., 2] ** 2
    linear = 2.0 * (moment[..., 1] * p_z - moment[..., 2] * p_y)
    cx, cy, cz = (centre[..., k, None] for k in range(3))  # (..., L, 1) against (R,)
    squared = cz * p_y  # the x component of the moment, then its square
    squared -= cy * p_z
    squared += moment[..., 0]
    squared *= squared
    rest = cx * projected**2
    rest += linear
    rest *= cx
    rest += across
    squared += rest
    reach = np.sqrt(squared, out=squared)
    reach += lever * (shape.box_area + projected)
    return np.max(reach, axis=-1)


def attitude_control(layout: Layout, *, array_areal_density: float,
                     radiator_areal_density: float, core_mass: float, altitude: float,
                     drag_coefficient: float = _DRAG_COEFFICIENT,
                     reflectance: float = _REFLECTANCE,
                     aerodynamic_lever: float = _AERODYNAMIC_LEVER,
                     solar_lever: float = _SOLAR_LEVER, wheels: int = _WHEELS) -> AttitudeControl:
    """Momentum wheels sized for a layout's disturbance torques (see module doc).

    Parameters
    ----------
    layout : Layout
        Panels and bus.
    array_areal_density, radiator_areal_density : float, keyword-only
        Masses per m^2 of array and radiator [kg/m^2], >= 0.
    core_mass : float, keyword-only
        Everything else, a solid bus [kg], >= 0.
    altitude : float, keyword-only
        Circular orbit altitude [m], in [150 km, 2000 km].
    drag_coefficient : float, keyword-only
        Flat-plate free-molecular drag coefficient [-] (2.2, SMAD section 8.1).
    reflectance : float, keyword-only
        Solar reflectance q of the sunlit faces [-], in [0, 1] (0.6, SMAD eq. 11-9).
    aerodynamic_lever, solar_lever : float, keyword-only
        Centre-of-pressure to centre-of-mass offsets for the uncertain part of the
        torques [m] (0.2 and 0.3 m, SMAD Table 11-9 FireSat example).
    wheels : int, keyword-only
        Wheels, each sized for the full momentum [-].

    Returns
    -------
    AttitudeControl
        Torques [N m], momentum [N m s], wheel mass [kg] and power [W].
    """
    for name, value in (("array_areal_density", array_areal_density),
                        ("radiator_areal_density", radiator_areal_density),
                        ("core_mass", core_mass), ("aerodynamic_lever", aerodynamic_lever),
                        ("solar_lever", solar_lever)):
        check_scalar(value, name, low=0.0)
    check_scalar(reflectance, "reflectance", low=0.0, high=1.0)
    check_scalar(drag_coefficient, "drag_coefficient", low=0.0, high=10.0, low_open=True)
    check_scalar(altitude, "altitude", low=150e3, high=2000e3, unit="m")
    sized = _attitude((layout,), _Disturbances(altitude, drag_coefficient, reflectance,
                                               aerodynamic_lever, solar_lever),
                      array_areal_density, radiator_areal_density, core_mass, wheels)
    return dataclasses.replace(sized, inertia=sized.inertia[0], **{
        name: float(value[0]) for name, value in sized.to_dict().items() if name != "wheels"})


class _Disturbances:
    """What the disturbance torques read of the orbit and the surfaces (checked inputs;
    ``altitude`` [m] a float or an array over a batch)."""

    def __init__(self, altitude, drag_coefficient, reflectance, aerodynamic_lever,
                 solar_lever):
        radius = EARTH_RADIUS + np.asarray(altitude, dtype=float)
        self.rate = np.sqrt(EARTH_MU / radius**3)  # orbit rate [rad/s]
        self.period = 2.0 * math.pi / self.rate  # [s]
        self.pressure = 0.5 * _density(radius - EARTH_RADIUS) * (self.rate * radius)**2 \
            * drag_coefficient  # ram pressure [Pa]
        self.aerodynamic_lever = aerodynamic_lever  # [m]
        # solar pressure force per m^2 of sunlit area times its lever [N/m]
        self.solar_per_area = 1361.0 / _SPEED_OF_LIGHT * (1.0 + reflectance) * solar_lever


def _attitude(layouts: tuple[Layout, ...], orbit: _Disturbances, array_density,
              radiator_density, core_mass, wheels: int) -> AttitudeControl:
    """:func:`attitude_control` of checked inputs for several layouts at once (resized
    copies of one layout, same mechanism) and for a float or a batch (B,) of each input:
    every field of the result has shape (..., L) (the inertia (..., L, 3, 3)), the
    layouts last."""
    shape = _stacked(layouts)
    array_density, radiator_density, core_mass = (np.asarray(v, dtype=float)[..., None]
                                                  for v in (array_density, radiator_density,
                                                            core_mass))
    masses, centre = _mass_centre(shape, array_density, radiator_density, core_mass)
    squared = np.einsum("...i,...i->...", centre, centre)[..., None, None]
    inertia = (array_density[..., None, None] * shape.array_inertia
               + radiator_density[..., None, None] * shape.radiator_inertia
               + core_mass[..., None, None] * shape.core_inertia
               - masses[..., None, None] * (squared * np.eye(3)
                                            - centre[..., :, None] * centre[..., None, :]))
    principal = np.linalg.eigvalsh(inertia)
    rate, period = orbit.rate[..., None], orbit.period[..., None]
    gravity = 1.5 * rate**2 * (principal[..., -1] - principal[..., 0])
    aerodynamic = _drag_torque(shape, centre, orbit.pressure[..., None], orbit.aerodynamic_lever)
    solar = orbit.solar_per_area * (shape.array_area + layouts[0].bus_side**2)
    momentum = gravity * period / 4.0 * 0.707 + (aerodynamic + solar) * period
    if layouts[0].edge_on == "yaw steering":
        momentum = momentum + inertia[..., 0, 0] * rate  # one turn an orbit
    return AttitudeControl(
        inertia=inertia, gravity_gradient=gravity, aerodynamic=aerodynamic, solar=solar,
        momentum=momentum, wheels=wheels, mass=wheels * _fit(momentum, 1),
        power=wheels * _fit(momentum, 2),
    )


@functools.lru_cache(maxsize=512)
def _stacked(layouts: tuple[Layout, ...]) -> _Geometry:
    """The shapes of several layouts, each field stacked on a leading axis (L, ...)."""
    shapes = [_geometry(layout) for layout in layouts]
    return _Geometry(*(np.stack([np.asarray(getattr(shape, f.name)) for shape in shapes])
                       for f in dataclasses.fields(_Geometry)))


def _mass_centre(shape: _Geometry, array_density, radiator_density, core_mass):
    """(total mass [kg], centre of mass [m]) of panels and core (the core at the origin)."""
    total = (core_mass + array_density * shape.array_area
             + radiator_density * shape.radiator_area)
    if np.any(total <= 0.0):
        raise InputError("the layout has no mass: give positive areal densities or core_mass")
    moment = (array_density[..., None] * shape.array_moment
              + radiator_density[..., None] * shape.radiator_moment)
    return total, moment / total[..., None]


def rotary_joint(layout: Layout) -> tuple[float, float]:
    """(mass [kg], power [W]) of what keeps the radiator edge-on to the Sun.

    A rotary joint per radiator panel (:data:`ROTARY_JOINT_MASS`,
    :data:`ROTARY_JOINT_POWER`); yaw steering needs no hardware here (its momentum is in
    :func:`attitude_control`); a body-mounted radiator turns with the bus.
    """
    if layout.edge_on == "yaw steering" or layout.kind == "body-mounted":
        return 0.0, 0.0
    return 2 * ROTARY_JOINT_MASS, 2 * ROTARY_JOINT_POWER


def cycle_life_depth_of_discharge(cycles: float) -> float:
    """Depth of discharge that a qualified space Li-ion cell sustains for ``cycles`` [-].

    Power law through :data:`CYCLE_LIFE_POINTS`, :math:`DoD = DoD_1 (N_1/N)^{1/k}` with
    :math:`k = \\ln(N_2/N_1)/\\ln(DoD_1/DoD_2)` (k = 3.05: cycle life falls as the cube of
    the depth), capped at :data:`MAX_DEPTH_OF_DISCHARGE`.

    Parameters
    ----------
    cycles : float
        Charge-discharge cycles over the design life [-], > 0.

    Returns
    -------
    float
        Allowed depth of discharge per cycle [-].
    """
    cycles = check_scalar(cycles, "cycles", low=0.0, low_open=True)
    (n1, d1), (n2, d2) = CYCLE_LIFE_POINTS
    exponent = math.log(n2 / n1) / math.log(d1 / d2)
    return min(MAX_DEPTH_OF_DISCHARGE, d1 * (n1 / cycles) ** (1.0 / exponent))


@dataclass(frozen=True)
class ScaledBus:
    """Attitude control and edge-on hardware as the sizing carries them (SI).

    The wheel mass W(A_s, A_r) of :func:`attitude_control` is carried as
    a_s A_s + a_r A_r (affine in the areas, so the sizing stays a geometric program):
    exact at the layout's own areas, split between array and radiator in proportion to
    the elasticities A dW/dA there. Away from those areas it scales linearly where the
    exact mass grows more slowly (W ~ H^(1/3) ~ A^(2/3)): a conservative carry for a
    design larger than its layout, an optimistic one for a smaller (re-run with a
    layout of the design's areas to refine).
    """

    wheels: AttitudeControl
    array_mass_per_area: float  # a_s [kg/m^2]
    radiator_mass_per_area: float  # a_r [kg/m^2]
    joint_mass: float  # [kg]
    joint_power: float  # [W]


def _resized(layout: Layout, **areas) -> Layout:
    """``layout`` with other panel areas [m^2], without validating it again.

    Only for the +-5 % steps of :func:`scaled_bus`: every arrangement grows its panels
    away from the bus (wings along +-y from the yoke, radiators along +-z or -x from their
    root, a body-mounted bus with its radiator faces), so resizing a valid layout cannot
    make two panels meet. Validating would cost more than the wheel sizing itself.
    """
    resized = object.__new__(Layout)
    resized.__dict__.update({f.name: getattr(layout, f.name)
                             for f in dataclasses.fields(Layout)})
    resized.__dict__.update(areas)
    return resized


def scaled_bus(layout: Layout, *, array_areal_density: float, radiator_areal_density: float,
               core_mass: float, altitude: float) -> ScaledBus:
    """Wheels and rotary joints of a layout, with the wheel mass per m^2 of each panel.

    Parameters as :func:`attitude_control`; the elasticities are central differences
    at +-5 % of each area.

    Returns
    -------
    ScaledBus
        The wheels, their mass per m^2 of array and of radiator [kg/m^2], and the
        rotary joints' mass [kg] and power [W].
    """
    wheels = attitude_control(layout, array_areal_density=array_areal_density,
                              radiator_areal_density=radiator_areal_density,
                              core_mass=core_mass, altitude=altitude)  # checks the inputs
    per_array, per_radiator = _wheels_per_area(layout, wheels.mass, array_areal_density,
                                               radiator_areal_density, core_mass, altitude)
    joint_mass, joint_power = rotary_joint(layout)
    return ScaledBus(wheels=wheels, array_mass_per_area=float(per_array),
                     radiator_mass_per_area=float(per_radiator), joint_mass=joint_mass,
                     joint_power=joint_power)


class ScaledBuses(NamedTuple):
    """:class:`ScaledBus` of many satellites of one layout, as arrays (B,) (SI)."""

    wheel_mass: np.ndarray  # [kg]
    wheel_power: np.ndarray  # [W]
    momentum: np.ndarray  # [N m s]
    array_mass_per_area: np.ndarray  # [kg/m^2]
    radiator_mass_per_area: np.ndarray  # [kg/m^2]
    joint_mass: float  # [kg]
    joint_power: float  # [W]
    wheels: AttitudeControl | None = None  # every field an array (B,), inertia (B, 3, 3)

    def row(self, index: int) -> ScaledBus:
        """Satellite ``index`` as the :class:`ScaledBus` :func:`scaled_bus` returns."""
        w = self.wheels
        return ScaledBus(
            wheels=AttitudeControl(
                inertia=w.inertia[index], gravity_gradient=float(w.gravity_gradient[index]),
                aerodynamic=float(w.aerodynamic[index]), solar=float(w.solar[index]),
                momentum=float(w.momentum[index]), wheels=w.wheels,
                mass=float(w.mass[index]), power=float(w.power[index])),
            array_mass_per_area=float(self.array_mass_per_area[index]),
            radiator_mass_per_area=float(self.radiator_mass_per_area[index]),
            joint_mass=self.joint_mass, joint_power=self.joint_power)

    def take(self, indices) -> ScaledBuses:
        """The satellites ``indices`` (an integer array) of these, in that order."""
        wheels = dataclasses.replace(self.wheels, **{
            name: value[indices] for name, value in vars(self.wheels).items()
            if name != "wheels"})
        return ScaledBuses(self.wheel_mass[indices], self.wheel_power[indices],
                           self.momentum[indices], self.array_mass_per_area[indices],
                           self.radiator_mass_per_area[indices], self.joint_mass,
                           self.joint_power, wheels)


def scaled_buses(layout: Layout, *, array_areal_density, radiator_areal_density, core_mass,
                 altitude) -> ScaledBuses:
    """:func:`scaled_bus` for many satellites of one layout at once: every other parameter
    an array (B,) or a float, broadcast.

    Each distinct row is computed once, and row by row: a satellite's numbers do not
    depend on the others in the batch, so they equal those of a batch of it alone bit
    for bit (:class:`BusTable` builds its buses that way, so the batched and the
    one-at-a-time sizing agree to the last bit); they equal :func:`scaled_bus`'s to
    roundoff. The last few batches of :data:`_RECENT_SIZE` rows or more are kept
    (read-only): a sizing batch's coefficients, its sensitivities and its physics
    re-check each ask for the same buses (~40 ms per 10,000 distinct rows).

    Raises
    ------
    InputError
        A value outside the range :func:`attitude_control` accepts, naming it.
    """
    for name, value in (("array_areal_density", array_areal_density),
                        ("radiator_areal_density", radiator_areal_density),
                        ("core_mass", core_mass)):
        check_array(value, name, low=0.0)
    check_array(altitude, "altitude", low=150e3, high=2000e3, unit="m")
    columns = [np.atleast_1d(v) for v in np.broadcast_arrays(*(
        np.asarray(v, dtype=float) for v in (array_areal_density, radiator_areal_density,
                                              core_mass, altitude)))]
    if columns[0].size < _RECENT_ROWS:
        return _distinct_buses(layout, columns)
    with _RECENT_LOCK:
        for position, (known_layout, known_columns, buses) in enumerate(_RECENT):
            if known_layout == layout and all(
                    np.array_equal(a, b) for a, b in zip(known_columns, columns, strict=True)):
                _RECENT.insert(0, _RECENT.pop(position))
                return buses
    buses = _read_only(_distinct_buses(layout, columns))
    with _RECENT_LOCK:
        _RECENT.insert(0, (layout, [column.copy() for column in columns], buses))
        del _RECENT[_RECENT_SIZE:]
    return buses


# the last few batches of scaled_buses (layout, input columns, buses), newest first
_RECENT: list = []
_RECENT_SIZE = 4
_RECENT_ROWS = 64  # smaller batches are not kept (a comparison costs what they do)
_RECENT_LOCK = threading.Lock()


def _read_only(buses: ScaledBuses) -> ScaledBuses:
    """``buses`` with every array made read-only: kept buses are shared."""
    for value in (*buses[:5], *vars(buses.wheels).values()):
        if isinstance(value, np.ndarray):
            value.flags.writeable = False
    return buses


def _distinct_buses(layout: Layout, columns: list) -> ScaledBuses:
    """:func:`scaled_buses` of checked, broadcast input columns, each distinct row once."""
    varying = [column for column in columns if column.size > 1 and (column != column[0]).any()]
    if len(varying) == 0 or columns[0].size == 1:
        return _scaled_buses(layout, *(column[:1] for column in columns)).take(
            np.zeros(columns[0].size, dtype=np.intp))
    key = varying[0] if len(varying) == 1 else np.column_stack(varying)
    _, first, inverse = np.unique(key, axis=0, return_index=True, return_inverse=True)
    if first.size == columns[0].size:
        return _scaled_buses(layout, *columns)
    return _scaled_buses(layout, *(column[first] for column in columns)).take(
        inverse.reshape(-1))


def _scaled_buses(layout: Layout, array_density, radiator_density, core,
                  heights) -> ScaledBuses:
    """:func:`scaled_buses` of checked rows (arrays (B,)), every row computed."""
    wheels = _attitude((layout,), _default_disturbances(heights), array_density,
                       radiator_density, core, _WHEELS)
    wheels = dataclasses.replace(wheels, inertia=wheels.inertia[..., 0, :, :], **{
        name: np.broadcast_to(value[..., 0], heights.shape)  # solar: one for every row
        for name, value in wheels.to_dict().items() if name != "wheels"})
    per_array, per_radiator = _wheels_per_area(layout, wheels.mass, array_density,
                                               radiator_density, core, heights)
    joint_mass, joint_power = rotary_joint(layout)
    return ScaledBuses(wheels.mass, wheels.power, wheels.momentum, per_array, per_radiator,
                       joint_mass, joint_power, wheels)


class BusTable:
    """Scaled buses by their inputs, for the one-at-a-time callers: each built as a batch
    of one (:func:`scaled_buses`), so it equals its row of any batch bit for bit and the
    batched and the one-at-a-time sizing of a spec agree to the last bit. A cache only:
    the batched callers compute their rows directly (~30x cheaper a bus than one at a
    time); the oldest half of the table goes when it is full.
    """

    def __init__(self, size: int = 65536):
        self._buses: dict = {}
        self._size = size

    def get(self, layout: Layout, array_density: float, radiator_density: float,
            core_mass: float, altitude: float) -> ScaledBus:
        """The bus of these inputs (areal densities [kg/m^2], core mass [kg], altitude
        [m]), built now if the table lacks it. Invalid values raise
        :class:`~thermaldesign.errors.InputError` naming them."""
        key = (layout, float(array_density), float(radiator_density), float(core_mass),
               float(altitude))
        found = self._buses.get(key)
        if found is not None:
            return found
        built = scaled_buses(layout, array_areal_density=key[1], radiator_areal_density=key[2],
                             core_mass=key[3], altitude=key[4]).row(0)
        if len(self._buses) >= max(self._size, 1):
            for old in list(self._buses)[:max(1, len(self._buses) // 2)]:
                del self._buses[old]
        self._buses[key] = built
        return built


def _default_disturbances(altitude) -> _Disturbances:
    return _Disturbances(altitude, _DRAG_COEFFICIENT, _REFLECTANCE, _AERODYNAMIC_LEVER,
                         _SOLAR_LEVER)


def _wheels_per_area(layout: Layout, wheel_mass, array_density, radiator_density, core_mass,
                     altitude):
    """Wheel mass carried per m^2 of (array, radiator) [kg/m^2]: the wheels split in
    proportion to the elasticities A dW/dA, central differences at +-5 % of each area
    (floats, or arrays over a batch)."""
    step = 0.05
    layouts = tuple(_resized(layout, **{name: getattr(layout, name) * (1.0 + sign * step)})
                    for name in ("array_area", "radiator_area") for sign in (1.0, -1.0))
    masses = _attitude(layouts, _default_disturbances(altitude), array_density,
                       radiator_density, core_mass, _WHEELS).mass  # (..., 4)
    # A dW/dA [kg] of the array, then of the radiator
    elasticities = [np.maximum(0.0, (masses[..., k] - masses[..., k + 1]) / (2.0 * step))
                    for k in (0, 2)]
    total = elasticities[0] + elasticities[1]
    both = layout.array_area + layout.radiator_area
    positive = total > 0.0
    safe = np.where(positive, total, 1.0)
    shares = (np.where(positive, elasticities[0] / safe, layout.array_area / both),
              np.where(positive, elasticities[1] / safe, layout.radiator_area / both))
    return (wheel_mass * shares[0] / layout.array_area,
            wheel_mass * shares[1] / layout.radiator_area)
