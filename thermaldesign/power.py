"""Solar array and battery sizing: end-of-life array power, array temperature, eclipse storage.

The array model is the method of Wertz & Larson, *Space Mission Analysis and Design*
(SMAD), ch. 11: ideal cell output, times inherent degradation, the cosine of the Sun
incidence angle, lifetime degradation and the packing factor, with an optional linear
temperature correction. The required array power follows SMAD eq. 11-5, which carries
the power-conditioning path efficiencies of daylight (array -> loads) and eclipse
(array -> battery -> loads) operation.

Errors: every public function raises :class:`~thermaldesign.errors.InputError` naming the
parameter for a value of the wrong type, not finite or out of range, for array arguments
whose shapes do not broadcast, and for values each valid on its own whose result would
leave the float range (e.g. a temperature of 1e300 K); see :mod:`thermaldesign._guard`.

References
----------
.. [1] J. R. Wertz and W. J. Larson (eds.), *Space Mission Analysis and Design*, 3rd ed.,
   Microcosm/Kluwer, 1999, section 11.4 (power), eqs. 11-5 to 11-8, tables 11-34/11-35.
.. [2] M. R. Patel, *Spacecraft Power Systems*, CRC Press, 2005, ch. 4 (photovoltaics)
   and ch. 5 (batteries).
.. [3] D. G. Gilmore (ed.), *Spacecraft Thermal Control Handbook*, Vol. I, 2nd ed.,
   2002, ch. 2 (solar-array thermal balance).
"""

from __future__ import annotations

import functools
from typing import NamedTuple

import numpy as np

from ._guard import guarded
from ._validation import Range, as_output, check_choice, fraction, nonnegative, positive
from .constants import SOLAR_CONSTANT, STEFAN_BOLTZMANN
from .errors import InputError
from .radiator import SIGMA_RANGE

__all__ = [
    "PathEfficiencies",
    "array_area_for_power",
    "array_mass",
    "array_power_density",
    "array_power_required",
    "array_temperature",
    "battery_capacity",
    "battery_mass",
    "cell_power_density",
    "conditioning_heat",
    "eclipse_energy",
    "lifetime_degradation",
    "path_efficiencies",
]


_FRACTION = fraction()
_FLUX = nonnegative("W/m^2")
_INCIDENCE = Range(0.0, 90.0, unit="deg")
_TEMPERATURE_COEFFICIENT = Range(-0.02, 0.02, unit="1/K")
_REFERENCE_TEMPERATURE = positive("K")
_SIGMA = Range(*SIGMA_RANGE, unit="W m^-2 K^-4", scalar=True)


# ------------------------------------------------------------------------ solar cells


@guarded(efficiency=_FRACTION, solar_flux=_FLUX)
def cell_power_density(efficiency, solar_flux=SOLAR_CONSTANT):
    """Ideal electrical output of a solar cell per m^2 of cell at normal incidence.

    .. math:: P_0 = \\eta\\,S

    Parameters
    ----------
    efficiency : float or array_like
        Cell conversion efficiency at the reference temperature, AM0 [-], in (0, 1].
    solar_flux : float or array_like, optional
        Solar irradiance [W m^-2], >= 0.

    Returns
    -------
    float or numpy.ndarray
        Cell output P_0 [W per m^2 of cell].

    References
    ----------
    .. [1] Wertz & Larson (1999), section 11.4, step 3 ("P_o = efficiency x 1367 W/m^2").
    """
    return as_output(efficiency * solar_flux)


@guarded(degradation_per_year=Range(0.0, 1.0, high_open=True, unit="1/yr"),
         years=nonnegative("yr"))
def lifetime_degradation(degradation_per_year, years):
    """Fraction of beginning-of-life array power left after ``years``.

    .. math:: L_d = (1 - d)^{t}

    Parameters
    ----------
    degradation_per_year : float or array_like
        Fractional power loss per year d [yr^-1], in [0, 1) (SMAD: ~3.75 %/yr for Si,
        ~2.75 %/yr for GaAs in LEO).
    years : float or array_like
        Mission time t [yr], >= 0.

    Returns
    -------
    float or numpy.ndarray
        Lifetime degradation factor [-], in (0, 1].

    References
    ----------
    .. [1] Wertz & Larson (1999), eq. 11-6.
    """
    return as_output(np.exp(years * np.log1p(-degradation_per_year)))


@guarded(packing_factor=_FRACTION, inherent_degradation=_FRACTION, incidence=_INCIDENCE,
         temperature_coefficient=_TEMPERATURE_COEFFICIENT,
         reference_temperature=_REFERENCE_TEMPERATURE,
         cell_temperature=positive("K", optional=True))
def array_power_density(
    efficiency,
    *,
    packing_factor=0.90,
    inherent_degradation=1.0,
    incidence=0.0,
    degradation_per_year=0.0,
    years=0.0,
    cell_temperature=None,
    temperature_coefficient=0.0,
    reference_temperature=301.15,
    solar_flux=SOLAR_CONSTANT,
):
    """Electrical power of a solar array per m^2 of array, at any age (SMAD method).

    .. math:: P = \\eta\\,S\\cdot I_d\\cdot\\cos\\theta\\cdot(1-d)^{t}
              \\cdot[1 + c\\,(T - T_{ref})]\\cdot f_{pack}

    Parameters
    ----------
    efficiency : float or array_like
        Cell efficiency at ``reference_temperature``, AM0 [-], in (0, 1].
    packing_factor : float or array_like, optional, keyword-only
        Cell area per array area f_pack [-], in (0, 1].
    inherent_degradation : float or array_like, optional, keyword-only
        SMAD's I_d: design, assembly, shadowing and (if no cell temperature is given)
        temperature losses [-], in (0, 1]. SMAD nominal 0.77; set 1 with an explicit
        ``cell_temperature`` to avoid counting temperature twice.
    incidence : float or array_like, optional, keyword-only
        Angle between the Sun line and the array normal [deg], in [0, 90].
    degradation_per_year : float or array_like, optional, keyword-only
        Yearly fractional power loss d [yr^-1], in [0, 1).
    years : float or array_like, optional, keyword-only
        Age t [yr], >= 0 (0 = beginning of life).
    cell_temperature : float or array_like or None, optional, keyword-only
        Operating cell temperature T [K] (e.g. from :func:`array_temperature`);
        ``None`` = no temperature correction.
    temperature_coefficient : float or array_like, optional, keyword-only
        Relative power change per kelvin c [K^-1], in [-0.02, 0.02]; negative for real
        cells (Si ~ -0.0045, triple-junction GaAs ~ -0.0022).
    reference_temperature : float or array_like, optional, keyword-only
        Temperature at which ``efficiency`` is rated T_ref [K], > 0 (28 C = 301.15 K).
    solar_flux : float or array_like, optional, keyword-only
        Solar irradiance S [W m^-2], >= 0.

    Returns
    -------
    float or numpy.ndarray
        Array output [W per m^2 of array].

    Raises
    ------
    InputError
        If the temperature factor 1 + c (T − T_ref) is <= 0 (the linear model is far
        outside its range).

    References
    ----------
    .. [1] Wertz & Larson (1999), section 11.4, eqs. 11-6 to 11-8 and table 11-35.
    """
    cell = cell_power_density(efficiency, solar_flux)
    lifetime = lifetime_degradation(degradation_per_year, years)
    if cell_temperature is None:
        thermal = np.asarray(1.0)
    else:
        thermal = 1.0 + temperature_coefficient * (cell_temperature - reference_temperature)
        if np.any(thermal <= 0.0):
            raise InputError(
                "cell_temperature is so far from reference_temperature that the linear "
                f"temperature factor 1 + c (T - T_ref) = {np.min(thermal):.3g} <= 0; the "
                "linear temperature model does not apply there"
            )
    cosine = np.cos(np.radians(incidence))
    return as_output(cell * inherent_degradation * cosine * lifetime * thermal * packing_factor)


@guarded(absorptivity=_FRACTION, front_emissivity=_FRACTION, back_emissivity=_FRACTION,
         efficiency=fraction(allow_zero=True), packing_factor=_FRACTION, incidence=_INCIDENCE,
         solar_flux=_FLUX, electrical_factor=_FRACTION,
         temperature_coefficient=_TEMPERATURE_COEFFICIENT,
         reference_temperature=_REFERENCE_TEMPERATURE, front_absorbed=_FLUX,
         back_absorbed=_FLUX, sink_temperature=nonnegative("K"), stefan_boltzmann=_SIGMA)
def array_temperature(
    absorptivity,
    front_emissivity,
    back_emissivity,
    *,
    efficiency=0.0,
    packing_factor=0.90,
    incidence=0.0,
    solar_flux=SOLAR_CONSTANT,
    electrical_factor=1.0,
    temperature_coefficient=0.0,
    reference_temperature=301.15,
    front_absorbed=0.0,
    back_absorbed=0.0,
    sink_temperature=0.0,
    stefan_boltzmann=STEFAN_BOLTZMANN,
):
    """Operating temperature of a thin solar array from its own radiative equilibrium.

    The array is one isothermal sheet. It absorbs sunlight on its front face, plus any
    other environmental flux on each face (albedo on the front, Earth infrared on the
    back, computed with :func:`thermaldesign.environment.absorbed_flux`); the part it
    turns into electricity leaves on the harness and is dissipated elsewhere; the rest
    it radiates from both faces:

    .. math:: \\alpha S\\cos\\theta + q_f + q_b = (\\varepsilon_f + \\varepsilon_b)\\,
              \\sigma\\,(T^4 - T_{sink}^4) + P_{el}(T)

    .. math:: P_{el}(T) = \\eta\\,f_{pack}\\,S\\cos\\theta\\,k\\,[1 + c\\,(T - T_{ref})]

    solved for T by Newton's method from the no-electrical-output temperature (the
    residual is convex in T, so the iteration descends monotonically onto the physical,
    largest root). Not modelled: conduction to the spacecraft, thermal gradient through
    the substrate, and the lower absorptivity of cells between their bandgap and the
    cover-glass cutoff beyond the α given.

    Parameters
    ----------
    absorptivity : float or array_like
        Solar absorptivity of the front (cell) face [-], in (0, 1].
    front_emissivity, back_emissivity : float or array_like
        Infrared emissivity of the cell face and of the substrate back [-], in (0, 1].
    efficiency : float or array_like, optional, keyword-only
        Cell efficiency at the reference temperature [-], in [0, 1]; 0 = no
        electrical output (open circuit).
    packing_factor : float or array_like, optional, keyword-only
        Cell area per array area [-], in (0, 1].
    incidence : float or array_like, optional, keyword-only
        Sun incidence angle from the array normal [deg], in [0, 90].
    solar_flux : float or array_like, optional, keyword-only
        Solar irradiance [W m^-2], >= 0.
    electrical_factor : float or array_like, optional, keyword-only
        Other losses on the electrical output k (inherent and lifetime degradation)
        [-], in (0, 1]; lost output turns into heat in the array.
    temperature_coefficient : float or array_like, optional, keyword-only
        Relative power change per kelvin c [K^-1], in [-0.02, 0.02].
    reference_temperature : float or array_like, optional, keyword-only
        Rating temperature of ``efficiency`` [K], > 0.
    front_absorbed, back_absorbed : float or array_like, optional, keyword-only
        Other absorbed environmental flux on each face [W m^-2], >= 0.
    sink_temperature : float or array_like, optional, keyword-only
        Black sink seen by both faces [K], >= 0.
    stefan_boltzmann : float, optional, keyword-only
        Stefan-Boltzmann constant [W m^-2 K^-4], in [5.5e-8, 5.85e-8] (a source's own
        rounding).

    Returns
    -------
    float or numpy.ndarray
        Array temperature [K].

    Raises
    ------
    InputError
        If the electrical output would exceed the absorbed power (no equilibrium).

    References
    ----------
    .. [1] Gilmore (2002), ch. 2 (solar-array temperatures); Patel (2005), ch. 4.
    """
    alpha, packing, sink = absorptivity, packing_factor, sink_temperature
    direct = solar_flux * np.cos(np.radians(incidence))
    absorbed = alpha * direct + front_absorbed + back_absorbed
    radiating = (front_emissivity + back_emissivity) * stefan_boltzmann
    if np.any(efficiency * packing > alpha):
        raise InputError(
            "efficiency x packing_factor exceeds absorptivity: the cells would convert "
            "more sunlight than the array absorbs"
        )
    electrical = efficiency * packing * direct * electrical_factor  # at the reference T
    balance = functools.partial(
        _array_heat_balance, radiating=radiating, sink=sink, electrical=electrical,
        coefficient=temperature_coefficient, reference=reference_temperature,
        absorbed=absorbed,
    )
    open_circuit = (absorbed / radiating + sink**4) ** 0.25  # upper bound on the root
    dark = open_circuit == 0.0  # dark array facing a 0 K sink: exactly 0 K
    # Newton from 1 K where dark keeps the iteration finite; those entries are replaced.
    temperature, converged = _newton_descent(balance, np.where(dark, 1.0, open_circuit))
    thermal = 1.0 + temperature_coefficient * (temperature - reference_temperature)
    if not np.all(dark | (converged & (temperature > 0.0) & (thermal > 0.0))):
        raise InputError(
            "no array temperature balances absorbed sunlight and electrical output: the "
            "linear temperature_coefficient model makes the electrical output exceed the "
            "absorbed power; check efficiency, temperature_coefficient and the loads"
        )
    return as_output(np.where(dark, 0.0, temperature))


def _array_heat_balance(temperature, *, radiating, sink, electrical, coefficient, reference,
                        absorbed):
    """Heat-balance residual of :func:`array_temperature` [W m^-2] and its slope in T
    [W m^-2 K^-1]: radiating (T^4 - Ts^4) + electrical [1 + c (T - Tref)] - absorbed."""
    residual = (
        radiating * (temperature**4 - sink**4)
        + electrical * (1.0 + coefficient * (temperature - reference))
        - absorbed
    )
    slope = 4.0 * radiating * temperature**3 + electrical * coefficient
    return residual, slope


def _newton_descent(residual_and_slope, start, *, max_iter=50, rtol=1e-12):
    """Vectorised Newton iteration from ``start`` on a residual increasing in x.

    Returns ``(root, converged)``: ``converged`` is True, element by element, where the
    last step was within ``rtol`` of the root and the slope was positive (a residual
    that is convex and increasing there, so Newton descends onto the root). Stops early
    once every element has converged or any slope is <= 0 (no root to descend onto).
    """
    x = np.asarray(start, dtype=float)
    converged = np.zeros(x.shape, dtype=bool)
    for _ in range(max_iter):
        residual, slope = residual_and_slope(x)
        if np.any(slope <= 0.0):
            return x, np.zeros(x.shape, dtype=bool)
        step = residual / slope
        x = x - step
        converged = np.abs(step) <= rtol * x
        if np.all(converged):
            break
    return x, converged


# ------------------------------------------------------------- array sizing (SMAD)


@guarded(daylight_load=nonnegative("W"), eclipse_load=nonnegative("W"),
         daylight_duration=positive("s"), eclipse_duration=nonnegative("s"),
         daylight_efficiency=_FRACTION, eclipse_efficiency=_FRACTION)
def array_power_required(
    daylight_load,
    eclipse_load,
    daylight_duration,
    eclipse_duration,
    daylight_efficiency=0.8,
    eclipse_efficiency=0.6,
):
    """Solar array output needed in daylight to run the loads through a whole orbit.

    .. math:: P_{sa} = \\frac{P_e T_e / X_e + P_d T_d / X_d}{T_d}

    X_d and X_e are the power-conditioning path efficiencies from array to loads in
    daylight and from array through the battery to loads in eclipse (see
    :func:`path_efficiencies`).

    Parameters
    ----------
    daylight_load, eclipse_load : float or array_like
        Load power in daylight P_d and in eclipse P_e [W], >= 0.
    daylight_duration : float or array_like
        Sunlit time per orbit T_d [s], > 0.
    eclipse_duration : float or array_like
        Eclipse time per orbit T_e [s], >= 0.
    daylight_efficiency, eclipse_efficiency : float or array_like, optional
        Path efficiencies X_d, X_e [-], in (0, 1] (SMAD: peak-power tracking 0.80 / 0.60,
        direct energy transfer 0.85 / 0.65).

    Returns
    -------
    float or numpy.ndarray
        Required array output during daylight P_sa [W].

    References
    ----------
    .. [1] Wertz & Larson (1999), eq. 11-5.
    """
    x_day, x_eclipse = daylight_efficiency, eclipse_efficiency
    energy = eclipse_load * eclipse_duration / x_eclipse + daylight_load * daylight_duration / x_day
    return as_output(energy / daylight_duration)


@guarded(required_power=nonnegative("W"), power_density=positive("W/m^2"))
def array_area_for_power(required_power, power_density):
    """Array area that delivers ``required_power`` at ``power_density``.

    .. math:: A = P_{sa} / P_{EOL}

    Parameters
    ----------
    required_power : float or array_like
        Array output needed [W], >= 0 (from :func:`array_power_required`).
    power_density : float or array_like
        Array output per m^2 at the design point, usually end of life [W m^-2], > 0
        (from :func:`array_power_density`).

    Returns
    -------
    float or numpy.ndarray
        Array area [m^2].

    References
    ----------
    .. [1] Wertz & Larson (1999), section 11.4, step 6 (eq. 11-9).
    """
    return as_output(required_power / power_density)


@guarded(area=nonnegative("m^2"), areal_density=positive("kg/m^2"))
def array_mass(area, areal_density):
    """Solar array mass from its area.

    .. math:: m = A\\,\\rho_A

    Parameters
    ----------
    area : float or array_like
        Array area [m^2], >= 0.
    areal_density : float or array_like
        Array mass per m^2 incl. substrate, harness and deployment share [kg m^-2], > 0.

    Returns
    -------
    float or numpy.ndarray
        Array mass [kg].

    References
    ----------
    .. [1] Wertz & Larson (1999), section 11.4, step 7 (array mass from specific
       performance).
    """
    return as_output(area * areal_density)


# ----------------------------------------------------------- power conditioning


class PathEfficiencies(NamedTuple):
    """Power-conditioning path efficiencies of SMAD eq. 11-5."""

    daylight: float
    """Array -> loads in sunlight, X_d [-]."""
    eclipse: float
    """Array -> battery -> loads in eclipse, X_e [-]."""


# SMAD 3rd ed., section 11.4 (text under eq. 11-5).
_PATH_EFFICIENCIES = {
    "peak-power-tracking": PathEfficiencies(daylight=0.80, eclipse=0.60),
    "direct-energy-transfer": PathEfficiencies(daylight=0.85, eclipse=0.65),
}


def path_efficiencies(regulation="peak-power-tracking"):
    """Typical power-conditioning path efficiencies for a regulation scheme.

    Parameters
    ----------
    regulation : {"peak-power-tracking", "direct-energy-transfer"}
        How the array is regulated.

    Returns
    -------
    PathEfficiencies
        ``(daylight, eclipse)`` path efficiencies X_d, X_e [-].

    References
    ----------
    .. [1] Wertz & Larson (1999), section 11.4 (after eq. 11-5): peak-power tracking
       X_e = 0.60, X_d = 0.80; direct energy transfer X_e = 0.65, X_d = 0.85.
    """
    return _PATH_EFFICIENCIES[check_choice(regulation, "regulation", list(_PATH_EFFICIENCIES))]


@guarded(delivered_power=nonnegative("W"), efficiency=_FRACTION)
def conditioning_heat(delivered_power, efficiency):
    """Heat dissipated by power conditioning that delivers ``delivered_power``.

    Every watt lost in converters, regulators and harness becomes heat that the
    thermal system must reject:

    .. math:: Q = P_{out}\\,(1/\\eta - 1)

    Parameters
    ----------
    delivered_power : float or array_like
        Power delivered to the loads [W], >= 0.
    efficiency : float or array_like
        Conversion efficiency of the conditioning chain [-], in (0, 1].

    Returns
    -------
    float or numpy.ndarray
        Dissipated heat [W].

    References
    ----------
    .. [1] Patel (2005), ch. 7 (power electronics losses).
    """
    return as_output(delivered_power * (1.0 / efficiency - 1.0))


# ------------------------------------------------------------------------ batteries


@guarded(load=nonnegative("W"), eclipse_duration=nonnegative("s"),
         discharge_efficiency=_FRACTION)
def eclipse_energy(load, eclipse_duration, *, discharge_efficiency=0.9):
    """Energy the battery must deliver per orbit to carry a load through eclipse.

    .. math:: E = P\\,T_e / \\eta_{dis}

    Parameters
    ----------
    load : float or array_like
        Eclipse load P [W], >= 0.
    eclipse_duration : float or array_like
        Eclipse time T_e [s], >= 0.
    discharge_efficiency : float or array_like, optional, keyword-only
        Battery-to-load efficiency η_dis [-], in (0, 1].

    Returns
    -------
    float or numpy.ndarray
        Energy drawn from the battery per eclipse [J].

    References
    ----------
    .. [1] Wertz & Larson (1999), eq. 11-11 (battery capacity, numerator).
    """
    return as_output(load * eclipse_duration / discharge_efficiency)


@guarded(depth_of_discharge=_FRACTION)
def battery_capacity(load, eclipse_duration, *, discharge_efficiency=0.9, depth_of_discharge=0.3):
    """Installed battery energy that rides through an eclipse at a depth of discharge.

    .. math:: C = \\frac{P\\,T_e}{\\eta_{dis}\\,\\mathrm{DoD}}

    Parameters
    ----------
    load : float or array_like
        Eclipse load P [W], >= 0.
    eclipse_duration : float or array_like
        Eclipse time T_e [s], >= 0.
    discharge_efficiency : float or array_like, optional, keyword-only
        Battery-to-load efficiency η_dis [-], in (0, 1].
    depth_of_discharge : float or array_like, optional, keyword-only
        Allowed depth of discharge per cycle [-], in (0, 1] (~0.2-0.4 for Li-ion with
        ~5,500 LEO cycles a year).

    Returns
    -------
    float or numpy.ndarray
        Installed (nameplate) battery energy [J].

    References
    ----------
    .. [1] Wertz & Larson (1999), eq. 11-11.
    """
    delivered = np.asarray(
        eclipse_energy(load, eclipse_duration, discharge_efficiency=discharge_efficiency)
    )
    return as_output(delivered / depth_of_discharge)


@guarded(installed_energy=nonnegative("J"), specific_energy=positive("J/kg"))
def battery_mass(installed_energy, specific_energy):
    """Battery mass for an installed energy.

    .. math:: m = C / e

    Parameters
    ----------
    installed_energy : float or array_like
        Installed battery energy C [J], >= 0.
    specific_energy : float or array_like
        Pack-level specific energy e [J kg^-1], > 0 (150 Wh/kg = 540,000 J/kg).

    Returns
    -------
    float or numpy.ndarray
        Battery mass [kg].

    References
    ----------
    .. [1] Wertz & Larson (1999), section 11.4 (battery mass from specific energy).
    """
    return as_output(installed_energy / specific_energy)
