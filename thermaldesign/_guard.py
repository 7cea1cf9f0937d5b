"""One guard for the public physics functions: checked inputs, and numeric trouble
becomes an InputError.

``@guarded(name=spec, ...)`` checks each named parameter with its spec (a
:class:`~thermaldesign._validation.Range` or any ``spec(value, name)`` callable that
returns the checked value or raises :class:`~thermaldesign.errors.InputError`), in the
order of the table, and calls the function with the checked values (defaults included).
A function's table names the parameters its own body uses; those it only forwards to
another guarded function are checked there. Checks that involve several parameters
together stay in the function body. Two failures only show up when the parameters meet:

- arrays whose shapes do not broadcast (numpy raises a bare ``ValueError``);
- values that are each valid but whose combination overflows the float range (a
  temperature of 1e300 K raised to the fourth power, a load divided by an efficiency of
  5e-324): numpy warns and returns inf.

:func:`guarded` turns both into :class:`~thermaldesign.errors.InputError` naming the
parameters involved. An *invalid* operation (0/0, inf - inf: a NaN) is not an input
problem but a bug, and stays an error that says so.

Floating-point policy inside a guarded call: overflow, division by zero and invalid
operations raise where they happen (``np.errstate``); underflow to zero is ignored,
because a term that underflows is negligible next to the others. The formulas where an
underflow *would* decide the result (a product of extreme factors) use the scaled
helpers of :mod:`thermaldesign._validation` (see "Extreme but valid magnitudes" there),
so that valid input never yields 0/0.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import inspect

import numpy as np

from ._validation import Range
from .errors import InputError

__all__ = ["guarded", "trusted"]

# Nesting depth of guarded calls in this context (net_flux calls emitted_flux): only the
# outermost call converts errors, so the message names the function the user called.
_DEPTH: contextvars.ContextVar[int] = contextvars.ContextVar("thermaldesign_guard_depth",
                                                            default=0)

# Set inside :func:`trusted`: guarded functions run bare (inputs checked at the boundary).
_TRUSTED: contextvars.ContextVar[bool] = contextvars.ContextVar("thermaldesign_guard_trusted",
                                                               default=False)


@contextlib.contextmanager
def trusted():
    """Run guarded functions without their error translation inside this block.

    For internal hot paths (the sizing loop) whose inputs were validated once at the
    public boundary (:class:`~thermaldesign.sizing.SatelliteSpec`). Range checks only
    convert their argument (to the float or array the check would return); choices and
    custom checks still run. Skipped are the range comparisons, the floating-point trap
    context and the error translation around the call, which together cost more than the
    physics of a scalar call. Numpy's default floating-point policy (warn, not raise)
    applies inside.
    """
    token = _TRUSTED.set(True)
    try:
        yield
    finally:
        _TRUSTED.reset(token)


# Magnitudes outside this band are named as the likely cause of an overflow.
_EXTREME_HIGH = 1e30
_EXTREME_LOW = 1e-30


def _numeric_arguments(bound: inspect.BoundArguments) -> dict[str, np.ndarray]:
    arrays = {}
    for name, value in bound.arguments.items():
        if isinstance(value, (str, bytes, bool)) or value is None:
            continue
        try:
            array = np.asarray(value, dtype=float)
        except OverflowError:  # a Python int beyond the float range (10**400)
            array = np.asarray(np.inf)
        except (TypeError, ValueError):
            continue
        if array.size:
            arrays[name] = array
    return arrays


def _describe(array: np.ndarray) -> str:
    if array.ndim == 0:
        value = float(array)
        return f"{value:g}" if np.isfinite(value) else "an integer beyond the float range"
    return f"array of shape {array.shape}"


def _overflow_error(name: str, bound: inspect.BoundArguments, reason: str) -> InputError:
    arrays = _numeric_arguments(bound)
    extreme = []
    for key, array in arrays.items():
        magnitude = np.abs(array[~np.isnan(array)])
        nonzero = magnitude[magnitude > 0]
        if (magnitude.size and magnitude.max() > _EXTREME_HIGH) or (
            nonzero.size and nonzero.min() < _EXTREME_LOW
        ):
            extreme.append(key)
    named = extreme or list(arrays)
    listing = ", ".join(f"{key} = {_describe(arrays[key])}" for key in named)
    return InputError(
        f"{name}: the result leaves the float range ({reason}) for {listing}; these "
        "values are far outside any physical design, check their units"
    )


def _shape_error(name: str, bound: inspect.BoundArguments) -> InputError:
    shaped = {
        key: array.shape for key, array in _numeric_arguments(bound).items() if array.ndim
    }
    listing = ", ".join(f"{key} {shape}" for key, shape in shaped.items())
    return InputError(
        f"{name}: array arguments have shapes that do not broadcast together: {listing}"
    )


def _argument_checks(signature: inspect.Signature, checks: dict):
    """A function ``(args, kwargs) -> (args, kwargs)`` applying ``checks`` by name."""
    plan = []
    for name, check in checks.items():
        parameter = signature.parameters[name]  # a KeyError here is a typo in the table
        index = (
            list(signature.parameters).index(name)
            if parameter.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD else None
        )
        default = parameter.default
        if default is not inspect.Parameter.empty:
            default = check(default, name)  # defaults are valid: check them once
        plan.append((name, check, index, default))

    def apply(args, kwargs):
        args = list(args)
        for name, check, index, default in plan:
            if name in kwargs:
                kwargs[name] = check(kwargs[name], name)
            elif index is not None and index < len(args):
                args[index] = check(args[index], name)
            elif default is not inspect.Parameter.empty:
                kwargs[name] = default
            # else: a required argument is missing; the call raises the usual TypeError
        return args, kwargs

    return apply


def _converter(check):
    """What ``check`` returns for a valid value, without checking it (trusted calls)."""
    if not isinstance(check, Range):
        return check  # choices and custom checks are cheap and may translate values

    def convert(value, name):
        if value is None and check.optional:
            return None
        return float(value) if check.scalar else np.asarray(value, dtype=float)

    return convert


def guarded(function=None, /, **checks):
    """Decorate a public physics function (see the module docstring).

    Use bare (``@guarded``) or with a table of parameter checks
    (``@guarded(temperature=positive("K"), emissivity=fraction())``).
    """
    if function is None:
        return lambda decorated: guarded(decorated, **checks)
    signature = inspect.signature(function)
    name = function.__name__
    check_arguments = _argument_checks(signature, checks) if checks else None
    convert_arguments = _argument_checks(
        signature, {key: _converter(check) for key, check in checks.items()}
    ) if checks else None

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        if _TRUSTED.get():  # validated at the boundary: convert only (see trusted)
            if convert_arguments:
                args, kwargs = convert_arguments(args, kwargs)
            return function(*args, **kwargs)
        if _DEPTH.get():  # called by another guarded function: let the outer one report
            if check_arguments:
                args, kwargs = check_arguments(args, kwargs)
            return function(*args, **kwargs)
        token = _DEPTH.set(1)
        try:
            if check_arguments:
                args, kwargs = check_arguments(args, kwargs)
            with np.errstate(over="raise", divide="raise", invalid="raise", under="ignore"):
                return function(*args, **kwargs)
        except InputError:
            raise
        except (FloatingPointError, OverflowError) as error:
            message = str(error)
            bound = signature.bind(*args, **kwargs)
            if "invalid value" in message:
                raise ArithmeticError(
                    f"{name}: {message} from inputs that passed validation; please report "
                    "this as a bug"
                ) from error
            raise _overflow_error(name, bound, message) from None
        except ValueError as error:
            if "broadcast" not in str(error):
                raise
            raise _shape_error(name, signature.bind(*args, **kwargs)) from None
        finally:
            _DEPTH.reset(token)

    return wrapper
