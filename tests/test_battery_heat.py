"""The battery's discharge loss reaches the radiator (issue 14: nominal hot case).

Oracle: the closed form of the loss, (1/eta_d - 1) x eclipse load x t_eclipse / period,
orbit-averaged (the battery sits on the loop's cold plate), and the radiator balance
A = Q / (c T^4 - q_abs) it enlarges.
"""

import pytest

import thermaldesign as td
from thermaldesign.constants import STEFAN_BOLTZMANN
from thermaldesign.sizing import evaluate


def test_radiator_heat_carries_the_discharge_loss():
    spec = td.SatelliteSpec()
    env = evaluate.environment_of(spec)
    load = evaluate.loads(spec, env, 10.0, eclipse_fraction=1.0)
    eta = spec.entry("battery").discharge_efficiency
    expected = (1.0 / eta - 1.0) * load.eclipse_load * env.eclipse_duration / env.period
    assert expected > 0.0  # the reference's dawn-dusk orbit has an eclipse season
    assert load.radiator_heat - (load.loop_heat + load.compressor) == pytest.approx(
        expected, rel=1e-12)


def test_no_eclipse_no_discharge_heat():
    # 1,500 km dawn-dusk: above the eclipse-free threshold (~1,392 km), no battery cycling
    spec = td.SatelliteSpec(altitude=1500e3)
    env = evaluate.environment_of(spec)
    assert env.eclipse_duration == 0.0
    load = evaluate.loads(spec, env, 10.0)
    assert load.radiator_heat == pytest.approx(load.loop_heat + load.compressor, rel=1e-15)


def test_sized_radiator_rejects_the_discharge_heat_too():
    design = td.size_satellite(td.SatelliteSpec(), gpu_count=20, sensitivities=False)
    spec = design.spec
    env = evaluate.environment_of(spec)
    load = evaluate.loads(spec, env, design.gpu_count, clock=design.clock_fraction,
                          junction=design.junction_temperature,
                          eclipse_fraction=design.eclipse_power_fraction)
    net = (env.sides * env.fin_efficiency * env.emissivity * STEFAN_BOLTZMANN
           * design.radiator_temperature**4 - env.absorbed_flux)
    assert design.radiator_area == pytest.approx(load.radiator_heat / net, rel=1e-6)
