"""Launch and ground cost arithmetic: pure, vectorised functions.

These are the closed forms the fleet model is built from and the public debate quotes:
Wright's-law learning, the launched power price, the price of power on the ground, how
many satellites one launch carries, and the affordability bound on launch plus build.
Money in USD, mass in kg, power in W, time in years unless a name says otherwise.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .._guard import guarded
from .._validation import as_output, check_array, check_positive_int, check_scalar
from ..errors import InputError

__all__ = [
    "HOURS_PER_YEAR",
    "TerrestrialCost",
    "affordable_launch_price",
    "capital_recovery_factor",
    "implied_specific_power",
    "learning_curve_price",
    "launched_power_price",
    "power_added_per_year",
    "satellites_per_launch",
    "specific_power",
    "terrestrial_cost",
    "terrestrial_power_cost",
    "unit_cost_sum",
]

# Largest unit number unit_cost_sum sums term by term (about 10 s): a billion satellites.
MAX_UNITS = 1_000_000_000

# Hours in a 365-day year, the convention of electricity-price comparisons (cases F-2, F-4).
HOURS_PER_YEAR = 8760.0


@guarded
def learning_curve_price(cumulative_mass, reference_price, reference_mass, learning_rate=0.20):
    """Price after learning, by Wright's law on cumulative launched mass.

    Each doubling of the cumulative mass cuts the price by ``learning_rate``:

    .. math:: p(M) = p_\\mathrm{ref} \\left(\\frac{M}{M_\\mathrm{ref}}\\right)^{\\log_2(1 - r)}

    Parameters
    ----------
    cumulative_mass : numeric
        Cumulative mass launched when the price is paid [kg], > 0.
    reference_price : numeric
        Price at the reference cumulative mass [USD/kg], > 0.
    reference_mass : numeric
        Cumulative mass at which ``reference_price`` holds [kg], > 0.
    learning_rate : numeric, default 0.20
        Fractional price reduction per doubling of cumulative mass [-], in [0, 1).
        0.20 is the rate the Suncatcher paper fits to SpaceX launch prices.

    Returns
    -------
    numeric
        Price at ``cumulative_mass`` [USD/kg].

    References
    ----------
    T. P. Wright, "Factors affecting the cost of airplanes", J. Aeronautical Sciences 3(4),
    122-128 (1936). Google Project Suncatcher, arXiv:2511.19468 (2025), section 4.4.
    """
    mass = check_array(cumulative_mass, "cumulative_mass", low=0.0, low_open=True, unit="kg")
    price = check_array(reference_price, "reference_price", low=0.0, low_open=True, unit="USD/kg")
    reference = check_array(reference_mass, "reference_mass", low=0.0, low_open=True, unit="kg")
    rate = check_array(learning_rate, "learning_rate", low=0.0, high=1.0, high_open=True)
    exponent = np.log2(1.0 - rate)
    return as_output(price * (mass / reference) ** exponent)


@guarded
def unit_cost_sum(first_unit, last_unit, first_unit_cost, learning_rate):
    """Total cost of units ``first_unit`` .. ``last_unit`` on a unit learning curve.

    Unit ``u`` costs ``c1 * u**log2(1 - r)`` (Wright's law per unit built, the SMAD form);
    the sum is exact, term by term.

    Parameters
    ----------
    first_unit, last_unit : int
        First and last unit numbers, 1 <= first_unit <= last_unit + 1 (an empty range sums
        to zero), last_unit <= 1e9 (a billion satellites; the sum is taken term by term)
        [-].
    first_unit_cost : float
        Cost of unit 1 [USD], >= 0.
    learning_rate : float
        Fractional cost reduction per doubling of units built [-], in [0, 1).

    Returns
    -------
    float
        Cost of the units in the range [USD].

    References
    ----------
    Wertz & Larson (eds.), *Space Mission Analysis and Design*, 3rd ed. (1999), section
    20.3.3, eq. 20-5.
    """
    cost = check_scalar(first_unit_cost, "first_unit_cost", low=0.0, unit="USD")
    rate = check_scalar(learning_rate, "learning_rate", low=0.0, high=1.0, high_open=True)
    first = check_positive_int(first_unit, "first_unit", minimum=1, maximum=MAX_UNITS + 1)
    last = check_positive_int(last_unit, "last_unit", minimum=0, maximum=MAX_UNITS)
    if last < first - 1:
        raise InputError(
            f"unit range {first}..{last} is invalid; need 1 <= first_unit <= last_unit + 1"
        )
    if last < first:
        return 0.0
    exponent = math.log2(1.0 - rate)
    if exponent == 0.0:
        return cost * (last - first + 1)
    total = 0.0
    # Chunks keep memory flat for fleets of millions of satellites.
    for start in range(first, last + 1, 1_000_000):
        units = np.arange(start, min(last, start + 999_999) + 1, dtype=float)
        total += float(np.sum(units**exponent))
    return cost * total


@guarded
def launched_power_price(mass, launch_price, power, lifetime_years):
    """Launch cost per unit of power delivered per year of service.

    .. math:: P_L = \\frac{m \\, c_L}{(P / 1000) \\, t_\\mathrm{life}}

    Parameters
    ----------
    mass : numeric
        Satellite mass [kg], > 0.
    launch_price : numeric
        Launch price per kg of satellite [USD/kg], >= 0.
    power : numeric
        Power the satellite delivers [W], > 0.
    lifetime_years : numeric
        Service life [yr], > 0.

    Returns
    -------
    numeric
        Launched power price [USD per kW per year].

    References
    ----------
    Google Project Suncatcher, arXiv:2511.19468 (2025), Table 1 (case F-1).
    """
    mass = check_array(mass, "mass", low=0.0, low_open=True, unit="kg")
    price = check_array(launch_price, "launch_price", low=0.0, unit="USD/kg")
    power = check_array(power, "power", low=0.0, low_open=True, unit="W")
    life = check_array(lifetime_years, "lifetime_years", low=0.0, low_open=True, unit="yr")
    return as_output(mass * price / (power / 1000.0 * life))


@guarded
def terrestrial_power_cost(electricity_price_per_kwh, pue, hours=HOURS_PER_YEAR):
    """Yearly electricity spend per kW of IT load on the ground.

    .. math:: C = c_e \\, \\mathrm{PUE} \\, h

    Parameters
    ----------
    electricity_price_per_kwh : numeric
        Electricity price [USD/kWh], >= 0.
    pue : numeric
        Power usage effectiveness, facility power / IT power [-], >= 1.
    hours : numeric, default 8760
        Hours of operation per year [h], in (0, 8784].

    Returns
    -------
    numeric
        Electricity cost [USD per kW of IT per year].

    References
    ----------
    Google Project Suncatcher, arXiv:2511.19468 (2025), section 4.4 (case F-2).
    """
    price = check_array(electricity_price_per_kwh, "electricity_price_per_kwh", low=0.0,
                        unit="USD/kWh")
    pue = check_array(pue, "pue", low=1.0)
    hours = check_array(hours, "hours", low=0.0, high=8784.0, low_open=True, unit="h")
    return as_output(price * pue * hours)


@dataclass(frozen=True)
class TerrestrialCost:
    """Cost of running a terrestrial data center over a period (see :func:`terrestrial_cost`).

    Attributes
    ----------
    energy_cost : float
        Electricity for the facility, IT energy times PUE times price [USD].
    cooling_cost : float
        Cooling charged as a share of the energy cost [USD].
    backup_cost : float
        Backup power plant (capital) [USD].
    total_cost : float
        Sum of the three [USD].
    it_energy : float
        IT energy over the period [J].
    water_volume : float
        Water consumed [m^3] (1 m^3 is one tonne).
    """

    energy_cost: float
    cooling_cost: float
    backup_cost: float
    total_cost: float
    it_energy: float
    water_volume: float


@guarded
def terrestrial_cost(it_power, years, electricity_price_per_kwh, *, pue=1.0,
                     cooling_fraction=0.0, water_per_kwh=0.0, backup_cost=0.0,
                     hours_per_year=HOURS_PER_YEAR):
    """Energy, cooling, backup and water of a terrestrial data center over a period.

    .. math::
        E_{IT} = P \\, h \\, n, \\quad C_e = c_e \\, \\mathrm{PUE} \\, E_{IT}, \\quad
        C_c = f_c C_e, \\quad C = C_e + C_c + C_b, \\quad V_w = w \\, E_{IT}

    Parameters
    ----------
    it_power : numeric
        IT load [W], > 0.
    years : numeric
        Period [yr], > 0.
    electricity_price_per_kwh : numeric
        Electricity price [USD/kWh], >= 0.
    pue : numeric, default 1.0
        Power usage effectiveness applied to the energy bill [-], >= 1. Leave at 1 when
        cooling is charged through ``cooling_fraction`` instead, as the Starcloud table does.
    cooling_fraction : numeric, default 0.0
        Cooling cost as a fraction of the energy cost [-], >= 0.
    water_per_kwh : numeric, default 0.0
        Water consumed per kWh of IT energy [L/kWh], >= 0.
    backup_cost : numeric, default 0.0
        Capital cost of backup power [USD], >= 0.
    hours_per_year : numeric, default 8760
        Operating hours per year [h], in (0, 8784].

    Returns
    -------
    TerrestrialCost
        The cost lines [USD], IT energy [J] and water [m^3].

    References
    ----------
    Starcloud (Lumen Orbit) white paper v1.03 (2024), Table 1 (case F-4).
    """
    power = check_array(it_power, "it_power", low=0.0, low_open=True, unit="W")
    period = check_array(years, "years", low=0.0, low_open=True, unit="yr")
    price = check_array(electricity_price_per_kwh, "electricity_price_per_kwh", low=0.0,
                        unit="USD/kWh")
    pue = check_array(pue, "pue", low=1.0)
    cooling = check_array(cooling_fraction, "cooling_fraction", low=0.0)
    water = check_array(water_per_kwh, "water_per_kwh", low=0.0, unit="L/kWh")
    backup = check_array(backup_cost, "backup_cost", low=0.0, unit="USD")
    hours = check_array(hours_per_year, "hours_per_year", low=0.0, high=8784.0, low_open=True,
                        unit="h")
    energy_kwh = power / 1000.0 * hours * period
    energy_cost = price * pue * energy_kwh
    cooling_cost = cooling * energy_cost
    return TerrestrialCost(
        energy_cost=as_output(energy_cost),
        cooling_cost=as_output(cooling_cost),
        backup_cost=as_output(backup * np.ones_like(energy_cost)),
        total_cost=as_output(energy_cost + cooling_cost + backup),
        it_energy=as_output(energy_kwh * 3.6e6),
        water_volume=as_output(water * energy_kwh / 1000.0),
    )


@guarded
def satellites_per_launch(satellite_mass, stowed_volume, payload_mass, fairing_volume, *,
                          volume_fraction=0.5):
    """Whole satellites one launch carries, limited by payload mass and fairing volume.

    .. math:: k = \\min\\left(\\lfloor m_\\mathrm{payload} / m_\\mathrm{sat} \\rfloor,\\;
              \\lfloor f_V V_\\mathrm{fairing} / V_\\mathrm{stowed} \\rfloor\\right)

    Parameters
    ----------
    satellite_mass : numeric
        Launch mass of one satellite, dispenser share included if any [kg], > 0.
    stowed_volume : numeric
        Stowed envelope volume of one satellite [m^3], > 0.
    payload_mass : numeric
        Vehicle payload to the satellite's orbit [kg], > 0.
    fairing_volume : numeric
        Usable volume under the fairing [m^3], > 0.
    volume_fraction : numeric, default 0.5
        Fraction of the fairing volume that stowed satellites can fill [-], in (0, 1].
        0.5 is a flat-packed stack of square satellites in the cylindrical section of a
        Falcon-9-like fairing: square in circle 2/pi = 0.64 of the section, times the
        cylindrical share of the volume (about 111 of 145 m^3), 0.64 * 0.77 = 0.49.

    Returns
    -------
    int or ndarray of int
        Satellites per launch [-]; 0 when one satellite does not fit.

    Notes
    -----
    Fairing diameter and the dispenser are not checked: the stowed volume is taken to fit
    the fairing's cross section.

    References
    ----------
    SpaceX, Falcon User's Guide (2021), fairing envelope (4.6 m diameter, 6.7 m cylinder).
    """
    mass = check_array(satellite_mass, "satellite_mass", low=0.0, low_open=True, unit="kg")
    volume = check_array(stowed_volume, "stowed_volume", low=0.0, low_open=True, unit="m^3")
    payload = check_array(payload_mass, "payload_mass", low=0.0, low_open=True, unit="kg")
    fairing = check_array(fairing_volume, "fairing_volume", low=0.0, low_open=True, unit="m^3")
    fraction = check_array(volume_fraction, "volume_fraction", low=0.0, high=1.0, low_open=True)
    # A hair of tolerance so that exactly 10 x 100 kg in 1000 kg counts as 10.
    by_mass = np.floor(payload / mass * (1.0 + 1e-12))
    by_volume = np.floor(fraction * fairing / volume * (1.0 + 1e-12))
    count = np.minimum(by_mass, by_volume)
    if (count > MAX_UNITS).any():
        raise InputError(
            f"satellites_per_launch: more than {MAX_UNITS:,} satellites fit one launch "
            f"(satellite_mass = {float(mass.min()):g} kg, stowed_volume = "
            f"{float(volume.min()):g} m^3, payload_mass = {float(payload.max()):g} kg); "
            "check the units"
        )
    count = count.astype(np.int64)
    return int(count) if count.ndim == 0 else count


@guarded
def affordable_launch_price(terrestrial_cost_per_watt, specific_mass):
    """Largest launch-plus-build cost per kg at which orbit matches a ground capex.

    .. math:: c_\\mathrm{max} = C_\\mathrm{ground} / \\mu

    with :math:`C_\\mathrm{ground}` the terrestrial infrastructure cost per W and
    :math:`\\mu` the satellite's specific mass per W.

    Parameters
    ----------
    terrestrial_cost_per_watt : numeric
        Terrestrial infrastructure cost [USD/W], >= 0.
    specific_mass : numeric
        Orbital mass per W of delivered power [kg/W], > 0 (40 kg/kW is 0.04 kg/W).

    Returns
    -------
    numeric
        Affordable launch plus build cost [USD/kg].

    References
    ----------
    S. G. Turyshev, arXiv:2604.27197 (2026), abstract (case F-5).
    """
    cost = check_array(terrestrial_cost_per_watt, "terrestrial_cost_per_watt", low=0.0,
                       unit="USD/W")
    mass = check_array(specific_mass, "specific_mass", low=0.0, low_open=True, unit="kg/W")
    return as_output(cost / mass)


@guarded
def specific_power(power, mass):
    """Power per unit mass.

    Parameters
    ----------
    power : numeric
        Power [W], >= 0.
    mass : numeric
        Mass [kg], > 0.

    Returns
    -------
    numeric
        Specific power [W/kg].

    References
    ----------
    Google Project Suncatcher, arXiv:2511.19468 (2025), section 4.4 (case P-1).
    """
    power = check_array(power, "power", low=0.0, unit="W")
    mass = check_array(mass, "mass", low=0.0, low_open=True, unit="kg")
    return as_output(power / mass)


@guarded
def implied_specific_power(power_per_year, mass_per_year):
    """Specific power a launch plan implies: power added per year over mass per year.

    .. math:: \\sigma = \\dot P / \\dot m

    Parameters
    ----------
    power_per_year : numeric
        Power added per year [W/yr], >= 0.
    mass_per_year : numeric
        Mass launched per year [kg/yr], > 0.

    Returns
    -------
    numeric
        Implied specific power [W/kg].

    References
    ----------
    SpaceX FCC filing (January 2026) as reported: 100 GW/yr from 1,000,000 t/yr (case F-3).
    """
    power = check_array(power_per_year, "power_per_year", low=0.0, unit="W/yr")
    mass = check_array(mass_per_year, "mass_per_year", low=0.0, low_open=True, unit="kg/yr")
    return as_output(power / mass)


@guarded
def power_added_per_year(mass_per_year, specific_power):
    """Power a launch rate adds per year at a given specific power.

    .. math:: \\dot P = \\dot m \\, \\sigma

    Parameters
    ----------
    mass_per_year : numeric
        Mass launched per year [kg/yr], >= 0.
    specific_power : numeric
        Power per kg launched [W/kg], >= 0 (100 kW per tonne is 100 W/kg).

    Returns
    -------
    numeric
        Power added per year [W/yr].

    References
    ----------
    SpaceX FCC filing (January 2026) as reported (case F-3).
    """
    mass = check_array(mass_per_year, "mass_per_year", low=0.0, unit="kg/yr")
    sigma = check_array(specific_power, "specific_power", low=0.0, unit="W/kg")
    return as_output(mass * sigma)


@guarded
def capital_recovery_factor(discount_rate, years):
    """Yearly payment that repays one unit of capital over ``years`` at ``discount_rate``.

    .. math:: \\mathrm{CRF} = \\frac{r}{1 - (1 + r)^{-n}}, \\qquad \\mathrm{CRF}(0, n) = 1/n

    Parameters
    ----------
    discount_rate : numeric
        Discount rate per year [1/yr], in [0, 1].
    years : numeric
        Repayment period [yr], > 0.

    Returns
    -------
    numeric
        Capital recovery factor [1/yr].

    References
    ----------
    Short, Packey & Holt, *A Manual for the Economic Evaluation of Energy Efficiency and
    Renewable Energy Technologies*, NREL/TP-462-5173 (1995), eq. 4-6.
    """
    rate = check_array(discount_rate, "discount_rate", low=0.0, high=1.0, unit="1/yr")
    period = check_array(years, "years", low=0.0, low_open=True, unit="yr")
    rate, period = np.broadcast_arrays(rate, period)
    # expm1 and log1p keep every digit for tiny rates; only r = 0 needs its limit 1/n.
    zero = rate == 0.0
    safe_rate = np.where(zero, 1.0, rate)
    factor = np.where(zero, 1.0 / period, safe_rate / -np.expm1(-period * np.log1p(safe_rate)))
    return as_output(factor)
