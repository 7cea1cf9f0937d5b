"""The compiled form of a network and the sparse assembly shared by both solvers.

:meth:`NetworkAssembly._compiled` turns the node and coupling lists into index arrays and
the compressed-column pattern of the Jacobian once per network; every later evaluation of
the heat flows, the inputs and the Jacobian is a few ``numpy.bincount`` calls or sparse
products. :meth:`NetworkAssembly._newton` is the damped Newton solve both the steady state
and the transient's consistent initialisation use.
"""

from __future__ import annotations

import difflib
import math
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sparse
import scipy.sparse.csgraph as csgraph
import scipy.sparse.linalg as sparse_linalg

from .. import environment
from ..constants import STEFAN_BOLTZMANN
from ..errors import InputError, SolverError
from .profiles import Signal

__all__ = ["ENVIRONMENT_INPUTS", "NetworkAssembly"]


@dataclass
class CompiledNetwork:
    names: list[str]
    free: np.ndarray  # global indices of free nodes
    bounds: np.ndarray  # global indices of boundaries
    local: np.ndarray  # global -> free index (-1 for boundaries)
    capacitance: np.ndarray  # per free node
    a: np.ndarray  # coupling ends, global
    b: np.ndarray
    conductance: np.ndarray
    radiation: np.ndarray  # sigma * GR
    coupling_names: list[str]
    # Jacobian pattern (CSC over free nodes)
    indices: np.ndarray
    indptr: np.ndarray
    nnz: int
    slot: np.ndarray  # slot of each contribution
    contribution_coupling: np.ndarray
    contribution_end_is_a: np.ndarray
    contribution_sign: np.ndarray
    diagonal_slot: np.ndarray  # per free node
    entry_row: np.ndarray  # row (free index) of each CSC entry
    inputs: InputTable | None = None
    operators: FlowOperators | None = None


@dataclass
class FlowOperators:
    """Net inflow as sparse products: inflow(free) = conduction @ T + radiation @ T^4.

    With the incidence matrix D (+1 at each coupling's end b, -1 at its end a), the flow
    a -> b is -(G D^T T + sigma GR D^T T^4), so the inflow D flow is -L_G T - L_R T^4 with
    the weighted Laplacians L = D diag(w) D^T: two sparse products per evaluation instead
    of per-coupling flows and their scatter. The boundary rows, summed, give the heat into
    the boundaries for the energy account.
    """

    conduction: sparse.csr_matrix  # free rows of -L_G
    radiation: sparse.csr_matrix  # free rows of -L_R
    conduction_to_bounds: np.ndarray  # column sums of the boundary rows of -L_G
    radiation_to_bounds: np.ndarray


@dataclass
class InputTable:
    total: int
    power: np.ndarray  # constant power per node (all nodes)
    power_signals: list
    boundary: np.ndarray  # constant temperature per boundary
    boundary_signals: list
    surface_node: np.ndarray
    surface_area: np.ndarray
    absorptivity: np.ndarray  # per distinct surface kind
    emissivity: np.ndarray
    surface_kind: np.ndarray  # surface -> kind
    columns: dict
    varying: dict
    surfaces_vary: bool


@dataclass
class HeaterSpec:
    name: str
    node: int
    power: float
    on_below: float
    off_above: float


@dataclass
class SurfaceSpec:
    name: str
    node: int
    area: float
    absorptivity: float
    emissivity: float
    constants: dict
    signals: dict


ENVIRONMENT_INPUTS = ("solar_cosine", "earth_view_factor", "albedo", "albedo_cosine",
                       "earth_ir", "solar_flux")



class NetworkAssembly:
    """Compiling, input evaluation, flows, Jacobian, factorisation and Newton of a network.

    The base of :class:`~thermaldesign.network.ThermalNetwork`: it reads the builder's lists
    (``_names``, ``_a``, ``_b``, ``_conductance``, ...) and never changes them.
    """

    def _lookup(self, name, role: str = "node") -> int:
        try:
            return self._index[name]
        except (KeyError, TypeError):
            near = difflib.get_close_matches(str(name), self._names, n=1)
            hint = f"; did you mean '{near[0]}'?" if near else ""
            raise InputError(f"unknown {role} '{name}'{hint}") from None

    # ----------------------------------------------------------------- compiling
    def _compiled(self) -> CompiledNetwork:
        if self._compiled_cache is not None:
            return self._compiled_cache
        is_boundary = np.asarray(self._is_boundary, dtype=bool)
        if not (~is_boundary).any():
            raise InputError("the network has no free node to solve for")
        free = np.flatnonzero(~is_boundary)
        bounds = np.flatnonzero(is_boundary)
        local = np.full(len(self._names), -1, dtype=np.int64)
        local[free] = np.arange(free.size)
        a = np.asarray(self._a, dtype=np.int64)
        b = np.asarray(self._b, dtype=np.int64)
        conductance = np.asarray(self._conductance, dtype=float)
        radiation = STEFAN_BOLTZMANN * np.asarray(self._exchange_area, dtype=float)
        n = free.size
        # Contributions: (row, col, coupling, end, sign) for J[a,a] -= k_a, J[a,b] += k_b,
        # J[b,a] += k_a, J[b,b] -= k_b, kept where both row and column are free.
        coupling = np.arange(a.size)
        rows = np.concatenate([local[a], local[a], local[b], local[b]])
        cols = np.concatenate([local[a], local[b], local[a], local[b]])
        end_is_a = np.concatenate([np.ones(a.size, bool), np.zeros(a.size, bool),
                                   np.ones(a.size, bool), np.zeros(a.size, bool)])
        sign = np.concatenate([-np.ones(a.size), np.ones(a.size), np.ones(a.size),
                               -np.ones(a.size)])
        which = np.concatenate([coupling] * 4)
        keep = (rows >= 0) & (cols >= 0)
        rows, cols, end_is_a, sign, which = (x[keep] for x in (rows, cols, end_is_a, sign, which))
        # Every free node has a diagonal entry (the mass matrix lives there).
        keys = np.concatenate([cols * n + rows, np.arange(n) * n + np.arange(n)])
        unique, inverse = np.unique(keys, return_inverse=True)
        entry_col = unique // n
        entry_row = unique % n
        indptr = np.concatenate(([0], np.cumsum(np.bincount(entry_col, minlength=n))))
        slot = inverse[: rows.size]
        diagonal_slot = inverse[rows.size:]
        self._compiled_cache = CompiledNetwork(
            names=list(self._names), free=free, bounds=bounds, local=local,
            capacitance=np.asarray(self._capacitance, dtype=float)[free],
            a=a, b=b, conductance=conductance, radiation=radiation,
            coupling_names=list(self._coupling_names),
            indices=entry_row.astype(np.int32), indptr=indptr.astype(np.int32),
            nnz=unique.size, slot=slot, contribution_coupling=which,
            contribution_end_is_a=end_is_a, contribution_sign=sign,
            diagonal_slot=diagonal_slot, entry_row=entry_row,
        )
        return self._compiled_cache

    def _check_connected(self, comp: CompiledNetwork, transient: bool) -> None:
        """Every group of free nodes must reach a boundary (or, in a transient, hold heat)."""
        total = len(comp.names)
        graph = sparse.coo_matrix((np.ones(comp.a.size), (comp.a, comp.b)), shape=(total, total))
        count, labels = csgraph.connected_components(graph, directed=False)
        free_labels = labels[comp.free]
        anchored = np.zeros(count, dtype=bool)
        anchored[labels[comp.bounds]] = True
        if transient:
            capacity = np.bincount(free_labels, weights=comp.capacitance, minlength=count)
            anchored |= capacity > 0
        lost = ~anchored[free_labels]
        if lost.any():
            names = [comp.names[i] for i in comp.free[lost]]
            shown = ", ".join(f"'{name}'" for name in names[:10])
            more = f" and {len(names) - 10} more" if len(names) > 10 else ""
            why = ("no path to any boundary and no heat capacity" if transient
                   else "no path to any boundary")
            raise InputError(f"nodes {shown}{more} have {why}: their temperature is "
                             "undetermined (singular network); couple them to a boundary")

    # ----------------------------------------------------------------- evaluation
    def _input_table(self, comp: CompiledNetwork) -> InputTable:
        """Constant parts as arrays, time-varying parts grouped by their source function."""
        if comp.inputs is not None:
            return comp.inputs

        def grouped(entries):
            groups: dict[int, tuple[Signal, list[int]]] = {}
            for position, signal in entries:
                groups.setdefault(id(signal.function), (signal, []))[1].append(position)
            return [(signal, np.asarray(where)) for signal, where in groups.values()]

        total = len(comp.names)
        power = np.asarray(self._power_constant, dtype=float).copy()
        boundary = np.asarray(self._initial, dtype=float)[comp.bounds].copy()
        position_of = {int(index): k for k, index in enumerate(comp.bounds)}
        surfaces = self._surfaces
        # Surfaces with identical optical properties and inputs share one flux evaluation.
        signature = {}
        kind = np.empty(len(surfaces), dtype=np.int64)
        for i, surface in enumerate(surfaces):
            key = (surface.absorptivity, surface.emissivity) + tuple(
                ("signal", id(surface.signals[k].function)) if k in surface.signals
                else ("constant", surface.constants[k]) for k in ENVIRONMENT_INPUTS)
            kind[i] = signature.setdefault(key, len(signature))
        first = [int(np.flatnonzero(kind == k)[0]) for k in range(len(signature))]
        distinct = [surfaces[i] for i in first]
        columns, varying = {}, {}
        for key in ENVIRONMENT_INPUTS:
            columns[key] = np.array([s.constants.get(key, 0.0) for s in distinct])
            varying[key] = grouped([(i, s.signals[key]) for i, s in enumerate(distinct)
                                    if key in s.signals])
        comp.inputs = InputTable(
            total=total, power=power,
            power_signals=grouped(list(self._power_signals.items())),
            boundary=boundary,
            boundary_signals=grouped([(position_of[i], signal)
                                      for i, signal in self._boundary_signals.items()]),
            surface_node=np.array([s.node for s in surfaces], dtype=np.int64),
            surface_area=np.array([s.area for s in surfaces]),
            absorptivity=np.array([s.absorptivity for s in distinct]),
            emissivity=np.array([s.emissivity for s in distinct]),
            surface_kind=kind,
            columns=columns, varying=varying,
            surfaces_vary=any(varying[key] for key in ENVIRONMENT_INPUTS),
        )
        return comp.inputs

    @staticmethod
    def _fill(base, groups, t, average, left):
        if not groups:
            return base
        values = base.copy()
        for signal, where in groups:
            values[where] = signal(t, left) if average is None else signal.mean(t, average)
        return values

    def _boundary_temperatures(self, comp: CompiledNetwork, t: float, average=None,
                               left=False) -> np.ndarray:
        table = self._input_table(comp)
        return self._fill(table.boundary, table.boundary_signals, t, average, left)

    def _sources(self, comp: CompiledNetwork, t: float, average=None, left=False):
        """(node power, absorbed environment) per free node at time t (or window mean) [W]."""
        table = self._input_table(comp)
        power = self._fill(table.power, table.power_signals, t, average, left)
        if table.surface_node.size == 0:
            return power[comp.free], np.zeros(comp.free.size)
        if average is not None and table.surfaces_vary:
            flux = self._mean_flux(table, t, average)
        else:
            flux = self._flux(table, t, left)
        absorbed = np.bincount(table.surface_node,
                               weights=table.surface_area * flux[table.surface_kind],
                               minlength=table.total)
        return power[comp.free], absorbed[comp.free]

    def _mean_flux(self, table: InputTable, start: float, duration: float) -> np.ndarray:
        """Time mean of the absorbed flux of each surface kind over a window [W/m^2].

        The flux is a product of its inputs (alpha S cos), so it is averaged itself, not
        through averaged inputs. With Profile inputs it is a polynomial of degree <= 5
        between the union of their sample times: 3-point Gauss-Legendre per piece is exact.
        A callable input has no known pieces: a 4,097-point trapezoid rule is used.
        """
        end = start + duration
        signals = [signal for key in ENVIRONMENT_INPUTS for signal, _ in table.varying[key]]
        if all(signal.profile is not None for signal in signals):
            cuts = [np.array([start, end])]
            for signal in signals:
                profile = signal.profile
                if profile.periodic:
                    first = math.floor((start - profile.times[0]) / profile.period)
                    last = math.ceil((end - profile.times[0]) / profile.period)
                    cycles = np.arange(first, last + 1)
                    cuts.append((profile.times[None, :] + cycles[:, None] * profile.period)
                                .ravel())
                else:
                    cuts.append(profile.times)
            cuts = np.unique(np.concatenate(cuts))
            cuts = cuts[(cuts >= start) & (cuts <= end)]
            nodes, weights = np.polynomial.legendre.leggauss(3)
            total = 0.0
            for left_end, right_end in zip(cuts[:-1], cuts[1:], strict=True):
                half = 0.5 * (right_end - left_end)
                middle = 0.5 * (right_end + left_end)
                for node, weight in zip(nodes, weights, strict=True):
                    total = total + weight * half * self._flux(table, middle + half * node,
                                                               False)
            return total / duration
        sample_times = np.linspace(start, end, 4097)
        samples = np.array([self._flux(table, time, False) for time in sample_times])
        return np.trapezoid(samples, sample_times, axis=0) / duration

    def _flux(self, table: InputTable, t: float, left: bool) -> np.ndarray:
        values = {key: self._fill(table.columns[key], table.varying[key], t, None, left)
                  for key in ENVIRONMENT_INPUTS}
        return np.atleast_1d(environment.absorbed_flux(table.absorptivity, table.emissivity,
                                                       **values))

    @staticmethod
    def _operators(comp: CompiledNetwork) -> FlowOperators:
        if comp.operators is None:
            total, count = len(comp.names), comp.a.size
            incidence = sparse.csr_matrix(
                (np.concatenate([np.ones(count), -np.ones(count)]),
                 (np.concatenate([comp.b, comp.a]), np.tile(np.arange(count), 2))),
                shape=(total, count))

            def laplacian(weights):
                negative = -(incidence @ sparse.diags(weights) @ incidence.T).tocsr()
                return (negative[comp.free].tocsr(),
                        np.asarray(negative[comp.bounds].sum(axis=0)).ravel())

            conduction, conduction_to_bounds = laplacian(comp.conductance)
            radiation, radiation_to_bounds = laplacian(comp.radiation)
            comp.operators = FlowOperators(conduction, radiation, conduction_to_bounds,
                                            radiation_to_bounds)
        return comp.operators

    @staticmethod
    def _coupling_flows(comp: CompiledNetwork, everything: np.ndarray) -> np.ndarray:
        ta, tb = everything[comp.a], everything[comp.b]
        # T_a^4 - T_b^4 factored as (T_a^2 + T_b^2)(T_a + T_b)(T_a - T_b): exact to rounding
        # when T_a ~ T_b, where the difference of fourth powers cancels catastrophically.
        difference = ta - tb
        return difference * (comp.conductance + comp.radiation * (ta * ta + tb * tb) * (ta + tb))

    @staticmethod
    def _inflow(comp: CompiledNetwork, flows: np.ndarray) -> np.ndarray:
        total = len(comp.names)
        return (np.bincount(comp.b, weights=flows, minlength=total)
                - np.bincount(comp.a, weights=flows, minlength=total))

    @staticmethod
    def _jacobian_data(comp: CompiledNetwork, everything: np.ndarray, secant: bool = False):
        """CSC data of d(inflow)/dT over free nodes (secant: exact conductance at T)."""
        ta, tb = everything[comp.a], everything[comp.b]
        if secant:
            k = comp.conductance + comp.radiation * (ta * ta + tb * tb) * (ta + tb)
            ka = kb = k
        else:
            ka = comp.conductance + 4.0 * comp.radiation * ta**3
            kb = comp.conductance + 4.0 * comp.radiation * tb**3
        value = np.where(comp.contribution_end_is_a, ka[comp.contribution_coupling],
                         kb[comp.contribution_coupling]) * comp.contribution_sign
        return np.bincount(comp.slot, weights=value, minlength=comp.nnz)

    @staticmethod
    def _factor(comp: CompiledNetwork, data: np.ndarray, what: str):
        n = comp.free.size
        matrix = sparse.csc_matrix((data, comp.indices, comp.indptr), shape=(n, n))
        try:
            # Every column of -J (and of M - gamma h J) is diagonally dominant (a coupling
            # puts +k on the diagonal and -k off it in the same column), so LU without
            # pivoting is stable; the pattern is structurally symmetric.
            return sparse_linalg.splu(matrix, permc_spec="MMD_AT_PLUS_A", diag_pivot_thresh=0.0,
                                      options={"SymmetricMode": True})
        except RuntimeError as error:
            raise SolverError(f"{what}: the network matrix is singular ({error}); check that "
                              "every node is coupled to a boundary") from error

    # ----------------------------------------------------------------- Newton
    def _newton(self, comp, everything, source, fixed, fixed_values, tolerance, max_iterations,
                what):
        """Solve inflow + source = 0 on free rows, T = fixed_values on fixed rows."""
        free = comp.free
        rows_fixed = fixed[comp.entry_row]

        def residual(y):
            everything[free] = y
            flows = self._coupling_flows(comp, everything)
            value = source + self._inflow(comp, flows)[free]
            value[fixed] = (fixed_values - y)[fixed]
            return value, flows

        y = everything[free].copy()
        y[fixed] = fixed_values[fixed]
        value, flows = residual(y)
        # An absolute floor for the flow scale, so that a node cooling towards a 0 K sink
        # (all flows vanishing together) still meets a criterion.
        reference = max(float(everything.max()), 1.0)
        floor = 1e-6 * float(np.sum(comp.conductance) * reference
                             + np.sum(comp.radiation) * reference**4) + 1e-300
        for iteration in range(1, max_iterations + 1):
            scale = max(np.abs(source).sum() + np.abs(flows).sum(), floor)
            norm = np.abs(np.where(fixed, 0.0, value)).max()
            if norm <= tolerance * scale:
                return y, iteration - 1
            data = self._jacobian_data(comp, everything)
            data[rows_fixed] = 0.0
            data[comp.diagonal_slot[fixed]] = -1.0
            step = -self._factor(comp, data, what).solve(value)
            # Trust region in ratio: no node's temperature changes by more than half of
            # itself per iteration. From a cold start the tangent of T^4 overshoots by orders of
            # magnitude; from above Newton on T^4 converges monotonically, so this bounds
            # both the positivity and the overshoot.
            ratio = np.abs(step) / y
            limit = min(1.0, 0.5 / float(ratio.max())) if ratio.max() > 0.5 else 1.0
            size = limit
            old = np.abs(value).max()
            for _ in range(30):
                trial = y + size * step
                trial_value, trial_flows = residual(trial)
                if np.abs(trial_value).max() < old or size < 1e-6:
                    break
                size *= 0.5
            y, value, flows = trial, trial_value, trial_flows
            if np.abs(size * step).max() <= 1e-14 * np.abs(y).max() and norm <= 1e-9 * scale:
                return y, iteration
        raise SolverError(f"{what}: Newton did not converge in {max_iterations} iterations "
                          f"(residual {np.abs(value).max():.3e} W)")


    def _jumps(self, start: float, end: float) -> np.ndarray:
        signals = list(self._power_signals.values()) + list(self._boundary_signals.values())
        for surface in self._surfaces:
            signals.extend(surface.signals.values())
        found = [signal.jumps(start, end) for signal in signals]
        found = np.concatenate(found) if found else np.empty(0)
        return np.unique(found)

