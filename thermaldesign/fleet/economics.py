"""Every economic input of the fleet model, with its default and where the default comes from;
and the break-even launch price, where orbit and ground cost the same.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np
import scipy  # submodules load on first use (scipy's lazy loader): fast start-up

from .._validation import check_array, check_scalar
from ..errors import InputError

__all__ = ["Economics", "break_even_launch_price", "break_even_root"]

# Llama 3 405B pre-training: 16,384 H100 GPUs for 54 days; unexpected interruptions from a
# faulty GPU (148), GPU HBM3 memory (72), GPU SRAM (19) and GPU system processor (17).
# On the ground each one is fixed by swapping the part; in orbit the part is lost.
_LLAMA3_GPU_FAILURES = 148 + 72 + 19 + 17
_LLAMA3_GPU_YEARS = 16_384 * 54 / 365.25

_SOURCES = MappingProxyType({
    "launch_learning_rate": (
        "Wright's-law rate fitted to SpaceX launch prices against cumulative launched mass: "
        "Google Project Suncatcher, arXiv:2511.19468 (2025), section 4.4."),
    "launch_experience_mass": (
        "Estimate of SpaceX's cumulative mass to orbit by end 2025, the experience at which "
        "catalog prices hold: about 580 Falcon 9 flights at about 14 t each (Starlink "
        "batches of 21-29 satellites of 575-800 kg dominate)."),
    "manufacturing_learning_rate": (
        "Unit learning-curve slope 85 % for more than 50 units: Wertz & Larson, Space Mission "
        "Analysis and Design, 3rd ed. (1999), section 20.3.3; NASA OTPS's space-based solar "
        "power study (Rodgers et al., 2024) uses 75 % for hardware, the range's other end."),
    "failure_rate": (
        "About 3 % of the first ~800 Starlink satellites failed within their first 1-1.5 "
        "years: J. McDowell (2020), reported by Universe Today and Business Insider, Oct 2020."),
    "accelerator_failure_rate": (
        "GPU hardware interruptions in Llama 3 405B pre-training (faulty GPU 148, HBM3 72, "
        "SRAM 19, GPU system processor 17 over 16,384 H100 x 54 days): Llama Team, "
        "arXiv:2407.21783 (2024), Table 5. Swapped on the ground, lost in orbit; an upper "
        "bound where a reset recovers the part."),
    "operations_cost_fraction": (
        "Satellite operations labour about 15 % of total system cost over an 8-year period: "
        "B. Elbert, Introduction to Satellite Communication, 3rd ed. (2008), section 12.4.2.1; "
        "0.15 / 8 per year of the satellite's first-unit hardware cost."),
    "operations_cost_per_satellite_year": (
        "None: from operations_cost_fraction times the satellite's first-unit hardware cost."),
    "insurance_fraction": (
        "Launch-plus-one-year premium rates of 10-11 % of insured value (2007), Business "
        "Insurance, 14 Apr 2008. Constellation operators often self-insure: set 0 then."),
    "utilisation": (
        "1.0: cost per available GPU-hour, the convention of GPU rental prices. Applied "
        "alike to orbit and ground."),
    "availability": (
        "1.0: whole-satellite failures (failure_rate) and eclipse idling (design.duty_cycle) "
        "are modelled separately; lower it for safe modes or collision avoidance."),
    "discount_rate": "0.0: undiscounted; set a cost of capital to discount.",
    "terrestrial": "Catalog key of the terrestrial data center compared against.",
    "refresh_period": (
        "None: satellites serve their design lifetime. A period replaces them earlier to "
        "refresh the accelerators (same design: the newer chips' gain is not credited)."),
    "launch_price_per_kg": (
        "None: the vehicle's catalog price per launch over its LEO payload."),
    "max_launches_per_year": "None: the vehicle's catalog cadence.",
    "fairing_volume_fraction": (
        "Flat-packed square satellites in a Falcon-9-like fairing: 2/pi of the cylindrical "
        "section (111 of 145 m^3), 0.64 x 0.77 = 0.49. SpaceX, Falcon User's Guide (2021)."),
    "break_even_upper_bound": "Upper end of the break-even search [USD/kg].",
    "accelerator_hard_fraction": (
        "Share of GPU-attributed interruptions that needed the part replaced: 41.5 % GPU host "
        "replacement against 19.5 % GPU recoverable faults on a Crusoe H200 cluster, GTC 2025 "
        "talk (glennklockwood.com/garden/component-reliability): 41.5 / 61 = 0.68. Llama 3's "
        "'only 3 manual interventions' argues for the low end, 0.3 "
        "(docs/research/chip_sources.md, section 3.4)."),
    "accelerator_recovery_hours": (
        "Recovery time of a recoverable GPU fault: 2.2 h on the Delta cluster, Cui et al., "
        "'Story of Two GPUs', SC'25, arXiv:2503.11901."),
    "production_rate": (
        "SpaceX's Starlink factory in Redmond sustains 70 satellites a week (3,640/yr), SpaceX "
        "video of Aug 2025; 120 a month in 2020 (FCC ex parte, 31 Jul 2020). Counts of ~800 kg "
        "Starlink satellites: for 3 t satellites the count is optimistic."),
    "production_ramp_years": (
        "Starlink went from 120 satellites a month (2020) to 70 a week (2025), a 2.5x rise "
        "over 5 years; 3 years to full rate from one third of it is our estimate for a "
        "second line building on that experience."),
    "accelerator_supply": (
        "Accelerators a year one fleet can buy: 10 % (our estimate of one buyer's share) of "
        "the 3.85 million data-center GPUs shipped in 2023, TechInsights via HPCwire, Jun 2024."),
    "dispenser_mass_fraction": (
        "Dispenser mass per kg of satellite carried: the ESPA ring weighs 275 lb and carries "
        "six 400 lb satellites, 275 / 2,400 = 0.115 (Moog CSA, ESPA product page); a "
        "Starlink-style stack with tension rods needs far less."),
    "partial_load_premium": (
        "Price of a share of a launch per kg over the dedicated launch's price per kg: SpaceX "
        "rideshare to SSO 7,000 USD/kg (spacex.com/rideshare, Feb 2026) against a dedicated "
        "Falcon 9, 69.75 MUSD for 12 t to SSO = 5,812 USD/kg: 1.20."),
    "spare_fraction": (
        "0: failures are replaced by the next year's launches (Starlink practice). Iridium "
        "NEXT flies 6 in-orbit spares for 66 satellites (0.09, 2019), the range's upper end. "
        "Spares are launched and operated but compute only while the fleet is short."),
})

# Uncertainty of each numeric input: (confidence, low, high). A low/high pair is the range
# a source gives; None leaves the range to the confidence rule of
# thermaldesign.studytools.uncertainty (high +-5 %, medium +-20 %, low a factor 2).
_RANGES = MappingProxyType({
    "launch_learning_rate": ("medium", 0.10, 0.30),
    "launch_experience_mass": ("low", None, None),
    "manufacturing_learning_rate": ("medium", 0.10, 0.25),  # SMAD 85 %; NASA OTPS SBSP 75 %
    "failure_rate": ("medium", 0.01, 0.06),
    "accelerator_failure_rate": ("medium", None, None),
    "accelerator_hard_fraction": ("medium", 0.30, 1.00),
    "accelerator_recovery_hours": ("medium", None, None),
    "operations_cost_fraction": ("low", None, None),
    "insurance_fraction": ("medium", 0.0, 0.11),
    "production_rate": ("low", None, None),
    "production_ramp_years": ("low", 1.0, 6.0),
    "accelerator_supply": ("low", None, None),
    "dispenser_mass_fraction": ("medium", 0.02, 0.15),
    "partial_load_premium": ("medium", 1.0, 1.5),
    "spare_fraction": ("medium", 0.0, 0.15),
})


@dataclass(frozen=True)
class Economics:
    """Economic inputs of a fleet plan, SI and USD, each default with its source.

    Attributes
    ----------
    launch_learning_rate : float
        Launch price reduction per doubling of cumulative launched mass [-], in [0, 1).
    launch_experience_mass : float
        Cumulative mass the launch provider has flown when its catalog price holds [kg].
    manufacturing_learning_rate : float
        Satellite bus cost reduction per doubling of units built [-], in [0, 1).
        Accelerators are bought at their catalog price, without learning.
    failure_rate : float
        Whole-satellite failures per satellite-year [1/yr], in [0, 1).
    accelerator_failure_rate : float
        Accelerators lost per accelerator-year in orbit [1/yr], in [0, 1); on the ground the
        same rate buys replacement parts.
    operations_cost_fraction : float
        Ground segment and operations per satellite-year as a fraction of the satellite's
        first-unit hardware cost [1/yr].
    operations_cost_per_satellite_year : float or None
        Ground segment and operations per satellite-year [USD/yr]; overrides the fraction.
    insurance_fraction : float
        Launch-plus-one-year insurance premium as a fraction of satellite plus launch cost
        [-], in [0, 1].
    utilisation : float
        Fraction of available GPU-hours sold [-], in (0, 1]; the same on the ground.
    availability : float
        Fraction of time a working satellite delivers compute [-], in (0, 1].
    discount_rate : float
        Cost of capital [1/yr], in [0, 1].
    terrestrial : str or TerrestrialBaseline
        Terrestrial data center compared against (catalog key or entry).
    refresh_period : float or None
        Satellite replacement period to refresh accelerators [yr], >= 1: satellites retire
        after ``min(life, refresh_period)`` and are replaced by the same design (a newer
        accelerator's gain is not credited; plan a fleet of a design sized with it).
    launch_price_per_kg : float or None
        Launch price per kg of LEO payload capacity at the reference experience [USD/kg];
        None takes the vehicle's catalog price. The design spec's own
        ``launch_price_per_kg`` (used by the ``min_cost_per_compute`` sizing objective) is
        not read here: the fleet is priced on the vehicle it flies.
    max_launches_per_year : float or None
        Launch cadence available to the fleet [launches/yr]; None takes the catalog's.
    fairing_volume_fraction : float
        Fraction of the fairing volume stowed satellites can fill [-], in (0, 1].
    break_even_upper_bound : float
        Highest launch price searched for a break-even [USD/kg].
    accelerator_hard_fraction : float
        Share of ``accelerator_failure_rate`` that destroys the part [-], in [0, 1]; the
        rest is recoverable in place (a reset) and costs availability only. A design that
        carries its own ``accelerator_hard_failure_rate`` [1/yr] (e.g. from an Arrhenius
        model at its junction temperature) overrides the split.
    accelerator_recovery_hours : float
        Outage of one recoverable accelerator fault [h], >= 0.
    production_rate : float or None
        Satellites the factory builds a year at full rate [1/yr]; None: unlimited.
    production_ramp_years : float
        Years to full rate [yr], >= 1: year ``y`` builds ``rate * min(1, (y + 1) / ramp)``.
    accelerator_supply : float or None
        Accelerators the fleet can buy a year [1/yr]; None: unlimited.
    dispenser_mass_fraction : float
        Dispenser and adapter mass per kg of satellite carried [-], in [0, 1).
    partial_load_premium : float
        Price per kg of a shared launch over the dedicated launch's price per kg [-], >= 1.
    spare_fraction : float
        In-orbit spares as a share of the operating fleet [-], in [0, 1].
    """

    launch_learning_rate: float = 0.20
    launch_experience_mass: float = 580 * 14_000.0
    manufacturing_learning_rate: float = 0.15
    failure_rate: float = 0.03
    accelerator_failure_rate: float = _LLAMA3_GPU_FAILURES / _LLAMA3_GPU_YEARS
    operations_cost_fraction: float = 0.15 / 8.0
    operations_cost_per_satellite_year: float | None = None
    insurance_fraction: float = 0.10
    utilisation: float = 1.0
    availability: float = 1.0
    discount_rate: float = 0.0
    terrestrial: object = "hyperscale_typical"
    refresh_period: float | None = None
    launch_price_per_kg: float | None = None
    max_launches_per_year: float | None = None
    fairing_volume_fraction: float = 0.5
    break_even_upper_bound: float = 100_000.0
    accelerator_hard_fraction: float = 41.5 / (41.5 + 19.5)
    accelerator_recovery_hours: float = 2.2
    production_rate: float | None = 3640.0
    production_ramp_years: float = 3.0
    accelerator_supply: float | None = 0.10 * 3.85e6
    dispenser_mass_fraction: float = 275.0 / (6 * 400.0)
    partial_load_premium: float = 7000.0 / (69.75e6 / 12_000.0)
    spare_fraction: float = 0.0

    def __post_init__(self):
        unit_interval_open = {"low": 0.0, "high": 1.0, "high_open": True}
        for name in ("launch_learning_rate", "manufacturing_learning_rate", "failure_rate",
                     "accelerator_failure_rate"):
            check_scalar(getattr(self, name), name, **unit_interval_open)
        check_scalar(self.launch_experience_mass, "launch_experience_mass", low=0.0,
                     low_open=True, unit="kg")
        check_scalar(self.operations_cost_fraction, "operations_cost_fraction", low=0.0,
                     high=1.0, unit="1/yr")
        if self.operations_cost_per_satellite_year is not None:
            check_scalar(self.operations_cost_per_satellite_year,
                         "operations_cost_per_satellite_year", low=0.0, unit="USD/yr")
        check_scalar(self.insurance_fraction, "insurance_fraction", low=0.0, high=1.0)
        for name in ("utilisation", "availability", "fairing_volume_fraction"):
            check_scalar(getattr(self, name), name, low=0.0, high=1.0, low_open=True)
        check_scalar(self.discount_rate, "discount_rate", low=0.0, high=1.0, unit="1/yr")
        if self.refresh_period is not None:
            check_scalar(self.refresh_period, "refresh_period", low=1.0, high=100.0, unit="yr")
        if self.launch_price_per_kg is not None:
            check_scalar(self.launch_price_per_kg, "launch_price_per_kg", low=0.0,
                         unit="USD/kg")
        if self.max_launches_per_year is not None:
            check_scalar(self.max_launches_per_year, "max_launches_per_year", low=0.0,
                         low_open=True, high=1e5, unit="launches/yr")
        check_scalar(self.break_even_upper_bound, "break_even_upper_bound", low=1.0,
                     high=1e8, unit="USD/kg")
        self._check_realism()
        if not isinstance(self.terrestrial, str) and not hasattr(self.terrestrial,
                                                                 "capex_per_watt"):
            raise InputError(
                f"terrestrial = {self.terrestrial!r} is neither a catalog key nor a "
                "TerrestrialBaseline"
            )

    def _check_realism(self):
        """Validate the production, supply, manifest and replacement inputs."""
        check_scalar(self.accelerator_hard_fraction, "accelerator_hard_fraction", low=0.0,
                     high=1.0)
        check_scalar(self.accelerator_recovery_hours, "accelerator_recovery_hours", low=0.0,
                     high=8766.0, unit="h")
        for name in ("production_rate", "accelerator_supply"):
            if getattr(self, name) is not None:
                check_scalar(getattr(self, name), name, low=0.0, low_open=True, high=1e9,
                             unit="1/yr")
        check_scalar(self.production_ramp_years, "production_ramp_years", low=1.0, high=100.0,
                     unit="yr")
        check_scalar(self.dispenser_mass_fraction, "dispenser_mass_fraction", low=0.0,
                     high=1.0, high_open=True)
        check_scalar(self.partial_load_premium, "partial_load_premium", low=1.0, high=100.0)
        check_scalar(self.spare_fraction, "spare_fraction", low=0.0, high=1.0)

    @staticmethod
    def uncertainty(field: str) -> tuple[str, float | None, float | None]:
        """``(confidence, low, high)`` of a numeric input's default.

        ``low`` and ``high`` are the range a source gives (None where it gives none: the
        confidence rule of :mod:`thermaldesign.studytools.uncertainty` then sets it).
        Fields without a listed range are "medium".
        """
        if field not in _SOURCES:
            raise InputError(f"Economics has no field {field!r}; fields: {', '.join(_SOURCES)}")
        return _RANGES.get(field, ("medium", None, None))

    @staticmethod
    def source(field: str) -> str:
        """Where the default of ``field`` comes from."""
        if field not in _SOURCES:
            raise InputError(f"Economics has no field {field!r}; fields: {', '.join(_SOURCES)}")
        return _SOURCES[field]

    def replace(self, **changes) -> Economics:
        """A copy with ``changes`` applied (validated)."""
        return dataclasses.replace(self, **changes)

    def to_dict(self) -> dict:
        """Plain-dict form; a terrestrial entry is stored by its key."""
        data = dataclasses.asdict(self)
        if not isinstance(self.terrestrial, str):
            data["terrestrial"] = getattr(self.terrestrial, "key", str(self.terrestrial))
        return data

    @classmethod
    def from_dict(cls, data: dict) -> Economics:
        """Inverse of :meth:`to_dict`."""
        names = {f.name for f in dataclasses.fields(cls)}
        unknown = set(data) - names
        if unknown:
            raise InputError(f"unknown Economics fields: {', '.join(sorted(unknown))}")
        return cls(**data)



# ------------------------------------------------------------------------------ break-even

#: Absolute and relative tolerances of the break-even root [USD/kg], [-].
BREAK_EVEN_XTOL = 1e-9
BREAK_EVEN_RTOL = 1e-12


def break_even_root(cost_gap, low, high):
    """Launch price in ``[low, high]`` where ``cost_gap`` changes sign [USD/kg].

    Brent's method (``scipy.optimize.brentq``) to :data:`BREAK_EVEN_XTOL` USD/kg and
    :data:`BREAK_EVEN_RTOL`: the root of orbit cost minus ground cost, the fleet's
    break-even launch price.

    Parameters
    ----------
    cost_gap : callable
        Orbit minus ground cost as a function of the launch price [USD/kg], continuous,
        of opposite signs (or zero) at ``low`` and ``high``; any cost unit.
    low, high : float
        Ends of the bracket [USD/kg], ``low < high``.

    Returns
    -------
    float
        The break-even launch price [USD/kg].

    References
    ----------
    Brent, R. P., Algorithms for Minimization without Derivatives (1973), ch. 4.
    """
    low = check_scalar(low, "low", unit="USD/kg")
    high = check_scalar(high, "high", unit="USD/kg")
    if not low < high:
        raise InputError(f"low = {low:g} USD/kg must be below high = {high:g} USD/kg")
    if cost_gap(low) * cost_gap(high) > 0.0:
        raise InputError(
            f"cost_gap has the same sign at {low:g} and {high:g} USD/kg: no break-even between"
        )
    return float(scipy.optimize.brentq(cost_gap, low, high, xtol=BREAK_EVEN_XTOL,
                                       rtol=BREAK_EVEN_RTOL))


def _linear(low, high, gap_low, gap_high):
    """The line through (low, gap_low) and (high, gap_high), as a function of price."""
    return lambda price: float(np.interp(price, (low, high), (gap_low, gap_high)))


def break_even_launch_price(launch_prices, costs, terrestrial_cost):
    """Launch price at which a sampled orbital cost first rises to the ground cost [USD/kg].

    The cost is taken as linear between samples; the first segment where the cost minus
    the ground cost goes from below zero to above it holds the crossing, found with
    :func:`break_even_root`:

    .. math:: p^* = p_i + (c_T - c_i)\\,\\frac{p_{i+1} - p_i}{c_{i+1} - c_i}

    Parameters
    ----------
    launch_prices : array_like, shape (n,)
        Launch prices [USD/kg], >= 0, strictly increasing, n >= 2.
    costs : array_like, shape (n,)
        Orbital cost at each launch price, same unit as ``terrestrial_cost``.
    terrestrial_cost : float
        Ground cost, same unit.

    Returns
    -------
    float or None
        The break-even launch price [USD/kg]; ``None`` when the curve does not rise
        through the ground cost inside the range (always cheaper, or never cheaper).
    """
    prices = check_array(launch_prices, "launch_prices", low=0.0, unit="USD/kg")
    costs = check_array(costs, "costs")
    if prices.ndim != 1 or costs.shape != prices.shape:
        raise InputError(
            f"launch_prices and costs must be 1-D of the same length; got shapes "
            f"{prices.shape} and {costs.shape}"
        )
    if prices.size < 2 or np.any(np.diff(prices) <= 0):
        raise InputError("launch_prices must hold at least 2 strictly increasing values")
    excess = costs - check_scalar(terrestrial_cost, "terrestrial_cost")
    for i in range(prices.size - 1):
        if excess[i] == 0.0:
            return float(prices[i])
        if excess[i] < 0.0 < excess[i + 1]:
            low, high = prices[i : i + 2]
            return break_even_root(_linear(low, high, excess[i], excess[i + 1]), low, high)
    return float(prices[-1]) if excess[-1] == 0.0 else None
