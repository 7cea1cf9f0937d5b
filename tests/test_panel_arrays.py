"""One fin-optimum / armoured-panel / armour computation for scalars and arrays.

Oracles: the scalar functions themselves (each is the array function on a batch of
one, so rows must equal them bit for bit), permutations and sub-batches of a batch (a
row's result must not depend on its batch-mates), and the Poisson closed form
exp(-F_pen(t) A years) = probability at the armour thickness found.
"""

import dataclasses

import numpy as np
import pytest

import thermaldesign as td
from thermaldesign import catalog, debris, radiator_panel
from thermaldesign.sizing import evaluate

FINS = catalog.get("fin_materials", "aluminium_6061_t6")
TUBE = catalog.get("radiator_tubes", "ammonia_pumped_tube")


def _fin_batch(rng, n):
    return dict(temperature=rng.uniform(250.0, 370.0, n), absorbed=rng.uniform(0.0, 180.0, n),
                emissivity=rng.uniform(0.75, 0.93, n), tube_mass=rng.uniform(0.2, 2.0, n),
                support=rng.uniform(0.0, 10.0, n))


def _optima(batch, rows):
    return radiator_panel.fin_optima(
        FINS.conductivity, FINS.density, batch["tube_mass"][rows], TUBE.width,
        batch["temperature"][rows], batch["emissivity"][rows],
        absorbed_flux=batch["absorbed"][rows], support_areal_density=batch["support"][rows])


def test_fin_optima_rows_equal_the_scalar_optimum_bit_for_bit():
    batch = _fin_batch(np.random.default_rng(16), 12)
    optima = _optima(batch, np.arange(12))
    for i in range(12):
        scalar = radiator_panel.fin_optimum(
            FINS.conductivity, FINS.density, batch["tube_mass"][i], TUBE.width,
            batch["temperature"][i], batch["emissivity"][i],
            absorbed_flux=batch["absorbed"][i], support_areal_density=batch["support"][i])
        assert optima.item(i) == scalar, i


def test_a_fin_optimum_does_not_depend_on_its_batch_mates():
    batch = _fin_batch(np.random.default_rng(17), 16)
    whole = _optima(batch, np.arange(16))
    order = np.random.default_rng(3).permutation(16)
    shuffled = _optima(batch, order)
    part = _optima(batch, np.array([5, 11, 2]))
    for position, row in enumerate(order):
        assert shuffled.item(position) == whole.item(row)
    for position, row in enumerate((5, 11, 2)):
        assert part.item(position) == whole.item(row)


def _panels(rows, altitude, standoff, probability):
    return radiator_panel.armoured_panels(
        FINS, TUBE, 300.0 + 0.05 * (altitude[rows] - 500e3) / 1e3, 0.88,
        absorbed_flux=60.0, altitude=altitude[rows], probability=[probability[r] for r in rows],
        standoff=[standoff[r] for r in rows], panel_areal_density=5.0)


def test_armoured_panels_equal_the_scalar_panel_and_ignore_their_batch_mates():
    altitude = np.linspace(450e3, 1100e3, 9)
    standoff = [None, 0.02, None, 0.05, None, None, 0.01, None, None]
    probability = [0.95, 0.95, None, 0.99, 0.9, 0.95, 0.95, None, 0.97]
    whole = _panels(np.arange(9), altitude, standoff, probability)
    for i in range(9):
        alone = radiator_panel.armoured_panel(
            FINS, TUBE, 300.0 + 0.05 * (altitude[i] - 500e3) / 1e3, 0.88, absorbed_flux=60.0,
            altitude=altitude[i], probability=probability[i], standoff=standoff[i],
            panel_areal_density=5.0)
        assert whole.item(i) == alone, i
    order = np.array([8, 3, 0, 6, 1])
    part = _panels(order, altitude, standoff, probability)
    for position, row in enumerate(order):
        assert part.item(position) == whole.item(row)


def test_armour_thicknesses_meet_the_probability_and_equal_the_scalar():
    altitude = np.linspace(300e3, 1500e3, 13)
    area = np.geomspace(0.5, 60.0, 13)
    thickness, too_thick = debris.armour_thicknesses(0.95, area, 5.0, altitude)
    assert not too_thick.any()
    for i in range(13):
        assert thickness[i] == debris.armour_thickness(0.95, area[i], 5.0, altitude[i])
        inside = debris.ARMOUR_RANGE[0] < thickness[i]
        if inside:  # the Poisson closed form holds at the root
            survive = debris.probability_of_no_penetration(thickness[i], area[i], 5.0,
                                                           altitude[i])
            assert survive == pytest.approx(0.95, rel=1e-12)
    reverse, _ = debris.armour_thicknesses(0.95, area[::-1], 5.0, altitude[::-1])
    assert np.array_equal(reverse[::-1], thickness)


def test_armour_thicknesses_flag_walls_beyond_ten_centimetres():
    thickness, too_thick = debris.armour_thicknesses([0.95, 1 - 1e-12], [1.0, 1e4], 30.0,
                                                     800e3)
    assert too_thick.tolist() == [False, True]
    with pytest.raises(td.InputError, match="more than 10 cm"):
        debris.armour_thickness(1 - 1e-12, 1e4, 30.0, 800e3)


def test_environments_of_distinct_orbits_equals_environment_of_per_row(monkeypatch):
    base = td.SatelliteSpec()
    altitudes = np.random.default_rng(18).uniform(500e3, 950e3, 7)
    specs = [dataclasses.replace(base, altitude=float(a), mass_limit=1500.0 + i)
             for i, a in enumerate(altitudes)]
    # bumpered tubes are another kind of spec (a None field set): stacked on their own
    specs += [dataclasses.replace(base, altitude=float(a), armour_standoff=0.03)
              for a in altitudes[2:4]]
    radiator_panel.clear_shared_panels()
    alone = []
    function = radiator_panel.armoured_panel
    monkeypatch.setattr(radiator_panel, "armoured_panel",
                        lambda *a, **k: alone.append(a) or function(*a, **k))
    batch = evaluate.environments_of(specs)
    assert alone == []  # every panel was built ahead, in one array call
    radiator_panel.clear_shared_panels()
    for i, spec in enumerate(specs):
        assert batch.items[i] == evaluate.environment_of(spec), i  # each built alone
