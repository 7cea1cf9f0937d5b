"""Shared input validation: clear errors naming parameter, value and range."""

import math

import numpy as np
import pytest

import thermaldesign as td
from thermaldesign._validation import as_output, check_array, check_choice, check_scalar


def test_input_error_is_a_value_error():
    assert issubclass(td.InputError, ValueError)
    assert issubclass(td.InputError, td.ThermalDesignError)


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_non_finite_is_rejected_with_name(bad):
    with pytest.raises(td.InputError, match="emissivity"):
        check_array(bad, "emissivity", low=0, high=1, low_open=True)


def test_out_of_range_names_value_and_interval():
    with pytest.raises(td.InputError, match=r"emissivity = 9 is outside the valid range \(0, 1\]"):
        check_array([0.5, 9.0], "emissivity", low=0, high=1, low_open=True)


@pytest.mark.parametrize("bad", ["0.9", None, [], object()])
def test_wrong_types_are_rejected(bad):
    with pytest.raises(td.InputError, match="emissivity"):
        check_array(bad, "emissivity")


def test_scalar_rejects_arrays_and_bools():
    with pytest.raises(td.InputError, match="single number"):
        check_scalar([1.0, 2.0], "altitude")
    with pytest.raises(td.InputError):
        check_scalar(True, "altitude")


def test_choice_suggests_nearest():
    with pytest.raises(td.InputError, match="did you mean 'max_compute'"):
        check_choice("max_compte", "objective", ["max_compute", "min_mass_per_compute"])


def test_as_output_returns_float_for_scalars_and_refuses_nan():
    assert isinstance(as_output(np.asarray(2.0)), float)
    assert isinstance(as_output(np.ones(3)), np.ndarray)
    with pytest.raises(ArithmeticError):
        as_output(np.array([1.0, np.nan]))
