"""Pumped-loop radiator panels: the fluid's temperature profile, the fin-and-tube optimum
and the survival (freeze) case.

Every flux is per m^2 of panel *planform*, as in :mod:`thermaldesign.radiator`.

Panel temperature profile (Gilmore 2002, ch. 6, "radiator design")
-------------------------------------------------------------------
A single-phase fluid of capacity rate C = m_dot c_p [W/K] enters the panel at T_in and
leaves at T_out. Where the fluid is at T, one m^2 of planform rejects

.. math:: q(T) = a T^4 - b, \\qquad a = n\\,\\eta\\,\\varepsilon\\,\\sigma,\\quad
          b = q_{abs} + a T_{sink}^4,

so -C dT = q(T) dA along the flow. Integrating from inlet to outlet,

.. math:: A = C \\int_{T_{out}}^{T_{in}} \\frac{dT}{q(T)}, \\qquad
          Q = C (T_{in} - T_{out}),

and the panel's mean net flux is the *harmonic* mean of q over the fluid temperature:

.. math:: \\bar q = \\frac{Q}{A} = \\frac{T_{in} - T_{out}}{\\int_{T_{out}}^{T_{in}} dT/q(T)}.

With c = (b/a)^{1/4} the panel's equilibrium temperature the integral is closed-form,

.. math:: \\int \\frac{dT}{T^4 - c^4} = \\frac{1}{4c^3}\\ln\\frac{T - c}{T + c}
          - \\frac{1}{2c^3}\\arctan\\frac{T}{c}.

The *effective radiating temperature* T_eff solves q(T_eff) = q_bar: an isothermal panel
at T_eff rejects what the real panel rejects, so the sizing model (which has one panel
temperature) stays exact when it is given T_eff. As T_in -> T_out, q_bar -> q(T_out): the
isothermal panel. The model keeps the fin efficiency eta constant along the panel (it
varies as T^3 through the fin parameter; over a 10-20 K drop at 300 K this is < 1 %),
takes the fluid-to-fin-root drop as uniform, and neglects axial conduction.

Fin-and-tube optimum
--------------------
Mass per watt rejected at the tube temperature, (2 L t rho + m'_tube)/(D + 2L) divided by
the net flux (ratio * a T^4 - b), over the fin half-width L and thickness t: the classic
minimum-mass radiating fin with tube mass (Karam 1998 ch. 6; Gilmore 2002 ch. 6). Solved
by a bounded 2-D search in log L and log t (smooth, one minimum in the ranges used),
tested against brute force.

References
----------
.. [1] D. G. Gilmore (ed.), *Spacecraft Thermal Control Handbook*, Vol. I, 2nd ed.,
   The Aerospace Press, 2002, ch. 6 (radiators: fluid-loop panel sizing, fin efficiency).
.. [2] R. D. Karam, *Satellite Thermal Control for Systems Engineers*, AIAA, 1998, ch. 6.
.. [3] ECSS-E-ST-31C, *Space engineering: Thermal control general requirements*, 2008,
   s. 4.2.9 and annex: uncertainty margin of 10 K on calculated temperatures.
"""

from __future__ import annotations

import collections
import functools
import inspect
import threading
from dataclasses import asdict, dataclass

import numpy as np
import scipy  # submodules load on first use (scipy's lazy loader): fast start-up

from . import catalog, debris
from ._guard import guarded
from ._validation import as_output, check_scalar, fraction, nonnegative, positive
from .constants import STEFAN_BOLTZMANN
from .errors import CatalogError, InputError
from .radiator import fin_efficiency, fin_panel

__all__ = [
    "AMMONIA_FREEZING_POINT",
    "ECSS_UNCERTAINTY_MARGIN",
    "HEATER_MASS_PER_WATT",
    "SURVIVAL_TEMPERATURE",
    "ArmouredPanel",
    "ArmouredPanels",
    "FinOptimum",
    "armoured_panel",
    "armoured_panels",
    "construction_areal_density",
    "effective_temperature",
    "fin_optimum",
    "panel_mean_flux",
    "panel_temperature_profile",
    "survival_heater_power",
    "survival_outlet_temperature",
]

#: Triple (freezing) point of ammonia [K]: NIST Chemistry WebBook, 195.49 K.
AMMONIA_FREEZING_POINT = 195.49
#: ECSS-E-ST-31C uncertainty margin on predicted temperatures without a validated model [K].
ECSS_UNCERTAINTY_MARGIN = 10.0
#: Coldest allowed ammonia loop temperature [K]: freezing point plus the ECSS margin.
SURVIVAL_TEMPERATURE = AMMONIA_FREEZING_POINT + ECSS_UNCERTAINTY_MARGIN
#: Survival heater mass per watt [kg/W]: our estimate. Polyimide film heaters weigh about
#: 0.1 g/W at 0.5 W/cm^2 (Minco catalogue class); thermostats, harness and a controller
#: bring the installed figure to about 1 g/W.
HEATER_MASS_PER_WATT = 1e-3

_T = positive("K")
_PANEL = dict(emissivity=fraction(), fin_efficiency=fraction(),
              absorbed_flux=nonnegative("W/m^2"), sink_temperature=nonnegative("K"))


def _coefficients(emissivity, sides, fin_efficiency, absorbed_flux, sink_temperature):
    a = sides * fin_efficiency * emissivity * STEFAN_BOLTZMANN
    return a, absorbed_flux + a * sink_temperature**4


def _antiderivative(temperature, c):
    """F(T) with F' = 1/(T^4 - c^4) for T > c >= 0 and F(inf) = 0 (a series where c << T).

    The closed form carries the constant pi/(4c^3) so both branches vanish at infinity.
    """
    temperature = np.asarray(temperature, dtype=float)
    c = np.asarray(c, dtype=float)
    ratio = np.where(temperature > 0, c / temperature, 0.0)
    small = ratio < 0.05
    # Series: 1/(T^4 - c^4) = sum_k c^(4k) T^-(4k+4); u = (c/T)^4 < 6.3e-6, 4 terms ~1e-21.
    u = ratio**4
    series = -sum(u**k / (4 * k + 3) for k in range(4)) / temperature**3
    safe_c = np.where(small, 1.0, c)
    safe_gap = np.where(small, 1.0, temperature - c)
    closed = (np.log(safe_gap / (temperature + safe_c)) / (4 * safe_c**3)
              + (np.pi / 2 - np.arctan(temperature / safe_c)) / (2 * safe_c**3))
    return np.where(small, series, closed)


def _check_order(inlet_temperature, outlet_temperature):
    inlet, outlet = np.broadcast_arrays(inlet_temperature, outlet_temperature)
    if np.any(inlet < outlet):
        index = np.flatnonzero(inlet < outlet)[0]
        raise InputError(
            f"inlet_temperature = {inlet.flat[index]:.6g} K is below outlet_temperature = "
            f"{outlet.flat[index]:.6g} K: a radiator cools its fluid, so the valid range of "
            "inlet_temperature is [outlet_temperature, inf)"
        )


def _check_above_equilibrium(outlet_temperature, c):
    outlet, limit = np.broadcast_arrays(outlet_temperature, c)
    if np.any(outlet <= limit):
        index = np.flatnonzero(outlet <= limit)[0]
        raise InputError(
            f"outlet_temperature = {outlet.flat[index]:.6g} K is at or below the panel's "
            f"equilibrium temperature {limit.flat[index]:.6g} K (absorbed flux and sink): the "
            "panel would reject nothing there; raise the outlet temperature"
        )


@guarded(inlet_temperature=_T, outlet_temperature=_T, **_PANEL)
def panel_mean_flux(inlet_temperature, outlet_temperature, emissivity, sides=2,
                    fin_efficiency=1.0, absorbed_flux=0.0, sink_temperature=0.0):
    """Mean net flux of a pumped-loop panel whose fluid cools from inlet to outlet.

    .. math:: \\bar q = \\frac{T_{in} - T_{out}}{\\int_{T_{out}}^{T_{in}} dT / (aT^4 - b)}

    (module docstring). Reduces to the isothermal panel's net flux
    :func:`thermaldesign.radiator.net_flux` times eta as inlet -> outlet.

    Parameters
    ----------
    inlet_temperature, outlet_temperature : float or array_like
        Fin-root temperature where the fluid enters and leaves [K], inlet >= outlet > the
        panel's equilibrium temperature.
    emissivity : float or array_like
        Infrared emissivity of each face [-], in (0, 1].
    sides : {1, 2}
        Radiating faces [-].
    fin_efficiency : float or array_like, optional
        Effective-area ratio of the fin-and-tube panel [-], in (0, 1].
    absorbed_flux : float or array_like, optional
        Environment absorbed by all faces [W m^-2 of planform], >= 0.
    sink_temperature : float or array_like, optional
        Black sink temperature [K], >= 0.

    Returns
    -------
    float or numpy.ndarray
        Net heat rejected per m^2 of planform [W m^-2].

    References
    ----------
    .. [1] Gilmore (2002), ch. 6, fluid-loop radiator sizing.
    """
    _check_order(inlet_temperature, outlet_temperature)
    a, b = _coefficients(emissivity, sides, fin_efficiency, absorbed_flux, sink_temperature)
    c = (b / a) ** 0.25
    _check_above_equilibrium(outlet_temperature, c)
    drop = np.asarray(inlet_temperature, dtype=float) - outlet_temperature
    tiny = drop <= 1e-7 * np.asarray(outlet_temperature)
    middle = 0.5 * (np.asarray(inlet_temperature) + outlet_temperature)
    integral = _antiderivative(inlet_temperature, c) - _antiderivative(outlet_temperature, c)
    safe = np.where(tiny, 1.0, integral)
    mean = np.where(tiny, a * middle**4 - b, a * drop / np.where(tiny, 1.0, safe))
    return as_output(mean)


@guarded(inlet_temperature=_T, outlet_temperature=_T, **_PANEL)
def effective_temperature(inlet_temperature, outlet_temperature, emissivity, sides=2,
                          fin_efficiency=1.0, absorbed_flux=0.0, sink_temperature=0.0):
    """Temperature of the isothermal panel that rejects what the pumped panel rejects [K].

    .. math:: T_{eff} = \\left(\\frac{\\bar q + b}{a}\\right)^{1/4}

    Lies between outlet and inlet; parameters as in :func:`panel_mean_flux`.

    Returns
    -------
    float or numpy.ndarray
        Effective radiating temperature [K].
    """
    mean = np.asarray(panel_mean_flux(inlet_temperature, outlet_temperature, emissivity, sides,
                                      fin_efficiency, absorbed_flux, sink_temperature))
    a, b = _coefficients(emissivity, sides, fin_efficiency, absorbed_flux, sink_temperature)
    return as_output(((mean + b) / a) ** 0.25)


@guarded(inlet_temperature=_T, outlet_temperature=_T, position=fraction(allow_zero=True),
         **_PANEL)
def panel_temperature_profile(position, inlet_temperature, outlet_temperature, emissivity,
                              sides=2, fin_efficiency=1.0, absorbed_flux=0.0,
                              sink_temperature=0.0):
    """Fluid (fin-root) temperature at a fraction of the panel area along the flow [K].

    Inverts A(T)/A = [F(T_in) - F(T)] / [F(T_in) - F(T_out)] (module docstring) by
    bisection on T in [T_out, T_in].

    Parameters
    ----------
    position : float or array_like
        Fraction of the panel planform upstream of the point [-], in [0, 1]; 0 = inlet.
    inlet_temperature, outlet_temperature : float
        Fluid temperatures [K], as in :func:`panel_mean_flux`.
    emissivity, sides, fin_efficiency : float
        Coating, radiating faces and fin factor, as in :func:`panel_mean_flux`.
    absorbed_flux, sink_temperature : float
        Environment [W/m^2] and sink [K], as in :func:`panel_mean_flux`.

    Returns
    -------
    float or numpy.ndarray
        Temperature [K].
    """
    _check_order(inlet_temperature, outlet_temperature)
    a, b = _coefficients(emissivity, sides, fin_efficiency, absorbed_flux, sink_temperature)
    c = (b / a) ** 0.25
    _check_above_equilibrium(outlet_temperature, c)
    position, inlet, outlet, c = np.broadcast_arrays(
        np.asarray(position, float), np.asarray(inlet_temperature, float),
        np.asarray(outlet_temperature, float), np.asarray(c, float))
    top = _antiderivative(inlet, c)
    span = top - _antiderivative(outlet, c)
    low, high = outlet.copy(), inlet.copy()
    for _ in range(60):  # bisection: 2^-60 of a <= 100 K span
        middle = 0.5 * (low + high)
        upstream = np.where(span > 0, (top - _antiderivative(middle, c)) / np.where(
            span > 0, span, 1.0), position)
        low = np.where(upstream > position, middle, low)
        high = np.where(upstream > position, high, middle)
    return as_output(0.5 * (low + high))


# ---------------------------------------------------------------- fin-and-tube optimum


@dataclass(frozen=True)
class FinOptimum:
    """Minimum-mass fin-and-tube geometry per watt rejected; fields in SI.

    Attributes
    ----------
    half_width : float
        Fin length L from tube to mid-line [m].
    thickness : float
        Fin sheet thickness t [m].
    tube_pitch : float
        Tube spacing D + 2L [m].
    fin_efficiency : float
        Exact fin efficiency eta(N) [-].
    effective_area_ratio : float
        (D + 2 L eta)/(D + 2L) [-]: the panel's fin factor on emission.
    areal_density : float
        Support, fin sheet and tubes (with any armour) per m^2 of planform [kg m^-2].
    net_flux : float
        Heat rejected per m^2 of planform at the tube temperature [W m^-2].
    mass_per_watt : float
        areal_density / net_flux [kg W^-1], the objective.
    """

    half_width: float
    thickness: float
    tube_pitch: float
    fin_efficiency: float
    effective_area_ratio: float
    areal_density: float
    net_flux: float
    mass_per_watt: float

    def to_dict(self) -> dict:
        """Fields as a plain dict (SI)."""
        return asdict(self)


def fin_mass_per_watt(half_width, thickness, conductivity, density, tube_mass_per_length,
                      tube_width, base_temperature, emissivity, sides=2, absorbed_flux=0.0,
                      support_areal_density=0.0):
    """Mass per watt rejected of one fin-and-tube geometry [kg/W] (inf if it rejects <= 0).

    ``(s + (2 L t rho + m'_tube)/(D + 2L))`` over ``ratio * n eps sigma T^4 - q_abs``,
    with the ratio of :func:`thermaldesign.radiator.fin_panel`. Vectorised; parameters as
    in :func:`fin_optimum`. Returns (mass per watt, the FinPanel, net flux).
    """
    panel = fin_panel(half_width, thickness, conductivity, density, tube_mass_per_length,
                      base_temperature, emissivity, tube_width=tube_width, sides=sides)
    ratio = np.asarray(panel.effective_area_ratio)
    flux = ratio * sides * emissivity * STEFAN_BOLTZMANN * base_temperature**4 - absorbed_flux
    density_area = np.asarray(panel.areal_density) + support_areal_density
    return np.where(flux > 0, density_area / np.where(flux > 0, flux, 1.0), np.inf), panel, flux


#: Search box of the fin optimum: half-width 5 mm to 1 m, thickness 20 um to 10 mm.
FIN_HALF_WIDTH_RANGE = (5e-3, 1.0)
FIN_THICKNESS_RANGE = (2e-5, 1e-2)


@guarded(conductivity=positive("W m^-1 K^-1"), density=positive("kg/m^3"),
         tube_mass_per_length=positive("kg/m"), tube_width=nonnegative("m"),
         base_temperature=_T, emissivity=fraction(), absorbed_flux=nonnegative("W/m^2"),
         minimum_thickness=positive("m"), support_areal_density=nonnegative("kg/m^2"))
def fin_optimum(conductivity, density, tube_mass_per_length, tube_width, base_temperature,
                emissivity, *, sides=2, absorbed_flux=0.0, minimum_thickness=1e-4,
                support_areal_density=0.0):
    """Fin half-width and thickness that minimise panel mass per watt rejected.

    .. math:: \\min_{L,\\,t \\ge t_{min}}\\ \\frac{s + (2Lt\\rho + m'_{tube})/(D + 2L)}
              {\\frac{D + 2L\\eta(N)}{D + 2L}\\,n\\varepsilon\\sigma T^4 - q_{abs}},
              \\quad N = \\frac{n\\varepsilon\\sigma T^3 L^2}{k t}

    The tube (or heat pipe) with its fluid and armour costs m'_tube per metre; fins cost
    sheet mass and lose efficiency as they lengthen: wide tube spacing saves tubes and
    armour, thin long fins lose emission. Absorbed flux counts per m^2 of planform, so
    it favours denser tubes (a panel absorbs whether or not its fins are efficient).
    Solved by a zooming grid search in log L, log t inside ``FIN_HALF_WIDTH_RANGE`` x
    [``minimum_thickness``, 10 mm] (:func:`_zoom_minima`, on a fin efficiency tabled in
    log N: it only has to land in the optimum's basin): the objective is smooth with one
    minimum there. Newton steps on the exact fin (:func:`_newton_polish_batch`, until a
    step is below 1e-13) then put the optimum where the difference gradient vanishes, so
    the geometry is a smooth function of the inputs (the sizing's sensitivities difference
    it with 1e-6 relative steps). This is :func:`fin_optima` on a batch of one: the
    batched and the scalar optimum are the same computation, equal bit for bit.

    Parameters
    ----------
    conductivity : float
        Fin sheet conductivity k [W m^-1 K^-1], > 0.
    density : float
        Fin sheet density rho [kg m^-3], > 0.
    tube_mass_per_length : float
        One tube (or heat pipe) with fluid and armour, per metre [kg m^-1], > 0.
    tube_width : float
        Footprint D of one tube, radiating at the base temperature [m], >= 0.
    base_temperature : float
        Tube wall (fin root) temperature [K], > 0.
    emissivity : float
        Infrared emissivity of each face [-], in (0, 1].
    sides : {1, 2}, keyword-only
        Radiating faces [-].
    absorbed_flux : float, keyword-only
        Environment absorbed per m^2 of planform [W m^-2], >= 0.
    minimum_thickness : float, keyword-only
        Thinnest sheet that can be made and handled [m], > 0 (0.1 mm default:
        aluminium foil-gauge face sheets of flight radiators are 0.1-0.3 mm).
    support_areal_density : float, keyword-only
        Mass per m^2 of planform that does not depend on the fins: core, deployment,
        manifolds [kg m^-2], >= 0. It weighs planform, so it favours efficient fins.

    Returns
    -------
    FinOptimum
        Geometry, efficiency and mass at the optimum.
    """
    optima, nowhere = _fin_optima_rows(_fin_rows(
        conductivity, density, tube_mass_per_length, tube_width, base_temperature, emissivity,
        sides, absorbed_flux, minimum_thickness, support_areal_density))
    if nowhere[0]:
        raise InputError(
            f"absorbed_flux = {absorbed_flux:.6g} W/m^2 exceeds what any fin geometry emits at "
            f"base_temperature = {base_temperature:.6g} K: raise the temperature"
        )
    return optima.item(0)


@dataclass(frozen=True)
class ArmouredPanel:
    """A fin-and-tube panel at its fin optimum with the tubes armoured; fields in SI.

    Attributes
    ----------
    fin : FinOptimum
        The optimum geometry, with the armour in the tube mass.
    armour_thickness : float
        Aluminium wall the tubes need for the required probability of no penetration [m].
    added_thickness : float
        Armour beyond the tube's own wall [m], >= 0.
    armour_areal_density : float
        Mass of the added armour per m^2 of planform [kg m^-2].
    vulnerable_fraction : float
        Exposed tube surface (both faces) per m^2 of planform [-].
    """

    fin: FinOptimum
    armour_thickness: float
    added_thickness: float
    armour_areal_density: float
    vulnerable_fraction: float

    def to_dict(self) -> dict:
        """Fields as a plain dict (SI), the fin nested."""
        return asdict(self)


def construction_areal_density(technology) -> float:
    """As-built areal density the fins of a radiator technology are designed around [kg/m^2].

    The catalog entry's own value for a catalog technology, even when a study overrides
    the technology's ``areal_density`` (a sweep or an uncertainty draw changes what the
    panel weighs, not how its fins are built); an entry that is not in the catalog uses
    its own. Keeping the fin geometry fixed under such overrides is what makes a lighter
    panel never cost more, for any objective.
    """
    try:
        built = catalog.get("radiators", technology.key)
    except (CatalogError, AttributeError):  # an inline entry, or a key not in the catalog
        return float(technology.areal_density)
    return float(built.areal_density)


#: Density of the aluminium armour added to a tube [kg m^-3] (6061-T6).
ARMOUR_DENSITY = debris.ALUMINIUM_6061["density"]


def armoured_panel(fin_material, tube, base_temperature, emissivity, *, sides=2,
                   absorbed_flux=0.0, probability=0.95, module_area=79.2, years=5.0,
                   altitude=550e3, inclination=97.6, year=2026.0, minimum_thickness=1e-4,
                   panel_areal_density=0.0, standoff=None):
    """Fin optimum with the tubes armoured for a probability of no penetration.

    The tubes (not the fins: a holed fin still radiates) are the vulnerable area, both
    faces of each: 2 D / pitch per m^2 of planform. The wall they need,
    :func:`thermaldesign.debris.armour_thickness` for ``probability`` over ``years`` on
    the tubes of one isolable radiator module of ``module_area``, adds aluminium of
    2 D (t_armour - t_wall) per metre of tube; that mass moves the fin optimum to a wider
    tube pitch, which shrinks the vulnerable area. Three fixed-point passes settle it to
    < 0.1 % (the armour scales as area^~0.2).

    ``panel_areal_density`` is the as-built panel without added armour (a catalog
    technology's areal density); the part of it that is not fin sheet or tube is the
    support mass s of :func:`fin_optimum`, found in the same passes. The panel's areal
    density is then ``panel_areal_density + armour_areal_density`` (``fin.areal_density``
    when ``panel_areal_density`` is 0: fins and tubes only).

    Parameters
    ----------
    fin_material : FinMaterial
        Catalog ``fin_materials`` entry (conductivity [W m^-1 K^-1], density [kg m^-3]).
    tube : RadiatorTube
        Catalog ``radiator_tubes`` entry (mass per length [kg/m], width [m], wall [m]).
    base_temperature : float
        Fin-root temperature the fins are optimised at [K].
    emissivity : float
        Infrared emissivity [-].
    sides : {1, 2}, keyword-only
        Radiating faces.
    absorbed_flux : float, keyword-only
        Environment absorbed per m^2 of planform [W m^-2].
    probability : float or None, keyword-only
        Required probability of no penetration per module [-], in (0, 1); ``None`` = no
        armour (ISS PVR: 0.95 over 10 yr for both loops).
    module_area : float, keyword-only
        Planform of one independently isolable radiator module [m^2] (ISS HRS ORU 79.2).
    years, altitude, inclination, year : float, keyword-only
        Exposure [yr], orbit altitude [m], inclination [deg] and epoch [yr] of the debris
        flux (:func:`thermaldesign.debris.debris_flux`).
    minimum_thickness : float, keyword-only
        Thinnest fin sheet [m].
    panel_areal_density : float, keyword-only
        As-built panel mass per m^2 without added armour [kg m^-2], >= 0; 0 = fins and
        tubes only.
    standoff : float or None, keyword-only
        ``None``: each tube face is a single wall (conservative). A spacing [m]: the tubes
        sit between two face sheets, each half the fin thickness, which act as Whipple
        bumpers that far from the tube wall
        (:func:`thermaldesign.debris.whipple_critical_diameter`).

    Returns
    -------
    ArmouredPanel
    """
    _check_panel(probability, panel_areal_density, module_area, years, base_temperature,
                 emissivity, absorbed_flux)
    try:
        panels = armoured_panels(
            [fin_material], [tube], base_temperature, emissivity, sides=sides,
            absorbed_flux=absorbed_flux, probability=[probability], module_area=module_area,
            years=years, altitude=altitude, inclination=inclination, year=year,
            minimum_thickness=minimum_thickness, panel_areal_density=panel_areal_density,
            standoff=[standoff])
    except InputError as error:  # a batch of one: the message need not name the row
        raise InputError(str(error).replace("[0]", "")) from error
    return panels.item(0)


def _check_panel(probability, panel_areal_density, module_area, years, base_temperature,
                 emissivity, absorbed_flux) -> None:
    """InputError for the scalar inputs of :func:`armoured_panel` out of range."""
    if probability is not None and not 0.0 < probability < 1.0:
        raise InputError(
            f"probability = {probability!r} of no penetration is outside the valid range (0, 1)"
        )
    check_scalar(panel_areal_density, "panel_areal_density", low=0.0, unit="kg/m^2")
    check_scalar(module_area, "module_area", low=0.0, low_open=True, unit="m^2")
    check_scalar(years, "years", low=0.0, low_open=True, unit="yr")
    check_scalar(base_temperature, "base_temperature", low=0.0, low_open=True, unit="K")
    check_scalar(emissivity, "emissivity", low=0.0, high=1.0, low_open=True, unit="-")
    check_scalar(absorbed_flux, "absorbed_flux", low=0.0, unit="W/m^2")


@dataclass(frozen=True)
class ArmouredPanels:
    """Armoured panels of a batch: :class:`ArmouredPanel`'s fields, each a 1-D array
    (SI), the fins a :class:`FinOptima`."""

    fin: FinOptima
    armour_thickness: np.ndarray
    added_thickness: np.ndarray
    armour_areal_density: np.ndarray
    vulnerable_fraction: np.ndarray

    def __len__(self) -> int:
        return len(self.fin)

    def item(self, index: int) -> ArmouredPanel:
        """Element ``index`` as a scalar :class:`ArmouredPanel`."""
        return ArmouredPanel(
            fin=self.fin.item(index), armour_thickness=float(self.armour_thickness[index]),
            added_thickness=float(self.added_thickness[index]),
            armour_areal_density=float(self.armour_areal_density[index]),
            vulnerable_fraction=float(self.vulnerable_fraction[index]))


def _optional(values, count) -> np.ndarray:
    """A per-row sequence (or one value) with ``None`` entries as a float array, NaN for
    ``None``."""
    if values is None or np.isscalar(values):
        values = [values] * count
    return np.array([np.nan if v is None else float(v) for v in values], dtype=float)


def armoured_panels(fin_materials, tubes, base_temperature, emissivity, *, sides=2,
                    absorbed_flux=0.0, probability=0.95, module_area=79.2, years=5.0,
                    altitude=550e3, inclination=97.6, year=2026.0, minimum_thickness=1e-4,
                    panel_areal_density=0.0, standoff=None) -> ArmouredPanels:
    """:func:`armoured_panel` of many panels at once: one array computation.

    ``fin_materials`` and ``tubes`` are sequences of catalog entries, one per panel (or
    one entry for all); ``probability`` and ``standoff`` one value or a sequence with
    ``None`` where a panel has no armour or no bumper; ``year`` [yr] is one epoch for the
    batch; every other input [units of :func:`armoured_panel`] one value or an array of
    one per panel. The same fixed point as :func:`armoured_panel` (which is this on a
    batch of one): four passes of the fin optimum (:func:`fin_optima`'s row-independent
    computation) and the armour (:func:`thermaldesign.debris.armour_thicknesses`), so a
    panel equals itself computed alone, bit for bit. Inputs are not range-checked here
    beyond the fin inputs (:func:`armoured_panel` checks its scalars).

    Raises
    ------
    InputError
        A panel (named by index) whose environment no fin rejects against, or whose
        armour would need more than 10 cm of aluminium.
    """
    count = np.broadcast(*(np.atleast_1d(np.asarray(v, float)) for v in (
        base_temperature, emissivity, absorbed_flux, altitude, sides))).size
    for entries in (fin_materials, tubes):
        if isinstance(entries, (list, tuple)) and len(entries) > 1:
            count = len(entries)
    fin_materials, tubes = _per_row(fin_materials, count), _per_row(tubes, count)
    width = np.array([t.width for t in tubes], dtype=float)
    wall = np.array([t.wall_thickness for t in tubes], dtype=float)
    fins = _fin_rows([m.conductivity for m in fin_materials],
                     [m.density for m in fin_materials], [t.mass_per_length for t in tubes],
                     width, base_temperature, emissivity, sides, absorbed_flux,
                     minimum_thickness, np.zeros(count))
    _check_batch(fins)
    if not np.isin(fins["sides"], (1.0, 2.0)).all():
        raise InputError(f"sides = {sides!r} is outside the valid set {{1, 2}}")
    probability, standoff = _optional(probability, count), _optional(standoff, count)
    armoured = np.flatnonzero(np.isfinite(probability))
    panel_density = np.broadcast_to(np.asarray(panel_areal_density, float), (count,))
    debris_rows = {name: np.broadcast_to(np.asarray(value, float), (count,))
                   for name, value in (("area", module_area), ("years", years),
                                       ("altitude", altitude), ("inclination", inclination))}
    tube_mass = fins["tube_mass_per_length"].copy()
    added, thickness, mass_added = np.zeros(count), wall.copy(), np.zeros(count)
    for _ in range(4):
        mass_added = 2.0 * width * added * ARMOUR_DENSITY
        fins["tube_mass_per_length"] = tube_mass + mass_added
        fin, nowhere = _fin_optima_rows(fins)
        _raise_for_rows(nowhere, "no fin geometry rejects heat against its absorbed flux "
                        "at its base temperature: raise the temperature")
        vulnerable = 2.0 * width / fin.tube_pitch
        bare = fin.areal_density - fins["support_areal_density"] - mass_added / fin.tube_pitch
        fins["support_areal_density"] = np.maximum(0.0, panel_density - bare)
        if armoured.size == 0:
            continue
        rows = {name: value[armoured] for name, value in debris_rows.items()}
        wall_needed, too_thick = debris.armour_thicknesses(
            probability[armoured], vulnerable[armoured] * rows["area"], rows["years"],
            rows["altitude"], inclination=rows["inclination"], year=year,
            bumper_thickness=fin.thickness[armoured] / 2.0, standoff=standoff[armoured])
        _raise_for_rows(np.isin(np.arange(count), armoured[too_thick]),
                        "its armour needs more than 10 cm of aluminium: lower the "
                        "probability of no penetration or the module area")
        thickness[armoured] = wall_needed
        added[armoured] = np.maximum(0.0, wall_needed - wall[armoured])
    return ArmouredPanels(fin=fin, armour_thickness=thickness, added_thickness=added,
                          armour_areal_density=mass_added / fin.tube_pitch,
                          vulnerable_fraction=vulnerable)


def _per_row(entries, count) -> list:
    """One catalog entry per row: a single entry repeated, or the sequence as given."""
    if not isinstance(entries, (list, tuple)):
        entries = [entries]
    return list(entries) * count if len(entries) == 1 else list(entries)


def _raise_for_rows(mask, reason) -> None:
    if np.any(mask):
        raise InputError(f"panel [{int(np.flatnonzero(mask)[0])}]: {reason}")


_ARMOURED_PANEL = inspect.signature(armoured_panel)


def shared_armoured_panel(*arguments, **keywords) -> ArmouredPanel:
    """:func:`armoured_panel` with the same arguments, evaluated once per distinct set of
    inputs in this process (~7 ms each: 90 % of a new orbit's sizing environment).

    The sizing's environment and the closure's independent re-check derive the panel's
    inputs each in their own way and then build the same panel: they share it here. The
    arguments are put in one canonical order (defaults filled in), so a call by keyword
    and one by position find the same entry. Results are the function's own (it is
    deterministic; :func:`share_armoured_panels` computes many at once, bit for bit the
    same); ``ArmouredPanel`` is frozen. The last :data:`SHARED_PANELS` are kept.
    """
    key = panel_key(*arguments, **keywords)
    with _SHARED_LOCK:  # sweeps may size on threads
        panel = _SHARED.get(key)
        if panel is not None:
            _SHARED.move_to_end(key)
    if panel is None:
        panel = armoured_panel(**dict(key))
        _share(key, panel)
    return panel


def panel_key(*arguments, **keywords) -> tuple:
    """The arguments of :func:`armoured_panel` in canonical order, defaults filled in: the
    key of the shared panels."""
    if not arguments and _PANEL_REQUIRED <= keywords.keys() <= _PANEL_DEFAULTS.keys():
        # all by keyword (the sizing's calls): no binding needed (~30 us a call)
        return tuple((name, keywords.get(name, default))
                     for name, default in _PANEL_DEFAULTS.items())
    bound = _ARMOURED_PANEL.bind(*arguments, **keywords)
    bound.apply_defaults()
    return tuple(bound.arguments.items())


# every parameter of armoured_panel in order, with its default (None for a required one)
_PANEL_DEFAULTS = {name: (None if p.default is inspect.Parameter.empty else p.default)
                   for name, p in _ARMOURED_PANEL.parameters.items()}
_PANEL_REQUIRED = frozenset(name for name, p in _ARMOURED_PANEL.parameters.items()
                            if p.default is inspect.Parameter.empty)


#: How many armoured panels :func:`shared_armoured_panel` keeps (least recently used out).
SHARED_PANELS = 8192
_SHARED: collections.OrderedDict = collections.OrderedDict()
_SHARED_LOCK = threading.Lock()


def clear_shared_panels() -> None:
    """Forget every shared panel (benchmarks of a cold start)."""
    with _SHARED_LOCK:
        _SHARED.clear()


def _share(key: tuple, panel: ArmouredPanel) -> None:
    with _SHARED_LOCK:
        _SHARED[key] = panel
        if len(_SHARED) > SHARED_PANELS:
            _SHARED.popitem(last=False)


def share_armoured_panels(keys) -> int:
    """Build the shared panels of many :func:`panel_key` keys in array calls
    (:func:`armoured_panels`, one per epoch ``year``), so the
    :func:`shared_armoured_panel` calls that follow find them. Keys already shared, and
    keys whose inputs :func:`armoured_panel` rejects (it will raise for them when
    called), are left out; so is a group whose batch raises (each then builds its own).
    Returns the number of panels built. At most :data:`SHARED_PANELS` // 2 keys a call.
    """
    groups: dict = {}
    for key in dict.fromkeys(keys):
        if key in _SHARED:
            continue
        call = dict(key)
        try:
            _check_panel(*(call[name] for name in _PANEL_SCALARS))
        except InputError:
            continue
        groups.setdefault(call["year"], []).append((key, call))
    built = 0
    for year, members in groups.items():
        members = members[:SHARED_PANELS // 2 - built]
        calls = [call for _, call in members]
        try:
            panels = armoured_panels(
                [c["fin_material"] for c in calls], [c["tube"] for c in calls],
                *(np.array([c[name] for c in calls], dtype=float) for name in (
                    "base_temperature", "emissivity")),
                year=year, probability=[c["probability"] for c in calls],
                standoff=[c["standoff"] for c in calls],
                **{name: np.array([c[name] for c in calls], dtype=float)
                   for name in _PANEL_ROWS})
        except InputError:
            continue
        for index, (key, _) in enumerate(members):
            _share(key, panels.item(index))
        built += len(members)
    return built


_PANEL_SCALARS = ("probability", "panel_areal_density", "module_area", "years",
                  "base_temperature", "emissivity", "absorbed_flux")
_PANEL_ROWS = ("sides", "absorbed_flux", "module_area", "years", "altitude", "inclination",
               "minimum_thickness", "panel_areal_density")


# ------------------------------------------------------------------------- survival


def _outlet_for_heat(heat, area, capacity_rate, a, b):
    """Outlet temperature [K] of a panel of ``area`` rejecting ``heat`` with flow C."""
    c = (b / a) ** 0.25
    drop = heat / capacity_rate

    def residual(log_excess):
        outlet = c + np.exp(log_excess)
        return capacity_rate * (_antiderivative(outlet + drop, c)
                                - _antiderivative(outlet, c)) / a * -1.0 + area

    # A(T_out) = (C/a) [F(T_out + dT) - F(T_out)] falls from inf (T_out -> c) to 0.
    return c + np.exp(scipy.optimize.brentq(residual, np.log(c * 1e-12 + 1e-12), np.log(1e4)))


@guarded(area=positive("m^2"), heat=positive("W"), capacity_rate=positive("W/K"),
         emissivity=fraction(), fin_efficiency=fraction(), absorbed_flux=nonnegative("W/m^2"))
def survival_outlet_temperature(area, heat, capacity_rate, emissivity, *, sides=2,
                                fin_efficiency=1.0, absorbed_flux=0.0):
    """Coldest fluid temperature of a loop that must reject ``heat`` through ``area`` [K].

    The outlet temperature T_out solving
    A = (C/a) [F(T_out + Q/C) - F(T_out)] (module docstring), with the loop still
    pumping at capacity rate C. Compare with :data:`AMMONIA_FREEZING_POINT`.

    Parameters
    ----------
    area : float
        Radiator planform [m^2], > 0.
    heat : float
        Heat reaching the loop: avionics, battery losses, heaters [W], > 0.
    capacity_rate : float
        Loop flow times specific heat, m_dot c_p [W/K], > 0.
    emissivity : float
        Infrared emissivity of each face [-], in (0, 1].
    sides : {1, 2}, keyword-only
        Radiating faces.
    fin_efficiency : float, keyword-only
        Effective-area ratio [-], in (0, 1].
    absorbed_flux : float, keyword-only
        Cold-case environment absorbed per m^2 of planform (eclipse: Earth IR only)
        [W m^-2], >= 0.

    Returns
    -------
    float
        Outlet (coldest) fluid temperature [K].
    """
    a, b = _coefficients(emissivity, sides, fin_efficiency, absorbed_flux, 0.0)
    if b <= 0.0:
        b = a * 1e-12  # a 1e-3 K equilibrium: the closed form needs c > 0
    return float(_outlet_for_heat(heat, area, capacity_rate, a, b))


@guarded(area=positive("m^2"), internal_heat=nonnegative("W"), capacity_rate=positive("W/K"),
         emissivity=fraction(), fin_efficiency=fraction(), absorbed_flux=nonnegative("W/m^2"),
         minimum_temperature=_T)
def survival_heater_power(area, internal_heat, capacity_rate, emissivity, *, sides=2,
                          fin_efficiency=1.0, absorbed_flux=0.0,
                          minimum_temperature=AMMONIA_FREEZING_POINT + ECSS_UNCERTAINTY_MARGIN):
    """Heater power that keeps the loop's coldest point at ``minimum_temperature`` [W].

    In the survival case (no IT load, coldest environment) the panel must still reject
    everything that reaches the loop. The heat Q_min whose outlet is exactly T_min
    follows from the profile: the drop dT = Q/C solves
    A = (C/a)[F(T_min + dT) - F(T_min)]; the heater supplies Q_min - internal heat, or
    nothing when the internal heat already keeps the loop warm. Not modelled: a radiator
    bypass valve (which would cut the heater but leave stagnant panel sections to freeze
    unless they are freeze-tolerant, as ISS's are) and transient thermal capacity.

    Parameters
    ----------
    area, capacity_rate, emissivity, sides, fin_efficiency, absorbed_flux
        As in :func:`survival_outlet_temperature`.
    internal_heat : float
        Heat reaching the loop without heaters [W], >= 0.
    minimum_temperature : float, keyword-only
        Coldest allowed fluid temperature [K]: ammonia's freezing point plus the ECSS
        10 K uncertainty margin by default.

    Returns
    -------
    float
        Heater power [W], >= 0.
    """
    a, b = _coefficients(emissivity, sides, fin_efficiency, absorbed_flux, 0.0)
    c = (b / a) ** 0.25
    if minimum_temperature <= c:
        return 0.0  # the environment alone holds the panel above the limit
    top = _antiderivative(minimum_temperature, c)
    limit = _antiderivative(1e7, c) - top  # the most area any drop can use (T_in -> inf)
    needed = area * a / capacity_rate
    if needed >= limit:
        raise InputError(
            f"capacity_rate = {capacity_rate:.6g} W/K is too low for area = {area:.6g} m^2: "
            "the fluid would reach the minimum temperature for any heat; raise the flow"
        )
    drop = scipy.optimize.brentq(
        lambda d: (_antiderivative(minimum_temperature + d, c) - top) - needed,
        1e-12, 1e5)
    return float(max(0.0, capacity_rate * drop - internal_heat))


# ------------------------------------------------------------ batched fin optimum (issue 18)


@dataclass(frozen=True)
class FinOptima:
    """Fin optima of a batch of environments: the fields of :class:`FinOptimum`, each a
    1-D numpy array (SI, one entry per batch element)."""

    half_width: np.ndarray
    thickness: np.ndarray
    tube_pitch: np.ndarray
    fin_efficiency: np.ndarray
    effective_area_ratio: np.ndarray
    areal_density: np.ndarray
    net_flux: np.ndarray
    mass_per_watt: np.ndarray

    def __len__(self) -> int:
        return int(self.half_width.size)

    def item(self, index: int) -> FinOptimum:
        """Element ``index`` as a scalar :class:`FinOptimum`."""
        return FinOptimum(**{name: float(values[index])
                             for name, values in asdict(self).items()})


_BATCH_CHECKS = {
    "conductivity": (0.0, np.inf, "W m^-1 K^-1", False),
    "density": (0.0, np.inf, "kg/m^3", False),
    "tube_mass_per_length": (0.0, np.inf, "kg/m", False),
    "tube_width": (0.0, np.inf, "m", True),
    "base_temperature": (0.0, np.inf, "K", False),
    "emissivity": (0.0, 1.0, "-", False),
    "absorbed_flux": (0.0, np.inf, "W/m^2", True),
    "minimum_thickness": (0.0, np.inf, "m", False),
    "support_areal_density": (0.0, np.inf, "kg/m^2", True),
}


def _check_batch(values: dict) -> None:
    """InputError naming the first bad element of each batched fin input."""
    for name, (low, high, unit, closed) in _BATCH_CHECKS.items():
        array = values[name]
        below = array < low if closed else array <= low
        bad = ~np.isfinite(array) | below | (array > high)
        if bad.any():
            index = int(np.flatnonzero(bad)[0])
            bracket = "[" if closed else "("
            raise InputError(f"{name}[{index}] = {float(array[index])!r} {unit} is outside "
                             f"the valid range {bracket}{low:g}, {high:g}]")


def fin_optima(conductivity, density, tube_mass_per_length, tube_width, base_temperature,
               emissivity, *, sides=2, absorbed_flux=0.0, minimum_thickness=1e-4,
               support_areal_density=0.0) -> FinOptima:
    """:func:`fin_optimum` for many environments at once: arrays in, arrays out.

    Every input broadcasts to one 1-D batch (scalars are shared by all elements), so a
    batched sizing can pass arrays of base temperature [K], absorbed flux [W m^-2] and
    emissivity [-] for thousands of environments with one fin material and tube. The
    same computation as :func:`fin_optimum` (which is this on a batch of one): the
    zooming grid (on a fin efficiency tabled in log N, ~1e-7 relative, which only has to
    land in the optimum's basin) then the Newton polish on the exact fin, each element
    stopping on its own test, so element i equals ``fin_optimum(...)`` of its inputs bit
    for bit whatever its batch-mates. Cost: ~0.1 ms per element for 1,000 elements
    against ~5 ms per scalar call (benchmarks/bench_radiator_panel.py). Units and valid
    ranges as in :func:`fin_optimum`; ``sides`` is 1 or 2, one for the batch or one per
    element.

    Returns
    -------
    FinOptima
        Geometry, efficiency and mass at each element's optimum (1-D arrays).

    Raises
    ------
    InputError
        Naming the input and element index that is out of range, or the element whose
        absorbed flux exceeds what any fin geometry emits at its base temperature.
    """
    if not np.all(np.isin(sides, (1, 2))):
        raise InputError(f"sides = {sides!r} is outside the valid set {{1, 2}}")
    values = _fin_rows(conductivity, density, tube_mass_per_length, tube_width,
                       base_temperature, emissivity, sides, absorbed_flux, minimum_thickness,
                       support_areal_density)
    _check_batch(values)
    optima, nowhere = _fin_optima_rows(values)
    if nowhere.any():
        index = int(np.flatnonzero(nowhere)[0])
        raise InputError(
            f"absorbed_flux[{index}] = {values['absorbed_flux'][index]:.6g} W/m^2 exceeds what "
            f"any fin geometry emits at base_temperature[{index}] = "
            f"{values['base_temperature'][index]:.6g} K: raise the temperature")
    return optima


_FIN_INPUTS = ("conductivity", "density", "tube_mass_per_length", "tube_width",
               "base_temperature", "emissivity", "sides", "absorbed_flux", "minimum_thickness",
               "support_areal_density")


def _fin_rows(*inputs) -> dict:
    """The fin inputs (in :data:`_FIN_INPUTS` order) broadcast to 1-D float arrays of one
    length, by name."""
    arrays = np.broadcast_arrays(*(np.atleast_1d(np.asarray(v, dtype=float)).ravel()
                                   for v in inputs))
    return dict(zip(_FIN_INPUTS, (np.array(a) for a in arrays), strict=True))


def _fin_optima_rows(values: dict) -> tuple[FinOptima, np.ndarray]:
    """The fin optimum of every row of ``values`` (:func:`_fin_rows`), unchecked, and a
    mask of the rows where no geometry rejects heat (their fields are not meaningful).

    Every step works row by row (fixed grids, each row's Newton polish stopping on its
    own test, the fin efficiency's Newton likewise), so a row's optimum does not depend
    on the other rows: a batch of one (:func:`fin_optimum`) equals its row in any batch.
    """
    names = ("conductivity", "density", "tube_mass_per_length", "tube_width",
             "base_temperature", "emissivity", "sides", "absorbed_flux",
             "support_areal_density")
    args = tuple(values[n][:, None, None] for n in names)
    low = np.empty((values["conductivity"].size, 2))
    high = np.empty_like(low)
    low[:, 0], high[:, 0] = np.log(FIN_HALF_WIDTH_RANGE)
    low[:, 1] = np.log(np.maximum(values["minimum_thickness"], FIN_THICKNESS_RANGE[0]))
    high[:, 1] = np.log(FIN_THICKNESS_RANGE[1])

    def log_objective(x, y, rows):
        return np.log(fin_mass_per_watt(np.exp(x), np.exp(y), *(a[rows] for a in args))[0])

    centre, nowhere = _zoom_minima(_tabled_objective(args), low, high)
    x = _newton_polish_batch(log_objective, centre, low, high, skip=nowhere)
    length, thickness = np.exp(x[:, 0]), np.exp(x[:, 1])
    with np.errstate(divide="ignore", invalid="ignore"):
        mass, panel, flux = fin_mass_per_watt(length, thickness, *(a[:, 0, 0] for a in args))
    return FinOptima(
        half_width=length, thickness=thickness,
        tube_pitch=np.asarray(panel.tube_pitch, float),
        fin_efficiency=np.asarray(panel.fin_efficiency, float),
        effective_area_ratio=np.asarray(panel.effective_area_ratio, float),
        areal_density=np.asarray(panel.areal_density, float) + values["support_areal_density"],
        net_flux=np.asarray(flux, float), mass_per_watt=np.asarray(mass, float)), nowhere


@functools.cache
def _log_efficiency_table() -> tuple[np.ndarray, np.ndarray]:
    """(log N, log fin efficiency) on a fine grid, for the batched search's coarse stage
    (built on first use, not at import: start-up time)."""
    log_n = np.linspace(-25.0, 25.0, 20001)
    return log_n, np.log(np.asarray(fin_efficiency(np.exp(log_n))))


def _tabled_objective(args):
    """log mass per watt with the fin efficiency interpolated in log N (error ~1e-7
    relative): only steers the zooming grid; the Newton polish uses the exact fin, so
    the optimum it converges to is the exact one. Beyond N = e^25 the efficiency follows
    its asymptote sqrt(2/(5N)) (slope -1/2 in log-log)."""
    k, rho, tube_mass, width, temperature, emissivity, sides, absorbed, support = args
    emission = sides * emissivity * STEFAN_BOLTZMANN * temperature**3

    def objective(x, y, rows):
        def pick(a):
            return a[rows] if isinstance(a, np.ndarray) else a
        length, thickness = np.exp(x), np.exp(y)
        log_n = np.log(pick(emission) / pick(k)) + 2.0 * x - y
        table_log_n, table_log_eta = _log_efficiency_table()
        log_eta = np.interp(log_n, table_log_n, table_log_eta) - 0.5 * np.maximum(
            log_n - table_log_n[-1], 0.0)
        pitch = pick(width) + 2.0 * length
        ratio = (pick(width) + 2.0 * length * np.exp(log_eta)) / pitch
        flux = ratio * pick(emission) * pick(temperature) - pick(absorbed)
        mass = (2.0 * length * thickness * pick(rho) + pick(tube_mass)) / pitch + pick(support)
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(flux > 0, np.log(mass / np.where(flux > 0, flux, 1.0)), np.inf)
    return objective


def _zoom_minima(function, low, high, points=9, rounds=8, shrink=0.35):
    """Minima of smooth 2-D functions on boxes by grids that zoom on the best point, one
    per row: ``function(x, y, rows)`` takes (n, p, p) grids of the rows ``rows``;
    ``low``/``high`` are (n, 2) log bounds. Each round evaluates a ``points`` x ``points``
    grid over the current window (clipped to the box), re-centres on its best point
    (row-major tie-break) and shrinks the window by ``shrink``; after 8 rounds the window
    is 0.35^8 ~ 2e-4 of the box, where :func:`_newton_polish_batch` takes over. Returns
    (centres (n, 2), mask of the rows where the function is nowhere finite)."""
    centre, window = 0.5 * (low + high), high - low
    rows = np.arange(low.shape[0])
    nowhere = np.zeros(rows.size, dtype=bool)
    for _ in range(rounds):
        axes = np.clip(np.linspace(centre - window / 2, centre + window / 2, points, axis=-1),
                       low[..., None], high[..., None])  # (n, 2, p)
        grid_x = np.broadcast_to(axes[:, 0, None, :], (rows.size, points, points))
        grid_y = np.broadcast_to(axes[:, 1, :, None], (rows.size, points, points))
        values = np.asarray(function(grid_x, grid_y, rows)).reshape(rows.size, -1)
        finite = np.isfinite(values)
        nowhere |= ~finite.any(axis=1)
        best = np.argmin(np.where(finite, values, np.inf), axis=1)
        centre = np.stack([grid_x.reshape(rows.size, -1)[rows, best],
                           grid_y.reshape(rows.size, -1)[rows, best]], axis=1)
        window = window * shrink
    return centre, nowhere


def _newton_polish_batch(function, centre, low, high, step=1e-3, iterations=12,
                         tolerance=1e-13, skip=None):
    """Newton steps on smooth 2-D functions from (n, 2) points near their minima, one
    per row (``skip``: rows left where they are).

    Gradient and Hessian by central differences on a 3 x 3 stencil of half-width
    ``step``. A coordinate at its bound (within ``step``) stays there and the other is
    polished alone. Steps are capped at four stencil widths so a poor start cannot jump
    away. Each row stops on its own test (a step below ``tolerance``, or a non-finite
    stencil): the point then solves "difference gradient = 0", a smooth function of the
    panel's inputs, whatever grid point it started from, so the fin factor and mass it
    gives can be differentiated (the sizing's sensitivities do, by 1e-6 steps)."""
    x = np.array(centre, dtype=float)
    free = (x - low > step) & (high - x > step)
    offsets = np.array([-step, 0.0, step])
    active = np.ones(x.shape[0], dtype=bool) if skip is None else ~skip
    for _ in range(iterations):
        rows = np.flatnonzero(active)
        if rows.size == 0:
            break
        grid_x = x[rows, 0, None, None] + offsets[None, :, None] + 0.0 * offsets[None, None, :]
        grid_y = x[rows, 1, None, None] + offsets[None, None, :] + 0.0 * offsets[None, :, None]
        f = np.asarray(function(grid_x, grid_y, rows))
        finite = np.isfinite(f).all(axis=(1, 2))
        gradient = np.stack([f[:, 2, 1] - f[:, 0, 1], f[:, 1, 2] - f[:, 1, 0]], axis=1) / (
            2 * step)
        cross = (f[:, 2, 2] - f[:, 2, 0] - f[:, 0, 2] + f[:, 0, 0]) / 4
        hessian = np.stack([
            np.stack([f[:, 2, 1] - 2 * f[:, 1, 1] + f[:, 0, 1], cross], axis=1),
            np.stack([cross, f[:, 1, 2] - 2 * f[:, 1, 1] + f[:, 1, 0]], axis=1),
        ], axis=1) / step**2
        move = _newton_moves(gradient, hessian, free[rows], finite)
        update = rows[finite]
        x[update] = np.clip(x[update] + np.clip(move[finite], -4 * step, 4 * step),
                            low[update], high[update])
        active[rows[~finite]] = False
        active[rows[finite & (np.max(np.abs(move), axis=1) < tolerance)]] = False
    return x


def _newton_moves(gradient, hessian, free, finite):
    """Per-element Newton step of :func:`_newton_polish_batch`: the full 2-D step where both
    coordinates are free and the Hessian is positive definite, else diagonal steps on the
    free coordinates with positive curvature (zero elsewhere)."""
    safe = np.where(finite[:, None, None], hessian, np.eye(2))
    diagonal = np.stack([safe[:, 0, 0], safe[:, 1, 1]], axis=1)
    full = free.all(axis=1) & (np.linalg.det(safe) > 0) & (safe[:, 0, 0] > 0)
    move = np.where(free & (diagonal > 0),
                    -np.where(finite[:, None], gradient, 0.0) / np.where(diagonal > 0,
                                                                          diagonal, 1.0), 0.0)
    if full.any():
        move[full] = -np.linalg.solve(safe[full], gradient[full][..., None])[..., 0]
    return move
