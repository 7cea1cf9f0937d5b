"""Satellite classes of the fixed bus (catalog bus_classes, spec field bus_class).

Oracles: the published shares the catalog cites, typed here from their sources (New SMAD,
Wertz, Everett & Puschell 2011, Tables 14-18 and 14-20, column "LEO with propulsion";
Brown, Elements of Spacecraft Design, AIAA 2002, structure 21 % and cabling 5 %), times
each class's representative; the band edges of the catalog (closed form for "auto"); a
hand roll-up of the fixed mass from the catalog; the closure's independent re-check of
every sized design; brute force over every GPU count.
"""

import math
import pickle

import pytest

import thermaldesign as td
from thermaldesign import catalog
from thermaldesign.errors import InputError
from thermaldesign.sizing import model
from thermaldesign.sizing.evaluate import bus_scaling, eclipse_fractions, environment_of, fixed_mass
from thermaldesign.sizing.solve import physical_objective, solve_fixed
from thermaldesign.sizing.spec import BUS_CLASS_FIELDS

CLASSES = catalog.entries("bus_classes")

#: New SMAD Table 14-18 (share of dry mass) and Brown 2002 (structure, cabling)
MASS_SHARES = {"avionics_mass": 0.02 + 0.05, "adcs_mass": 0.06, "propulsion_dry_mass": 0.03,
               "structure_floor_mass": 0.21, "harness_floor_mass": 0.05}
#: New SMAD Table 14-20 (share of total power): TT&C + processing, and ADCS
POWER_SHARES = {"avionics_power": 0.12 + 0.12, "adcs_power": 0.10}
#: SatelliteSpec's own defaults of the fixed bus (the model before bus classes)
LEGACY = {"avionics_mass": 40.0, "avionics_power": 300.0, "adcs_mass": 60.0,
          "adcs_power": 150.0, "propulsion_dry_mass": 40.0, "structure_floor_mass": 0.0,
          "harness_floor_mass": 0.0}


# --- the catalog -------------------------------------------------------------------------


@pytest.mark.parametrize("key", list(CLASSES))
def test_every_number_is_sourced(key):
    entry = CLASSES[key]
    for name in entry.NUMERIC:
        if getattr(entry, name) is None:
            assert name in entry.OPTIONAL  # only a power may be left out
            continue
        prov = entry.provenance(name)
        assert prov.source.strip() and prov.date and prov.confidence in catalog.CONFIDENCE_LEVELS
        if prov.confidence == "estimate":
            assert prov.note  # says how it was made
    # a class figure is an average share applied to one satellite: never above "low",
    # except the representative's own published mass and power and the band edges
    for name in (*MASS_SHARES, *POWER_SHARES):
        if getattr(entry, name) is not None:
            assert entry.provenance(name).confidence == "low"


@pytest.mark.parametrize("key", list(CLASSES))
def test_class_numbers_are_the_published_shares_of_the_representative(key):
    entry = CLASSES[key]
    for name, share in MASS_SHARES.items():
        assert getattr(entry, name) == pytest.approx(share * entry.representative_mass,
                                                     rel=1e-9), name
    for name, share in POWER_SHARES.items():
        if entry.representative_power is None:
            assert getattr(entry, name) is None  # no power where none is published
        else:
            assert getattr(entry, name) == pytest.approx(
                share * entry.representative_power, rel=1e-9), name


def test_bands_tile_and_hold_their_representatives():
    entries = list(CLASSES.values())
    for previous, entry in zip(entries, entries[1:], strict=False):
        assert entry.mass_low == previous.mass_high
    # each class's representative flies inside its band (launch masses from the sources:
    # Starlink v1.0 260 kg, Iridium NEXT 860 kg, Landsat 8 2,623 kg, Envisat 8,211 kg)
    for key, launch_mass in {"minisat": 260.0, "medium": 860.0, "large": 2623.0,
                             "very_large": 8211.0}.items():
        assert CLASSES[key].holds(launch_mass)
    # the estimated large / very-large edge is the geometric mean of those two
    assert CLASSES["large"].mass_high == pytest.approx(math.sqrt(2623.0 * 8211.0), abs=0.05)


# --- the spec ----------------------------------------------------------------------------


def test_no_class_is_the_default_bus_bit_for_bit():
    spec = td.SatelliteSpec()
    assert spec.bus_class is None and spec.bus_class_entry() is None
    assert spec == td.SatelliteSpec(bus_class=None)
    assert {name: getattr(spec, name) for name in BUS_CLASS_FIELDS} == LEGACY
    assert spec.to_dict() == td.SatelliteSpec(**LEGACY).to_dict()


def _band_cases():
    """(mass limit, class) at and around every band edge: the closed form of "auto"."""
    entries = list(CLASSES.values())
    cases = [(entries[0].mass_low, entries[0].key)]
    for entry, following in zip(entries, entries[1:], strict=False):
        cases += [(entry.mass_high, entry.key),  # a shared edge: the lighter class
                  (math.nextafter(entry.mass_high, math.inf), following.key)]
    cases += [(0.5 * (e.mass_low + e.mass_high), e.key) for e in entries]
    return cases + [(entries[-1].mass_high, entries[-1].key)]


@pytest.mark.parametrize(("mass_limit", "expected"), _band_cases())
def test_auto_picks_the_band_of_the_mass_limit(mass_limit, expected):
    spec = td.SatelliteSpec(bus_class="auto", mass_limit=mass_limit)
    entry = spec.bus_class_entry()
    assert entry.key == expected
    for name in BUS_CLASS_FIELDS:
        value = getattr(entry, name)
        assert getattr(spec, name) == (LEGACY[name] if value is None else value)


def test_explicit_fields_win_and_replace_refills():
    spec = td.SatelliteSpec(bus_class="auto", mass_limit=800.0, avionics_mass=25.0)
    medium = CLASSES["medium"]
    assert spec.avionics_mass == 25.0 and spec.adcs_mass == medium.adcs_mass
    assert spec.source("avionics_mass") == "user"
    assert spec.source("adcs_mass").startswith("catalog bus_classes/medium.adcs_mass")
    # a new mass limit under "auto": another class fills the fields again
    heavy = spec.replace(mass_limit=3000.0)
    assert heavy.bus_class_entry().key == "large"
    assert heavy.adcs_mass == CLASSES["large"].adcs_mass and heavy.avionics_mass == 25.0
    # the large class has no published power: the spec keeps its own
    assert heavy.avionics_power == LEGACY["avionics_power"]
    # back to no class: the spec's own defaults
    assert spec.replace(bus_class=None).adcs_mass == LEGACY["adcs_mass"]
    # a dict and a pickle keep the fields to the class
    again = td.SatelliteSpec.from_dict(spec.to_dict())
    assert again == spec and again.replace(mass_limit=3000.0) == heavy
    assert pickle.loads(pickle.dumps(spec)).replace(mass_limit=3000.0) == heavy


def test_named_class_ignores_the_mass_limit_band():
    spec = td.SatelliteSpec(bus_class="very_large", mass_limit=3000.0)
    assert spec.adcs_mass == CLASSES["very_large"].adcs_mass
    assert td.SatelliteSpec(bus_class="smallsat").bus_class_entry().key == "minisat"  # alias


@pytest.mark.parametrize(
    ("changes", "message"),
    [({"bus_class": "mini"}, r"bus_class = 'mini' is not a satellite class; did you mean "
                             r"'minisat'\? \(valid: None, auto, minisat, medium"),
     ({"bus_class": "auto", "mass_limit": 80.0},
      r"bus_class = 'auto': mass_limit = 80 kg is outside every class band \(minisat "
      r"\[100, 500\] kg"),
     ({"bus_class": "auto", "mass_limit": 2e5}, r"mass_limit = 200000 kg is outside"),
     ({"bus_class": 3}, "bus_class must be None or one of auto"),
     ({"bus_class": " "}, "bus_class must be None or one of auto")],
)
def test_bad_input_names_the_field_and_the_valid_values(changes, message):
    with pytest.raises(InputError, match=message):
        td.SatelliteSpec(**changes)


# --- the sizing --------------------------------------------------------------------------


@pytest.mark.parametrize("bus_model", ["fixed", "scaled"])
@pytest.mark.parametrize("mass_limit", [450.0, 900.0, 3000.0])
def test_sized_fixed_mass_is_the_class_roll_up(mass_limit, bus_model):
    spec = td.SatelliteSpec(bus_class="auto", mass_limit=mass_limit, bus_model=bus_model)
    entry = spec.bus_class_entry()
    design = td.size_satellite(spec, sensitivities=False)  # re-checked by the closure
    parts = design.mass_breakdown
    terminals = spec.isl_terminal_count * spec.isl_terminal_mass
    if bus_model == "fixed":  # the class's whole attitude system
        attitude = entry.adcs_mass
        assert parts["attitude control"] == entry.adcs_mass
    else:  # the scaled bus sizes its wheels itself: sensors and joints are its fixed part
        attitude = spec.adcs_sensor_mass + bus_scaling(spec).joint_mass
        assert spec.adcs_sensor_mass == td.SatelliteSpec().adcs_sensor_mass  # not the class's
    by_hand = entry.avionics_mass + terminals + attitude + entry.propulsion_dry_mass
    assert fixed_mass(spec) == pytest.approx(by_hand, rel=1e-12)
    assert (parts["avionics"], parts["propulsion (dry)"]) == (
        entry.avionics_mass, entry.propulsion_dry_mass)
    # structure and harness: the class floor or the fraction of dry mass, whichever is more
    dry = design.total_mass / spec.rocket_factor
    assert parts["structure"] == pytest.approx(
        max(entry.structure_floor_mass, spec.structure_fraction * dry), rel=1e-7)
    assert parts["harness"] == pytest.approx(
        max(entry.harness_floor_mass, spec.harness_fraction * dry), rel=1e-7)
    assert abs(design.margins["mass roll-up"]) < 1e-6
    assert design.total_mass <= mass_limit * (1 + 1e-9)


@pytest.mark.parametrize("bus_model", ["fixed", "scaled"])
def test_a_heavier_class_costs_compute_at_the_same_mass(bus_model):
    # same 3 t limit: the large class's avionics and propulsion (and, fixed bus, its
    # attitude system) outweigh the spec's own: fewer GPUs, never more
    plain = td.size_satellite(td.SatelliteSpec(bus_model=bus_model), sensitivities=False)
    large = td.size_satellite(td.SatelliteSpec(bus_class="auto", bus_model=bus_model),
                              sensitivities=False)
    assert large.gpu_count < plain.gpu_count


def test_batch_sizes_classes_as_one_at_a_time():
    specs = [td.SatelliteSpec(bus_class="auto", mass_limit=m) for m in (450.0, 900.0, 3000.0)]
    batch = td.size_satellites(specs, sensitivities=False)
    for spec, design in zip(specs, batch, strict=True):
        alone = td.size_satellite(spec, sensitivities=False)
        assert design.gpu_count == alone.gpu_count
        assert design.objective_value == pytest.approx(alone.objective_value, rel=1e-9)


def test_integer_optimum_of_a_class_spec_matches_brute_force():
    # every GPU count, each a fixed-count GP at every eclipse fraction the spec allows
    spec = td.SatelliteSpec(bus_class="auto", mass_limit=900.0)
    assert spec.bus_class_entry().key == "medium"
    design = td.size_satellite(spec, sensitivities=False)
    relaxed = td.size_satellite(spec, integer=False, sensitivities=False)
    env = environment_of(spec)
    best = None
    for fraction in eclipse_fractions(spec):
        values = dict(model.coefficient_values(spec, env, eclipse_fraction=fraction),
                      eclipse_fraction=fraction)
        for count in range(1, int(relaxed.gpu_count) + 4):
            solution = solve_fixed(spec, env, values, "max_compute", count)
            if solution.feasible:
                value = physical_objective(spec, env, solution, "max_compute")
                if best is None or value > best[1] * (1 + 1e-9):
                    best = (count, value)
    assert design.gpu_count == best[0]
    assert design.objective_value == pytest.approx(best[1], rel=1e-6)
