"""The closure re-check is independent of the model's coefficient helpers.

``check_design`` rebuilds loads, heat and masses from the physics functions, not from
:mod:`thermaldesign.sizing.evaluate` / :mod:`thermaldesign.sizing.model`. Oracles: a
deliberately wrong helper, patched in everywhere the solver and the design's breakdowns
use it (so model, solution and reported design agree with one another), must still be
caught, because the real physics no longer closes; and the loop heat, derived here in
closed form from its energy balance.
"""

import dataclasses
import sys

import pytest

from thermaldesign.errors import ClosureError
from thermaldesign.sizing import SatelliteSpec, check_design, evaluate, model, size_satellite
from thermaldesign.sizing.closure import _loop_heat

SMALL = SatelliteSpec(mass_limit=1200.0)
# an eclipse, so the battery and the SMAD eq. 11-5 eclipse term are exercised too
ECLIPSE = SMALL.replace(orbit="inclined", design_beta=20.0)
# chips limited to 330 K: the best design lifts the radiator with the heat pump
HEAT_PUMP = SMALL.replace(heat_pump=True, junction_limit=330.0)


def _patch_everywhere(monkeypatch, module, name, wrong):
    """Replace ``module.name`` in every sizing module that holds that same function."""
    original = getattr(module, name)
    for loaded in list(sys.modules.values()):
        if (getattr(loaded, "__name__", "").startswith("thermaldesign.sizing")
                and getattr(loaded, name, None) is original):
            monkeypatch.setattr(loaded, name, wrong)


def test_correct_helpers_close_on_every_spec():
    """Control for the tests below: unpatched designs close with both re-checks."""
    for spec in (SMALL, ECLIPSE, HEAT_PUMP):
        design = size_satellite(spec, sensitivities=False)
        assert min(check_design(spec, design).values()) >= -1e-6
    assert design.heat_pump_lift > 1.0  # HEAT_PUMP really uses its heat pump


@pytest.mark.parametrize("spec", [SMALL, ECLIPSE], ids=["no eclipse", "eclipse"])
def test_load_model_without_conditioning_losses_is_caught(monkeypatch, spec):
    """A load helper that forgets the power-conditioning losses (X_d taken as 1).

    The solver then sizes the array for P / 1 instead of P / 0.92 and the radiator for
    the chips and pumps only; the design's own breakdowns use the same helper, so only an
    independent re-check can see that the array and radiator are 8 % short.
    """
    real = evaluate._loads_of

    def lossless(spec, env, it_power, lift, eclipse_fraction):
        return real(spec.replace(daylight_efficiency=1.0), env, it_power, lift,
                    eclipse_fraction)

    _patch_everywhere(monkeypatch, evaluate, "_loads_of", lossless)
    with pytest.raises(ClosureError, match="power balance violated") as info:
        size_satellite(spec, sensitivities=False)
    assert "radiator balance violated" in str(info.value)


@pytest.mark.parametrize("objective", ["max_compute", "min_cost_per_compute"])
def test_radiator_areal_mass_five_percent_light_is_caught(monkeypatch, objective):
    """Coefficients and mass roll-up both see a radiator 5 % lighter than the catalog's.

    Model and design then agree on a total mass 5 % of the radiator too low; the
    re-check weighs the radiator with the catalog's areal density.
    """
    real_values, real_masses = model.coefficient_values, evaluate.mass_parts

    def light(env):
        return dataclasses.replace(env, radiator_areal_density=0.95 * env.radiator_areal_density)

    def light_values(spec, env, lift=0.0, gpu_count=None, **kwargs):
        return real_values(spec, light(env), lift, gpu_count, **kwargs)

    def light_masses(spec, env, *args):
        return real_masses(spec, light(env), *args)

    _patch_everywhere(monkeypatch, model, "coefficient_values", light_values)
    _patch_everywhere(monkeypatch, evaluate, "mass_parts", light_masses)
    with pytest.raises(ClosureError, match="mass roll-up violated"):
        size_satellite(SMALL, objective, sensitivities=False)


def test_heat_pump_cop_without_carnot_fraction_is_caught(monkeypatch):
    """A compressor-power helper that uses the Carnot COP (fraction 1 instead of 0.5).

    The model's compressor draws half the real power, so the array, the radiator and the
    reported compressor power are all short of what the real heat pump needs.
    """

    def carnot(spec, env, lift):
        return lift / env.evaporator_temperature if lift > 0 else 0.0

    _patch_everywhere(monkeypatch, evaluate, "inverse_cop", carnot)
    with pytest.raises(ClosureError, match="heat pump power violated"):
        size_satellite(HEAT_PUMP, sensitivities=False)


@pytest.mark.parametrize("lift", [0.0, 20.0])
def test_loop_heat_is_the_closed_form_of_the_energy_balance(lift):
    """Q = P_it + k Q + r (P_it + k Q + w Q) with r = 1/X_d - 1 and w = 1/COP, so

    Q = P_it (1 + r) / (1 - k (1 + r) - r w).
    """
    spec = SMALL
    it_power = 10 * 800.0
    cop = 0.5 * 300.0 / lift if lift else None
    w = 1.0 / cop if cop else 0.0
    r = 1.0 / spec.daylight_efficiency - 1.0
    k = spec.pump_power_per_watt
    expected = it_power * (1 + r) / (1 - k * (1 + r) - r * w)
    assert _loop_heat(spec, it_power, w) == pytest.approx(expected, rel=1e-13)


def test_unbounded_loss_feedback_is_infinite_heat():
    """Losses of a watt or more per watt of loop heat never settle: the balance diverges."""
    spec = SMALL.replace(pump_power_per_watt=0.5, daylight_efficiency=0.5)
    # slope k (1 + r) = 0.5 * 2 = 1: no finite fixed point
    assert _loop_heat(spec, 1000.0, 0.0) == float("inf")
