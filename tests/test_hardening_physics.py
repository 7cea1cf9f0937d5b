"""Hardening: public physics functions meet hostile input with a documented error."""

import math

import numpy as np
import pytest

import thermaldesign as td
from thermaldesign import environment, orbit, radiator


def test_penumbra_covering_more_than_a_hemisphere():
    # Found by the fuzzing: altitude 1 m, beta 90 deg, penumbra gave arccos(-huge) = NaN.
    # Closed form: the penumbral cone half-angle rho + r_sun exceeds 90 deg when
    # R/(R+h) > cos(r_sun); then every point of the orbit sees the Sun partly hidden.
    sun = math.asin(td.constants.SUN_RADIUS / td.constants.ASTRONOMICAL_UNIT)
    radius = td.constants.EARTH_RADIUS
    threshold = radius / math.cos(sun) - radius  # ~69 m
    assert orbit.eclipse_fraction(0.5 * threshold, 90.0, shadow="penumbra") == 1.0
    assert orbit.eclipse_fraction(2.0 * threshold, 90.0, shadow="penumbra") == 0.0
    assert orbit.eclipse_fraction(1.0, 90.0, shadow="umbra") == 0.0
