"""Lumped-parameter thermal network: steady state and transient (the SINDA / ESATAN way).

A network is a set of *nodes* (an isothermal lump with a heat capacity ``C`` [J/K] and a
dissipation ``P`` [W]), *boundaries* (a node whose temperature is imposed) and *couplings*
between them: linear conductances ``G`` [W/K] and radiative exchange areas ``GR`` [m^2].
Each free node obeys

.. math::

    C_i \\frac{dT_i}{dt} = P_i(t) + H_i(t) + A_i q_{abs,i}(t)
        + \\sum_j G_{ij}(T_j - T_i) + \\sum_j \\sigma GR_{ij}(T_j^4 - T_i^4)

with ``H`` the thermostat heaters and ``A q_abs`` the environmental flux absorbed by a
surface (:func:`thermaldesign.environment.absorbed_flux`: solar and albedo with the solar
absorptivity, Earth infrared with the infrared emissivity). A node with ``C = 0`` is an
*arithmetic* node: its row is an algebraic equation (instantaneous balance).

Numerics
--------
Assembly is sparse. The coupling index arrays and the compressed-column pattern of the
Jacobian are built once per network; every later assembly is two ``numpy.bincount`` calls.

*Steady state*: damped Newton with the analytic sparse Jacobian (radiation linearised as
``4 sigma GR T^3``). It starts from the nodes' given temperatures, so its first iterate is
the radiation-linearised solve about them; a ratio trust region (no temperature changes by
more than half of itself per iteration) keeps temperatures positive and stops the tangent
of ``T^4`` from overshooting by orders of magnitude from a cold start; a backtracking line
search on the residual follows. Converged when the largest nodal residual is below 1e-12 of
the heat-flow scale.

*Transient*: the mass-matrix system ``M y' = f(t, y)`` with ``M = diag(C)`` singular where
nodes are arithmetic is integrated as an index-1 DAE by a two-stage, L-stable, stiffly
accurate SDIRK method of order 2 (Alexander 1977, gamma = 1 - sqrt(2)/2). Both stages use
the same iteration matrix ``M - gamma h J``. Step sizes are snapped down onto the ladder
``2^(k/8)`` s and one LU is kept per rung (least recently used dropped; a rung is refreshed
when its simplified Newton iteration slows down), so an orbit that keeps revisiting the same
few dozen step sizes factors each once instead of once per step. An arithmetic
node's row reads ``0 = f_i(Y)`` at every stage, so it is solved exactly (no fictitious
capacitance). The local error is estimated from an embedded first-order solution and
filtered through ``(M - gamma h J)^-1 M`` (Hairer & Wanner, section IV.8) so that stiff
components do not force tiny steps; the step size follows from it. Steps land exactly on the
jumps of sampled inputs (:class:`Profile` with repeated sample times, or the wrap of a
periodic profile whose ends differ), evaluating inputs there as left limits; after a jump
the arithmetic nodes are re-solved (they jump with their inputs). The default tolerances,
1e-4 relative and 0.01 K absolute per step, are engineering accuracy.

*Heaters* switch on below ``on_below`` and off above ``off_above`` (hysteresis). The
discontinuity is handled by event location, not by smoothing: a step during which a
thermostat crosses its set point is retaken so that it ends on the crossing (found on the
step's quadratic interpolant through the stage values), then the heater state flips. No
step ever integrates across a switch. In steady state a thermostat is a regulator: a heater
whose node would otherwise sit below ``on_below`` supplies just the power that holds it at
``on_below`` (the orbit-average behaviour of bang-bang control), reported as a duty.

*Energy account*: because the method is stiffly accurate, the step's update
``M (y_{n+1} - y_n)`` equals the same quadrature (weights 1 - gamma, gamma) of the stage
heat flows that the account integrates; stored + rejected = dissipated therefore holds to
the Newton tolerance, not merely to the truncation error.

Layout
------
:mod:`~thermaldesign.network.builder` (``ThermalNetwork``: adding and validating nodes,
couplings, surfaces, heaters), :mod:`~thermaldesign.network.assembly` (compiled form,
inputs, flows, Jacobian, LU, Newton), :mod:`~thermaldesign.network.profiles` (``Profile``
and callables in time), :mod:`~thermaldesign.network.steady` (``SteadyState``) and
:mod:`~thermaldesign.network.transient` (``Transient``, the ``TransientStepper`` that
:meth:`ThermalNetwork.stepper` returns, and its event, energy and interpolation helpers).

Not modelled: temperature-dependent properties (``C``, ``G`` and ``GR`` are constants),
conduction or radiation inside a node (each node is isothermal), specular or multiple
reflections beyond what a given ``GR`` already contains.

References
----------
Gilmore (ed.), *Spacecraft Thermal Control Handbook*, Vol. I, 2nd ed., Aerospace Press (2002),
chapter 15 (thermal analysis, lumped-parameter networks).
Alexander, "Diagonally implicit Runge-Kutta methods for stiff O.D.E.'s", SIAM J. Numer. Anal.
14(6), 1006-1021 (1977), doi:10.1137/0714068.
Hairer & Wanner, *Solving Ordinary Differential Equations II*, 2nd ed., Springer (1996),
sections IV.8 (error estimation) and VI.1 (index-1 problems), doi:10.1007/978-3-642-05221-7.
"""

from __future__ import annotations

from .builder import ThermalNetwork
from .profiles import Profile
from .steady import SteadyState
from .transient import StepInterpolant, Transient, TransientStepper

__all__ = [
    "Profile",
    "SteadyState",
    "StepInterpolant",
    "ThermalNetwork",
    "Transient",
    "TransientStepper",
]
