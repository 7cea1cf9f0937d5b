"""Radiator panels: Stefan-Boltzmann emission, sizing inverses, fins and coating ageing.

Every flux here is per m^2 of panel *planform*: a two-sided panel of 1 m^2 emits from
2 m^2 of surface. Absorbed environmental flux (sunlight, albedo, Earth infrared; see
:mod:`thermaldesign.environment`) enters as ``absorbed_flux``, the total absorbed by all
faces of 1 m^2 of panel, already weighted by the right absorptivity (solar alpha) or
emissivity (Earth IR, Kirchhoff).

The model is the grey, diffuse, isothermal panel of Gilmore (2002) ch. 6: no
conduction gradient across the panel (use :func:`fin_efficiency` / :func:`fin_panel` for
that), no self-view between faces or with other spacecraft surfaces, and a black sink at
``sink_temperature`` seen by the whole hemisphere of each face.

Errors: every public function raises :class:`~thermaldesign.errors.InputError` naming the
parameter for a value of the wrong type, not finite or out of range, for array arguments
whose shapes do not broadcast, and for values each valid on its own whose result would
leave the float range (e.g. a temperature of 1e300 K); see :mod:`thermaldesign._guard`.

References
----------
.. [1] D. G. Gilmore (ed.), *Spacecraft Thermal Control Handbook*, Vol. I, 2nd ed.,
   The Aerospace Press, 2002, ch. 6 (radiators) and ch. 5 (coatings, degradation).
.. [2] F. P. Incropera, D. P. DeWitt et al., *Fundamentals of Heat and Mass Transfer*,
   7th ed., Wiley, 2011, ch. 12 (radiation) and 3.6 (extended surfaces).
.. [3] R. D. Karam, *Satellite Thermal Control for Systems Engineers*, AIAA Progress in
   Astronautics and Aeronautics vol. 181, 1998, ch. 6 (radiating fins).
"""

from __future__ import annotations

import functools
import math
from dataclasses import asdict, dataclass
from typing import NamedTuple

import numpy as np
import scipy  # submodules load on first use (scipy's lazy loader): fast start-up

from ._guard import guarded
from ._validation import (
    Range,
    as_output,
    check_array,
    fourth_power_sum_root,
    fraction,
    nonnegative,
    one_of,
    positive,
    power_product,
)
from .constants import STEFAN_BOLTZMANN
from .errors import InputError

__all__ = [
    "CoatingState",
    "FinPanel",
    "area_for_heat",
    "coating_at_age",
    "coating_properties",
    "emitted_flux",
    "equilibrium_temperature",
    "fin_efficiency",
    "fin_panel",
    "fin_parameter",
    "linearized_fin_efficiency",
    "net_flux",
    "panel_equilibrium_temperature",
    "panel_net_flux",
]


# --------------------------------------------------------------------------- checks

_TEMPERATURE = positive("K")
_SINK = nonnegative("K")
_OPTIONAL_SINK = nonnegative("K", optional=True)
_EMISSIVITY = fraction()
_FLUX = nonnegative("W/m^2")


def _sides(value, name="sides"):
    sides = check_array(value, name, low=1.0, high=2.0)
    if not np.all((sides == 1.0) | (sides == 2.0)):
        bad = sides[(sides != 1.0) & (sides != 2.0)].flat[0]
        raise InputError(f"sides = {bad:g} must be 1 (one radiating face) or 2 (both faces)")
    return sides


# A source's own rounding of the Stefan-Boltzmann constant (5.67e-8, 5.669e-8, ...) is
# within 3 % of CODATA; anything further is a unit mistake, not a constant.
SIGMA_RANGE = (5.5e-8, 5.85e-8)
_SIGMA = Range(*SIGMA_RANGE, unit="W m^-2 K^-4", scalar=True)

# One isothermal panel: temperature, emissivity, faces, sink and constant.
_PANEL = dict(temperature=_TEMPERATURE, emissivity=_EMISSIVITY, sides=_sides,
              sink_temperature=_SINK, stefan_boltzmann=_SIGMA)


# ------------------------------------------------------------------ flat isothermal panel


@guarded(**_PANEL)
def emitted_flux(
    temperature,
    emissivity,
    sides=1,
    sink_temperature=0.0,
    *,
    stefan_boltzmann=STEFAN_BOLTZMANN,
):
    """Net radiation from a panel to a black sink, per m^2 of panel planform.

    .. math:: q_{emit} = n\\,\\varepsilon\\,\\sigma\\,(T^4 - T_{sink}^4)

    Parameters
    ----------
    temperature : float or array_like
        Panel temperature, uniform over the panel [K]. Must be > 0.
    emissivity : float or array_like
        Hemispherical infrared emissivity of each radiating face [-], in (0, 1].
    sides : {1, 2} or array_like
        Number of radiating faces [-].
    sink_temperature : float or array_like, optional
        Temperature of the black sink every face sees [K], >= 0; 0 K is deep space
        (the 2.7 K background changes the flux by ~1e-7 relative at 300 K).
    stefan_boltzmann : float, optional, keyword-only
        Stefan-Boltzmann constant [W m^-2 K^-4], in [5.5e-8, 5.85e-8]; pass a source's own
        rounded value (e.g. 5.67e-8) to reproduce it.

    Returns
    -------
    float or numpy.ndarray
        Emitted minus sink-absorbed flux [W m^-2 of panel]; negative if the sink is
        hotter than the panel.

    References
    ----------
    .. [1] Gilmore (2002), eq. 6.1; Incropera et al. (2011), eq. 12.69.
    """
    return as_output(
        sides * emissivity * stefan_boltzmann * (temperature**4 - sink_temperature**4)
    )


@guarded(absorbed_flux=_FLUX)
def net_flux(
    temperature,
    emissivity,
    sides=1,
    sink_temperature=0.0,
    absorbed_flux=0.0,
    *,
    stefan_boltzmann=STEFAN_BOLTZMANN,
):
    """Heat a panel rejects per m^2 of planform: emission minus absorbed environment.

    .. math:: q_{net} = n\\,\\varepsilon\\,\\sigma\\,(T^4 - T_{sink}^4) - q_{abs}

    Parameters
    ----------
    temperature : float or array_like
        Panel temperature [K], > 0.
    emissivity : float or array_like
        Infrared emissivity of each radiating face [-], in (0, 1].
    sides : {1, 2} or array_like
        Number of radiating faces [-].
    sink_temperature : float or array_like, optional
        Black sink temperature [K], >= 0.
    absorbed_flux : float or array_like, optional
        Environmental flux absorbed by all faces together [W m^-2 of panel], >= 0.
        Build it with :func:`thermaldesign.environment.absorbed_flux` per face and add
        the faces.
    stefan_boltzmann : float, optional, keyword-only
        Stefan-Boltzmann constant [W m^-2 K^-4], in [5.5e-8, 5.85e-8].

    Returns
    -------
    float or numpy.ndarray
        Net rejected heat flux [W m^-2 of panel]; <= 0 means the panel cannot reject
        heat at this temperature.

    References
    ----------
    .. [1] Gilmore (2002), ch. 6, radiator sizing equation.
    """
    emitted = emitted_flux(
        temperature, emissivity, sides, sink_temperature, stefan_boltzmann=stefan_boltzmann
    )
    return as_output(np.asarray(emitted) - absorbed_flux)


@guarded(absorbed_flux=_FLUX, emissivity=_EMISSIVITY, sides=_sides, sink_temperature=_SINK,
         stefan_boltzmann=_SIGMA)
def equilibrium_temperature(
    absorbed_flux,
    emissivity,
    sides=1,
    sink_temperature=0.0,
    *,
    stefan_boltzmann=STEFAN_BOLTZMANN,
):
    """Temperature at which a panel emits exactly what it absorbs and dissipates.

    .. math:: T = \\left(\\frac{q_{abs}}{n\\,\\varepsilon\\,\\sigma} + T_{sink}^4\\right)^{1/4}

    Parameters
    ----------
    absorbed_flux : float or array_like
        Environmental flux absorbed by all faces plus internal dissipation, both per m^2
        of panel [W m^-2], >= 0.
    emissivity : float or array_like
        Infrared emissivity of each radiating face [-], in (0, 1].
    sides : {1, 2} or array_like
        Number of radiating faces [-].
    sink_temperature : float or array_like, optional
        Black sink temperature [K], >= 0.
    stefan_boltzmann : float, optional, keyword-only
        Stefan-Boltzmann constant [W m^-2 K^-4], in [5.5e-8, 5.85e-8].

    Returns
    -------
    float or numpy.ndarray
        Equilibrium panel temperature [K] (equals the sink temperature when nothing is
        absorbed; 0 K only for a 0 K sink and no load).

    References
    ----------
    .. [1] Gilmore (2002), ch. 2, equilibrium temperature of an isothermal surface.
    """
    radiative = power_product(
        (absorbed_flux, 0.25), (sides, -0.25), (emissivity, -0.25), (stefan_boltzmann, -0.25)
    )
    return as_output(fourth_power_sum_root(radiative, sink_temperature))


@guarded(heat=nonnegative("W"), absorbed_flux=_FLUX, temperature=_TEMPERATURE)
def area_for_heat(
    heat,
    temperature,
    emissivity,
    sides=1,
    sink_temperature=0.0,
    absorbed_flux=0.0,
    *,
    stefan_boltzmann=STEFAN_BOLTZMANN,
):
    """Panel planform area that rejects ``heat`` at ``temperature``.

    .. math:: A = \\frac{Q}{n\\,\\varepsilon\\,\\sigma\\,(T^4 - T_{sink}^4) - q_{abs}}

    Parameters
    ----------
    heat : float or array_like
        Heat to reject [W], >= 0.
    temperature : float or array_like
        Panel temperature [K], > 0.
    emissivity : float or array_like
        Infrared emissivity of each radiating face [-], in (0, 1].
    sides : {1, 2} or array_like
        Number of radiating faces [-].
    sink_temperature : float or array_like, optional
        Black sink temperature [K], >= 0.
    absorbed_flux : float or array_like, optional
        Environmental flux absorbed by all faces [W m^-2 of panel], >= 0.
    stefan_boltzmann : float, optional, keyword-only
        Stefan-Boltzmann constant [W m^-2 K^-4], in [5.5e-8, 5.85e-8].

    Returns
    -------
    float or numpy.ndarray
        Panel planform area [m^2].

    Raises
    ------
    InputError
        If the net flux is <= 0 anywhere: the panel absorbs at least what it emits, and
        no area is large enough. The message gives the equilibrium temperature the panel
        must exceed.

    References
    ----------
    .. [1] Gilmore (2002), ch. 6, radiator sizing equation.
    """
    panel = dict(emissivity=emissivity, sides=sides, sink_temperature=sink_temperature,
                 stefan_boltzmann=stefan_boltzmann)
    flux = np.asarray(net_flux(temperature, absorbed_flux=absorbed_flux, **panel))
    if np.any(flux <= 0.0):
        limit = np.asarray(equilibrium_temperature(absorbed_flux, **panel))
        temperature_b, limit_b, absorbed_b, flux_b = np.broadcast_arrays(
            temperature, limit, absorbed_flux, flux
        )
        index = np.flatnonzero(flux_b <= 0.0)[0]
        raise InputError(
            f"radiator at {temperature_b.flat[index]:.6g} K absorbs at least what it emits "
            f"(absorbed_flux = {absorbed_b.flat[index]:.6g} W/m^2, net flux "
            f"{flux_b.flat[index]:.6g} W/m^2 <= 0): raise the temperature above "
            f"{limit_b.flat[index]:.6g} K or lower the absorbed flux"
        )
    return as_output(heat / flux)


# --------------------------------------------------------- two-sided, dissimilar faces

_TWO_FACES = dict(front_emissivity=_EMISSIVITY, back_emissivity=_EMISSIVITY,
                  front_absorbed=_FLUX, back_absorbed=_FLUX)


@guarded(temperature=_TEMPERATURE, **_TWO_FACES, sink_temperature=_SINK,
         back_sink_temperature=_OPTIONAL_SINK, stefan_boltzmann=_SIGMA)
def panel_net_flux(
    temperature,
    front_emissivity,
    back_emissivity,
    *,
    front_absorbed=0.0,
    back_absorbed=0.0,
    sink_temperature=0.0,
    back_sink_temperature=None,
    stefan_boltzmann=STEFAN_BOLTZMANN,
):
    """Net heat rejected by an isothermal two-sided panel whose faces differ.

    Each face has its own emissivity, absorbed environmental flux (from its own view
    factors and coating) and, optionally, its own sink:

    .. math:: q_{net} = \\varepsilon_f\\sigma(T^4 - T_{sink,f}^4)
              + \\varepsilon_b\\sigma(T^4 - T_{sink,b}^4) - q_{abs,f} - q_{abs,b}

    Parameters
    ----------
    temperature : float or array_like
        Panel temperature, the same on both faces (thin conductive panel) [K], > 0.
    front_emissivity, back_emissivity : float or array_like
        Infrared emissivity of each face [-], in (0, 1].
    front_absorbed, back_absorbed : float or array_like, optional, keyword-only
        Environmental flux absorbed by each face [W m^-2 of panel], >= 0 (solar and
        albedo weighted by that face's absorptivity, Earth IR by its emissivity).
    sink_temperature : float or array_like, optional, keyword-only
        Black sink temperature seen by the front face [K], >= 0.
    back_sink_temperature : float or array_like or None, optional, keyword-only
        Black sink seen by the back face [K]; ``None`` means the same as the front.
    stefan_boltzmann : float, optional, keyword-only
        Stefan-Boltzmann constant [W m^-2 K^-4], in [5.5e-8, 5.85e-8].

    Returns
    -------
    float or numpy.ndarray
        Net rejected flux [W m^-2 of panel planform].

    References
    ----------
    .. [1] Gilmore (2002), ch. 6, two-sided (double-sided) radiators.
    """
    front_sink = sink_temperature
    back_sink = front_sink if back_sink_temperature is None else back_sink_temperature
    emitted = stefan_boltzmann * (
        front_emissivity * (temperature**4 - front_sink**4)
        + back_emissivity * (temperature**4 - back_sink**4)
    )
    return as_output(emitted - front_absorbed - back_absorbed)


@guarded(**_TWO_FACES, dissipation=_FLUX,
         sink_temperature=_SINK, back_sink_temperature=_OPTIONAL_SINK, stefan_boltzmann=_SIGMA)
def panel_equilibrium_temperature(
    front_emissivity,
    back_emissivity,
    *,
    front_absorbed=0.0,
    back_absorbed=0.0,
    dissipation=0.0,
    sink_temperature=0.0,
    back_sink_temperature=None,
    stefan_boltzmann=STEFAN_BOLTZMANN,
):
    """Equilibrium temperature of an isothermal two-sided panel with dissimilar faces.

    Solves :func:`panel_net_flux` = ``dissipation`` in closed form:

    .. math:: T = \\left(\\frac{q_{abs,f} + q_{abs,b} + q_{diss}}{(\\varepsilon_f +
              \\varepsilon_b)\\sigma} + \\frac{\\varepsilon_f T_{sink,f}^4 +
              \\varepsilon_b T_{sink,b}^4}{\\varepsilon_f + \\varepsilon_b}\\right)^{1/4}

    Parameters
    ----------
    front_emissivity, back_emissivity : float or array_like
        Infrared emissivity of each face [-], in (0, 1].
    front_absorbed, back_absorbed : float or array_like, optional, keyword-only
        Environmental flux absorbed by each face [W m^-2 of panel], >= 0.
    dissipation : float or array_like, optional, keyword-only
        Internal heat conducted into the panel [W m^-2 of panel], >= 0.
    sink_temperature, back_sink_temperature : float or array_like, optional
        Black sink temperatures of the front and back faces [K]; back ``None`` = front.
    stefan_boltzmann : float, optional, keyword-only
        Stefan-Boltzmann constant [W m^-2 K^-4], in [5.5e-8, 5.85e-8].

    Returns
    -------
    float or numpy.ndarray
        Panel temperature [K].

    References
    ----------
    .. [1] Gilmore (2002), ch. 2 and 6.
    """
    load = front_absorbed + back_absorbed + dissipation
    front_sink = sink_temperature
    back_sink = front_sink if back_sink_temperature is None else back_sink_temperature
    total = front_emissivity + back_emissivity
    radiative = power_product((load, 0.25), (total, -0.25), (stefan_boltzmann, -0.25))
    return as_output(fourth_power_sum_root(
        radiative, (front_emissivity / total, front_sink), (back_emissivity / total, back_sink)
    ))


# ------------------------------------------------------------------- radiating fins

# The exact fin (see fin_efficiency) reduces to an incomplete beta function of the tip
# temperature; these are its fixed parameters.
_BETA = math.gamma(0.3) * math.gamma(0.5) / math.gamma(0.8)  # B(3/10, 1/2)
_LOG_BETA_OVER_5 = float(np.log(_BETA / 5.0))


def _log_length_function(log_log_tip):
    """log of I(θ_tip) = ∫_θtip^1 dθ / sqrt(θ^5 − θtip^5) and its derivative in w.

    The unknown is w = log(−log θ_tip), which maps θ_tip ∈ (0, 1) onto the real line and
    makes log I nearly linear in w at both ends (slope 1/2 for thin fins, 1.5·e^w for
    long ones), so Newton's method converges in a few steps over 30 decades of N.
    With u = θ/θ_tip and v = u^-5 the integral becomes
    I = θ_tip^(-3/2) · B(3/10, 1/2)/5 · I_p(1/2, 3/10), p = 1 − θ_tip^5, where I_p is the
    regularised incomplete beta function.
    """
    log_tip = -np.exp(log_log_tip)
    tip5 = np.exp(5.0 * log_tip)  # θ_tip^5
    tip5_03 = np.exp(1.5 * log_tip)  # (θ_tip^5)^0.3
    p = -np.expm1(5.0 * log_tip)  # 1 − θ_tip^5 without cancellation
    # I_p(1/2, 3/10) directly for small p, as 1 − I_q(3/10, 1/2) near p = 1 (accuracy).
    # Each branch only where it is used: betainc dominates the batched fin optimum's cost.
    small = np.asarray(p < 0.5)
    incomplete = np.empty(small.shape)
    incomplete[small] = scipy.special.betainc(0.5, 0.3, np.asarray(p)[small])
    incomplete[~small] = -scipy.special.betainc(0.3, 0.5, np.asarray(tip5)[~small]) + 1.0
    value = -1.5 * log_tip + _LOG_BETA_OVER_5 + np.log(incomplete)
    # d/d(log θtip) of log I_p: −5 θtip^5 · p^(-1/2) θtip^(-7/2) / (B · I_p)
    slope_log_tip = -1.5 - 5.0 * tip5_03 / (_BETA * np.sqrt(p) * incomplete)
    return value, slope_log_tip * log_tip, p


def _solve_log_log_tip(target: np.ndarray, w: np.ndarray, *, per_row: bool = True
                       ) -> np.ndarray:
    """Newton iteration on log I(w) = target from the starting point w.

    ``per_row``: each element stops on its own test, so its result does not depend on
    the other elements of the array (a batch of panels equals each panel alone, bit for
    bit); ``False`` stops all together (the start table, built once).
    """
    shape = np.shape(w)
    w = np.array(w, dtype=float).ravel()
    target = np.broadcast_to(np.asarray(target, dtype=float), shape).ravel()
    rows = np.arange(w.size)
    for _ in range(60):
        value, slope, _p = _log_length_function(w[rows])
        step = np.clip((value - target[rows]) / slope, -2.0, 2.0)
        w[rows] = w[rows] - step
        # Quadratic convergence: once the step is 1e-8 the new error is ~1e-16.
        done = np.abs(step) <= 1e-8 * np.maximum(1.0, np.abs(w[rows]))
        if done.all():
            break
        if per_row:
            rows = rows[~done]
    return w.reshape(shape)


def _asymptotic_log_log_tip(n: np.ndarray, target: np.ndarray) -> np.ndarray:
    long_fin = (target - _LOG_BETA_OVER_5) / 1.5  # −log θtip as N → ∞
    thin_fin = 0.5 * n  # −log θtip ≈ N/2 as N → 0, where θ'' ≈ N gives θtip ≈ 1 − N/2
    return np.log(np.where(long_fin > 0.0, np.minimum(thin_fin, np.abs(long_fin)), thin_fin))


@functools.cache
def _newton_starts() -> tuple[np.ndarray, np.ndarray]:
    """(log N, w) starting points for Newton on 1e-12 <= N <= 1e12 (2 iterations instead
    of ~6 from the asymptotes); outside that range the asymptotes themselves are accurate
    starts. Built on first use, not at import (it needs scipy.special: start-up time)."""
    log_n = np.linspace(np.log(1e-12), np.log(1e12), 2401)
    target = 0.5 * np.log(0.4) + 0.5 * log_n
    return log_n, _solve_log_log_tip(target, _asymptotic_log_log_tip(np.exp(log_n), target),
                                     per_row=False)


def _exact_fin_efficiency(fin_parameter: np.ndarray) -> np.ndarray:
    # Below 1e-12 the series η = 1 − 4N/3 + O(N²) is exact to double precision.
    positive = fin_parameter > 1e-12
    n = np.where(positive, fin_parameter, 1.0)
    # Shooting condition from the first integral θ'^2 = (2N/5)(θ^5 − θtip^5):
    # I(θtip) = sqrt(2N/5). Solve log I(w) = ½ log(2N/5) for w by safeguarded Newton.
    log_n = np.log(n)
    target = 0.5 * np.log(0.4) + 0.5 * log_n
    table_log_n, table_w = _newton_starts()
    guess = np.where(
        log_n <= table_log_n[-1],
        np.interp(log_n, table_log_n, table_w),
        _asymptotic_log_log_tip(n, target),
    )
    w = _solve_log_log_tip(target, guess)
    p = -np.expm1(-5.0 * np.exp(w))  # 1 − θtip^5
    # η = −θ'(0)/N = sqrt((2N/5)(1 − θtip^5))/N
    efficiency = np.sqrt(0.4 * p) / np.sqrt(n)
    return np.where(positive, efficiency, 1.0 - 4.0 / 3.0 * np.minimum(fin_parameter, 1e-12))


@guarded(fin_parameter=nonnegative())
def fin_efficiency(fin_parameter):
    """Exact efficiency of a radiating fin with an adiabatic tip and a 0 K sink.

    A straight fin of constant thickness t, length L (base to tip), conductivity k,
    radiating from ``sides`` faces of emissivity ε, base at T_b. In θ = T/T_b and
    x = distance/L the temperature obeys

    .. math:: \\theta'' = N\\,\\theta^4,\\quad \\theta(0) = 1,\\quad \\theta'(1) = 0,\\qquad
              N = \\frac{n\\,\\varepsilon\\,\\sigma\\,T_b^3\\,L^2}{k\\,t}

    and the efficiency (heat rejected over that of an isothermal fin at T_b) is
    η = −θ'(0)/N. The first integral θ'^2 = (2N/5)(θ^5 − θ_tip^5) gives
    η = sqrt(2(1 − θ_tip^5)/(5N)), with the tip temperature fixed by

    .. math:: \\int_{\\theta_{tip}}^{1}\\frac{d\\theta}{\\sqrt{\\theta^5 - \\theta_{tip}^5}}
              = \\theta_{tip}^{-3/2}\\,\\frac{B(3/10, 1/2)}{5}\\,I_{1-\\theta_{tip}^5}
              (1/2, 3/10) = \\sqrt{2N/5}

    (I the regularised incomplete beta function), solved by vectorised Newton iteration
    to ~1e-13. No linearisation: the common tanh(mL)/mL form with m^2 = 4N/L^2 is 2.3 %
    low at N = 0.25. Not modelled: environmental heat absorbed by the fin, a non-zero
    sink temperature, radiation exchange between fin and tube, and the curvature of the
    tube wall; for LEO radiators above ~250 K with a few tens of W/m^2 absorbed these
    shift η by about the ratio of absorbed to emitted flux.

    Parameters
    ----------
    fin_parameter : float or array_like
        Radiation-conduction number N = n·ε·σ·T_b^3·L^2/(k·t) [-], >= 0 (see
        :func:`fin_parameter`).

    Returns
    -------
    float or numpy.ndarray
        Fin efficiency [-] in (0, 1]; 1 at N = 0, → sqrt(2/(5N)) for large N.

    References
    ----------
    .. [1] Karam (1998), ch. 6, radiating fins; Gilmore (2002), ch. 6.
    .. [2] J. G. Bartas and W. H. Sellers, "Radiation fin effectiveness", J. Heat
       Transfer 82(1), 73-75 (1960), doi:10.1115/1.3679883.
    """
    # θ_tip^5 of very long fins and 4N/3 of subnormal N underflow to 0: harmless, and the
    # guard ignores underflow.
    return as_output(_exact_fin_efficiency(fin_parameter))


@guarded(fin_parameter=nonnegative())
def linearized_fin_efficiency(fin_parameter):
    """Linearised radiating-fin efficiency tanh(mL)/(mL), mL = 2 sqrt(N). For comparison.

    Linearises the emission about the base temperature, h_rad = 4εσT_b^3, which treats
    the fin as a convective fin. It underestimates the exact :func:`fin_efficiency`
    (by 2.3 % at N = 0.25 and 10 % at N = 1) because the real fin cools less than the
    linearisation predicts.

    Parameters
    ----------
    fin_parameter : float or array_like
        N = n·ε·σ·T_b^3·L^2/(k·t) [-], >= 0.

    Returns
    -------
    float or numpy.ndarray
        Linearised fin efficiency [-].

    References
    ----------
    .. [1] Incropera et al. (2011), eq. 3.94 (adiabatic-tip straight fin).
    """
    m_length = 2.0 * np.sqrt(fin_parameter)
    safe = np.where(m_length > 0.0, m_length, 1.0)
    return as_output(np.where(m_length > 0.0, np.tanh(safe) / safe, 1.0))


# One straight radiating fin.
_FIN = dict(half_width=positive("m"), thickness=positive("m"),
            conductivity=positive("W m^-1 K^-1"), base_temperature=_TEMPERATURE,
            emissivity=_EMISSIVITY, sides=_sides, stefan_boltzmann=_SIGMA)


@guarded(**_FIN)
def fin_parameter(
    half_width,
    thickness,
    conductivity,
    base_temperature,
    emissivity,
    sides=2,
    *,
    stefan_boltzmann=STEFAN_BOLTZMANN,
):
    """Radiation-conduction number N of a straight radiating fin.

    .. math:: N = \\frac{n\\,\\varepsilon\\,\\sigma\\,T_b^3\\,L^2}{k\\,t}

    Parameters
    ----------
    half_width : float or array_like
        Fin length L from the tube (base) to the adiabatic mid-line between tubes [m], > 0.
    thickness : float or array_like
        Fin sheet thickness t [m], > 0.
    conductivity : float or array_like
        Thermal conductivity of the fin sheet k [W m^-1 K^-1], > 0.
    base_temperature : float or array_like
        Fin root (tube wall) temperature T_b [K], > 0.
    emissivity : float or array_like
        Infrared emissivity of each radiating face [-], in (0, 1].
    sides : {1, 2} or array_like
        Radiating faces n [-].
    stefan_boltzmann : float, optional, keyword-only
        Stefan-Boltzmann constant [W m^-2 K^-4], in [5.5e-8, 5.85e-8].

    Returns
    -------
    float or numpy.ndarray
        Fin parameter N [-].

    References
    ----------
    .. [1] Karam (1998), ch. 6.
    """
    return as_output(power_product(
        (sides, 1), (emissivity, 1), (stefan_boltzmann, 1), (base_temperature, 3),
        (conductivity, -1), (half_width, 2), (thickness, -1),
    ))


@dataclass(frozen=True)
class FinPanel:
    """Fin-and-tube (or heat-pipe) radiator panel per m^2 of planform; fields in SI.

    Attributes
    ----------
    fin_parameter : float or numpy.ndarray
        N of each fin [-].
    fin_efficiency : float or numpy.ndarray
        Exact fin efficiency η [-].
    effective_area_ratio : float or numpy.ndarray
        Radiating area of an isothermal panel at the tube temperature that rejects the
        same heat, per m^2 of planform [-]: (D + 2Lη)/(D + 2L).
    areal_density : float or numpy.ndarray
        Mass per m^2 of planform: fin sheet, tubes and their fluid [kg m^-2].
    effective_areal_density : float or numpy.ndarray
        Mass per m^2 of *effective* isothermal area [kg m^-2]; the figure of merit.
    tube_pitch : float or numpy.ndarray
        Centre-to-centre tube spacing D + 2L [m].
    """

    fin_parameter: float | np.ndarray
    fin_efficiency: float | np.ndarray
    effective_area_ratio: float | np.ndarray
    areal_density: float | np.ndarray
    effective_areal_density: float | np.ndarray
    tube_pitch: float | np.ndarray

    def to_dict(self) -> dict:
        """Fields as a plain dict (SI)."""
        return asdict(self)


@guarded(half_width=_FIN["half_width"], thickness=_FIN["thickness"],
         density=positive("kg/m^3"), tube_mass_per_length=nonnegative("kg/m"),
         tube_width=nonnegative("m"))
def fin_panel(
    half_width,
    thickness,
    conductivity,
    density,
    tube_mass_per_length,
    base_temperature,
    emissivity,
    *,
    tube_width=0.0,
    sides=2,
    stefan_boltzmann=STEFAN_BOLTZMANN,
):
    """Effective area and mass of a fin-and-tube or heat-pipe radiator panel.

    Parallel tubes (or heat pipes) of width D at the base temperature carry the heat;
    between neighbours a sheet of thickness t spans two fins of length L that meet at
    an adiabatic mid-line. Per tube pitch D + 2L:

    .. math:: \\frac{A_{eff}}{A} = \\frac{D + 2L\\,\\eta(N)}{D + 2L},\\qquad
              \\frac{m}{A} = \\frac{2L\\,t\\,\\rho + m'_{tube}}{D + 2L}

    with η the exact :func:`fin_efficiency`. The rejected heat per m^2 of planform is
    ``effective_area_ratio`` times :func:`net_flux` at the tube temperature, to the
    accuracy of the fin model (0 K sink, no absorbed flux on the fin; see
    :func:`fin_efficiency`). Not included: header manifolds, face-sheet honeycomb,
    deployment hinges and the temperature drop from fluid to tube wall.

    Parameters
    ----------
    half_width : float or array_like
        Fin length L from tube to mid-line [m], > 0.
    thickness : float or array_like
        Fin sheet thickness t [m], > 0.
    conductivity : float or array_like
        Fin conductivity k [W m^-1 K^-1], > 0 (aluminium 6061 ~167, K1100 carbon
        composite in-plane ~600).
    density : float or array_like
        Fin material density ρ [kg m^-3], > 0 (aluminium 2700).
    tube_mass_per_length : float or array_like
        Mass of one tube or heat pipe with its working fluid, per metre [kg m^-1], >= 0.
    base_temperature : float or array_like
        Tube wall (fin root) temperature [K], > 0.
    emissivity : float or array_like
        Infrared emissivity of the radiating faces [-], in (0, 1].
    tube_width : float or array_like, optional, keyword-only
        Width D of the tube footprint, radiating at the base temperature [m], >= 0.
    sides : {1, 2} or array_like, optional, keyword-only
        Radiating faces [-].
    stefan_boltzmann : float, optional, keyword-only
        Stefan-Boltzmann constant [W m^-2 K^-4], in [5.5e-8, 5.85e-8].

    Returns
    -------
    FinPanel
        Fin parameter, efficiency, effective-area ratio and areal densities.

    References
    ----------
    .. [1] Gilmore (2002), ch. 6 (fin-and-tube and heat-pipe radiators); Karam (1998),
       ch. 6.
    """
    number = np.asarray(
        fin_parameter(
            half_width,
            thickness,
            conductivity,
            base_temperature,
            emissivity,
            sides,
            stefan_boltzmann=stefan_boltzmann,
        )
    )
    length, tube_mass = half_width, tube_mass_per_length
    efficiency = _exact_fin_efficiency(number)
    pitch = tube_width + 2.0 * length
    ratio = (tube_width + 2.0 * length * efficiency) / pitch
    areal_density = (2.0 * length * thickness * density + tube_mass) / pitch
    return FinPanel(
        fin_parameter=as_output(number),
        fin_efficiency=as_output(efficiency),
        effective_area_ratio=as_output(ratio),
        areal_density=as_output(areal_density),
        effective_areal_density=as_output(areal_density / ratio),
        tube_pitch=as_output(pitch),
    )


# ----------------------------------------------------------------- coating ageing


class CoatingState(NamedTuple):
    """Optical properties of a coating at one age."""

    absorptivity: float | np.ndarray
    """Solar absorptivity [-]."""
    emissivity: float | np.ndarray
    """Infrared hemispherical emissivity [-]."""


_AGEING_MODELS = ("linear", "saturating")


@guarded(age=nonnegative("yr"), absorptivity_bol=_EMISSIVITY, absorptivity_eol=_EMISSIVITY,
         emissivity_bol=_EMISSIVITY, emissivity_eol=_EMISSIVITY, eol_years=positive("yr"),
         model=one_of(*_AGEING_MODELS))
def coating_properties(
    age,
    absorptivity_bol,
    absorptivity_eol,
    emissivity_bol,
    emissivity_eol,
    eol_years,
    *,
    model="saturating",
    time_constant=None,
):
    """Solar absorptivity and IR emissivity of a coating after ``age`` years in orbit.

    Both properties move from their beginning-of-life (BOL) to end-of-life (EOL) values,
    which are reached exactly at ``eol_years``:

    - ``"linear"``: X(t) = X_BOL + (X_EOL − X_BOL)·t/t_EOL, defined for
      0 <= t <= t_EOL only (a straight line has no basis beyond the data).
    - ``"saturating"`` (default): X(t) = X_BOL + (X_EOL − X_BOL)·(1 − e^(−t/τ)) /
      (1 − e^(−t_EOL/τ)). Degradation of white paints and OSRs by UV, atomic oxygen and
      contamination is fastest in the first years and levels off (Gilmore 2002, ch. 5,
      figs. 5.8-5.12); beyond t_EOL it keeps approaching the asymptote
      X_BOL + (X_EOL − X_BOL)/(1 − e^(−t_EOL/τ)) instead of growing without bound.
      τ defaults to t_EOL/2.

    Parameters
    ----------
    age : float or array_like
        Time in orbit [yr], >= 0.
    absorptivity_bol, absorptivity_eol : float or array_like
        Solar absorptivity at BOL and at ``eol_years`` [-], in (0, 1].
    emissivity_bol, emissivity_eol : float or array_like
        Infrared emissivity at BOL and at ``eol_years`` [-], in (0, 1].
    eol_years : float or array_like
        Age at which the EOL values apply [yr], > 0.
    model : {"saturating", "linear"}, optional, keyword-only
        Ageing law.
    time_constant : float or array_like or None, optional, keyword-only
        Saturation time constant τ [yr], > 0; ``None`` = eol_years/2.

    Returns
    -------
    CoatingState
        ``(absorptivity, emissivity)`` [-], floats for scalar inputs.

    Raises
    ------
    InputError
        For ages beyond ``eol_years`` with the linear model, or if the saturating law
        would carry a property outside (0, 1] at this age.

    References
    ----------
    .. [1] Gilmore (2002), ch. 5, tables 5.2-5.3 and ageing data for white paints, OSRs
       and silverised Teflon.
    """
    alpha_bol, alpha_eol, life = absorptivity_bol, absorptivity_eol, eol_years
    eps_bol, eps_eol = emissivity_bol, emissivity_eol
    if model == "linear":
        if np.any(age > life):
            bad = np.broadcast_arrays(age, life)
            index = np.flatnonzero(bad[0] > bad[1])[0]
            raise InputError(
                f"age = {bad[0].flat[index]:g} yr is outside the valid range "
                f"[0, {bad[1].flat[index]:g}] yr of the linear ageing model; use "
                "model='saturating' to extrapolate beyond eol_years"
            )
        fraction = age / life
    else:
        tau = (
            life / 2.0
            if time_constant is None
            else positive("yr")(time_constant, "time_constant")
        )
        fraction = np.expm1(-age / tau) / np.expm1(-life / tau)
    absorptivity = alpha_bol + (alpha_eol - alpha_bol) * fraction
    emissivity = eps_bol + (eps_eol - eps_bol) * fraction
    for name, value in (("absorptivity", absorptivity), ("emissivity", emissivity)):
        if np.any((value <= 0.0) | (value > 1.0)):
            bad = np.asarray(value)[(value <= 0.0) | (value > 1.0)].flat[0]
            raise InputError(
                f"{name} = {bad:.6g} at this age is outside the valid range (0, 1]: the "
                "saturating law extrapolates beyond eol_years; use a longer time_constant "
                "or an age <= eol_years"
            )
    return CoatingState(as_output(absorptivity), as_output(emissivity))


def coating_at_age(coating, age, *, model="saturating", time_constant=None):
    """:func:`coating_properties` for a catalog ``Coating`` entry (or any object with its
    fields ``absorptivity_bol``, ``absorptivity_eol``, ``emissivity_bol``,
    ``emissivity_eol`` and ``eol_years``).

    Parameters
    ----------
    coating : object
        Coating with BOL/EOL optical properties [-] and ``eol_years`` [yr].
    age : float or array_like
        Time in orbit [yr], >= 0.
    model : {"saturating", "linear"}, optional, keyword-only
        Ageing law, see :func:`coating_properties`.
    time_constant : float or None, optional, keyword-only
        Saturation time constant [yr]; ``None`` = eol_years/2.

    Returns
    -------
    CoatingState
        ``(absorptivity, emissivity)`` [-].

    References
    ----------
    .. [1] Gilmore (2002), ch. 5.
    """
    try:
        values = (
            coating.absorptivity_bol,
            coating.absorptivity_eol,
            coating.emissivity_bol,
            coating.emissivity_eol,
            coating.eol_years,
        )
    except AttributeError as error:
        raise InputError(
            f"coating must have absorptivity_bol, absorptivity_eol, emissivity_bol, "
            f"emissivity_eol and eol_years; got {coating!r} ({error})"
        ) from None
    return coating_properties(age, *values, model=model, time_constant=time_constant)


# ------------------------------------------------------------- ideal panel area, unbounded


@guarded(heat=nonnegative("W"))
def ideal_area_for_heat(heat, temperature, emissivity, sides=1, sink_temperature=0.0,
                        absorbed_flux=0.0):
    """Isothermal panel area that rejects ``heat``, ``inf`` where no area suffices [m^2].

    .. math:: A = \\frac{Q}{n\\,\\varepsilon\\,\\sigma\\,(T^4 - T_{sink}^4) - q_{abs}}

    The same equation as :func:`area_for_heat`, for curves that cross the panel's
    equilibrium temperature: where the net flux is <= 0 (the panel absorbs at least what
    it emits) the area is ``inf`` instead of an error. Fin efficiency, the fluid-to-panel
    drop and the view of the spacecraft's own structure are left out: this is the ideal
    isothermal panel, the lower bound on area.

    Parameters
    ----------
    heat, temperature, emissivity, sides, sink_temperature, absorbed_flux
        As in :func:`area_for_heat`: heat [W] >= 0, panel temperature [K] > 0, emissivity
        of each face [-] in (0, 1], faces {1, 2}, black sink temperature [K] >= 0, flux
        absorbed by all faces together [W m^-2 of panel] >= 0; scalars or arrays.

    Returns
    -------
    float or numpy.ndarray
        Panel planform area [m^2]; ``inf`` where the net flux is <= 0.

    References
    ----------
    .. [1] Gilmore (2002), ch. 6, radiator sizing equation.
    """
    flux = np.asarray(net_flux(temperature, emissivity, sides, sink_temperature, absorbed_flux))
    rejects = flux > 0.0
    area = np.where(rejects, heat / np.where(rejects, flux, 1.0), np.inf)
    return float(area) if area.ndim == 0 else area
