"""Inputs that vary in time: sampled profiles (with jumps, periodic or not) and callables.

A node's power, a boundary's temperature and a surface's environment inputs may each be a
constant, a function of time or a :class:`Profile`; :func:`constant_or_signal` splits them,
and a :class:`Signal` evaluates and validates the time-varying ones.
"""

from __future__ import annotations

import math

import numpy as np

from .._validation import check_array, check_scalar
from ..errors import InputError

__all__ = ["Profile", "Signal", "constant_or_signal"]


class Profile:
    """A quantity sampled in time, linearly interpolated: a power, a flux or a temperature.

    Parameters
    ----------
    times : array_like
        Sample times, non-decreasing [s]. A time given twice marks a jump: the value
        before it is the first sample, the value from it on is the second.
    values : array_like
        Samples, same length as ``times`` [unit of the quantity].
    periodic : bool, optional
        Repeat the samples with period ``times[-1] - times[0]`` (an orbit). If the first and
        last value differ the wrap is a jump. A non-periodic profile raises
        :class:`~thermaldesign.errors.InputError` when asked for a time outside its samples.
    name : str, optional
        Used in error messages.

    Notes
    -----
    Between samples ``v(t) = v_k + (v_{k+1} - v_k)(t - t_k)/(t_{k+1} - t_k)``; the value at
    a jump is the one after it (right-continuous).
    """

    def __init__(self, times, values, *, periodic: bool = False, name: str = "profile"):
        times = check_array(times, f"{name} times", unit="s")
        values = check_array(values, f"{name} values")
        if times.ndim != 1 or times.shape != values.shape or times.size < 2:
            raise InputError(
                f"{name}: times and values must be 1-D of equal length >= 2; got shapes "
                f"{times.shape} and {values.shape}"
            )
        if np.any(np.diff(times) < 0):
            raise InputError(f"{name} times must be non-decreasing")
        repeated = np.flatnonzero(np.diff(times) == 0)
        if np.any(np.diff(repeated) == 1):
            raise InputError(f"{name}: a sample time may appear at most twice (one jump)")
        if times[-1] <= times[0]:
            raise InputError(f"{name} times must span a positive interval")
        self.times = times
        self.values = values
        self.periodic = bool(periodic)
        self.name = name
        self.period = float(times[-1] - times[0])
        # Cumulative integral at each sample, for exact means of a piecewise-linear signal.
        segment = 0.5 * (values[1:] + values[:-1]) * np.diff(times)
        self._cumulative = np.concatenate(([0.0], np.cumsum(segment)))
        jump_times = list(times[repeated + 1])
        self._wrap_jump = self.periodic and values[0] != values[-1]
        self._jumps = np.asarray(jump_times, dtype=float)

    def _reduce(self, t, left=False):
        t = np.asarray(t, dtype=float)
        if self.periodic:
            tau = self.times[0] + np.mod(t - self.times[0], self.period)
            if left:  # the left limit at a period boundary is the end of the samples
                tau = np.where(tau == self.times[0], self.times[-1], tau)
            return tau
        if np.any(t < self.times[0]) or np.any(t > self.times[-1]):
            bad = t[(t < self.times[0]) | (t > self.times[-1])].flat[0]
            raise InputError(
                f"{self.name} is sampled on [{self.times[0]:g}, {self.times[-1]:g}] s and is "
                f"not periodic; asked for t = {bad:g} s"
            )
        return t

    def __call__(self, t, left: bool = False):
        """Value at time ``t`` [s] (scalar or array); ``left``: the limit from before t."""
        tau = self._reduce(t, left)
        side = "left" if left else "right"
        index = np.clip(np.searchsorted(self.times, tau, side=side) - 1, 0, self.times.size - 2)
        t0, t1 = self.times[index], self.times[index + 1]
        width = t1 - t0
        fraction = np.where(width > 0, (tau - t0) / np.where(width > 0, width, 1.0), 1.0)
        value = self.values[index] + fraction * (self.values[index + 1] - self.values[index])
        return float(value) if np.ndim(value) == 0 else value

    def _primitive(self, t: float) -> float:
        tau = float(self._reduce(t))
        index = int(np.clip(np.searchsorted(self.times, tau, side="right") - 1, 0,
                            self.times.size - 2))
        t0 = self.times[index]
        value_at = float(self(tau)) if tau < self.times[-1] else float(self.values[-1])
        inside = self._cumulative[index] + 0.5 * (self.values[index] + value_at) * (tau - t0)
        if self.periodic:
            cycles = math.floor((t - self.times[0]) / self.period)
            return cycles * self._cumulative[-1] + inside
        return inside

    def mean(self, start: float, duration: float) -> float:
        """Exact time average over ``[start, start + duration]`` [unit of the quantity]."""
        start = check_scalar(start, "start", unit="s")
        duration = check_scalar(duration, "duration", low=0.0, low_open=True, unit="s")
        return (self._primitive(start + duration) - self._primitive(start)) / duration

    def jumps(self, start: float, end: float) -> np.ndarray:
        """Times of the jumps in ``(start, end]`` [s]."""
        if not self.periodic:
            inside = self._jumps[(self._jumps > start) & (self._jumps <= end)]
            return inside
        base = list(self._jumps)
        if self._wrap_jump:
            base.append(self.times[0])
        if not base:
            return np.empty(0)
        base = np.asarray(base)
        first = math.floor((start - self.times[0]) / self.period) - 1
        last = math.ceil((end - self.times[0]) / self.period) + 1
        cycles = np.arange(first, last + 1)
        candidates = (base[None, :] + cycles[:, None] * self.period).ravel()
        return np.sort(candidates[(candidates > start) & (candidates <= end)])


class Signal:
    """A time-varying input: a callable of time or a Profile, validated when evaluated."""

    __slots__ = ("function", "label", "low", "profile")

    def __init__(self, value, label: str, low: float | None):
        self.label = label
        self.low = low
        self.profile = value if isinstance(value, Profile) else None
        self.function = value

    def __call__(self, t: float, left: bool = False) -> float:
        try:
            # A callable's jumps are unknown: error control handles them.
            value = float(self.profile(t, left) if self.profile is not None
                          else self.function(t))
        except InputError:
            raise
        except Exception as error:  # a user callable failed: say which input it was
            raise InputError(
                f"{self.label}: evaluating it at t = {t:g} s failed: {error}") from error
        if not math.isfinite(value) or (self.low is not None and value < self.low):
            bound = "" if self.low is None else f"; valid range [{self.low:g}, inf)"
            raise InputError(f"{self.label}(t = {t:g} s) = {value} is not valid{bound}")
        return value

    def jumps(self, start: float, end: float) -> np.ndarray:
        return np.empty(0) if self.profile is None else self.profile.jumps(start, end)

    def mean(self, start: float, duration: float) -> float:
        if self.profile is not None:
            return self.profile.mean(start, duration)
        # A callable may be discontinuous (an eclipse): a fine trapezoid rule is robust.
        sample_times = np.linspace(start, start + duration, 4097)
        samples = np.array([self(t) for t in sample_times])
        return float(np.trapezoid(samples, sample_times) / duration)


def constant_or_signal(value, label: str, *, low: float | None = None, high=None, unit=""):
    """Split an input into (constant, signal): exactly one of them is not None."""
    if isinstance(value, Profile) or callable(value):
        return None, Signal(value, label, low)
    return check_scalar(value, label, low=low, high=high, unit=unit), None

