"""SatelliteSpec validation and SatelliteDesign export (no solver needed)."""

import dataclasses
import warnings
from html.parser import HTMLParser

import pytest

from thermaldesign._html import format_value
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


TECHNOLOGIES = ("accelerator", "solar_array", "radiator", "coating", "battery",
                "fin_material", "radiator_tube")


@pytest.mark.parametrize("changes", [
    {"mass_limit": 2500.0},
    {"radiator": "carbon_high_temperature"},  # the unset coating follows the radiator
    {"coating": "silvered_teflon"},
    {"accelerator": "b200", "altitude": 700e3},
])
def test_replace_carries_resolved_entries_equal_to_a_fresh_spec(changes):
    """Oracle: the same spec built from its fields alone resolves every entry itself."""
    copy = SatelliteSpec().replace(**changes)
    fresh = SatelliteSpec(**{f.name: getattr(copy, f.name)
                             for f in dataclasses.fields(copy)})
    for name in TECHNOLOGIES:
        assert copy.entry(name) == fresh.entry(name), name
    carried = set(copy.__dict__["_entries"]) - set(changes)
    assert carried, "nothing carried"

def test_source_reports_spec_defaults_and_user_values():
    spec = SatelliteSpec(mass_limit=2000.0)
    assert spec.source("mass_limit") == "user"
    assert spec.source("delta_v").startswith("spec default")


# --------------------------------------------------------------- SatelliteDesign export

from thermaldesign.errors import StudyFileError  # noqa: E402
from thermaldesign.sizing import SatelliteDesign, size_satellite  # noqa: E402


@pytest.fixture(scope="module")
def design():
    return size_satellite(SatelliteSpec(mass_limit=1500.0))


def test_json_round_trip(design, tmp_path):
    path = design.save(tmp_path / "design.json")
    loaded = SatelliteDesign.load(path)
    assert loaded == design
    assert loaded.diff(design) == {}
    assert loaded.spec.entry("accelerator").key == "h100_sxm"


def test_round_trip_keeps_custom_technology_entries(tmp_path):
    spec = SatelliteSpec(mass_limit=1500.0)
    custom = spec.entry("radiator").replace(areal_density=4.0)
    design = size_satellite(spec.replace(radiator=custom), sensitivities=False)
    loaded = SatelliteDesign.load(design.save(tmp_path / "custom.json"))
    assert loaded.spec.entry("radiator").areal_density == 4.0
    assert loaded == design


def test_load_rejects_other_files(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text('{"gpu_count": 3}')
    with pytest.raises(StudyFileError, match="not a saved SatelliteDesign"):
        SatelliteDesign.load(path)
    path.write_text("not json")
    with pytest.raises(StudyFileError, match="cannot read a design"):
        SatelliteDesign.load(path)


def test_diff_reports_what_changed(design):
    heavier = size_satellite(design.spec.replace(mass_limit=2000.0), sensitivities=False)
    changes = design.diff(heavier)
    assert changes["spec.mass_limit"] == (1500.0, 2000.0, pytest.approx(1 / 3))
    assert changes["gpu_count"][1] > changes["gpu_count"][0]
    assert "mass_breakdown.radiator" in changes
    with pytest.raises(InputError, match="other must be a SatelliteDesign"):
        design.diff(3)


def test_report_table_and_html(design):
    text = str(design)
    assert "gpu_count" in text and "W/kg" in text and "margin: mass limit" in text
    assert "binding: " in text
    html = design._repr_html_()
    assert html.count("<tr>") == len(design.rows()) + 1  # header row + one per quantity
    data = design.to_dict()
    assert data["specific_power"] == pytest.approx(design.it_power / design.total_mass)


def test_eclipse_free_orbit_has_no_battery():
    # beta 80 deg is above the 67 deg critical beta at 550 km (case O-3): no eclipse
    spec = SatelliteSpec(mass_limit=1500.0, orbit="inclined", design_beta=80.0)
    design = size_satellite(spec, sensitivities=False)
    assert design.battery_energy == 0.0
    assert design.mass_breakdown["battery"] == 0.0
    assert "battery" not in design.margins


def test_catalog_defaults_report_their_catalog_source():
    spec = SatelliteSpec()
    # the space-native board share (no fans, no AC-DC supply), not the DGX wall share
    assert spec.value("server_power") == spec.entry("accelerator").host_power
    assert spec.source("server_power").startswith("catalog accelerators/h100_sxm.host_power")
    assert spec.source("radiator") == "catalog radiators/deployable_heat_pipe"
    assert spec.entry("coating").key == spec.entry("radiator").coating
    sources = spec.sources()
    assert set(sources) == {f.name for f in __import__("dataclasses").fields(spec)}
    assert all(text for text in sources.values())


@pytest.mark.parametrize(
    "changes, match",
    [
        ({"max_array_area": 5.0}, r"max_array_area = 5 m\^2 must rise by at least"),
        ({"max_radiator_area": 0.5}, r"max_radiator_area = 0.5 m\^2 must rise by at least"),
        ({"max_stowed_volume": 0.5}, r"max_stowed_volume = 0.5 m\^3 must rise by at least"),
    ],
)
def test_packing_limits_explained_when_infeasible(changes, match):
    with pytest.raises(__import__("thermaldesign").InfeasibleDesignError, match=match):
        size_satellite(SatelliteSpec(mass_limit=1500.0, **changes), sensitivities=False)


def test_idle_mode_with_nothing_running_in_eclipse_needs_no_battery():
    spec = SatelliteSpec(mass_limit=1500.0, eclipse_mode="idle", idle_power_fraction=0.0,
                         avionics_power=0.0, isl_terminal_power=0.0, adcs_power=0.0,
                         bus_model="fixed")  # the scaled bus's wheels would draw power
    design = size_satellite(spec, sensitivities=False)
    assert design.battery_energy == 0.0 and "battery" not in design.margins
    # compute idles through eclipse: duty cycle = 1 - mean eclipse fraction of the year
    from thermaldesign import orbit

    season = orbit.eclipse_season(550e3)
    assert design.duty_cycle == pytest.approx(1.0 - season.mean_eclipse_fraction)


def test_unknown_catalog_key_is_an_input_error_with_a_suggestion():
    match = r"unknown solar_arrays key 'starlink_silicn'; did you mean"
    with pytest.raises(InputError, match=match):
        SatelliteSpec(solar_array="starlink_silicn")
    assert SatelliteSpec(accelerator="H100").entry("accelerator").key == "h100_sxm"


# ------------------------------------------------------------------ unit slips


def test_altitude_in_km_is_refused_naming_the_meant_value():
    # Oracle: the unit-slip rule (orbit.MIN_ALTITUDE): below 1 km nothing orbits, so
    # 550 is read as 550 km; the spec's own valid range is stated.
    with pytest.raises(InputError, match=r"^altitude = 550 m: below 1 km, not an orbit; did "
                                         r"you mean 550 km = 550e3 m\? .*\[160000, 2e\+06\]"):
        SatelliteSpec(altitude=550)
    with pytest.raises(InputError, match=r"altitude = 1500 m is outside the valid range"):
        SatelliteSpec(altitude=1500.0)  # above 1 km: the plain range error


def test_mass_limit_in_tonnes_warns_naming_the_meant_value():
    # A warning, not an error (SatelliteSpec docstring): a CubeSat-class limit is real.
    with pytest.warns(UserWarning, match=r"mass_limit = 3 kg: below 50 kg; did you mean "
                                         r"3 t = 3000 kg\?"):
        spec = SatelliteSpec(mass_limit=3)
    assert spec.mass_limit == 3.0
    with pytest.warns(UserWarning, match=r"0.01 kg: below 50 kg \(masses are in kg\)"):
        SatelliteSpec(mass_limit=0.01)  # 10 kg as tonnes is no likelier: no suggestion
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        SatelliteSpec(mass_limit=50.0)  # 50 kg and up: no warning


# ------------------------------------------------------------------ rich display


class _TableRows(HTMLParser):
    """The text of each <td> cell, row by row."""

    def __init__(self):
        super().__init__()
        self.rows, self._cell = [], None

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = ""

    def handle_data(self, data):
        if self._cell is not None:
            self._cell += data

    def handle_endtag(self, tag):
        if tag in ("td", "th"):
            self.rows[-1].append(self._cell)
            self._cell = None


def test_jupyter_repr_lists_every_field_with_value_unit_and_source():
    spec = SatelliteSpec(mass_limit=5000.0)
    parser = _TableRows()
    parser.feed(spec._repr_html_())
    header, *rows = parser.rows
    assert header == ["field", "value", "unit", "source"]
    by_field = {row[0]: row for row in rows}
    # Oracle: the dataclass fields, SatelliteSpec.source, and the units of its docstring.
    assert list(by_field) == [f.name for f in dataclasses.fields(SatelliteSpec)]
    for name, row in by_field.items():
        assert row[3] == spec.source(name), name
    assert by_field["altitude"][1:3] == ["550,000", "m"]
    assert by_field["mass_limit"][1:3] == ["5,000", "kg"]
    assert by_field["mass_limit"][3] == "user"
    assert by_field["lifetime_years"][2] == "yr"
    assert by_field["accelerator"][1] == "h100_sxm"
    # A field left to the catalog shows the catalog's value.
    assert by_field["accelerator_mass"][1] == format_value(spec.value("accelerator_mass"))
    assert by_field["gpu_granularity"][2] == "-" and by_field["orbit"][2] == ""
