"""SatelliteSpec validation and SatelliteDesign export (no solver needed)."""

import pytest

from thermaldesign.errors import InputError
from thermaldesign.sizing import SatelliteSpec


def test_defaults_validate_and_rocket_factor():
    spec = SatelliteSpec()
    # Rocket equation, closed form: exp(300 / (9.80665 * 1500)).
    assert spec.rocket_factor == pytest.approx(1.020603709, rel=1e-9)


@pytest.mark.parametrize(
    "changes, match",
    [
        ({"mass_limit": -1.0}, r"mass_limit = -1 kg is outside the valid range \(0, 1e\+06\]"),
        ({"altitude": 50e3}, r"altitude = 50000 m is outside"),
        ({"orbit": "polar"}, r"orbit = 'polar' is not one of"),
        ({"eclipse_mode": "batery"}, r"did you mean 'battery'"),
        ({"gpu_granularity": 0}, r"gpu_granularity = 0 is outside"),
        ({"structure_fraction": 0.5, "harness_fraction": 0.45}, r"dry mass would be unbounded"),
        ({"daylight_efficiency": float("nan")}, r"daylight_efficiency = nan is not a finite"),
        ({"heat_pump": "yes"}, r"heat_pump must be True or False"),
        ({"accelerator": 3}, r"accelerator must be a 'accelerators' catalog key"),
    ],
)
def test_bad_input_names_field_value_and_range(changes, match):
    with pytest.raises(InputError, match=match):
        SatelliteSpec(**changes)


def test_replace_validates_and_rejects_unknown_fields():
    spec = SatelliteSpec()
    assert spec.replace(mass_limit=1234.0).mass_limit == 1234.0
    assert spec.mass_limit == 3000.0  # frozen original unchanged
    with pytest.raises(InputError, match="did you mean 'mass_limit'"):
        spec.replace(mas_limit=1.0)
    with pytest.raises(InputError, match="lifetime_years = 0 yr is outside"):
        spec.replace(lifetime_years=0.0)


def test_source_reports_spec_defaults_and_user_values():
    spec = SatelliteSpec(mass_limit=2000.0)
    assert spec.source("mass_limit") == "user"
    assert spec.source("delta_v").startswith("spec default")
