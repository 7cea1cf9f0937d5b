"""Human units allowed in the catalog files, and their conversion to the SI field units.

A catalog file may write ``specific_energy = { value = 150, unit = "Wh/kg" }``; the loader
converts it to the field's SI unit (here J/kg). Each field declares its SI unit; only the
units listed for that SI unit are accepted, so a power can never be read as a mass.
"""

from __future__ import annotations

__all__ = ["UNITS", "to_si"]

# SI unit of a field -> {accepted unit: (factor, offset)}; si = value * factor + offset.
UNITS: dict[str, dict[str, tuple[float, float]]] = {
    "W": {"W": (1.0, 0.0), "kW": (1e3, 0.0), "MW": (1e6, 0.0)},
    "kg": {"kg": (1.0, 0.0), "g": (1e-3, 0.0), "t": (1e3, 0.0), "lb": (0.45359237, 0.0)},
    "K": {"K": (1.0, 0.0), "degC": (1.0, 273.15)},
    "-": {"-": (1.0, 0.0), "%": (0.01, 0.0)},
    "FLOP/s": {"FLOP/s": (1.0, 0.0), "TFLOP/s": (1e12, 0.0), "PFLOP/s": (1e15, 0.0)},
    "USD": {"USD": (1.0, 0.0), "kUSD": (1e3, 0.0), "MUSD": (1e6, 0.0)},
    "kg/m^2": {"kg/m^2": (1.0, 0.0), "g/m^2": (1e-3, 0.0)},
    "J/kg": {"J/kg": (1.0, 0.0), "kJ/kg": (1e3, 0.0), "Wh/kg": (3600.0, 0.0)},
    "USD/W": {"USD/W": (1.0, 0.0), "USD/kW": (1e-3, 0.0)},
    "USD/m^2": {"USD/m^2": (1.0, 0.0), "kUSD/m^2": (1e3, 0.0)},
    # Electricity and battery prices stay per kWh (fields named ..._per_kwh).
    "USD/kWh": {"USD/kWh": (1.0, 0.0), "USD/MWh": (1e-3, 0.0), "cent/kWh": (0.01, 0.0)},
    "m^3": {"m^3": (1.0, 0.0), "L": (1e-3, 0.0)},
    "m": {"m": (1.0, 0.0), "cm": (1e-2, 0.0), "mm": (1e-3, 0.0), "km": (1e3, 0.0)},
    # Relative temperature coefficients: a change of 1 K equals a change of 1 degC.
    "1/K": {"1/K": (1.0, 0.0), "%/K": (0.01, 0.0), "%/degC": (0.01, 0.0)},
    "1/yr": {"1/yr": (1.0, 0.0), "%/yr": (0.01, 0.0)},
    "yr": {"yr": (1.0, 0.0)},
    "eV": {"eV": (1.0, 0.0)},
    "W/(m K)": {"W/(m K)": (1.0, 0.0)},
    "kg/m^3": {"kg/m^3": (1.0, 0.0), "g/cm^3": (1e3, 0.0)},
    "kg/m": {"kg/m": (1.0, 0.0), "g/m": (1e-3, 0.0)},
    "launches/yr": {"launches/yr": (1.0, 0.0)},
    "L/kWh": {"L/kWh": (1.0, 0.0), "m^3/MWh": (1.0, 0.0)},
}


def to_si(value: float, unit: str, si_unit: str) -> float:
    """Convert ``value`` given in ``unit`` to ``si_unit``.

    Raises ``KeyError`` with the accepted units as its argument when ``unit`` is not an
    accepted spelling for ``si_unit`` (the loader turns it into a ``CatalogError``).
    """
    accepted = UNITS[si_unit]
    if unit not in accepted:
        raise KeyError(", ".join(accepted))
    factor, offset = accepted[unit]
    return value * factor + offset
