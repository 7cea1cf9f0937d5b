"""Tests of the sourced data catalog: loading, validation, provenance, units, errors.

Published values are checked against the sources the catalog cites; the reference-case
IDs (P-3, P-4, F-2, F-4) are from ``shared/reference/published_cases.md``.
"""

from __future__ import annotations

import dataclasses
import datetime
import math
import pickle
import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import thermaldesign as td
from thermaldesign import catalog
from thermaldesign.catalog import _units
from thermaldesign.catalog.entries import ENTRY_TYPES, check_date
from thermaldesign.errors import CatalogError, InputError

ALL_KINDS = (
    "accelerators",
    "coatings",
    "solar_arrays",
    "radiators",
    "batteries",
    "launch_vehicles",
    "terrestrial",
    "fin_materials",
    "radiator_tubes",
    "bus_classes",
)
HOURS_PER_YEAR = 8760.0


# --- the shipped files ------------------------------------------------------------------


def test_kinds_are_the_pinned_seven():
    assert catalog.kinds() == ALL_KINDS


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_every_shipped_file_loads_and_validates(kind):
    table = catalog.entries(kind)
    assert len(table) >= 3, f"{kind}.toml should offer a choice"
    for key, entry in table.items():
        assert type(entry) is ENTRY_TYPES[kind]
        assert entry.key == key and entry.name
        for name, spec in entry.NUMERIC.items():
            value = getattr(entry, name)
            if value is None and name in entry.OPTIONAL:  # left out: no published value
                continue
            assert isinstance(value, int if spec.integer else float)
            assert math.isfinite(value)


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_every_number_has_source_date_and_valid_confidence(kind):
    for entry in catalog.entries(kind).values():
        for name in entry.NUMERIC:
            if getattr(entry, name) is None and name in entry.OPTIONAL:
                continue
            prov = entry.provenance(name)
            assert prov.source.strip(), (entry.key, name)
            assert prov.confidence in catalog.CONFIDENCE_LEVELS, (entry.key, name)
            assert check_date(prov.date) == prov.date
            # an estimate must say how it was made: a note or a source that says so
            if prov.confidence == "estimate":
                assert prov.note or "estimate" in prov.source or "projection" in prov.source


def test_required_entries_are_present():
    accelerators = catalog.entries("accelerators")
    for key in ("h100_sxm", "b200", "gb200", "mi300x", "tpu_v6e"):
        assert key in accelerators
    coatings = catalog.entries("coatings")
    for key in ("az93", "z93c55", "silvered_teflon", "osr_quartz", "black_paint"):
        assert key in coatings
    vehicles = catalog.entries("launch_vehicles")
    for key in ("falcon9", "falcon_heavy", "starship", "starship_future", "new_glenn",
                "electron"):
        assert key in vehicles


def test_every_radiator_names_a_catalog_coating():
    coatings = catalog.entries("coatings")
    for radiator in catalog.entries("radiators").values():
        assert radiator.coating in coatings


def test_a_kind_is_read_once_and_its_entries_are_immutable(monkeypatch):
    # Brute-force count of file reads: however many look-ups, one read per kind, and the
    # cached entry carries the values of the file itself.
    reads = []
    load_file = catalog.load_file

    def counting_load_file(path, *args, **kwargs):
        reads.append(Path(path).name)
        return load_file(path, *args, **kwargs)

    monkeypatch.setattr(catalog, "load_file", counting_load_file)
    first = catalog.get("accelerators", "h100_sxm")
    for name in ("h100_sxm", "H100-SXM", "h100"):
        assert catalog.get("accelerators", name) == first
    assert catalog.entries("accelerators")["h100_sxm"] == first
    assert reads == ["accelerators.toml"]
    from_file = load_file(catalog._DIRECTORY / "accelerators.toml", "accelerators")
    assert first == from_file["h100_sxm"]
    with pytest.raises(dataclasses.FrozenInstanceError):
        first.power = 1.0
    # entries() hands out a copy of the table: mutating it does not touch the cache
    table = catalog.entries("accelerators")
    table.pop("h100_sxm")
    assert "h100_sxm" in catalog.entries("accelerators")


def test_package_reexports_the_catalog():
    assert td.catalog is catalog


# --- published values (sanity checks against the cited sources) ------------------------


def test_h100_matches_nvidia_datasheet():
    # NVIDIA H100 datasheet, SXM column: TDP up to 700 W; BF16 Tensor 1,979 TFLOPS with
    # sparsity, i.e. 989.4 TFLOPS dense.
    gpu = catalog.get("accelerators", "h100_sxm")
    assert gpu.power == 700.0
    assert gpu.flops == pytest.approx(1978.9e12 / 2, rel=1e-4)
    # DGX H100 user guide: 10.2 kW max, 130.45 kg, 8 GPUs -> derived per-GPU shares
    assert gpu.total_power == pytest.approx(10.2e3 / 8, rel=1e-3)
    assert gpu.mass == pytest.approx(130.45 / 8, rel=5e-3)


def test_b200_matches_dgx_b200_user_guide():
    # DGX B200 user guide: 14.3 kW max, 142.4 kg, 8 GPUs.
    gpu = catalog.get("accelerators", "b200")
    assert gpu.total_power == pytest.approx(14.3e3 / 8, rel=1e-3)
    assert gpu.mass == pytest.approx(142.4 / 8, rel=5e-3)


def test_tpu_v6e_matches_google_cloud_docs():
    # Google Cloud "TPU v6e": peak compute per chip (bf16) 918 TFLOPs; 256 chips per pod
    # give 234.9 PFLOPs, a cross-check of the per-chip number.
    tpu = catalog.get("accelerators", "tpu_v6e")
    assert tpu.flops == 918e12
    assert 256 * tpu.flops == pytest.approx(234.9e15, rel=1e-3)


def test_xtj_prime_reproduces_case_p3():
    # P-3: a 30.7 % cell at 1361 W/m^2 gives 417.8 W/m^2 (XTJ Prime data sheet efficiency).
    array = catalog.get("solar_arrays", "rigid_xtj_prime")
    assert array.cell_efficiency * 1361.0 == pytest.approx(417.8, rel=1e-3)
    assert array.reference_temperature == pytest.approx(301.15)  # 28 degC rating


def test_starlink_silicon_matches_case_p1_inputs():
    # P-1 (Suncatcher section 4.4): efficiency 0.22, packing 0.90, 105 m^2 -> 28.3 kW.
    array = catalog.get("solar_arrays", "starlink_silicon")
    power = 105.0 * array.cell_efficiency * 1361.0 * array.packing_factor
    assert power == pytest.approx(28.3e3, rel=1e-2)


def test_starlink_class_battery_reproduces_case_p4():
    # P-4: 100 kW through 35.61 min, discharge efficiency 0.9, DoD 0.30, 150 Wh/kg
    # -> 220 kWh installed and 1465 kg.
    battery = catalog.get("batteries", "starlink_class")
    delivered = 100e3 * 35.61 * 60.0  # J
    installed = delivered / (battery.discharge_efficiency * battery.depth_of_discharge)
    assert installed / 3.6e6 == pytest.approx(220.0, rel=5e-3)
    assert installed / battery.specific_energy == pytest.approx(1465.0, rel=5e-3)


def test_falcon9_price_per_kg_matches_payload_research():
    # Payload Space (2024): ~USD 4,000 per kg on a 17.5 t reusable basis; 22.8 t is the
    # expendable figure, so the reusable payload must be below it.
    falcon9 = catalog.get("launch_vehicles", "falcon9")
    assert falcon9.payload_leo == 17_500.0
    assert falcon9.price_per_kg_leo == pytest.approx(4000.0, rel=0.01)
    assert falcon9.payload_leo < 22_800.0


@pytest.mark.parametrize(
    ("key", "expected"),
    [("hyperscale_typical", 573.0), ("expensive_power", 3066.0)],
)
def test_terrestrial_variants_reproduce_case_f2(key, expected):
    # F-2: price x PUE x 8,760 h per kW of IT: 573 and 3,066 USD/kW/yr.
    site = catalog.get("terrestrial", key)
    per_kw_year = site.electricity_price_per_kwh * site.pue * HOURS_PER_YEAR
    assert per_kw_year == pytest.approx(expected, rel=1e-3)


def test_cheap_power_variant_reproduces_case_f4():
    # F-4 (Starcloud Table 1): 40 MW for 10 years at USD 0.04/kWh -> energy USD 140.2M,
    # cooling 5 % of energy USD 7.0M, water 0.5 L/kWh -> 1.75 Mt.
    site = catalog.get("terrestrial", "cheap_power")
    energy_kwh = 40e3 * HOURS_PER_YEAR * site.lifetime_years
    energy_cost = energy_kwh * site.electricity_price_per_kwh
    assert energy_cost == pytest.approx(140.2e6, rel=1e-2)
    assert (site.pue - 1.0) * energy_cost == pytest.approx(7.0e6, rel=1e-2)
    assert energy_kwh * site.water_per_kwh / 1e6 == pytest.approx(1.75e3, rel=1e-2)  # t


def test_coatings_match_gilmore_bol_values():
    # Gilmore (2002) Appendix A: AZ-93 alpha 0.15 / eps 0.91; OSR alpha ~0.07 / eps 0.80.
    az93 = catalog.get("coatings", "az93")
    assert (az93.absorptivity_bol, az93.emissivity_bol) == (0.15, 0.91)
    osr = catalog.get("coatings", "osr_quartz")
    assert osr.absorptivity_bol < 0.1 and osr.emissivity_bol == 0.80
    for coating in catalog.entries("coatings").values():
        assert coating.absorptivity_eol >= coating.absorptivity_bol


# --- lookups and errors -------------------------------------------------------------------


def test_unknown_kind_suggests_nearest():
    with pytest.raises(CatalogError, match=r"unknown catalog kind 'accelerator'.*'accelerators'"):
        catalog.get("accelerator", "h100_sxm")
    with pytest.raises(CatalogError, match="did you mean 'launch_vehicles'"):
        catalog.entries("launch_vehicle")
    with pytest.raises(CatalogError, match="unknown catalog kind"):
        catalog.describe("gpus")


def test_unknown_key_suggests_nearest():
    with pytest.raises(CatalogError, match=r"unknown accelerators key 'h100_sxn'.*'h100_sxm'"):
        catalog.get("accelerators", "h100_sxn")
    with pytest.raises(CatalogError, match="did you mean 'az93'"):
        catalog.get("coatings", "az-39")
    # CatalogError is a LookupError, so `except LookupError` code keeps working
    with pytest.raises(LookupError):
        catalog.get("batteries", "nickel-cadmium")
    with pytest.raises(CatalogError, match="unknown"):
        catalog.get("batteries", None)


@pytest.mark.parametrize(
    ("kind", "name", "key"),
    [
        ("accelerators", "h100", "h100_sxm"),
        ("accelerators", "H100-SXM", "h100_sxm"),
        ("solar_arrays", "gaas-triple-junction", "rigid_xtj_prime"),
        ("radiators", "deployable-honeycomb", "deployable_heat_pipe"),
        ("batteries", "li-ion", "saft_ves180"),
        ("terrestrial", "hyperscale", "hyperscale_typical"),
        ("launch_vehicles", "Falcon-9", "falcon9"),
    ],
)
def test_aliases_and_spelling_variants_resolve_to_the_canonical_entry(kind, name, key):
    entry = catalog.get(kind, name)
    assert entry.key == key
    assert entry == catalog.get(kind, key)


def test_provenance_of_unknown_field_suggests_nearest():
    gpu = catalog.get("accelerators", "h100_sxm")
    with pytest.raises(CatalogError, match="did you mean 'power'"):
        gpu.provenance("powr")


def test_describe_returns_one_row_per_numeric_field_in_si():
    for kind in ALL_KINDS:
        rows = catalog.describe(kind)
        table = catalog.entries(kind)
        given = sum(getattr(entry, name) is not None
                    for entry in table.values() for name in entry.NUMERIC)
        assert len(rows) == given
        for row in rows:
            entry = table[row.key]
            assert row.value == getattr(entry, row.field)
            assert row.unit == entry.NUMERIC[row.field].unit
            assert row.confidence in catalog.CONFIDENCE_LEVELS
    row = next(r for r in catalog.describe("batteries")
               if r.key == "starlink_class" and r.field == "specific_energy")
    assert (row.value, row.unit) == (150 * 3600.0, "J/kg")


# --- unit conversion ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "unit", "si_unit", "expected"),
    [
        (150.0, "Wh/kg", "J/kg", 540_000.0),  # 1 Wh = 3600 J
        (28.0, "degC", "K", 301.15),
        (-273.15, "degC", "K", 0.0),
        (22.8, "t", "kg", 22_800.0),
        (287.6, "lb", "kg", 130.45),  # DGX H100 weight given in both units
        (30.7, "%", "-", 0.307),
        (2.25, "PFLOP/s", "FLOP/s", 2.25e15),
        (989.4, "TFLOP/s", "FLOP/s", 989.4e12),
        (69.75, "MUSD", "USD", 69.75e6),
        (1.2, "kW", "W", 1200.0),
        (550.0, "km", "m", 550e3),
        (-0.22, "%/K", "1/K", -0.0022),
        (-0.22, "%/degC", "1/K", -0.0022),
        (3.75, "%/yr", "1/yr", 0.0375),
        (60.0, "USD/MWh", "USD/kWh", 0.06),
        (6.0, "cent/kWh", "USD/kWh", 0.06),
    ],
)
def test_unit_conversion_to_si(value, unit, si_unit, expected):
    assert _units.to_si(value, unit, si_unit) == pytest.approx(expected, rel=1e-4, abs=1e-12)


def test_every_si_unit_accepts_itself_unchanged():
    for si_unit, accepted in _units.UNITS.items():
        assert accepted[si_unit] == (1.0, 0.0)


@given(st.floats(min_value=-1e6, max_value=1e6, allow_nan=False))
def test_temperature_conversion_preserves_differences(celsius):
    # A relative temperature coefficient per degC equals one per K: differences match.
    kelvin = _units.to_si(celsius, "degC", "K")
    assert kelvin - _units.to_si(0.0, "degC", "K") == pytest.approx(celsius, abs=1e-6)


def test_loader_converts_file_units_to_si(tmp_path):
    path = _write(tmp_path, "batteries", BATTERY.replace(
        'specific_energy = { value = 540000, unit = "J/kg" }',
        'specific_energy = { value = 150, unit = "Wh/kg" }',
    ).replace("cost_per_kwh = { value = 200, unit = \"USD/kWh\" }",
              "cost_per_kwh = { value = 200000, unit = \"USD/MWh\" }"))
    battery = catalog.load_file(path)["test_pack"]
    assert battery.specific_energy == pytest.approx(540_000.0)
    assert battery.cost_per_kwh == pytest.approx(200.0)
    assert battery.depth_of_discharge == pytest.approx(0.30)  # "%" -> fraction


# --- malformed files ------------------------------------------------------------------------

ACCELERATOR = """
[test_gpu]
name = "Test GPU"
source = "test data sheet"
date = "2024-05"
confidence = "high"
power = { value = 700, unit = "W" }
server_power = { value = 500, unit = "W" }
flops = { value = 1000, unit = "TFLOP/s" }
mass = { value = 16, unit = "kg", confidence = "estimate", note = "system / 8" }
junction_limit = { value = 90, unit = "degC" }
cost = { value = 30, unit = "kUSD" }
"""

BATTERY = """
[test_pack]
name = "Test pack"
source = "test"
date = 2024
confidence = "medium"
specific_energy = { value = 540000, unit = "J/kg" }
depth_of_discharge = { value = 30, unit = "%" }
discharge_efficiency = 0.9
cost_per_kwh = { value = 200, unit = "USD/kWh" }
"""


def _write(directory: Path, kind: str, text: str) -> Path:
    path = directory / f"{kind}.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_valid_test_files_load(tmp_path):
    gpu = catalog.load_file(_write(tmp_path, "accelerators", ACCELERATOR))["test_gpu"]
    assert gpu.junction_limit == pytest.approx(363.15)
    assert gpu.cost == 30_000.0
    # An estimate without a source of its own is ours, not the entry's data sheet's.
    assert gpu.provenance("mass") == catalog.Provenance(
        "thermaldesign estimate, not a published value (method in the note)", "2024-05",
        "estimate", "system / 8"
    )
    assert gpu.provenance("power").confidence == "high"
    battery = catalog.load_file(_write(tmp_path, "batteries", BATTERY))["test_pack"]
    assert battery.provenance("cost_per_kwh").date == "2024"


@pytest.mark.parametrize(
    ("old", "new", "match"),
    [
        ('power = { value = 700, unit = "W" }\n', "", r"\[test_gpu\], field 'power': missing"),
        ('{ value = 700, unit = "W" }', '{ value = 700, unit = "kg" }',
         r"field 'power': unit 'kg' cannot be converted to W"),
        ('{ value = 700, unit = "W" }', "700", r"field 'power': needs a unit"),
        ('{ value = 700, unit = "W" }', '{ value = nan, unit = "W" }',
         r"field 'power': value = nan is not a finite"),
        ('{ value = 700, unit = "W" }', '{ value = inf, unit = "W" }',
         r"field 'power': value = inf is not a finite"),
        ('{ value = 700, unit = "W" }', '{ value = "700", unit = "W" }',
         r"field 'power': value must be a number"),
        ('{ value = 700, unit = "W" }', '{ value = -700, unit = "W" }',
         r"field 'power': power = -700 W is outside the valid range"),
        ('{ value = 90, unit = "degC" }', '{ value = 900, unit = "degC" }',
         r"field 'junction_limit'.*outside the valid range \[323.15, 448.15\]"),
        ('confidence = "high"', 'confidence = "hgih"',
         r"field 'power': confidence = 'hgih' is not one of.*did you mean 'high'"),
        ('date = "2024-05"', 'date = "2024-13"', r"field 'power': date = '2024-13'"),
        ('date = "2024-05"', 'date = "May 2024"', r"is not YYYY, YYYY-MM or YYYY-MM-DD"),
        ('source = "test data sheet"\n', "", r"field 'power': no 'source'"),
        ('source = "test data sheet"', 'source = "  "', r"source must be a non-empty"),
        ("power = {", "powr = { value = 1, unit = \"W\" }\npower = {",
         r"field 'powr': unknown field for accelerators; did you mean 'power'"),
        ('{ value = 700, unit = "W" }', '{ valeu = 700, unit = "W" }',
         r"field 'power': unknown item\(s\) valeu"),
        ('name = "Test GPU"\n', "", r"field 'name': missing"),
        ('note = "system / 8"', "note = 8", r"field 'mass': note must be a string"),
        ("[test_gpu]", "[test_gpu]\naliases = \"gpu\"", r"field 'aliases'"),
    ],
)
def test_malformed_accelerator_file_names_file_entry_and_field(tmp_path, old, new, match):
    assert old in ACCELERATOR
    path = _write(tmp_path, "accelerators", ACCELERATOR.replace(old, new, 1))
    if "aliases" in new:  # aliases are checked when the shipped directory is read
        _use_catalog_directory(tmp_path)
        with pytest.raises(CatalogError, match=match):
            catalog.entries("accelerators")
        return
    with pytest.raises(CatalogError, match=r"^accelerators\.toml, entry \[test_gpu\]") as info:
        catalog.load_file(path)
    assert info.match(match)


def test_invalid_toml_and_empty_files(tmp_path):
    with pytest.raises(CatalogError, match=r"accelerators\.toml: not valid TOML"):
        catalog.load_file(_write(tmp_path, "accelerators", ACCELERATOR + "\npower = = 3\n"))
    with pytest.raises(CatalogError, match="no entries"):
        catalog.load_file(_write(tmp_path, "accelerators", "# nothing\n"))
    with pytest.raises(CatalogError, match="must be a table"):
        catalog.load_file(_write(tmp_path, "accelerators", 'power = 3\n'))
    with pytest.raises(CatalogError, match="cannot read"):
        catalog.load_file(tmp_path / "coatings.toml")
    with pytest.raises(CatalogError, match="unknown catalog kind 'gpus'"):
        catalog.load_file(_write(tmp_path, "gpus", ACCELERATOR))


def test_cross_field_check_names_the_field(tmp_path):
    text = """
[bad_paint]
name = "Paint that gets whiter"
source = "test"
date = "2020"
confidence = "low"
absorptivity_bol = 0.30
absorptivity_eol = 0.20
emissivity_bol = 0.9
emissivity_eol = 0.9
eol_years = { value = 5, unit = "yr" }
"""
    with pytest.raises(CatalogError, match=r"\[bad_paint\], field 'absorptivity_eol'"):
        catalog.load_file(_write(tmp_path, "coatings", text))


@pytest.fixture
def _restore_catalog_directory():
    original = catalog._DIRECTORY
    catalog._load_kind.cache_clear()
    yield
    catalog._DIRECTORY = original
    catalog._load_kind.cache_clear()


def _use_catalog_directory(directory: Path) -> None:
    catalog._DIRECTORY = directory
    catalog._load_kind.cache_clear()


@pytest.fixture(autouse=True)
def _always_restore(_restore_catalog_directory):
    yield


def test_radiator_with_unknown_coating_key_is_rejected(tmp_path):
    shipped = Path(catalog.__file__).parent
    shutil.copy(shipped / "coatings.toml", tmp_path / "coatings.toml")
    text = (shipped / "radiators.toml").read_text(encoding="utf-8")
    _write(tmp_path, "radiators", text.replace('coating = "osr_quartz"', 'coating = "osr"', 1))
    _use_catalog_directory(tmp_path)
    with pytest.raises(CatalogError, match=r"radiators\.toml, entry \[body_mounted_honeycomb\], "
                                           r"field 'coating'.*'osr'.*did you mean 'osr_quartz'"):
        catalog.entries("radiators")


def test_alias_that_names_two_entries_is_rejected(tmp_path):
    text = ACCELERATOR + ACCELERATOR.replace("[test_gpu]", "[other_gpu]\naliases = ['TEST-gpu']")
    _write(tmp_path, "accelerators", text)
    _use_catalog_directory(tmp_path)
    with pytest.raises(CatalogError, match=r"\[other_gpu\], field 'aliases'.*\[test_gpu\]"):
        catalog.get("accelerators", "test_gpu")


# --- entries built in code ---------------------------------------------------------------------

CUSTOM_GPU = dict(
    key="custom", name="Space-rated GPU", power=600.0, server_power=200.0, flops=1e15,
    mass=8.0, junction_limit=368.15, cost=40_000.0,
)


def test_user_built_accelerator_validates_and_reports_user_provenance():
    gpu = catalog.Accelerator(**CUSTOM_GPU)
    assert gpu.total_power == 800.0
    assert gpu.provenance("power").confidence == "user"
    assert gpu.to_dict()["flops"] == 1e15
    # integers are accepted and stored as floats
    assert isinstance(catalog.Accelerator(**{**CUSTOM_GPU, "power": 600}).power, float)


@pytest.mark.parametrize(
    ("field", "value", "match"),
    [
        ("power", -5.0, r"power = -5 W is outside the valid range \(1, 10000\]"),
        ("flops", float("nan"), "flops = nan is not a finite number"),
        ("mass", "heavy", "mass must be a number"),
        ("junction_limit", 1000.0, r"junction_limit = 1000 K is outside"),
        ("name", "", "name must be a non-empty string"),
        ("cost", True, "cost must be a number"),
    ],
)
def test_user_built_accelerator_rejects_bad_values(field, value, match):
    with pytest.raises(InputError, match=match):
        catalog.Accelerator(**{**CUSTOM_GPU, field: value})


def test_user_built_entries_of_other_kinds_validate():
    with pytest.raises(InputError, match=r"sides = 3 is outside the valid range \[1, 2\]"):
        catalog.RadiatorTechnology(
            key="r", name="r", areal_density=3.0, max_temperature=350.0, sides=3,
            fin_efficiency=0.9, cost_per_area=1.0, coating="az93",
        )
    with pytest.raises(InputError, match="cell_efficiency = 0.95 must be below absorptivity"):
        catalog.get("solar_arrays", "rigid_xtj_prime").replace(cell_efficiency=0.95)
    with pytest.raises(InputError, match="payload_sso = 20000 kg exceeds payload_leo"):
        catalog.get("launch_vehicles", "falcon9").replace(payload_sso=20_000.0)
    with pytest.raises(InputError, match=r"pue = 0.9 is outside the valid range \[1, 5\]"):
        catalog.get("terrestrial", "cheap_power").replace(pue=0.9)


def test_replace_keeps_other_provenance_and_marks_changed_fields_user():
    gpu = catalog.get("accelerators", "h100_sxm")
    lighter = gpu.replace(mass=6.0)
    assert lighter.mass == 6.0 and lighter.power == gpu.power
    assert lighter.provenance("mass").confidence == "user"
    assert lighter.provenance("power") == gpu.provenance("power")
    assert lighter != gpu


@given(
    st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2100, 12, 31)),
    st.sampled_from([4, 7, 10]),
)
def test_check_date_accepts_year_month_and_day_forms(day, length):
    text = day.isoformat()[:length]
    assert check_date(text) == text


@pytest.mark.parametrize("text", ["24", "2024-1", "2024-02-30", "1850", "2024/05", ""])
def test_check_date_rejects_malformed_dates(text):
    with pytest.raises(InputError, match="date"):
        check_date(text)


COATING_TEMPLATE = """
[paint]
name = "Random paint"
source = "property test"
date = "2025-01-01"
confidence = "estimate"
note = "generated"
absorptivity_bol = {bol!r}
absorptivity_eol = {eol!r}
emissivity_bol = {emissivity!r}
emissivity_eol = {emissivity!r}
eol_years = {{ value = 5, unit = "yr" }}
"""


@given(
    bol=st.floats(min_value=-0.5, max_value=1.5, allow_nan=False),
    eol=st.floats(min_value=-0.5, max_value=1.5, allow_nan=False),
    emissivity=st.floats(min_value=0.01, max_value=1.0),
)
def test_coating_file_loads_exactly_when_the_physics_allows(tmp_path_factory, bol, eol, emissivity):
    # Oracle: alpha in (0, 1] at both ends of life and alpha_eol >= alpha_bol.
    path = _write(tmp_path_factory.mktemp("coatings"), "coatings",
                  COATING_TEMPLATE.format(bol=bol, eol=eol, emissivity=emissivity))
    valid = 0.0 < bol <= 1.0 and 0.0 < eol <= 1.0 and eol >= bol
    if valid:
        coating = catalog.load_file(path)["paint"]
        assert (coating.absorptivity_bol, coating.absorptivity_eol) == (bol, eol)
    else:
        with pytest.raises(CatalogError, match=r"coatings\.toml, entry \[paint\], field "
                                               r"'absorptivity_(bol|eol)'"):
            catalog.load_file(path)


@pytest.mark.parametrize("kind", list(ENTRY_TYPES))
def test_entries_pickle_with_their_provenance(kind):
    # Sweep workers receive the spec by pickle: an entry changed by a dotted path or
    # given by the user must travel with its numbers and sources (the read-only
    # sources view itself cannot be pickled).
    for entry in catalog.entries(kind).values():
        name = next(iter(entry.NUMERIC))
        changed = entry.replace(**{name: getattr(entry, name)})
        for original in (entry, changed):
            copy = pickle.loads(pickle.dumps(original))
            assert copy == original and type(copy) is type(original)
            assert dict(copy.sources) == dict(original.sources)
