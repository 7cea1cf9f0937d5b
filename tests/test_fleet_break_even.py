"""Break-even launch price of a sampled cost curve (thermaldesign.fleet.economics)."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from thermaldesign.errors import InputError
from thermaldesign.fleet.economics import break_even_launch_price, break_even_root


def test_break_even_reproduces_suncatcher_numbers():
    # F-1: launched power price = m * p / (P * L) for Starlink v2 mini, 575 kg, 28 kW,
    # 5 yr: 14,786 USD/kW/yr at 3,600 USD/kg and 821 at 200 USD/kg. F-2: terrestrial at
    # 0.06 USD/kWh, PUE 1.09: 573 USD/kW/yr. The cost is linear in p, so the break-even
    # is exact: p* = 573 * 28 * 5 / 575 = 139.5 USD/kg.
    prices = np.array([100.0, 200.0, 3600.0])
    costs = 575.0 * prices / (28.0 * 5.0)
    np.testing.assert_allclose(costs[1:], [821.4, 14786.0], rtol=1e-3)
    price = break_even_launch_price(prices, costs, 573.0)
    assert price == pytest.approx(573.0 * 28.0 * 5.0 / 575.0, rel=1e-12)


@settings(max_examples=100, deadline=None)
@given(
    slope=st.floats(0.1, 100.0), intercept=st.floats(0.0, 1000.0),
    terrestrial=st.floats(1.0, 1e5),
)
def test_break_even_of_a_line_is_exact(slope, intercept, terrestrial):
    prices = np.linspace(10.0, 5000.0, 17)
    price = break_even_launch_price(prices, intercept + slope * prices, terrestrial)
    exact = (terrestrial - intercept) / slope
    if prices[0] <= exact <= prices[-1]:
        assert price == pytest.approx(exact, rel=1e-9)
    else:
        assert price is None


def test_break_even_errors():
    with pytest.raises(InputError, match="strictly increasing"):
        break_even_launch_price([2, 1], [1, 2], 1.5)
    with pytest.raises(InputError, match="same length"):
        break_even_launch_price([1, 2], [1], 1.5)


def test_break_even_takes_the_first_upward_crossing():
    # Brute force on a hand-drawn curve: above, below, then up through 10 between 300 and
    # 400 (linear: 300 + (10 - 6) / (16 - 6) * 100 = 340), then down and up again.
    prices = [100.0, 200.0, 300.0, 400.0, 500.0, 600.0]
    costs = [12.0, 8.0, 6.0, 16.0, 4.0, 20.0]
    assert break_even_launch_price(prices, costs, 10.0) == pytest.approx(340.0, rel=1e-12)
    # A sample exactly on the ground cost is the crossing.
    assert break_even_launch_price(prices, [5.0, 10.0, 12.0, 3, 3, 3], 10.0) == 200.0


def test_break_even_root_of_a_line_and_its_errors():
    # Closed form: 2 p - 300 = 0 at p = 150.
    assert break_even_root(lambda p: 2.0 * p - 300.0, 0.0, 1000.0) == pytest.approx(
        150.0, abs=1e-9)
    with pytest.raises(InputError, match="same sign"):
        break_even_root(lambda p: p + 1.0, 0.0, 10.0)
    with pytest.raises(InputError, match="below high"):
        break_even_root(lambda p: p - 1.0, 10.0, 0.0)
