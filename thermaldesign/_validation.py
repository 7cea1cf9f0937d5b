"""Input checks shared by every public function.

One place turns "an emissivity of 9" into ``InputError: emissivity = 9 is outside the valid
range (0, 1]`` so that every module speaks the same language.

A physics function declares its parameters' ranges once, as a table handed to
:func:`thermaldesign._guard.guarded` (``@guarded(temperature=positive("K"), ...)``); the
:class:`Range` specs below build those entries. Checks that depend on several parameters
together stay in the function body.

Extreme but valid magnitudes
----------------------------
Validation accepts every finite value in a parameter's range, 1e-300 and 1e300 included.
The few formulas whose *intermediate* products can then leave the float range although
the result does not (an emissivity of 1e-300 times sigma underflows to 0, a 1e100 K
temperature to the fourth power overflows) are written with two scaled helpers, and
nowhere else is a formula rearranged for them:

- :func:`power_product` (a product of powers such as (q / (n eps sigma))^(1/4)): the
  product as written when every factor lies in [1e-100, 1e100], in logarithms otherwise
  (relative error ~1e-13);
- :func:`fourth_power_sum_root` ((T1^4 + T2^4)^(1/4)): scaled by the largest term, like
  :func:`math.hypot`.

A result that itself leaves the float range is reported by the guard as an InputError
(see :mod:`thermaldesign._guard`); underflow to zero of a term that does not decide the
result is ignored there by design.
"""

from __future__ import annotations

import difflib
import functools
import math
import numbers
from dataclasses import dataclass

import numpy as np

from .errors import InputError

__all__ = [
    "Range",
    "as_output",
    "check_array",
    "check_choice",
    "check_positive_int",
    "check_scalar",
    "fourth_power_sum_root",
    "fraction",
    "nonnegative",
    "one_of",
    "positive",
    "power_product",
]


def _interval(low, high, low_open, high_open) -> str:
    left = "(" if low_open or low is None else "["
    right = ")" if high_open or high is None else "]"
    lo = "-inf" if low is None else f"{low:g}"
    hi = "inf" if high is None else f"{high:g}"
    return f"{left}{lo}, {hi}{right}"


# numpy dtype kinds that hold real numbers; everything else (strings, complex, dates,
# records) is refused rather than cast, which would parse "300" or drop an imaginary part.
_REAL_KINDS = frozenset("biuf")


def _as_real_array(value, name: str) -> np.ndarray:
    """``value`` as a float array, refusing anything that is not made of real numbers."""

    def refuse(detail: str = "") -> InputError:
        shown = repr(value)
        shown = shown if len(shown) <= 80 else shown[:77] + "..."
        return InputError(
            f"{name} must be a number or an array of numbers; got {shown}{detail}"
        )

    if isinstance(value, (str, bytes)) or value is None:
        raise refuse()
    try:
        raw = np.asarray(value)
    except (TypeError, ValueError, OverflowError):
        raise refuse() from None
    if raw.dtype.kind == "O":
        # Mixed Python objects: only real numbers (not strings, complex, None) may pass.
        if not all(isinstance(item, numbers.Real) for item in raw.flat):
            raise refuse()
    elif raw.dtype.kind not in _REAL_KINDS:
        raise refuse(f" (dtype {raw.dtype})")
    try:
        return raw.astype(float, copy=False)
    except OverflowError:  # a Python int beyond the float range, such as 10**400
        raise InputError(
            f"{name} holds an integer beyond the float range (about 1.8e308); "
            "check its units"
        ) from None
    except (TypeError, ValueError):
        raise refuse() from None


def check_array(
    value,
    name: str,
    *,
    low: float | None = None,
    high: float | None = None,
    low_open: bool = False,
    high_open: bool = False,
    unit: str = "",
) -> np.ndarray:
    """Return ``value`` as a float array, or raise :class:`InputError`.

    Rejects non-numeric input, NaN and infinities, empty arrays, and any entry outside
    the interval given by ``low``/``high`` (closed unless ``*_open``). The message names
    the parameter, the offending value and the valid range with its unit.
    """
    if type(value) is float:  # the common scalar: no array needed to check it
        if math.isfinite(value) and (
            low is None or (value > low if low_open else value >= low)
        ) and (high is None or (value < high if high_open else value <= high)):
            return np.asarray(value)
        array = np.asarray(value)
    else:
        array = _as_real_array(value, name)
        if array.size == 0:
            raise InputError(f"{name} must not be empty")
        # One reduction each for the common valid case; NaN fails both comparisons.
        smallest, largest = array.min(), array.max()
        if math.isfinite(smallest) and math.isfinite(largest) and (
            low is None or (smallest > low if low_open else smallest >= low)
        ) and (high is None or (largest < high if high_open else largest <= high)):
            return array
    suffix = f" {unit}" if unit else ""
    interval = _interval(low, high, low_open, high_open)
    finite = np.isfinite(array)
    if not finite.all():
        bad = array[~finite].flat[0]
        raise InputError(
            f"{name} = {bad} is not a finite number; valid range {interval}{suffix}"
        )
    ok = np.ones(array.shape, dtype=bool)
    if low is not None:
        ok &= array > low if low_open else array >= low
    if high is not None:
        ok &= array < high if high_open else array <= high
    if not ok.all():
        bad = array[~ok].flat[0]
        raise InputError(
            f"{name} = {bad:g}{suffix} is outside the valid range {interval}{suffix}"
        )
    return array


def check_scalar(value, name: str, **bounds) -> float:
    """Like :func:`check_array` for one number; returns a Python float."""
    if isinstance(value, bool):
        raise InputError(f"{name} must be a number; got {value!r}")
    array = check_array(value, name, **bounds)
    if array.ndim != 0:
        raise InputError(f"{name} must be a single number; got an array of shape {array.shape}")
    return float(array)


def check_positive_int(value, name: str, *, minimum: int = 1,
                       maximum: int | None = None) -> int:
    """Return ``value`` as an int in [``minimum``, ``maximum``] or raise :class:`InputError`."""
    valid = f"[{minimum}, inf)" if maximum is None else f"[{minimum}, {maximum:,}]"
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        if isinstance(value, float) and math.isfinite(value) and value.is_integer():
            value = int(value)
        else:
            raise InputError(f"{name} must be a whole number in {valid}; got {value!r}")
    if value < minimum or (maximum is not None and value > maximum):
        shown = f"{value}" if abs(value) < 10**30 else f"{float(value):.3g}"
        raise InputError(f"{name} = {shown} is outside the valid range {valid}")
    return int(value)


def check_choice(value, name: str, choices) -> str:
    """Return ``value`` if it is one of ``choices``; otherwise suggest the nearest one."""

    choices = list(choices)
    if isinstance(value, (np.ndarray, list, tuple, dict, set)):
        raise InputError(
            f"{name} must be one of {', '.join(map(repr, choices))}; got a "
            f"{type(value).__name__}"
        )
    try:
        found = value in choices
    except (TypeError, ValueError):  # an object whose == does not give a truth value
        found = False
    if found:
        return value
    near = difflib.get_close_matches(str(value), [str(c) for c in choices], n=1)
    hint = f"; did you mean '{near[0]}'?" if near else ""
    raise InputError(
        f"{name} = {value!r} is not one of {', '.join(map(repr, choices))}{hint}"
    )


def as_output(array: np.ndarray):
    """Return a Python float for a 0-d result, the array otherwise.

    A NaN or infinity in a result computed from valid input is a bug, never an answer:
    raise rather than let it escape.
    """
    array = np.asarray(array, dtype=float)
    if not np.isfinite(array).all():
        raise ArithmeticError(
            "thermaldesign produced a non-finite result from inputs that passed validation; "
            "please report this as a bug"
        )
    return float(array) if array.ndim == 0 else array


# ------------------------------------------------------------ declarative range specs


@dataclass(frozen=True)
class Range:
    """A parameter's valid range, as an entry of a :func:`~thermaldesign._guard.guarded`
    table. Calling it checks one value with :func:`check_array` (or :func:`check_scalar`
    if ``scalar``); ``optional`` lets ``None`` through unchanged."""

    low: float | None = None
    high: float | None = None
    low_open: bool = False
    high_open: bool = False
    unit: str = ""
    scalar: bool = False
    optional: bool = False

    def __call__(self, value, name: str):
        if value is None and self.optional:
            return None
        check = check_scalar if self.scalar else check_array
        return check(value, name, low=self.low, high=self.high, low_open=self.low_open,
                     high_open=self.high_open, unit=self.unit)


def positive(unit: str = "", **options) -> Range:
    """Range (0, inf) in ``unit``."""
    return Range(low=0.0, low_open=True, unit=unit, **options)


def nonnegative(unit: str = "", **options) -> Range:
    """Range [0, inf) in ``unit``."""
    return Range(low=0.0, unit=unit, **options)


def one_of(*choices):
    """Spec for a parameter that takes one of ``choices`` (see :func:`check_choice`)."""
    return lambda value, name: check_choice(value, name, choices)


def fraction(*, allow_zero: bool = False, **options) -> Range:
    """Range (0, 1], or [0, 1] with ``allow_zero``; dimensionless."""
    return Range(low=0.0, high=1.0, low_open=not allow_zero, **options)


# ------------------------------------------------- formulas with extreme magnitudes

# Inside this band every factor of a product of powers is evaluated as written.
_PLAIN_LOW, _PLAIN_HIGH = 1e-100, 1e100


def power_product(*factors):
    """prod(base ** exponent) over ``(base, exponent)`` pairs, bases >= 0 (0 only with a
    positive exponent).

    Evaluated as written, left to right, where every base lies in [1e-100, 1e100];
    elsewhere as exp(sum exponent * log base), which no intermediate product can under-
    or overflow. A result beyond the float range raises ``FloatingPointError``, which
    :func:`~thermaldesign._guard.guarded` reports as an :class:`InputError`.
    """
    bases = [np.asarray(base, dtype=float) for base, _ in factors]
    exponents = [exponent for _, exponent in factors]
    plain = functools.reduce(np.logical_and, [
        (base == 0.0) | ((base >= _PLAIN_LOW) & (base <= _PLAIN_HIGH)) for base in bases
    ])
    with np.errstate(divide="ignore", over="ignore", under="ignore", invalid="ignore"):
        powers = [base**exponent for base, exponent in zip(bases, exponents, strict=True)]
        direct = functools.reduce(np.multiply, powers)
        if not np.all(plain):
            logs = sum(e * np.log(base) for base, e in zip(bases, exponents, strict=True))
            direct = np.where(plain, direct, np.exp(logs))
    if not np.all(np.isfinite(direct)):
        raise FloatingPointError("overflow encountered in a product of powers")
    return direct


def fourth_power_sum_root(*terms):
    """(sum of w * x^4)^(1/4) for ``(w, x)`` pairs, w in [0, 1], x >= 0 (a bare ``x`` is
    the pair (1, x)), scaled by the largest x like :func:`math.hypot` so that no fourth
    power under- or overflows."""
    pairs = [term if isinstance(term, tuple) else (1.0, term) for term in terms]
    largest = functools.reduce(np.maximum, [np.asarray(x, dtype=float) for _, x in pairs])
    scale = np.where(largest > 0.0, largest, 1.0)
    return largest * sum(w * (x / scale) ** 4 for w, x in pairs) ** 0.25
