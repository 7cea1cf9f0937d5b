"""Typed, validated catalog entries.

Every entry is a frozen dataclass in SI units. The constructor validates every field, so
an ``Accelerator`` built in code (custom hardware carried by a spec) is held to the same
ranges as one loaded from the catalog files; bad values raise
:class:`~thermaldesign.errors.InputError` naming the field, the value and the valid range.

Each entry also carries per-field :class:`Provenance` (source, date, confidence, note).
Entries built in code without provenance report ``confidence="user"``.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date as _date
from types import MappingProxyType
from typing import Any, ClassVar, NamedTuple

from .._validation import check_positive_int, check_scalar
from ..errors import CatalogError, InputError

__all__ = [
    "CONFIDENCE_LEVELS",
    "Accelerator",
    "Battery",
    "BusClass",
    "CatalogEntry",
    "Coating",
    "FieldSpec",
    "FinMaterial",
    "LaunchVehicle",
    "Provenance",
    "RadiatorTechnology",
    "RadiatorTube",
    "SolarArray",
    "TerrestrialBaseline",
    "check_date",
]

#: Allowed confidence levels in the catalog files: "high" measured or datasheet value,
#: "medium" published estimate, "low" rough estimate, "estimate" our own engineering
#: estimate (the note says how it was made).
CONFIDENCE_LEVELS = ("high", "medium", "low", "estimate")

_LARGEST_FLOAT = 1.7976931348623157e308

_DATE_PATTERN = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def check_date(text: str) -> str:
    """Return ``text`` if it is a date ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``.

    Raises :class:`InputError` otherwise (also for impossible dates such as 2024-02-30).
    """
    match = _DATE_PATTERN.match(str(text))
    if not match:
        raise InputError(f"date = {text!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = (int(part) if part else 1 for part in match.groups())
    try:
        _date(year, month, day)
    except ValueError:
        raise InputError(f"date = {text!r} is not a valid calendar date") from None
    if not 1900 <= year <= 2100:
        raise InputError(f"date = {text!r} has a year outside [1900, 2100]")
    return str(text)


class Provenance(NamedTuple):
    """Where one catalog number comes from.

    Attributes
    ----------
    source : str
        Citation: datasheet, paper, press release, or how an estimate was made.
    date : str
        Date of the source, ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` ("" for user data).
    confidence : str
        One of :data:`CONFIDENCE_LEVELS`, or "user" for entries built in code.
    note : str | None
        Optional remark: the derivation of an estimate, the exact table, a caveat.
    low, high : float | None
        The range the source gives, in the field's SI unit (None where it gives none; the
        uncertainty tools then apply their rule by confidence).
    """

    source: str
    date: str
    confidence: str
    note: str | None = None
    low: float | None = None
    high: float | None = None


USER_PROVENANCE = Provenance(
    source="user-supplied", date="", confidence="user", note="built in code, not from the catalog"
)

#: provenance of an optional field an entry leaves out (its value is None)
_ABSENT = Provenance(source="not given: no published value for this entry", date="",
                     confidence="low", note="the field is None")


class FieldSpec(NamedTuple):
    """Type, SI unit and valid range of one numeric entry field."""

    unit: str
    low: float | None = None
    high: float | None = None
    low_open: bool = False
    high_open: bool = False
    integer: bool = False

    def interval(self) -> str:
        left = "(" if self.low_open or self.low is None else "["
        right = ")" if self.high_open or self.high is None else "]"
        low = "-inf" if self.low is None else f"{self.low:g}"
        high = "inf" if self.high is None else f"{self.high:g}"
        return f"{left}{low}, {high}{right}"


def _fraction(low_open=True, high_open=False) -> FieldSpec:
    return FieldSpec("-", 0.0, 1.0, low_open, high_open)


@dataclass(frozen=True)
class CatalogEntry:
    """Base class: validation, provenance and row export shared by every kind."""

    #: numeric field name -> FieldSpec (set by each subclass)
    NUMERIC: ClassVar[dict[str, FieldSpec]] = {}
    #: text field names other than key and name (e.g. a radiator's coating key)
    TEXT: ClassVar[tuple[str, ...]] = ()
    KIND: ClassVar[str] = ""
    #: numeric fields an entry may leave out (``None``: the entry has no value for it)
    OPTIONAL: ClassVar[tuple[str, ...]] = ()

    def __post_init__(self) -> None:
        for text_field in ("key", "name", *self.TEXT):
            value = getattr(self, text_field)
            if not isinstance(value, str) or not value.strip():
                raise InputError(f"{text_field} must be a non-empty string; got {value!r}")
        for name, spec in self.NUMERIC.items():
            value = getattr(self, name)
            if value is None and name in self.OPTIONAL:
                continue
            if spec.integer:
                checked = check_positive_int(value, name, minimum=int(spec.low or 0))
                if spec.high is not None and checked > spec.high:
                    raise InputError(
                        f"{name} = {checked} is outside the valid range {spec.interval()}"
                    )
            else:
                if isinstance(value, int) and not isinstance(value, bool) and (
                    abs(value) > _LARGEST_FLOAT
                ):  # a Python int beyond the float range (10**400 in a TOML file)
                    digits = int(value.bit_length() * 0.30103) + 1
                    raise InputError(
                        f"{name} is a {digits}-digit integer, beyond the float range; "
                        f"valid range {spec.interval()}"
                    )
                checked = check_scalar(
                    value,
                    name,
                    low=spec.low,
                    high=spec.high,
                    low_open=spec.low_open,
                    high_open=spec.high_open,
                    unit=spec.unit if spec.unit != "-" else "",
                )
            object.__setattr__(self, name, checked)
        self._check_consistency()
        if self.sources is not None and not isinstance(self.sources, Mapping):
            raise InputError(
                f"sources must be a mapping field -> Provenance; got {self.sources!r}"
            )
        sources = dict(self.sources or {})
        for name, prov in sources.items():
            if name not in self.NUMERIC and name not in ("name", *self.TEXT):
                raise InputError(f"sources names unknown field {name!r} of {type(self).__name__}")
            if not isinstance(prov, Provenance):
                raise InputError(f"sources[{name!r}] must be a Provenance; got {prov!r}")
        object.__setattr__(self, "sources", MappingProxyType(sources))

    def _check_consistency(self) -> None:
        """Cross-field checks; subclasses override."""

    def provenance(self, field_name: str) -> Provenance:
        """Return the :class:`Provenance` of one field.

        Parameters
        ----------
        field_name : str
            A numeric or text field of this entry, e.g. ``"power"``.

        Returns
        -------
        Provenance
            Source, date, confidence and note; ``confidence="user"`` for entries built in
            code without provenance.
        """
        valid = (*self.NUMERIC, "name", *self.TEXT)
        if not isinstance(field_name, str) or field_name not in valid:
            near = difflib.get_close_matches(str(field_name), valid, n=1)
            hint = f"; did you mean '{near[0]}'?" if near else ""
            raise CatalogError(
                f"{type(self).__name__} has no field {field_name!r}{hint} "
                f"(fields: {', '.join(valid)})"
            )
        if field_name in self.OPTIONAL and getattr(self, field_name) is None:
            return _ABSENT
        return self.sources.get(field_name, USER_PROVENANCE)

    def replace(self, **changes: Any):
        """Return a copy with ``changes`` applied; changed fields get user provenance."""
        valid = [f.name for f in dataclasses.fields(self) if f.compare]
        for name in changes:
            if name not in valid:
                near = difflib.get_close_matches(name, valid, n=1)
                hint = f"; did you mean '{near[0]}'?" if near else ""
                raise CatalogError(
                    f"{type(self).__name__} has no field {name!r}{hint} "
                    f"(fields: {', '.join(valid)})"
                )
        sources = {k: v for k, v in self.sources.items() if k not in changes}
        return dataclasses.replace(self, sources=sources, **changes)

    def to_dict(self) -> dict[str, Any]:
        """Return the fields as a plain dict in SI units (no provenance)."""
        return {f.name: getattr(self, f.name) for f in dataclasses.fields(self) if f.compare}

    def __reduce__(self):
        # The read-only sources view cannot be pickled: send a plain dict, so that an
        # entry of the user's own (or one with a field changed) reaches sweep workers.
        return (_rebuild_entry, (type(self), self.to_dict(), dict(self.sources)))


def _rebuild_entry(cls, values: dict, sources: dict) -> CatalogEntry:
    """An entry from its pickled fields and provenance (validated again)."""
    return cls(**values, sources=sources)


_SOURCES = field(default=None, kw_only=True, repr=False, compare=False)


@dataclass(frozen=True)
class Accelerator(CatalogEntry):
    """An AI accelerator (GPU or TPU) with its share of the server around it.

    Attributes
    ----------
    key, name : str
        Catalog key and human-readable name.
    power : float
        Board power (TDP) of one accelerator [W].
    server_power : float
        Power of the rest of the server per accelerator: host CPUs, memory, network,
        switches, fans or pumps [W].
    flops : float
        Dense BF16 throughput, no sparsity [FLOP/s].
    mass : float
        Mass per accelerator including its share of server board, cold plate and
        chassis [kg].
    junction_limit : float
        Maximum junction (or specified maximum operating) temperature [K].
    cost : float
        Unit cost per accelerator including its share of the server [USD].
    host_power : float
        Host share a space-native board needs per accelerator: cold-plated CPU, memory,
        NIC and switch share, no fans and no AC-DC supply [W]. ``server_power`` is the
        terrestrial chassis' share (wall power, supply losses and fans included).
    clock_min_fraction : float
        Lowest clock fraction f/f_max of the power and throughput fits [-].
    clock_static_fraction : float
        Clock-independent share s of full-clock board power at ``junction_limit`` [-].
    clock_power_exponent : float
        a of the dynamic power (1 - s) x^a [-].
    clock_throughput_exponent : float
        b of the throughput x^b [-].
    leakage_fraction : float
        Temperature-dependent leakage share of TDP at ``junction_limit`` [-] (<= s).
    leakage_activation : float
        b of the leakage shape T^2 exp(-b/T) [K].
    hard_failure_rate : float
        Hard (replacement) failures per accelerator-year at ``failure_temperature``
        [1/yr]; recoverable interruptions excluded.
    failure_temperature : float
        Junction temperature of the field failure rate [K].
    activation_energy : float
        Apparent Arrhenius activation energy of the hard failures [eV].

    The clock and leakage defaults are the A100 (Perseus) and K20 fits of
    :mod:`thermaldesign.accelerator`, transferred in normalised form; the failure
    defaults are the H100 field data (Llama 3 Table 5, Crusoe split), see
    ``accelerators.toml``.
    """

    key: str
    name: str
    power: float
    server_power: float
    flops: float
    mass: float
    junction_limit: float
    cost: float
    host_power: float = 150.0
    clock_min_fraction: float = 0.606
    clock_static_fraction: float = 0.398
    clock_power_exponent: float = 3.75
    clock_throughput_exponent: float = 0.794
    leakage_fraction: float = 0.15
    leakage_activation: float = 3209.7
    hard_failure_rate: float = 0.072
    failure_temperature: float = 343.15
    activation_energy: float = 0.7
    sources: Mapping[str, Provenance] | None = _SOURCES

    KIND: ClassVar[str] = "accelerators"
    NUMERIC: ClassVar[dict[str, FieldSpec]] = {
        "power": FieldSpec("W", 1.0, 1e4, low_open=True),
        "server_power": FieldSpec("W", 0.0, 1e4),
        "flops": FieldSpec("FLOP/s", 1e9, 1e18),
        "mass": FieldSpec("kg", 0.0, 1000.0, low_open=True),
        "junction_limit": FieldSpec("K", 323.15, 448.15),
        "cost": FieldSpec("USD", 0.0, 1e7),
        "host_power": FieldSpec("W", 0.0, 1e4),
        "clock_min_fraction": FieldSpec("-", 0.0, 1.0, low_open=True),
        "clock_static_fraction": FieldSpec("-", 0.0, 1.0, high_open=True),
        "clock_power_exponent": FieldSpec("-", 1.0, 6.0),
        "clock_throughput_exponent": FieldSpec("-", 0.0, 1.0, low_open=True),
        "leakage_fraction": FieldSpec("-", 0.0, 1.0, high_open=True),
        "leakage_activation": FieldSpec("K", 0.0, 2e4),
        "hard_failure_rate": FieldSpec("1/yr", 0.0, 10.0),
        "failure_temperature": FieldSpec("K", 250.0, 500.0),
        "activation_energy": FieldSpec("eV", 0.0, 5.0, low_open=True),
    }

    def _check_consistency(self) -> None:
        if self.leakage_fraction > self.clock_static_fraction:
            raise InputError(
                f"leakage_fraction = {self.leakage_fraction:g} exceeds clock_static_fraction "
                f"= {self.clock_static_fraction:g}: leakage is part of the static power; "
                "valid range [0, clock_static_fraction]"
            )

    @property
    def total_power(self) -> float:
        """Accelerator board power plus its server share [W]."""
        return self.power + self.server_power


@dataclass(frozen=True)
class Coating(CatalogEntry):
    """A thermal-control surface finish, beginning and end of life.

    Attributes
    ----------
    absorptivity_bol, absorptivity_eol : float
        Solar absorptivity alpha at beginning and end of life [-].
    emissivity_bol, emissivity_eol : float
        Hemispherical infrared emissivity at beginning and end of life [-].
    eol_years : float
        Exposure (years in low Earth orbit) the end-of-life values refer to [yr].
    """

    key: str
    name: str
    absorptivity_bol: float
    absorptivity_eol: float
    emissivity_bol: float
    emissivity_eol: float
    eol_years: float
    sources: Mapping[str, Provenance] | None = _SOURCES

    KIND: ClassVar[str] = "coatings"
    NUMERIC: ClassVar[dict[str, FieldSpec]] = {
        "absorptivity_bol": _fraction(),
        "absorptivity_eol": _fraction(),
        "emissivity_bol": _fraction(),
        "emissivity_eol": _fraction(),
        "eol_years": FieldSpec("yr", 0.0, 50.0, low_open=True),
    }

    def _check_consistency(self) -> None:
        # Ultraviolet, atomic oxygen and contamination only darken a coating.
        if self.absorptivity_eol < self.absorptivity_bol:
            raise InputError(
                f"absorptivity_eol = {self.absorptivity_eol:g} is below absorptivity_bol = "
                f"{self.absorptivity_bol:g}; valid range [{self.absorptivity_bol:g}, 1]"
            )


@dataclass(frozen=True)
class SolarArray(CatalogEntry):
    """A solar array technology (cells on their substrate, as flown).

    Attributes
    ----------
    cell_efficiency : float
        Cell efficiency at AM0, beginning of life, reference temperature [-].
    packing_factor : float
        Cell area / array area [-].
    areal_density : float
        Array mass per m^2 of array, incl. substrate, wiring and deployment share [kg/m^2].
    inherent_degradation : float
        Design and assembly losses factor (SMAD I_d) [-].
    degradation_per_year : float
        Fractional power loss per year in orbit (radiation, UV, cycling) [1/yr].
    temperature_coefficient : float
        Relative power temperature coefficient, negative: dP/P per K [1/K].
    reference_temperature : float
        Temperature at which ``cell_efficiency`` is rated [K].
    absorptivity : float
        Solar absorptivity of the front (cell side) [-].
    front_emissivity, back_emissivity : float
        Infrared emissivity of the front and back faces [-].
    cost_per_watt : float
        Array cost per W at beginning of life [USD/W].
    """

    key: str
    name: str
    cell_efficiency: float
    packing_factor: float
    areal_density: float
    inherent_degradation: float
    degradation_per_year: float
    temperature_coefficient: float
    reference_temperature: float
    absorptivity: float
    front_emissivity: float
    back_emissivity: float
    cost_per_watt: float
    sources: Mapping[str, Provenance] | None = _SOURCES

    KIND: ClassVar[str] = "solar_arrays"
    NUMERIC: ClassVar[dict[str, FieldSpec]] = {
        "cell_efficiency": _fraction(high_open=True),
        "packing_factor": _fraction(),
        "areal_density": FieldSpec("kg/m^2", 0.0, 50.0, low_open=True),
        "inherent_degradation": _fraction(),
        "degradation_per_year": FieldSpec("1/yr", 0.0, 0.5, high_open=True),
        "temperature_coefficient": FieldSpec("1/K", -0.02, 0.0),
        "reference_temperature": FieldSpec("K", 200.0, 400.0),
        "absorptivity": _fraction(),
        "front_emissivity": _fraction(),
        "back_emissivity": _fraction(),
        "cost_per_watt": FieldSpec("USD/W", 0.0, 1e4),
    }

    def _check_consistency(self) -> None:
        # Power leaves the array as electricity, so the cell cannot turn more sunlight
        # into power than it absorbs.
        if self.cell_efficiency >= self.absorptivity:
            raise InputError(
                f"cell_efficiency = {self.cell_efficiency:g} must be below absorptivity = "
                f"{self.absorptivity:g}"
            )


@dataclass(frozen=True)
class RadiatorTechnology(CatalogEntry):
    """A radiator panel technology.

    Attributes
    ----------
    areal_density : float
        Mass per m^2 of panel planform incl. heat transport (heat pipes or loops),
        face sheets, core, coating and deployment share [kg/m^2].
    max_temperature : float
        Highest allowed operating temperature of the panel [K].
    sides : int
        Radiating faces: 1 (body-mounted) or 2 (deployed, both faces see space) [-].
    fin_efficiency : float
        Effective fin efficiency of the panel at design conditions [-].
    cost_per_area : float
        Cost per m^2 of panel planform [USD/m^2].
    coating : str
        Key of the surface finish in the ``coatings`` catalog.
    """

    key: str
    name: str
    areal_density: float
    max_temperature: float
    sides: int
    fin_efficiency: float
    cost_per_area: float
    coating: str
    sources: Mapping[str, Provenance] | None = _SOURCES

    KIND: ClassVar[str] = "radiators"
    TEXT: ClassVar[tuple[str, ...]] = ("coating",)
    NUMERIC: ClassVar[dict[str, FieldSpec]] = {
        "areal_density": FieldSpec("kg/m^2", 0.0, 100.0, low_open=True),
        "max_temperature": FieldSpec("K", 250.0, 2000.0),
        "sides": FieldSpec("-", 1, 2, integer=True),
        "fin_efficiency": _fraction(),
        "cost_per_area": FieldSpec("USD/m^2", 0.0, 1e7),
    }


@dataclass(frozen=True)
class Battery(CatalogEntry):
    """A battery technology at pack level.

    Attributes
    ----------
    specific_energy : float
        Installed energy per kg of pack (cells, structure, harness, BMS) [J/kg].
    depth_of_discharge : float
        Allowed depth of discharge per eclipse cycle for the design life [-].
    discharge_efficiency : float
        Battery-to-bus discharge efficiency [-].
    cost_per_kwh : float
        Pack cost per kWh installed [USD/kWh].
    """

    key: str
    name: str
    specific_energy: float
    depth_of_discharge: float
    discharge_efficiency: float
    cost_per_kwh: float
    sources: Mapping[str, Provenance] | None = _SOURCES

    KIND: ClassVar[str] = "batteries"
    NUMERIC: ClassVar[dict[str, FieldSpec]] = {
        "specific_energy": FieldSpec("J/kg", 0.0, 3.6e6, low_open=True),
        "depth_of_discharge": _fraction(),
        "discharge_efficiency": _fraction(),
        "cost_per_kwh": FieldSpec("USD/kWh", 0.0, 1e6),
    }


@dataclass(frozen=True)
class LaunchVehicle(CatalogEntry):
    """A launch vehicle.

    Attributes
    ----------
    payload_leo : float
        Payload to low Earth orbit in the configuration priced (reusable if so) [kg].
    payload_sso : float
        Payload to a ~550 km sun-synchronous orbit, same configuration [kg].
    price : float
        Price per launch [USD].
    fairing_volume : float
        Usable payload volume under the fairing [m^3].
    fairing_diameter : float
        Usable inner diameter of the fairing [m].
    max_launches_per_year : float
        Launch cadence available per year [launches/yr].
    """

    key: str
    name: str
    payload_leo: float
    payload_sso: float
    price: float
    fairing_volume: float
    fairing_diameter: float
    max_launches_per_year: float
    sources: Mapping[str, Provenance] | None = _SOURCES

    KIND: ClassVar[str] = "launch_vehicles"
    NUMERIC: ClassVar[dict[str, FieldSpec]] = {
        "payload_leo": FieldSpec("kg", 0.0, 1e6, low_open=True),
        "payload_sso": FieldSpec("kg", 0.0, 1e6, low_open=True),
        "price": FieldSpec("USD", 0.0, 1e10, low_open=True),
        "fairing_volume": FieldSpec("m^3", 0.0, 1e4, low_open=True),
        "fairing_diameter": FieldSpec("m", 0.0, 50.0, low_open=True),
        "max_launches_per_year": FieldSpec("launches/yr", 0.0, 1e5, low_open=True),
    }

    def _check_consistency(self) -> None:
        # A 550 km SSO (~97.6 deg) costs more delta-v than a low-inclination LEO.
        if self.payload_sso > self.payload_leo:
            raise InputError(
                f"payload_sso = {self.payload_sso:g} kg exceeds payload_leo = "
                f"{self.payload_leo:g} kg; valid range (0, {self.payload_leo:g}] kg"
            )

    @property
    def price_per_kg_leo(self) -> float:
        """Price per kg at full payload to LEO [USD/kg]."""
        return self.price / self.payload_leo


@dataclass(frozen=True)
class TerrestrialBaseline(CatalogEntry):
    """A terrestrial AI data center to compare against.

    Attributes
    ----------
    capex_per_watt : float
        Facility capital cost (building, power and cooling plant; IT hardware
        excluded) per W of IT power [USD/W].
    electricity_price_per_kwh : float
        Electricity price [USD/kWh].
    pue : float
        Power usage effectiveness, facility power / IT power [-].
    water_per_kwh : float
        Water consumed per kWh of IT energy [L/kWh].
    lifetime_years : float
        Facility depreciation life used in comparisons [yr].
    """

    key: str
    name: str
    capex_per_watt: float
    electricity_price_per_kwh: float
    pue: float
    water_per_kwh: float
    lifetime_years: float
    sources: Mapping[str, Provenance] | None = _SOURCES

    KIND: ClassVar[str] = "terrestrial"
    NUMERIC: ClassVar[dict[str, FieldSpec]] = {
        "capex_per_watt": FieldSpec("USD/W", 0.0, 1000.0),
        "electricity_price_per_kwh": FieldSpec("USD/kWh", 0.0, 10.0, low_open=True),
        "pue": FieldSpec("-", 1.0, 5.0),
        "water_per_kwh": FieldSpec("L/kWh", 0.0, 100.0),
        "lifetime_years": FieldSpec("yr", 0.0, 100.0, low_open=True),
    }


@dataclass(frozen=True)
class FinMaterial(CatalogEntry):
    """A radiator fin (face sheet) material.

    Attributes
    ----------
    conductivity : float
        In-plane thermal conductivity near 300 K [W m^-1 K^-1].
    density : float
        Density [kg m^-3].
    """

    key: str
    name: str
    conductivity: float
    density: float
    sources: Mapping[str, Provenance] | None = _SOURCES

    KIND: ClassVar[str] = "fin_materials"
    NUMERIC: ClassVar[dict[str, FieldSpec]] = {
        "conductivity": FieldSpec("W/(m K)", 0.0, 1e4, low_open=True),
        "density": FieldSpec("kg/m^3", 0.0, 3e4, low_open=True),
    }


@dataclass(frozen=True)
class RadiatorTube(CatalogEntry):
    """A radiator fluid tube or heat pipe, the fins' heat source.

    Attributes
    ----------
    mass_per_length : float
        Tube or heat pipe with its working fluid and saddle, per metre [kg m^-1].
    width : float
        Footprint width on the panel [m].
    wall_thickness : float
        Aluminium-equivalent wall between fluid and space, for the ballistic limit [m].
    """

    key: str
    name: str
    mass_per_length: float
    width: float
    wall_thickness: float
    sources: Mapping[str, Provenance] | None = _SOURCES

    KIND: ClassVar[str] = "radiator_tubes"
    NUMERIC: ClassVar[dict[str, FieldSpec]] = {
        "mass_per_length": FieldSpec("kg/m", 0.0, 100.0, low_open=True),
        "width": FieldSpec("m", 0.0, 1.0, low_open=True),
        "wall_thickness": FieldSpec("m", 0.0, 0.1, low_open=True),
    }


@dataclass(frozen=True)
class BusClass(CatalogEntry):
    """A satellite class by launch mass: the bus masses and powers that do not scale.

    A spec's ``bus_class`` fills its fixed-bus fields from one of these
    (:class:`thermaldesign.sizing.SatelliteSpec`). Each number is a published average
    subsystem share applied to one flown satellite of the class (``bus_classes.toml``
    says which); the class leaves out what no source gives (``None``).

    Attributes
    ----------
    mass_low, mass_high : float
        The class's band of launch (wet) mass, ``mass_low <= m <= mass_high`` [kg].
    representative_mass : float
        Mass of the satellite the shares are applied to [kg].
    representative_power : float or None
        Its published power [W]; ``None`` where none was found.
    avionics_mass : float
        Flight computer, C&DH and TT&C [kg].
    adcs_mass : float
        The whole attitude determination and control system of a fixed bus [kg].
    propulsion_dry_mass : float
        Thrusters, power processing and tanks, without propellant [kg].
    structure_floor_mass, harness_floor_mass : float
        Least structure and harness of the class [kg].
    avionics_power, adcs_power : float or None
        Power of the avionics and of the attitude system [W]; ``None`` where the
        representative's power is not published.
    """

    key: str
    name: str
    mass_low: float
    mass_high: float
    representative_mass: float
    avionics_mass: float
    adcs_mass: float
    propulsion_dry_mass: float
    structure_floor_mass: float
    harness_floor_mass: float
    representative_power: float | None = None
    avionics_power: float | None = None
    adcs_power: float | None = None
    sources: Mapping[str, Provenance] | None = _SOURCES

    KIND: ClassVar[str] = "bus_classes"
    OPTIONAL: ClassVar[tuple[str, ...]] = ("representative_power", "avionics_power",
                                           "adcs_power")
    NUMERIC: ClassVar[dict[str, FieldSpec]] = {
        "mass_low": FieldSpec("kg", 0.0, 1e6),
        "mass_high": FieldSpec("kg", 0.0, 1e6, low_open=True),
        "representative_mass": FieldSpec("kg", 0.0, 1e6, low_open=True),
        "avionics_mass": FieldSpec("kg", 0.0, 1e4),
        "adcs_mass": FieldSpec("kg", 0.0, 1e4),
        "propulsion_dry_mass": FieldSpec("kg", 0.0, 1e4),
        "structure_floor_mass": FieldSpec("kg", 0.0, 1e5),
        "harness_floor_mass": FieldSpec("kg", 0.0, 1e5),
        "representative_power": FieldSpec("W", 0.0, 1e7, low_open=True),
        "avionics_power": FieldSpec("W", 0.0, 1e5),
        "adcs_power": FieldSpec("W", 0.0, 1e5),
    }

    def _check_consistency(self) -> None:
        if self.mass_low >= self.mass_high:
            raise InputError(
                f"mass_low = {self.mass_low:g} kg is not below mass_high = "
                f"{self.mass_high:g} kg; valid range [0, {self.mass_high:g}) kg"
            )

    def holds(self, mass: float) -> bool:
        """Whether a launch mass [kg] lies in the class's band (edges included)."""
        return self.mass_low <= mass <= self.mass_high


#: kind -> entry class, in the order the catalog lists them
ENTRY_TYPES: dict[str, type[CatalogEntry]] = {
    cls.KIND: cls
    for cls in (
        Accelerator,
        Coating,
        SolarArray,
        RadiatorTechnology,
        Battery,
        LaunchVehicle,
        TerrestrialBaseline,
        FinMaterial,
        RadiatorTube,
        BusClass,
    )
}
