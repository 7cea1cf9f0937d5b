"""Accelerator physics fits against their sources' data points.

Oracles: the Perseus A100 SXM clock sweeps (Chung et al., SOSP 2024; ml-energy/zeus
sosp24_data, transcribed in docs/research/chip_sources.md s. 1.1-1.2), the K20 leakage
form of Price et al. (2016), and the Arrhenius law itself (JEDEC JEP122); acceleration
factors derived in the research note s. 3.1.
"""

import numpy as np
import pytest

from thermaldesign import accelerator, catalog
from thermaldesign.errors import InputError

H100 = catalog.get("accelerators", "h100_sxm")


def _sweep(data):
    table = np.array(data, dtype=float)
    clock = table[:, 0] / table[0, 0]
    return clock, table[:, 1] / table[0, 1], table[:, 2]


def _model(clock):
    power = accelerator.clock_power_fraction(clock, H100.clock_static_fraction,
                                             H100.clock_power_exponent)
    throughput = accelerator.throughput_fraction(clock, H100.clock_throughput_exponent)
    return power, throughput


def test_power_and_throughput_fit_the_gpt3_sweep_within_the_stated_errors():
    clock, power, throughput = _sweep(accelerator.PERSEUS_GPT3_A100)
    model_power, model_throughput = _model(clock)
    # catalog notes: power largest error 5.6 %, throughput 2.8 %
    assert np.max(np.abs(model_power / power - 1)) < 0.057
    assert np.max(np.abs(model_throughput / throughput - 1)) < 0.029
    assert np.sqrt(np.mean((model_power / power - 1) ** 2)) < 0.027


def test_throughput_per_watt_reproduces_both_workloads_within_their_scatter():
    # the scatter: the two workloads' throughput per watt differ by up to ~6 % at a clock
    gpt_clock, gpt_power, gpt_throughput = _sweep(accelerator.PERSEUS_GPT3_A100)
    _, bloom_power, bloom_throughput = _sweep(accelerator.PERSEUS_BLOOM_A100)
    gpt = gpt_throughput / gpt_power
    bloom = bloom_throughput / bloom_power
    scatter = np.max(np.abs(bloom / gpt - 1))
    model_power, model_throughput = _model(gpt_clock)
    per_watt = model_throughput / model_power
    # fitted to GPT-3: every point within the workloads' largest difference; Bloom (not
    # fitted) within it in rms, and within 9 % at its worst point (near 1,065 MHz)
    assert np.max(np.abs(per_watt / gpt - 1)) <= scatter
    assert np.sqrt(np.mean((per_watt / bloom - 1) ** 2)) <= scatter
    assert np.max(np.abs(per_watt / bloom - 1)) < 0.09
    # the sources' efficiency is U-shaped: best well below full clock, with the model too
    assert gpt_clock[np.argmax(gpt)] < 0.85 and gpt_clock[np.argmax(per_watt)] < 0.85
    assert per_watt.max() > 1.3  # +37 % work per joule in the data at 1080 MHz


def test_dynamic_power_rises_faster_than_throughput():
    # P_dyn ~ f V(f)^2: the exponent exceeds 1 (here ~4) while throughput's is below 1
    assert H100.clock_power_exponent > 3.0 > 1.0 > H100.clock_throughput_exponent


def test_leakage_monomial_fits_the_k20_form_over_the_range():
    exponent, error = accelerator.leakage_exponent(accelerator.K20_LEAKAGE_B,
                                                   *accelerator.JUNCTION_FIT_RANGE, 360.15)
    temperatures = np.linspace(*accelerator.JUNCTION_FIT_RANGE, 11)
    exact = (accelerator.leakage_k20_form(temperatures)
             / accelerator.leakage_k20_form(360.15))
    fitted = (temperatures / 360.15) ** exponent
    assert np.max(np.abs(fitted / exact - 1)) <= error + 1e-12
    assert error < 0.03
    # Price et al.: the temperature term is 5.1 W at 50 C and 19.1 W at 90 C (a = 1 W/K^2)
    assert accelerator.leakage_k20_form(323.15) == pytest.approx(5.1, abs=0.05)
    assert accelerator.leakage_k20_form(363.15) == pytest.approx(19.1, abs=0.1)
    # local e-folding 2/T + b/T^2 = 0.032 /K at 350 K (research note s. 2.1)
    assert (2 / 350 + accelerator.K20_LEAKAGE_B / 350**2) == pytest.approx(0.032, abs=5e-4)


@pytest.mark.parametrize("energy, low, high, factor", [
    # research note s. 3.1: 0.7 eV gives x5.5 (60->85 C), x2.7 (70->85 C), x15.9 (50->90 C)
    (0.7, 60.0, 85.0, 5.5), (0.7, 70.0, 85.0, 2.7), (0.7, 50.0, 90.0, 15.9),
    (0.5, 60.0, 85.0, 3.4), (0.9, 50.0, 90.0, 35.0),
])
def test_arrhenius_acceleration_factors(energy, low, high, factor):
    value = accelerator.arrhenius_factor(high + 273.15, low + 273.15, energy)
    assert value == pytest.approx(factor, rel=0.03)


def test_arrhenius_monomial_fit_error_is_what_it_states():
    exponent, error = accelerator.arrhenius_exponent(0.7, *accelerator.JUNCTION_FIT_RANGE,
                                                     343.15)
    temperatures = np.linspace(*accelerator.JUNCTION_FIT_RANGE, 51)
    exact = accelerator.arrhenius_factor(temperatures, 343.15, 0.7)
    fitted = (temperatures / 343.15) ** exponent
    assert np.max(np.abs(fitted / exact - 1)) == pytest.approx(error, rel=0.05)
    # the local slope d ln(lambda)/d ln T = E_a / (k T) at 343 K is 23.7
    assert exponent == pytest.approx(0.7 / (accelerator.BOLTZMANN_EV * 343.15), rel=0.05)


def test_catalog_hard_failure_rate_splits_the_llama3_interruptions():
    # Llama 3 Table 5: 256 GPU-category interruptions in 54 days on 16,384 H100
    interruptions = 256 / 16384 / 54 * 365
    assert interruptions == pytest.approx(0.106, abs=0.001)
    # Crusoe: 41.5 % host replacement vs 19.5 % recovered -> 68 % hard
    assert H100.hard_failure_rate == pytest.approx(interruptions * 41.5 / 61.0, rel=0.02)


def test_chip_power_is_the_tdp_at_full_clock_and_reference_temperature():
    value = accelerator.chip_power_fraction(
        1.0, 360.15, reference_temperature=360.15, static_fraction=0.398,
        leakage_fraction=0.15, power_exponent=3.75, leakage_exponent=11.4)
    assert value == pytest.approx(1.0)
    cooler = accelerator.chip_power_fraction(
        1.0, 330.0, reference_temperature=360.15, static_fraction=0.398,
        leakage_fraction=0.15, power_exponent=3.75, leakage_exponent=11.4)
    assert cooler == pytest.approx(1.0 - 0.15 * (1 - (330.0 / 360.15) ** 11.4))


def test_spares_are_the_expected_failures():
    assert accelerator.spares(100, 0.05, 5.0) == pytest.approx(25.0)


@pytest.mark.parametrize("call, match", [
    (lambda: accelerator.clock_power_fraction(1.5, 0.4, 3.75), "clock_fraction"),
    (lambda: accelerator.arrhenius_factor(350.0, 340.0, 0.0), "activation_energy"),
    (lambda: accelerator.arrhenius_exponent(-0.1), "activation_energy"),
    (lambda: accelerator.spares(-1, 0.1, 5), "active"),
    (lambda: accelerator.chip_power_fraction(
        1.0, 350.0, reference_temperature=360.0, static_fraction=0.1, leakage_fraction=0.2,
        power_exponent=3.0, leakage_exponent=10.0), "leakage_fraction = 0.2 exceeds"),
])
def test_bad_input_names_the_parameter(call, match):
    with pytest.raises(InputError, match=match):
        call()
