"""Building a network: nodes, boundaries, couplings, surfaces and heaters.

:class:`ThermalNetwork` validates every element as it is added (names, ranges, the graph:
no coupling joins two boundaries, every free node reaches a boundary when solved) and hands
the solves to :func:`~thermaldesign.network.steady.solve_steady_state` and
:func:`~thermaldesign.network.transient.run_transient`.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .._validation import check_array, check_scalar
from ..constants import DEEP_SPACE_TEMPERATURE, EARTH_ALBEDO, EARTH_IR, SOLAR_CONSTANT
from ..errors import InputError
from .assembly import CompiledNetwork, HeaterSpec, NetworkAssembly, SurfaceSpec
from .profiles import Signal, constant_or_signal
from .steady import SteadyState, solve_steady_state
from .transient import Transient, TransientStepper, run_transient

__all__ = ["ThermalNetwork"]


class ThermalNetwork(NetworkAssembly):
    """A lumped-parameter thermal network (nodes, boundaries, conductive and radiative links).

    Build it with :meth:`add_node`, :meth:`add_boundary`, :meth:`add_conductance`,
    :meth:`add_radiation` (and :meth:`add_surface`, :meth:`add_heater`, bulk :meth:`add_nodes`,
    :meth:`add_conductances`, :meth:`add_radiations`); solve with :meth:`steady_state` or
    :meth:`transient`. See the module documentation for the equations and the numerics.

    Examples
    --------
    >>> net = ThermalNetwork()
    >>> net.add_node("plate", capacitance=45e3, power=100.0)
    >>> net.add_boundary("space", 0.0)
    >>> net.add_radiation("plate", "space", 0.85)
    >>> round(net.steady_state()["plate"], 2)  # (100 / (0.85 sigma))^(1/4)
    213.42
    """

    def __init__(self):
        self._names: list[str] = []
        self._index: dict[str, int] = {}
        self._capacitance: list[float] = []
        self._initial: list[float] = []
        self._is_boundary: list[bool] = []
        self._power_constant: list[float] = []
        self._power_signals: dict[int, Signal] = {}
        self._boundary_signals: dict[int, Signal] = {}
        self._a: list[int] = []
        self._b: list[int] = []
        self._conductance: list[float] = []
        self._exchange_area: list[float] = []
        self._coupling_names: list[str] = []
        self._coupling_index: set[str] = set()
        self._heaters: list[HeaterSpec] = []
        self._surfaces: list[SurfaceSpec] = []
        self._surface_names: set[str] = set()
        self._compiled_cache: CompiledNetwork | None = None

    # ----------------------------------------------------------------- building
    def _new_name(self, name) -> str:
        if not isinstance(name, str) or not name:
            raise InputError(f"node name must be a non-empty string; got {name!r}")
        if name in self._index:
            raise InputError(f"duplicate node name '{name}': every node and boundary needs "
                             "its own name")
        return name

    def _append(self, name, capacitance, temperature, boundary):
        self._index[name] = len(self._names)
        self._names.append(name)
        self._capacitance.append(capacitance)
        self._initial.append(temperature)
        self._is_boundary.append(boundary)
        self._power_constant.append(0.0)
        self._compiled_cache = None
        return self._index[name]

    def add_node(self, name: str, capacitance: float = 0.0, power=0.0,
                 temperature: float = 293.15) -> None:
        """Add a free node.

        Parameters
        ----------
        name : str
            Unique name.
        capacitance : float, optional
            Heat capacity m c [J/K]; 0 makes an arithmetic (massless) node.
        power : float, callable or Profile, optional
            Dissipation [W]: a constant >= 0, a function of time ``power(t)`` [W] or a
            :class:`Profile`.
        temperature : float, optional
            Initial temperature for :meth:`transient` and first guess for
            :meth:`steady_state` [K].
        """
        name = self._new_name(name)
        capacitance = check_scalar(capacitance, "capacitance", low=0.0, unit="J/K")
        temperature = check_scalar(temperature, "temperature", low=0.0, low_open=True, unit="K")
        constant, signal = constant_or_signal(power, f"power of node '{name}'", low=0.0,
                                               unit="W")
        index = self._append(name, capacitance, temperature, False)
        if signal is None:
            self._power_constant[index] = constant
        else:
            self._power_signals[index] = signal

    def add_nodes(self, names: Sequence[str], capacitance=0.0, power=0.0,
                  temperature=293.15) -> None:
        """Add many free nodes at once with constant power (arrays broadcast to the names).

        Parameters
        ----------
        names : sequence of str
            Unique names.
        capacitance : float or array_like, optional
            Heat capacities [J/K], >= 0.
        power : float or array_like, optional
            Constant dissipations [W], >= 0.
        temperature : float or array_like, optional
            Initial temperatures [K], > 0.
        """
        names = list(names)
        count = len(names)
        capacitance = np.broadcast_to(
            check_array(capacitance, "capacitance", low=0.0, unit="J/K"), (count,))
        power = np.broadcast_to(check_array(power, "power", low=0.0, unit="W"), (count,))
        temperature = np.broadcast_to(
            check_array(temperature, "temperature", low=0.0, low_open=True, unit="K"), (count,))
        if len(set(names)) != count:
            seen, repeated = set(), []
            for name in names:
                if name in seen:
                    repeated.append(name)
                seen.add(name)
            raise InputError(f"duplicate node names: {', '.join(map(repr, repeated[:10]))}")
        for name, c, p, t in zip(names, capacitance, power, temperature, strict=True):
            self._new_name(name)
            index = self._append(name, float(c), float(t), False)
            self._power_constant[index] = float(p)

    def add_boundary(self, name: str, temperature) -> None:
        """Add a boundary node of imposed temperature.

        Parameters
        ----------
        name : str
            Unique name.
        temperature : float, callable or Profile
            Temperature [K], >= 0 (deep space may be 0 K or 2.725 K), constant or a function
            of time.
        """
        name = self._new_name(name)
        constant, signal = constant_or_signal(temperature, f"temperature of boundary '{name}'",
                                               low=0.0, unit="K")
        if signal is None:
            index = self._append(name, 0.0, constant, True)
        else:
            index = self._append(name, 0.0, signal(0.0) if signal.profile is None
                                 or signal.profile.periodic else float(signal.profile.values[0]),
                                 True)
            self._boundary_signals[index] = signal

    def _add_coupling(self, a, b, conductance, exchange_area, name, kind):
        ia, ib = self._lookup(a), self._lookup(b)
        if ia == ib:
            raise InputError(f"a coupling needs two different nodes; got '{a}' twice")
        if self._is_boundary[ia] and self._is_boundary[ib]:
            raise InputError(f"coupling '{a}'-'{b}' joins two boundaries; it carries no unknown")
        if name is None:
            name = f"{a}-{b}" if kind == "conductance" else f"{a}-{b} radiation"
            suffix = 2
            base = name
            while name in self._coupling_index:
                name = f"{base} #{suffix}"
                suffix += 1
        elif name in self._coupling_index:
            raise InputError(f"duplicate coupling name '{name}'")
        self._coupling_index.add(name)
        self._coupling_names.append(name)
        self._a.append(ia)
        self._b.append(ib)
        self._conductance.append(conductance)
        self._exchange_area.append(exchange_area)
        self._compiled_cache = None

    def add_conductance(self, a: str, b: str, conductance: float, *, name: str | None = None):
        """Add a linear conductance: ``Q = G (T_a - T_b)`` from ``a`` to ``b``.

        Parameters
        ----------
        a, b : str
            Node or boundary names.
        conductance : float
            G > 0 [W/K].
        name : str, optional
            Coupling name in results (default ``"a-b"``).
        """
        conductance = check_scalar(conductance, f"conductance '{a}'-'{b}'", low=0.0,
                                   low_open=True, unit="W/K")
        self._add_coupling(a, b, conductance, 0.0, name, "conductance")

    def add_radiation(self, a: str, b: str, exchange_area: float, *, name: str | None = None):
        """Add a radiative coupling: ``Q = sigma GR (T_a^4 - T_b^4)`` from ``a`` to ``b``.

        Parameters
        ----------
        a, b : str
            Node or boundary names.
        exchange_area : float
            Radiative exchange factor GR > 0 [m^2] (e.g. ``eps A`` for a grey surface seeing
            only deep space; ``A F_ab / (1/eps_a + ... )`` between surfaces).
        name : str, optional
            Coupling name in results (default ``"a-b radiation"``).
        """
        exchange_area = check_scalar(exchange_area, f"exchange_area '{a}'-'{b}'", low=0.0,
                                     low_open=True, unit="m^2")
        self._add_coupling(a, b, 0.0, exchange_area, name, "radiation")

    def _add_many(self, a, b, values, label, radiative):
        a, b = list(a), list(b)
        if len(a) != len(b):
            raise InputError(f"{label}: a and b must have the same length")
        values = np.broadcast_to(check_array(values, label, low=0.0, low_open=True), (len(a),))
        for name_a, name_b, value in zip(a, b, values, strict=True):
            if radiative:
                self._add_coupling(name_a, name_b, 0.0, float(value), None, "radiation")
            else:
                self._add_coupling(name_a, name_b, float(value), 0.0, None, "conductance")

    def add_conductances(self, a: Sequence[str], b: Sequence[str], conductance) -> None:
        """Add many conductances at once ([W/K], > 0; broadcast to the pairs)."""
        self._add_many(a, b, conductance, "conductance", False)

    def add_radiations(self, a: Sequence[str], b: Sequence[str], exchange_area) -> None:
        """Add many radiative couplings at once (GR [m^2], > 0; broadcast to the pairs)."""
        self._add_many(a, b, exchange_area, "exchange_area", True)

    def add_surface(self, node: str, area: float, absorptivity: float, emissivity: float, *,
                    solar_cosine=0.0, earth_view_factor=0.0, albedo=EARTH_ALBEDO,
                    albedo_cosine=1.0, earth_ir=EARTH_IR, solar_flux=SOLAR_CONSTANT,
                    sink: str = "space", sink_temperature: float = DEEP_SPACE_TEMPERATURE,
                    fin_efficiency: float = 1.0, name: str | None = None) -> None:
        """Make a face of ``node`` exchange with the orbital environment.

        The face absorbs ``A q_abs(t)`` with ``q_abs`` from
        :func:`thermaldesign.environment.absorbed_flux`,

        .. math:: q_{abs} = \\alpha S \\cos\\theta_s + \\alpha a S \\cos\\theta_a F_E
                           + \\varepsilon q_{IR} F_E,

        and radiates to the ``sink`` boundary (created at ``sink_temperature`` if absent)
        through ``GR = eta eps A`` (``eta`` the fin efficiency of a finned panel whose node
        temperature is its root temperature; 1 for an isothermal face). Every environment
        input may be a constant, a function of time or a :class:`Profile` (an eclipse is
        ``solar_cosine = 0`` or ``solar_flux = 0`` in the shadow).

        Parameters
        ----------
        node : str
            Free node owning the face.
        area : float
            Face area [m^2].
        absorptivity : float
            Solar absorptivity alpha [-], in [0, 1].
        emissivity : float
            Infrared emissivity epsilon [-], in (0, 1].
        solar_cosine, earth_view_factor, albedo, albedo_cosine : float, callable or Profile
            Cosine of the Sun angle [-], Earth view factor [-], albedo [-], cosine factor of
            the albedo [-].
        earth_ir : float, callable or Profile
            Earth outgoing long-wave flux [W/m^2].
        solar_flux : float, callable or Profile
            Solar irradiance [W/m^2].
        sink : str, optional
            Boundary the face radiates to.
        sink_temperature : float, optional
            Its temperature if it must be created [K].
        fin_efficiency : float, optional
            Fin efficiency eta of the face [-], in (0, 1]: it emits as ``eta`` of its area
            at the node temperature and absorbs on its full area (the sizing convention,
            Gilmore 2002 ch. 6).
        name : str, optional
            Surface name (default ``"<node> surface"``), also the radiative coupling's name.

        Notes
        -----
        The face radiates to the sink with its full view (``GR = eps A``); Earth's infrared
        is an input flux, not a radiative exchange with an Earth node, which is the usual
        orbital-heating split (Gilmore 2002, ch. 2).
        """
        index = self._lookup(node)
        if self._is_boundary[index]:
            raise InputError(f"surface node '{node}' is a boundary; give it to a free node")
        area = check_scalar(area, "area", low=0.0, low_open=True, unit="m^2")
        absorptivity = check_scalar(absorptivity, "absorptivity", low=0.0, high=1.0)
        emissivity = check_scalar(emissivity, "emissivity", low=0.0, high=1.0, low_open=True)
        fin_efficiency = check_scalar(fin_efficiency, "fin_efficiency", low=0.0, high=1.0,
                                      low_open=True)
        name = name or f"{node} surface"
        if name in self._surface_names:
            raise InputError(f"duplicate surface name '{name}'")
        given = dict(solar_cosine=solar_cosine, earth_view_factor=earth_view_factor,
                     albedo=albedo, albedo_cosine=albedo_cosine, earth_ir=earth_ir,
                     solar_flux=solar_flux)
        highs = dict(solar_cosine=1.0, earth_view_factor=1.0, albedo=1.0, albedo_cosine=1.0)
        constants, signals = {}, {}
        for key, value in given.items():
            constant, signal = constant_or_signal(value, f"{key} of '{name}'", low=0.0,
                                                   high=highs.get(key))
            if signal is None:
                constants[key] = constant
            else:
                signals[key] = signal
        if sink not in self._index:
            self.add_boundary(sink, sink_temperature)
        elif not self._is_boundary[self._index[sink]]:
            raise InputError(f"sink '{sink}' is a free node; it must be a boundary")
        self.add_radiation(node, sink, fin_efficiency * emissivity * area, name=name)
        self._surfaces.append(SurfaceSpec(name, index, area, absorptivity, emissivity,
                                       constants, signals))
        self._surface_names.add(name)
        self._compiled_cache = None

    def add_heater(self, node: str, power: float, on_below: float, off_above: float, *,
                   name: str | None = None) -> None:
        """Add a thermostat-controlled heater on a free node.

        Parameters
        ----------
        node : str
            Free node heated and sensed.
        power : float
            Heater power when on [W], > 0.
        on_below : float
            Switches on when the node falls below this [K].
        off_above : float
            Switches off when the node rises above this [K]; > ``on_below`` (hysteresis).
        name : str, optional
            Heater name (default ``"<node> heater"``).
        """
        index = self._lookup(node)
        if self._is_boundary[index]:
            raise InputError(f"heater node '{node}' is a boundary")
        if any(heater.node == index for heater in self._heaters):
            raise InputError(f"node '{node}' already has a heater; merge them into one")
        power = check_scalar(power, "heater power", low=0.0, low_open=True, unit="W")
        on_below = check_scalar(on_below, "on_below", low=0.0, low_open=True, unit="K")
        off_above = check_scalar(off_above, "off_above", low=on_below, low_open=True, unit="K")
        name = name or f"{node} heater"
        if any(heater.name == name for heater in self._heaters):
            raise InputError(f"duplicate heater name '{name}'")
        self._heaters.append(HeaterSpec(name, index, power, on_below, off_above))

    @property
    def node_names(self) -> list[str]:
        """Free node names, in insertion order."""
        return [n for n, b in zip(self._names, self._is_boundary, strict=True) if not b]

    @property
    def boundary_names(self) -> list[str]:
        """Boundary names, in insertion order."""
        return [n for n, b in zip(self._names, self._is_boundary, strict=True) if b]

    @property
    def heaters(self) -> list[dict]:
        """Heaters: ``name``, ``node``, ``power`` [W], ``on_below`` [K], ``off_above`` [K]."""
        return [{"name": h.name, "node": self._names[h.node], "power": h.power,
                 "on_below": h.on_below, "off_above": h.off_above} for h in self._heaters]

    @property
    def coupling_names(self) -> list[str]:
        """Coupling names, in insertion order."""
        return list(self._coupling_names)


    def steady_state(self, time: float = 0.0, *, average_over: float | None = None,
                     tolerance: float = 1e-12, max_iterations: int = 100) -> SteadyState:
        """Steady-state temperatures, coupling flows and energy balance.

        Solves ``P_i + H_i + A_i q_abs,i + sum_j G_ij (T_j - T_i)
        + sum_j sigma GR_ij (T_j^4 - T_i^4) = 0`` for every free node by damped Newton.

        Parameters
        ----------
        time : float, optional
            Time at which time-varying inputs are evaluated [s].
        average_over : float, optional
            If given, every time-varying input is replaced by its mean over
            ``[time, time + average_over]`` [s] (an orbit-average steady state; the
            absorbed flux is averaged as a flux, not through averaged angles).
        tolerance : float, optional
            Convergence when the largest nodal residual is below ``tolerance`` times the sum
            of all source and coupling flows [-].
        max_iterations : int, optional
            Newton iteration limit.

        Returns
        -------
        SteadyState
            A dict node name -> temperature [K] (boundaries included), with ``flows``,
            ``node_balance``, ``heater_duty`` and ``balance`` attributes.

        Raises
        ------
        InputError
            Nodes with no path to a boundary (named), or invalid time-varying inputs.
        SolverError
            Newton fails to converge.
        """
        time = check_scalar(time, "time", unit="s")
        if average_over is not None:
            average_over = check_scalar(average_over, "average_over", low=0.0, low_open=True,
                                        unit="s")
        tolerance = check_scalar(tolerance, "tolerance", low=0.0, low_open=True)
        return solve_steady_state(self, time, average_over, tolerance, max_iterations)

    def transient(self, times, *, initial=None, rtol: float = 1e-4, atol: float = 1e-2,
                  max_step: float | None = None, first_step: float | None = None,
                  max_steps: int = 1_000_000) -> Transient:
        """Integrate the network in time from ``times[0]``.

        Solves ``C dT/dt = P + H + A q_abs + sum G (T_j - T_i) + sum sigma GR (T_j^4 - T_i^4)``
        (arithmetic nodes: ``0 = ...``) with an adaptive L-stable SDIRK2 DAE integrator and
        thermostat event location (see the module documentation).

        Parameters
        ----------
        times : array_like
            Output times, strictly increasing, at least two [s].
        initial : dict[str, float] or "steady", optional
            Initial temperatures [K] by node name (others keep the ``add_node`` value), or
            ``"steady"`` for the steady state at ``times[0]``. Arithmetic nodes are always
            made consistent (their balance solved) before the first step.
        rtol, atol : float, optional
            Local error tolerances per step, relative [-] and absolute [K]. The defaults
            (1e-4, 0.01 K) are engineering accuracy: cases N-1 and N-2 come out within
            a few mK of their closed forms; tighten them for verification work.
        max_step, first_step : float, optional
            Largest and first step [s].
        max_steps : int, optional
            Give up (SolverError) after this many steps.

        Returns
        -------
        Transient
            ``times`` [s], ``temperatures[name]`` [K], ``flows[coupling]`` [W],
            ``heater_on[heater]``, ``energy`` account [J].
        """
        times = check_array(times, "times", unit="s")
        if times.ndim != 1 or times.size < 2 or np.any(np.diff(times) <= 0):
            raise InputError("times must be a 1-D strictly increasing array of at least two "
                             "output times [s]")
        stepper = self.stepper(times[0], times[-1], initial=initial, rtol=rtol, atol=atol,
                               max_step=max_step, first_step=first_step, max_steps=max_steps)
        return run_transient(self, stepper, times)

    def stepper(self, start: float, end: float, *, initial=None, rtol: float = 1e-4,
                atol: float = 1e-2, max_step: float | None = None,
                first_step: float | None = None,
                max_steps: int = 1_000_000) -> TransientStepper:
        """A :class:`~thermaldesign.network.transient.TransientStepper` from ``start`` to
        ``end`` [s]: the integrator of :meth:`transient`, one step at a time.

        Parameters are those of :meth:`transient` (``max_step`` defaults to
        ``end - start`` [s]).

        Examples
        --------
        >>> net = ThermalNetwork()
        >>> net.add_node("plate", capacitance=1e3, temperature=300.0)
        >>> net.add_boundary("sink", 200.0)
        >>> net.add_conductance("plate", "sink", 1.0)
        >>> stepper = net.stepper(0.0, 1e3)
        >>> while stepper.status == "running":
        ...     stepper.step()
        >>> round(float(stepper.y[0]), 1)  # 200 + 100 exp(-1)
        236.8
        """
        start = check_scalar(start, "start", unit="s")
        end = check_scalar(end, "end", low=start, low_open=True, unit="s")
        rtol = check_scalar(rtol, "rtol", low=1e-12, high=0.1)
        atol = check_scalar(atol, "atol", low=0.0, low_open=True, unit="K")
        max_step = end - start if max_step is None else check_scalar(
            max_step, "max_step", low=0.0, low_open=True, unit="s")
        comp = self._compiled()
        self._check_connected(comp, transient=True)
        everything = self._initial_temperatures(comp, initial, start)
        return TransientStepper(self, start, end, everything, rtol=rtol, atol=atol,
                                max_step=max_step, first_step=first_step, max_steps=max_steps)

    def _initial_temperatures(self, comp, initial, start: float) -> np.ndarray:
        """All nodes' initial temperatures [K]: the ``add_node`` values, those of
        ``initial`` (a dict by name) or the steady state at ``start`` [s] (``"steady"``)."""
        everything = np.asarray(self._initial, dtype=float).copy()
        if isinstance(initial, str):
            if initial != "steady":
                raise InputError(f"initial = {initial!r}: give a dict of temperatures or "
                                 "'steady'")
            steady = self.steady_state(start)
            return np.array([steady[name] for name in comp.names])
        if initial is not None:
            if not isinstance(initial, dict):
                raise InputError("initial must be a dict node name -> temperature [K] or "
                                 "'steady'")
            for name, value in initial.items():
                index = self._lookup(name)
                if self._is_boundary[index]:
                    raise InputError(f"initial temperature given for boundary '{name}': a "
                                     "boundary's temperature is imposed, not integrated")
                everything[index] = check_scalar(value, f"initial temperature of '{name}'",
                                                 low=0.0, low_open=True, unit="K")
        return everything
