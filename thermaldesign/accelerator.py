"""The accelerator as a thermal and electrical component: clock, leakage, failures, spares.

Every relation here is a monomial or a posynomial in the clock fraction x = f / f_max and
the junction temperature T_j, so the sizing geometric program
(:mod:`thermaldesign.sizing.model`) can take x and T_j as design variables. Each fit
states its source, its range and its largest error against the source's points; the
tests (``tests/test_accelerator.py``) re-check every fit against the transcribed data.

Chip power (board power, normalised to the vendor TDP P_max at x = 1 and T_j = T_ref)::

    P(x, T_j) / P_max = s_c + s_l (T_j / T_ref)^c + (1 - s_c - s_l) x^a

- clock part: s + (1 - s) x^a with s = s_c + s_l, fitted to the A100 SXM SM-clock sweep of
  Perseus (Chung et al., SOSP 2024, DOI 10.1145/3694715.3695970; data ml-energy/zeus,
  ``sosp24_data/emulation/stage_profile/gpt3-175b+a100_sxm_bf16.csv``) over 855-1410 MHz:
  s = 0.398, a = 3.75, largest error 5.6 % (rms 2.6 %). The exponent near 4 is the
  f V(f)^2 law with V roughly linear in f; s is the static + HBM + uncore floor.
- temperature part: the leakage share s_l at T_ref scales with the K20 measurement's form
  a T^2 exp(-b / T), b = 3209.7 K (Price et al., Comput. Sci. Res. Dev. 2016,
  DOI 10.1007/s00450-015-0300-5), replaced by its monomial fit (T / T_ref)^c over the
  fit range (c = 11.5 over 313-363 K, largest error 1.8 %, :func:`leakage_exponent`).
- throughput: x^b, b = 0.794 fitted through (1, 1) to the same sweep, largest error 2.8 %.

The A100 fit is *transferred* to other accelerators in normalised form (research note
``docs/research/chip_sources.md`` s. 1.5: no H100 clock sweep with data points was
retrievable); the catalog marks each transferred number so.

Failures (hard, needing a spare) follow an Arrhenius acceleration on a field rate
lambda_ref at T_fail (JEDEC JEP122 acceleration factor, E_a = 0.7 eV per AMD/Xilinx
UG116), again as a monomial fit (T_j / T_fail)^n over the fit range
(:func:`arrhenius_exponent`; n = 24.1 and 4.7 % largest error for 0.7 eV over
313-363 K). Jensen (Qual. Reliab. Eng. Int. 1, 1985, DOI 10.1002/qre.4680010104) warns
that one composite activation energy is an extrapolation; the catalog's E_a is that
composite. Spares are cold (unpowered, no failures) and sized for the expected number of
hard failures of the active set over the life, k = N lambda(T_j) L (:func:`spares`);
recoverable interruptions (restart, no swap) cost minutes of availability, not hardware,
and are left out of the delivered compute.
"""

from __future__ import annotations

import functools

import numpy as np

from ._guard import guarded
from ._validation import Range, as_output, check_scalar, fraction, nonnegative, positive
from .errors import InputError

__all__ = [
    "BOLTZMANN_EV",
    "JUNCTION_FIT_RANGE",
    "PERSEUS_GPT3_A100",
    "PERSEUS_BLOOM_A100",
    "K20_LEAKAGE_B",
    "arrhenius_factor",
    "arrhenius_exponent",
    "chip_power_fraction",
    "clock_power_fraction",
    "leakage_exponent",
    "leakage_k20_form",
    "monomial_fit",
    "spares",
    "throughput_fraction",
]

#: Junction temperatures the leakage and Arrhenius monomial fits cover [K] (50-100 degC);
#: the sizing keeps T_j inside it.
JUNCTION_FIT_RANGE = (323.15, 373.15)

#: Boltzmann constant [eV/K] (CODATA 2018, exact).
BOLTZMANN_EV = 8.617333262e-5

#: K20 leakage activation b of P_leak = a T^2 exp(-b/T) [K] (Price et al. 2016, s. 3.3).
K20_LEAKAGE_B = 3209.7

#: Perseus A100 SXM sweep, GPT-3 175B stage 0 (ml-energy/zeus @ 38cb3f9):
#: (SM clock [MHz], average board power E/t [W], throughput relative to 1410 MHz [-]).
PERSEUS_GPT3_A100 = (
    (1410, 477.9, 1.0000), (1395, 476.4, 0.9988), (1380, 477.5, 0.9977),
    (1365, 465.8, 0.9945), (1350, 455.8, 0.9898), (1335, 449.5, 0.9823),
    (1320, 435.4, 0.9745), (1305, 428.4, 0.9672), (1290, 413.1, 0.9571),
    (1275, 399.5, 0.9492), (1260, 387.3, 0.9393), (1245, 376.2, 0.9297),
    (1230, 365.9, 0.9199), (1215, 355.1, 0.9102), (1200, 347.2, 0.8999),
    (1185, 337.7, 0.8900), (1170, 327.9, 0.8797), (1155, 322.5, 0.8693),
    (1140, 314.7, 0.8585), (1125, 307.5, 0.8497), (1110, 299.9, 0.8394),
    (1095, 293.4, 0.8285), (1080, 284.7, 0.8172), (1065, 282.3, 0.8078),
    (1050, 279.4, 0.7969), (1035, 276.4, 0.7859), (1020, 272.4, 0.7748),
    (1005, 271.6, 0.7637), (990, 266.2, 0.7527), (975, 263.9, 0.7415),
    (960, 261.6, 0.7324), (945, 255.2, 0.7192), (930, 253.1, 0.7101),
    (915, 249.8, 0.7008), (900, 247.0, 0.6914), (885, 241.5, 0.6741),
    (870, 238.7, 0.6649), (855, 237.7, 0.6556),
)

#: Same source, Bloom-176B stage 0: the second workload, whose spread is the scatter.
PERSEUS_BLOOM_A100 = (
    (1410, 466.5, 1.0000), (1395, 463.5, 1.0025), (1380, 461.3, 1.0013),
    (1365, 455.7, 0.9974), (1350, 439.0, 0.9918), (1335, 433.1, 0.9859),
    (1320, 419.6, 0.9811), (1305, 406.9, 0.9733), (1290, 392.9, 0.9651),
    (1275, 380.5, 0.9561), (1260, 371.8, 0.9464), (1245, 363.3, 0.9374),
    (1230, 348.4, 0.9278), (1215, 340.9, 0.9181), (1200, 331.8, 0.9082),
    (1185, 323.4, 0.8982), (1170, 313.8, 0.8880), (1155, 306.7, 0.8777),
    (1140, 295.0, 0.8673), (1125, 287.3, 0.8586), (1110, 282.9, 0.8482),
    (1095, 275.4, 0.8376), (1080, 269.0, 0.8270), (1065, 264.9, 0.8165),
    (1050, 267.1, 0.8058), (1035, 264.6, 0.7950), (1020, 260.3, 0.7842),
    (1005, 258.0, 0.7733), (990, 254.1, 0.7624), (975, 247.9, 0.7455),
    (960, 249.4, 0.7426), (945, 244.7, 0.7295), (930, 242.7, 0.7206),
    (915, 240.1, 0.7115), (900, 237.2, 0.7023), (885, 231.8, 0.6849),
    (870, 229.4, 0.6759), (855, 227.0, 0.6667),
)

_CLOCK = Range(0.0, 1.0, low_open=True)
_TEMPERATURE = positive("K")
_EXPONENT = positive()


@guarded(clock_fraction=_CLOCK, static_fraction=fraction(allow_zero=True),
         power_exponent=_EXPONENT)
def clock_power_fraction(clock_fraction, static_fraction, power_exponent):
    """Board power at a clock fraction, relative to the power at full clock [-].

    .. math:: P(x) / P(1) = s + (1 - s)\\,x^{a}

    Parameters
    ----------
    clock_fraction : float or array_like
        x = f / f_max [-], in (0, 1].
    static_fraction : float
        Clock-independent share s of full-clock power [-], in [0, 1].
    power_exponent : float
        Exponent a of the dynamic part [-], > 0 (~4 for P_dyn ~ f V(f)^2).

    Returns
    -------
    float or numpy.ndarray
        P(x) / P(1) [-].

    References
    ----------
    Chung et al., "Perseus", SOSP 2024, DOI 10.1145/3694715.3695970 (fit data).
    """
    return as_output(static_fraction + (1.0 - static_fraction) * clock_fraction**power_exponent)


@guarded(clock_fraction=_CLOCK, throughput_exponent=_EXPONENT)
def throughput_fraction(clock_fraction, throughput_exponent):
    """Training throughput at a clock fraction, relative to full clock [-]: x^b.

    Parameters
    ----------
    clock_fraction : float or array_like
        x = f / f_max [-], in (0, 1].
    throughput_exponent : float
        b [-], > 0 (< 1: memory-bound phases do not slow with the SM clock).

    Returns
    -------
    float or numpy.ndarray
        Relative throughput [-].
    """
    return as_output(clock_fraction**throughput_exponent)


@guarded(temperature=_TEMPERATURE, activation=nonnegative("K"))
def leakage_k20_form(temperature, activation=K20_LEAKAGE_B):
    """The measured shape of leakage power vs temperature, T^2 exp(-b / T) [K^2].

    Parameters
    ----------
    temperature : float or array_like
        Junction temperature T [K], > 0.
    activation : float
        b [K], >= 0 (3209.7 K on the K20, Price et al. 2016).

    Returns
    -------
    float or numpy.ndarray
        T^2 exp(-b/T) [K^2]; only ratios of it are meaningful.

    References
    ----------
    Price, Clark, Barsdell, Babich & Greenhill, "Optimizing performance-per-watt on GPUs
    in high performance computing", Comput. Sci. Res. Dev. 31 (2016), s. 3.3,
    DOI 10.1007/s00450-015-0300-5.
    """
    return as_output(temperature**2 * np.exp(-activation / temperature))


def monomial_fit(function, low: float, high: float, reference: float,
                 points: int = 201) -> tuple[float, float]:
    """See :func:`_monomial_fit`; ``function`` maps an array of temperatures [K] to values."""
    return _monomial_fit(function, low, high, reference, points)


def _monomial_fit(function, low, high, reference, points):
    """Least-squares log-log fit f(T)/f(T_ref) ~ (T / T_ref)^n over [low, high] [K].

    Returns (n, largest relative error of the fit over the range). The fit is forced
    through T_ref, where the catalog's value of f is given, so it is exact there.
    """
    temperatures = np.linspace(low, high, points)
    u = np.log(temperatures / reference)
    v = np.log(function(temperatures) / function(reference))
    exponent = float(np.dot(u, v) / np.dot(u, u))
    error = float(np.max(np.abs(np.expm1(exponent * u - v))))
    return exponent, error


def _fit_range(low, high, reference):
    low = check_scalar(low, "low", low=0.0, low_open=True, unit="K")
    high = check_scalar(high, "high", low=low, low_open=True, unit="K")
    reference = check_scalar(reference, "reference", low=0.0, low_open=True, unit="K")
    return low, high, reference


def leakage_exponent(activation: float = K20_LEAKAGE_B, low: float = 323.15,
                     high: float = 373.15, reference: float = 360.15) -> tuple[float, float]:
    """Monomial exponent c of leakage ~ (T / T_ref)^c fitted to the K20 form [-].

    Parameters
    ----------
    activation : float
        b of T^2 exp(-b/T) [K], >= 0.
    low, high : float
        Fit range of the junction temperature [K].
    reference : float
        Temperature the leakage share is given at [K].

    Returns
    -------
    (float, float)
        (c [-], largest relative error over the range [-]); (11.5, 0.018) for the K20.
    """
    activation = check_scalar(activation, "activation", low=0.0, unit="K")
    return _leakage_fit(activation, *_fit_range(low, high, reference))


@functools.lru_cache(maxsize=256)
def _leakage_fit(activation, low, high, reference):
    return _monomial_fit(lambda t: t**2 * np.exp(-activation / t), low, high, reference, 201)


@guarded(temperature=_TEMPERATURE, reference_temperature=_TEMPERATURE,
         activation_energy=Range(0.0, 5.0, low_open=True, unit="eV"))
def arrhenius_factor(temperature, reference_temperature, activation_energy):
    """Arrhenius acceleration of a failure rate, lambda(T) / lambda(T_ref) [-].

    .. math:: A_T = \\exp\\left[\\frac{E_a}{k}
              \\left(\\frac{1}{T_{ref}} - \\frac{1}{T}\\right)\\right]

    Parameters
    ----------
    temperature, reference_temperature : float or array_like
        Junction temperatures [K], > 0.
    activation_energy : float
        Apparent activation energy E_a [eV], in (0, 5] (0.7 eV: AMD/Xilinx UG116).

    Returns
    -------
    float or numpy.ndarray
        Acceleration factor [-].

    References
    ----------
    JEDEC JEP122 (failure mechanisms and models), "acceleration factor, temperature";
    AMD/Xilinx UG116, "Failure Rate Determination".
    """
    exponent = activation_energy / BOLTZMANN_EV * (1.0 / reference_temperature - 1.0 / temperature)
    return as_output(np.exp(exponent))


def arrhenius_exponent(activation_energy: float, low: float = 323.15, high: float = 373.15,
                       reference: float = 343.15) -> tuple[float, float]:
    """Monomial exponent n of lambda ~ (T / T_ref)^n fitted to Arrhenius over a range.

    Parameters
    ----------
    activation_energy : float
        E_a [eV], > 0.
    low, high : float
        Fit range of the junction temperature [K].
    reference : float
        Temperature of the field failure rate [K].

    Returns
    -------
    (float, float)
        (n [-], largest relative error over the range [-]).
    """
    activation_energy = check_scalar(activation_energy, "activation_energy", low=0.0,
                                     high=5.0, low_open=True, unit="eV")
    return _arrhenius_fit(activation_energy, *_fit_range(low, high, reference))


@functools.lru_cache(maxsize=256)
def _arrhenius_fit(activation_energy, low, high, reference):
    scale = activation_energy / BOLTZMANN_EV
    return _monomial_fit(lambda t: np.exp(-scale / t), low, high, reference, 201)


@guarded(clock_fraction=_CLOCK, junction_temperature=_TEMPERATURE,
         reference_temperature=_TEMPERATURE, static_fraction=fraction(allow_zero=True),
         leakage_fraction=fraction(allow_zero=True), power_exponent=_EXPONENT,
         leakage_exponent=nonnegative())
def chip_power_fraction(clock_fraction, junction_temperature, *, reference_temperature,
                        static_fraction, leakage_fraction, power_exponent, leakage_exponent):
    """Board power relative to the TDP at a clock and junction temperature [-].

    .. math:: P / P_{max} = (s - s_l) + s_l (T_j / T_{ref})^c + (1 - s) x^a

    Parameters
    ----------
    clock_fraction : float or array_like
        x [-], in (0, 1].
    junction_temperature : float or array_like
        T_j [K], > 0.
    reference_temperature : float
        T_ref, where the TDP is drawn at full clock [K].
    static_fraction : float
        s, clock-independent share at T_ref [-], in [0, 1].
    leakage_fraction : float
        s_l, temperature-dependent leakage share at T_ref [-], in [0, s].
    power_exponent, leakage_exponent : float
        a and c [-].

    Returns
    -------
    float or numpy.ndarray
        P / P_max [-] (1 at x = 1, T_j = T_ref).
    """
    excess = np.asarray(leakage_fraction) > static_fraction
    if np.any(excess):  # arrays too: a batch of inline accelerators
        raise InputError(
            f"leakage_fraction = {np.max(leakage_fraction):g} exceeds static_fraction = "
            f"{np.min(static_fraction):g}; valid range [0, static_fraction]"
        )
    ratio = junction_temperature / reference_temperature
    return as_output(
        static_fraction - leakage_fraction + leakage_fraction * ratio**leakage_exponent
        + (1.0 - static_fraction) * clock_fraction**power_exponent
    )


@guarded(active=nonnegative(), failure_rate=nonnegative("1/yr"), years=nonnegative("yr"))
def spares(active, failure_rate, years):
    """Expected cold spares to keep ``active`` accelerators working for ``years`` [-].

    k = N lambda L: every hard failure of an active unit is replaced by a cold spare
    (no failures while unpowered). Expected-value sizing: a Poisson quantile would add
    margin for a guaranteed end-of-life count; that margin is not modelled.

    Parameters
    ----------
    active : float or array_like
        Active accelerators N [-], >= 0.
    failure_rate : float or array_like
        Hard-failure rate lambda at the operating temperature [1/yr], >= 0.
    years : float or array_like
        Life L [yr], >= 0.

    Returns
    -------
    float or numpy.ndarray
        Expected spares k [-].
    """
    return as_output(active * failure_rate * years)
