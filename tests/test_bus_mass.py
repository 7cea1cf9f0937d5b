"""Structure and harness as max(floor, fraction x dry mass), and the bus classes.

Oracles: closed forms derived here (the fixed point of the roll-up when one floor binds),
brute force (a fine scan of the dry mass), and the closure's independent fixed-point
iteration against the GP's optimum.
"""

import numpy as np
import pytest

import thermaldesign as td
from thermaldesign.errors import InputError
from thermaldesign.sizing.evaluate import secondary_masses

#: the Starlink-class floors the spec documents (opt-in; the default is no floor)
STARLINK_CLASS_FLOORS = {"structure_floor_mass": 55.0, "harness_floor_mass": 13.0}


def _spec(**kw):
    return td.SatelliteSpec(**{**STARLINK_CLASS_FLOORS, **kw})


def test_floor_binds_closed_form():
    # 300 kg of other parts, f_s = 0.12, f_h = 0.05, floors 55 and 13 kg.
    # fractions alone: dry = 300 / 0.83 = 361.4 kg, structure 43.4 kg < 55: the
    # structure floor binds; harness 0.05 dry = 18.3 kg > 13 does not.
    # So dry = 300 + 55 + 0.05 dry -> dry = 355 / 0.95.
    spec = _spec(structure_floor_mass=55.0, harness_floor_mass=13.0)
    dry, structure, harness = secondary_masses(spec, 300.0)
    assert dry == pytest.approx(355.0 / 0.95, rel=1e-12)
    assert structure == 55.0
    assert harness == pytest.approx(0.05 * 355.0 / 0.95, rel=1e-12)
    # both bind at a tiny subtotal: dry = 10 + 55 + 13
    assert secondary_masses(spec, 10.0)[0] == pytest.approx(78.0, rel=1e-12)
    # neither binds at a large one: dry = S / (1 - 0.17)
    assert secondary_masses(spec, 3000.0)[0] == pytest.approx(3000.0 / 0.83, rel=1e-12)


@pytest.mark.parametrize("subtotal", [5.0, 120.0, 290.0, 420.0, 5000.0])
def test_floor_against_brute_force_scan(subtotal):
    # the least dry mass D with D >= S + max(a_s, f_s D) + max(a_h, f_h D), by a scan
    spec = _spec(structure_floor_mass=70.0, harness_floor_mass=30.0,
                 structure_fraction=0.2, harness_fraction=0.08)
    grid = np.linspace(subtotal, 3.0 * subtotal + 200.0, 400_001)
    need = (subtotal + np.maximum(70.0, 0.2 * grid) + np.maximum(30.0, 0.08 * grid))
    brute = grid[np.argmax(grid >= need)]
    step = grid[1] - grid[0]
    assert secondary_masses(spec, subtotal)[0] == pytest.approx(brute, abs=step)


def test_no_floor_is_the_plain_fraction():
    spec = _spec(structure_floor_mass=0.0, harness_floor_mass=0.0)
    dry, structure, harness = secondary_masses(spec, 1000.0)
    assert dry == pytest.approx(1000.0 / (1.0 - 0.12 - 0.05), rel=1e-12)
    assert structure == pytest.approx(0.12 * dry) and harness == pytest.approx(0.05 * dry)


def test_gp_floor_matches_direct_evaluation_and_closure():
    # a small satellite whose structure sits on its floor: the GP's roll-up (a variable
    # S >= floor, S >= f M) must give the mass the direct evaluation gives,
    # and the closure's independent fixed-point iteration must agree
    spec = _spec(mass_limit=420.0)
    design = td.size_satellite(spec)
    parts = design.mass_breakdown
    assert parts["structure"] == pytest.approx(spec.structure_floor_mass, rel=1e-9)
    assert "structure floor" in design.binding_constraints
    others = sum(v for k, v in parts.items() if k not in ("structure", "harness", "propellant"))
    dry = (others + spec.structure_floor_mass) / (1.0 - spec.harness_fraction)
    assert design.total_mass == pytest.approx(dry * spec.rocket_factor, rel=1e-9)
    assert abs(design.margins["mass roll-up"]) < 1e-6


def test_floor_costs_compute_only_when_it_binds():
    # raising a floor that binds cannot add GPUs, and a floor far below f x dry changes
    # nothing (the reference: structure 0.12 x ~2.9 t >> 55 kg)
    base = td.size_satellite(_spec())
    zero = td.size_satellite(_spec(structure_floor_mass=0.0, harness_floor_mass=0.0))
    assert base.gpu_count == zero.gpu_count
    assert base.total_mass == pytest.approx(zero.total_mass, rel=1e-9)
    small = td.size_satellite(_spec(mass_limit=700.0, structure_floor_mass=0.0))
    heavy = td.size_satellite(_spec(mass_limit=700.0, structure_floor_mass=200.0))
    assert heavy.mass_breakdown["structure"] == pytest.approx(200.0, rel=1e-9)
    assert heavy.gpu_count <= small.gpu_count


@pytest.mark.parametrize(
    ("field", "value"),
    [("structure_floor_mass", -1.0), ("harness_floor_mass", -0.5),
     ("structure_fraction", 0.7), ("harness_fraction", -0.1)],
)
def test_bad_input_names_field_and_range(field, value):
    with pytest.raises(InputError, match=field) as info:
        _spec(**{field: value})
    assert "range" in str(info.value) or "must" in str(info.value)


def test_floor_enters_the_stowed_volume():
    # volume-limited: the closure packs the wet mass less the panels at the core density,
    # an independent roll-up; the GP's volume row carries the floored structure variable,
    # so the two agree, and a 400 kg structure floor (above 0.12 x dry) costs GPUs
    free = td.size_satellite(_spec(mass_limit=5000.0, max_stowed_volume=3.0),
                             sensitivities=False)
    floored = td.size_satellite(_spec(mass_limit=5000.0, max_stowed_volume=3.0,
                                      structure_floor_mass=400.0), sensitivities=False)
    assert floored.mass_breakdown["structure"] == pytest.approx(400.0, rel=1e-9)
    assert free.mass_breakdown["structure"] < 400.0
    for design in (free, floored):
        assert abs(design.margins["stowed volume limit"]) < 1e-6
        assert abs(design.margins["mass roll-up"]) < 1e-6
    assert floored.gpu_count < free.gpu_count
