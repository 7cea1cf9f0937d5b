"""One guard for the public physics functions: numeric trouble becomes an InputError.

Input validation (:mod:`thermaldesign._validation`) checks each parameter on its own. Two
failures only show up when the parameters meet:

- arrays whose shapes do not broadcast (numpy raises a bare ``ValueError``);
- values that are each valid but whose combination overflows the float range (a
  temperature of 1e300 K raised to the fourth power, a load divided by an efficiency of
  5e-324): numpy warns and returns inf.

:func:`guarded` turns both into :class:`~thermaldesign.errors.InputError` naming the
parameters involved. An *invalid* operation (0/0, inf - inf: a NaN) is not an input
problem but a bug, and stays an error that says so.
"""

from __future__ import annotations

import contextvars
import functools
import inspect

import numpy as np

from .errors import InputError

__all__ = ["guarded"]

# Nesting depth of guarded calls in this context (net_flux calls emitted_flux): only the
# outermost call converts errors, so the message names the function the user called.
_DEPTH: contextvars.ContextVar[int] = contextvars.ContextVar("thermaldesign_guard_depth",
                                                            default=0)

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


def guarded(function):
    """Decorate a public physics function (see the module docstring).

    Floating-point overflow and division by zero raise inside the call (``np.errstate``)
    so that they are caught where they happen, not as an inf in the result.
    """
    signature = inspect.signature(function)
    name = function.__name__

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        if _DEPTH.get():  # called by another guarded function: let the outer one report
            return function(*args, **kwargs)
        token = _DEPTH.set(1)
        try:
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
