"""Layouts, the scaled bus and cycle-life depth of discharge in the sizing (issue 14).

Every design here is also re-checked by size_satellite's independent closure (which
recomputes the neighbour flux, attitude control and depth of discharge on its own
code path), so a coefficient that disagrees with the physics fails the solve."""

import math

import pytest

import thermaldesign as td
from thermaldesign import bus, studyfile
from thermaldesign.constants import STEFAN_BOLTZMANN
from thermaldesign.layout import Layout
from thermaldesign.sizing import evaluate


def test_no_layout_is_todays_model():
    spec = td.SatelliteSpec(layout=None, bus_model="fixed")
    env = evaluate.environment_of(spec)
    assert env.neighbour_flux == 0.0
    assert env.depth_of_discharge == spec.entry("battery").depth_of_discharge
    assert evaluate.attitude_power(spec) == spec.adcs_power
    assert evaluate.fixed_mass(spec) == pytest.approx(40 + 4 * 15 + 60 + 40)


def test_layout_adds_what_the_radiator_sees():
    plain, boom = td.SatelliteSpec(layout=None), td.SatelliteSpec(layout="boom")
    env_plain, env_boom = evaluate.environment_of(plain), evaluate.environment_of(boom)
    assert env_boom.absorbed_flux == pytest.approx(env_plain.absorbed_flux
                                                   + env_boom.neighbour_flux)
    # the array it sees is warmer than the radiator's sink: tens of W/m^2 of planform
    view = Layout(kind="boom").view_factors()
    assert env_boom.neighbour_flux > 2 * env_boom.emissivity * STEFAN_BOLTZMANN * (
        view.array_back * 0.8 * 300.0**4)


def test_radiator_area_penalty_at_fixed_compute():
    # Same GPUs, same heat Q, each radiator at its own thermal-chain limit T (the pumped
    # panel's effective temperature and the fin optimum depend on what the panel absorbs):
    # the planform is A = Q / (c T^4 - q) from the radiator balance, so the layout's area
    # ratio is (c_p T_p^4 - q_p) / (c_b T_b^4 - q_b).
    count = 25  # below what either spec fits (29 for the reference), so both solve
    # (the chip pinned at full clock and the limit: the same heat Q at the same count)
    chip = {"clock_fraction": 1.0, "junction_temperature": 360.15, "eclipse_mode": "battery",
            "bus_model": "fixed"}  # no layout against the boom, the same bus
    plain_spec = td.SatelliteSpec(layout=None, **chip)
    boom_spec = td.SatelliteSpec(layout="boom", **chip)
    plain = td.size_satellite(plain_spec, gpu_count=count, sensitivities=False)
    boom = td.size_satellite(boom_spec, gpu_count=count, sensitivities=False)

    def net_flux(spec, design):
        env = evaluate.environment_of(spec)
        return (env.sides * env.fin_efficiency * env.emissivity * STEFAN_BOLTZMANN
                * design.radiator_temperature**4 - env.absorbed_flux)

    expected = net_flux(plain_spec, plain) / net_flux(boom_spec, boom)
    assert boom.radiator_area / plain.radiator_area == pytest.approx(expected, rel=1e-5)
    assert expected > 1.03  # a few per cent more radiator for the boom layout


def test_body_mounted_layout_needs_a_one_sided_radiator():
    with pytest.raises(td.InputError, match=r"radiates from 1 face.*sides = 2"):
        evaluate.environment_of(td.SatelliteSpec(layout="body-mounted"))
    design = td.size_satellite(td.SatelliteSpec(layout="body-mounted",
                                                radiator="body_mounted_honeycomb"),
                               sensitivities=False)
    assert design.gpu_count > 0


def test_scaled_bus_in_the_roll_up():
    spec = td.SatelliteSpec(layout="boom", bus_model="scaled")
    design = td.size_satellite(spec, sensitivities=False)  # closes, or raises
    scaled = evaluate.bus_scaling(spec)
    parts = design.mass_breakdown
    expected = (spec.adcs_sensor_mass
                + scaled.array_mass_per_area * design.solar_array_area
                + scaled.radiator_mass_per_area * design.radiator_area)
    assert parts["attitude control"] == pytest.approx(expected, rel=1e-9)
    assert parts["rotary joints"] == pytest.approx(2 * bus.ROTARY_JOINT_MASS)
    assert evaluate.attitude_power(spec) == pytest.approx(
        spec.adcs_sensor_power + scaled.wheels.power + 2 * bus.ROTARY_JOINT_POWER)


def test_yaw_steering_has_no_joint_but_heavier_wheels():
    joint = td.SatelliteSpec(layout=Layout(kind="boom"), bus_model="scaled")
    yaw = td.SatelliteSpec(layout=Layout(kind="boom", edge_on="yaw steering"),
                           bus_model="scaled")
    assert evaluate.bus_scaling(yaw).joint_mass == 0.0
    assert evaluate.bus_scaling(yaw).wheels.mass > evaluate.bus_scaling(joint).wheels.mass


def test_cycle_life_depth_of_discharge_sizes_the_battery():
    catalog = td.SatelliteSpec()
    cycling = td.SatelliteSpec(depth_of_discharge_model="cycle-life")
    env = evaluate.environment_of(cycling)
    per_year = evaluate.eclipse_cycles_per_year(cycling.altitude, cycling.orbit,
                                                cycling.design_beta, env.period)
    # a dawn-dusk orbit is eclipsed on part of the year only: far fewer than the
    # ~5,500 cycles a year of an orbit eclipsed every revolution
    assert 0.0 < per_year < 0.5 * 365.25 * 86_400 / env.period
    assert env.depth_of_discharge == pytest.approx(
        bus.cycle_life_depth_of_discharge(cycling.lifetime_years * per_year))
    # SMAD eq. 11-11: installed energy is inversely proportional to the depth of discharge
    n = 20.0
    energy_catalog = evaluate.loads(catalog, evaluate.environment_of(catalog), n).battery_energy
    energy_cycling = evaluate.loads(cycling, env, n).battery_energy
    assert energy_catalog / energy_cycling == pytest.approx(
        env.depth_of_discharge / catalog.entry("battery").depth_of_discharge, rel=1e-12)
    design = td.size_satellite(cycling, sensitivities=False)  # closes, or raises
    assert design.gpu_count >= td.size_satellite(catalog, sensitivities=False).gpu_count


def test_inclined_orbit_cycles_every_revolution():
    spec = td.SatelliteSpec(orbit="inclined", depth_of_discharge_model="cycle-life")
    env = evaluate.environment_of(spec)
    per_year = 365.25 * 86_400 / env.period
    assert env.depth_of_discharge == pytest.approx(
        bus.cycle_life_depth_of_discharge(spec.lifetime_years * per_year))


def test_spec_round_trip_and_bad_input():
    spec = td.SatelliteSpec(layout=Layout(kind="in-plane", offset=2.0), bus_model="scaled")
    again = td.SatelliteSpec.from_dict(spec.to_dict())
    assert again.layout == spec.layout and again.bus_model == "scaled"
    with pytest.raises(td.InputError, match=r"layout = 'sideways' is not one of"):
        td.SatelliteSpec(layout="sideways")
    with pytest.raises(td.InputError, match=r"bus_model = 'big' is not one of"):
        td.SatelliteSpec(bus_model="big")
    with pytest.raises(td.InputError, match=r"depth_of_discharge_model"):
        td.SatelliteSpec(depth_of_discharge_model="deep")
    with pytest.raises(td.InputError, match=r"adcs_sensor_mass = -1 kg is outside"):
        td.SatelliteSpec(adcs_sensor_mass=-1.0)
    assert math.isfinite(evaluate.environment_of(spec).neighbour_flux)


def test_size_with_layout_draws_the_layout_at_the_design():
    spec = td.SatelliteSpec(layout="boom", bus_model="scaled", mass_limit=800.0)
    design, final = td.size_with_layout(spec, sensitivities=False, tolerance=0.005)
    # the fixed point: the layout the design was sized with has the design's areas
    assert final.layout.array_area == pytest.approx(design.solar_array_area, rel=0.005)
    assert final.layout.radiator_area == pytest.approx(design.radiator_area, rel=0.005)
    assert final.layout.kind == "boom"
    # the 334 m^2 reference layout is five times this satellite's array: one sizing is
    # not enough
    with pytest.raises(td.InputError, match=r"still moved by .* after 1 sizings"):
        td.size_with_layout(spec, sensitivities=False, iterations=1)
    with pytest.raises(td.InputError, match=r"needs a spec with a layout"):
        td.size_with_layout(td.SatelliteSpec(layout=None, bus_model="fixed"))


def test_a_layout_object_sizes_with_sensitivities():
    # sensitivities perturb every numeric spec field; a Layout is not one of them
    design = td.size_satellite(td.SatelliteSpec(layout=Layout(kind="boom", offset=2.0)))
    assert design.sensitivities and "layout" not in design.sensitivities


def test_study_file_takes_a_layout_table(tmp_path):
    path = tmp_path / "layout.toml"
    path.write_text('[spec]\nlayout = { kind = "boom", offset = 2.0 }\nbus_model = "scaled"\n')
    study = studyfile.load_study(path)
    assert study.spec.layout == Layout(kind="boom", offset=2.0)
    path.write_text('[spec]\nlayout = { kind = "boom", offset = -3.0 }\n')
    with pytest.raises(td.StudyFileError, match=r"line 2.*spec\.layout.*intersect"):
        studyfile.load_study(path)


def test_a_specs_bus_is_kept_for_its_next_question_and_each_spec_gets_its_own():
    # Oracle: the scaled bus of each spec's own inputs (bus.scaled_bus, to roundoff), and
    # the table's bus of them (the same object); alternating specs never swap buses.
    first = td.SatelliteSpec(mass_limit=2000.0)
    second = first.replace(mass_limit=5000.0)
    for _ in range(2):
        for spec in (first, second, second, first):
            found = evaluate.bus_scaling(spec)
            assert evaluate.bus_scaling(spec) is found
            layout, *inputs = evaluate._bus_inputs(spec)
            assert found is evaluate._BUSES.get(layout, *inputs)
            alone = bus.scaled_bus(layout, array_areal_density=inputs[0],
                                   radiator_areal_density=inputs[1], core_mass=inputs[2],
                                   altitude=inputs[3])
            assert found.wheels.mass == pytest.approx(alone.wheels.mass, rel=1e-12)
    assert evaluate.bus_scaling(first).wheels.inertia[0, 0] != \
        evaluate.bus_scaling(second).wheels.inertia[0, 0]
