"""Trapped radiation in a circular orbit, and the dose behind aluminium shielding.

Environment
-----------
Orbit-averaged omnidirectional integral fluxes of trapped protons (NASA AP8) and
electrons (NASA AE8), evaluated with the IRBEM implementation in the ``aep8`` package
(optional: ``pip install 'thermaldesign[environment]'``). The orbit is sampled on a grid
of argument of latitude u and Earth-fixed longitude of the node: over many revolutions a
circular orbit spends equal time at every u and, because Earth rotation and nodal
precession are incommensurate with the period, at every node longitude, so the uniform
grid average is the time average. Each model uses its own epoch geomagnetic field (AP8/AE8
MIN: Jensen-Cain 1960; AP8 MAX: GSFC 12/66 at 1970), as the models were built on them;
the drift of the South Atlantic Anomaly since then is not modelled. Points outside the
models' (L, B/B0) domain (above the belts) carry zero trapped flux.

Dose (SHIELDOSE-2-style range-energy method)
--------------------------------------------
A proton of energy E entering aluminium of areal thickness t leaves with
E_out = R^-1(R(E) - t), R the CSDA range from NIST PSTAR
(:mod:`thermaldesign._stopping_tables`), and deposits S_Si(E_out) per unit fluence in a
small silicon detector. At the centre of a spherical shell every direction sees t, so

    D_sphere(t) = int j(E) S_Si(E_out(E, t)) dE,

with j the orbit-averaged omnidirectional differential flux (integrated over E_out,
the private ``_sphere_dose``). Protons above AP8's 400 MeV top are left out (their flux is a few
% of that above 100 MeV, and they deposit little). Behind a semi-infinite
slab the detector sees 2 pi sr of isotropic flux through a path t / mu:

    D_slab(t) = 1/2 int_0^1 D_sphere(t / mu) dmu.

Electrons are treated the same way with the Katz-Penfold practical range (which folds
in multiple scattering) and S = dE/dR. Left out, and so said: secondary particles
(bremsstrahlung from electrons, nuclear secondaries from protons: both < ~10 % of the
dose behind 2-20 mm Al in LEO, where trapped protons dominate), solar energetic
particles and galactic cosmic rays (small in low-inclination LEO; a few rad/yr in polar
LEO), and straggling. AE8/AP8 themselves are quoted as good to a factor of about two.

Effects on the compute
----------------------
Total ionising dose against the tolerance the Suncatcher team measured on TPU v6e (HBM
irregularities after 2 krad(Si), no hard failure to 15 krad(Si)); single-event rates from
their per-chip event counts per rad of 67 MeV protons turned into cross-sections
(1 rad(Si) = 7.9e6 protons/cm^2 at 67 MeV), applied to the shielded flux of protons above
an assumed 20 MeV effective threshold. Source: Google Project Suncatcher, arXiv:2511.19468
v2, s. 2.3.

References
----------
Sawyer & Vette, AP-8 trapped proton environment, NSSDC/WDC-A-R&S 76-06 (1976); Vette,
The AE-8 trapped electron model environment, NSSDC/WDC-A-R&S 91-24 (1991); Seltzer,
SHIELDOSE-2, NISTIR 5477 (1994); Berger et al., NIST SRD 124 (PSTAR).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np

from . import _stopping_tables as tables
from ._validation import check_choice, check_scalar
from .errors import InputError

__all__ = [
    "TRAPPED_SOLAR_PHASES",
    "SHIELD_GEOMETRIES",
    "MIN_ALTITUDE",
    "MAX_ALTITUDE",
    "TrappedSpectra",
    "DoseRate",
    "SingleEventRates",
    "trapped_spectra",
    "proton_range",
    "csda_range_table",
    "dose_rate",
    "shielded_proton_flux",
    "single_event_rates",
    "dose_limited_life",
    "require_environment_extra",
]

TRAPPED_SOLAR_PHASES = ("min", "max", "worst")
SHIELD_GEOMETRIES = ("sphere", "slab")

# Valid altitude range of the trapped model here [m]: above 100 km (below it no orbit,
# and the models have no flux) up to geostationary, the outer edge of AP8 (L <= 6.6).
MIN_ALTITUDE = 100e3
MAX_ALTITUDE = 35_786e3
MAX_SHIELD = 0.2  # [m] of Al (54 g/cm^2): beyond the 400 MeV top of AP8
ALUMINIUM_DENSITY = 2700.0  # [kg/m^3] (CRC Handbook)

MEV_PER_GRAM_TO_RAD = 1.602176634e-8  # 1 MeV/g = 1.602e-13 J / 1e-3 kg = 1.602e-10 Gy
SECONDS_PER_YEAR = 365.25 * 86_400.0

# Suncatcher (arXiv:2511.19468 v2, s. 2.3), TPU v6e under 67 MeV protons.
HBM_DOSE_TOLERANCE = 2000.0  # [rad(Si)] HBM irregularities appear
HARD_FAILURE_DOSE = 15_000.0  # [rad(Si)] no hard failure up to here
PROTONS_PER_RAD_67MEV = 7.9e6  # [1/cm^2 per rad(Si)]
RAD_PER_SDC = 17.2  # [rad(Si)] one silent data corruption per 14.4-20 rad (midpoint)
RAD_PER_HBM_UE = 44.0  # [rad(Si)] one HBM uncorrectable error
RAD_PER_SEFI = 5000.0  # [rad(Si)] one system functional interrupt
SEE_THRESHOLD_ENERGY = 20.0  # [MeV] estimate: proton SEE onset of deep-submicron CMOS

_PROTON_ENERGIES = np.geomspace(0.1, 390.0, 160)  # [MeV], AP8 covers 0.1-400 MeV
_ELECTRON_ENERGIES = np.geomspace(0.05, 6.9, 90)  # [MeV], AE8 covers 0.04-7 MeV
_ORBIT_SAMPLES = (72, 36)  # (argument of latitude, node longitude): 0.6 % of 4x finer
_MODEL_EPOCH = "2000-01-01"  # ignored by the epoch-field models; aep8 needs a time
# (proton model, electron model) of each phase; "worst" = AP8 MIN with AE8 MAX, the
# SPENVIS default (each belt at its worst in LEO).
_PHASES = {"min": ("min", "min"), "max": ("max", "max"), "worst": ("min", "max")}


def require_environment_extra(module: str):
    """Import an optional environment-model package or say which extra installs it."""
    try:
        return __import__(module)
    except ImportError:
        raise ImportError(
            f"the '{module}' package is needed for this model; install it with "
            "pip install 'thermaldesign[environment]'"
        ) from None


def _check_altitude(altitude) -> float:
    return check_scalar(altitude, "altitude", low=MIN_ALTITUDE, high=MAX_ALTITUDE, unit="m")


def _check_inclination(inclination) -> float:
    return check_scalar(inclination, "inclination", low=0.0, high=180.0, unit="deg")


def _orbit_key(altitude, inclination, solar) -> tuple:
    """Checked (altitude [m], inclination [deg], solar) rounded for the caches."""
    altitude = _check_altitude(altitude)
    inclination = _check_inclination(inclination)
    check_choice(solar, "solar", TRAPPED_SOLAR_PHASES)
    return round(altitude, 3), round(inclination, 6), solar


def _check_shield(shield_thickness) -> float:
    return check_scalar(shield_thickness, "shield_thickness", low=0.0, high=MAX_SHIELD,
                        unit="m")


@dataclass(frozen=True)
class TrappedSpectra:
    """Orbit-averaged omnidirectional integral fluxes of trapped particles.

    Attributes
    ----------
    proton_energies, electron_energies : numpy.ndarray
        Energy grids [MeV].
    proton_flux, electron_flux : numpy.ndarray
        Flux of particles above each energy [1/(cm^2 s)] (the unit of the models).
    altitude, inclination : float
        [m], [deg].
    solar : str
        ``"min"``, ``"max"`` or ``"worst"`` (see :func:`trapped_spectra`).
    """

    proton_energies: np.ndarray
    proton_flux: np.ndarray
    electron_energies: np.ndarray
    electron_flux: np.ndarray
    altitude: float
    inclination: float
    solar: str


def _orbit_points(altitude: float, inclination: float):
    """Geodetic (lon, lat) [deg] of a uniform (u, node) grid on a circular orbit."""
    n_u, n_node = _ORBIT_SAMPLES
    u = np.linspace(0.0, 2.0 * np.pi, n_u, endpoint=False)
    node = np.linspace(-np.pi, np.pi, n_node, endpoint=False)
    u, node = np.meshgrid(u, node)
    inc = np.radians(inclination)
    lat = np.degrees(np.arcsin(np.sin(inc) * np.sin(u)))
    lon = np.degrees(node + np.arctan2(np.cos(inc) * np.sin(u), np.cos(u)))
    return (lon.ravel() + 180.0) % 360.0 - 180.0, lat.ravel()


def _orbit_average(model, coordinates, energies) -> np.ndarray:
    from astropy import units

    shell, field = coordinates
    with np.errstate(invalid="ignore"):  # the models answer NaN outside their domain
        flux = model.integral_flux_for_geomagnetic_coordinates(
            shell[:, None], field[:, None], energies * units.MeV
        ).to_value(units.cm**-2 * units.s**-1)
    return np.nan_to_num(flux, nan=0.0).mean(axis=0)  # outside the belts: no flux


@functools.lru_cache(maxsize=256)
def _spectra(altitude: float, inclination: float, solar: str) -> TrappedSpectra:
    aep8 = require_environment_extra("aep8")
    from astropy import units
    from astropy.coordinates import EarthLocation
    from astropy.time import Time

    lon, lat = _orbit_points(altitude, inclination)
    location = EarthLocation.from_geodetic(lon * units.deg, lat * units.deg,
                                           altitude * units.m)
    time = Time(_MODEL_EPOCH)
    proton_phase, electron_phase = _PHASES[solar]
    protons, electrons = aep8.model("p", proton_phase), aep8.model("e", electron_phase)
    proton_coordinates = protons.geomagnetic_coordinates(location, time)
    # the MIN models (and AE8 MAX) share one epoch field: compute its coordinates once
    same_field = getattr(protons, "_geomag", None) is getattr(electrons, "_geomag", False)
    electron_coordinates = (proton_coordinates if same_field
                            else electrons.geomagnetic_coordinates(location, time))
    return TrappedSpectra(
        proton_energies=_PROTON_ENERGIES,
        proton_flux=_orbit_average(protons, proton_coordinates, _PROTON_ENERGIES),
        electron_energies=_ELECTRON_ENERGIES,
        electron_flux=_orbit_average(electrons, electron_coordinates, _ELECTRON_ENERGIES),
        altitude=altitude, inclination=inclination, solar=solar,
    )


def trapped_spectra(altitude, inclination, solar="worst") -> TrappedSpectra:
    """Orbit-averaged trapped proton (AP8) and electron (AE8) integral spectra.

    Cached per (altitude, inclination, solar): the first call at a new orbit costs
    0.5-2 s on a shared 2-core machine (``benchmarks/bench_altitude.py``; the geomagnetic
    coordinates of the orbit points dominate), later ones nothing.

    Parameters
    ----------
    altitude : float
        Circular-orbit altitude [m], in [100 km, 35,786 km].
    inclination : float
        [deg], in [0, 180].
    solar : {"min", "max", "worst"}
        Phase of the solar cycle (AP8/AE8 come in a MIN and a MAX version). In LEO the
        proton flux is higher at solar minimum, when the atmosphere is thinner, and the
        electron flux at maximum; ``"worst"`` pairs AP8 MIN with AE8 MAX (SPENVIS default).

    Returns
    -------
    TrappedSpectra
    """
    return _spectra(*_orbit_key(altitude, inclination, solar))


def csda_range_table(energy, stopping):
    """CSDA range [g/cm^2] at each tabulated energy: R(E) = int_0^E dE' / S(E').

    Trapezoid rule in log E on E/S; below the first energy the range is taken as E/S
    (for PSTAR's 10 keV, a few nm of Al: negligible).

    Parameters
    ----------
    energy : array_like
        Increasing kinetic energies [MeV].
    stopping : array_like
        Total mass stopping power at them [MeV cm^2/g].
    """
    energy, stopping = np.asarray(energy, dtype=float), np.asarray(stopping, dtype=float)
    integrand = energy / stopping
    steps = 0.5 * (integrand[1:] + integrand[:-1]) * np.diff(np.log(energy))
    return integrand[0] + np.concatenate(([0.0], np.cumsum(steps)))


def _proton_range_table():
    """(energy [MeV], CSDA range in Al [g/cm^2]) from PSTAR."""
    energy = tables.PSTAR_ROWS[:, 0]
    return energy, csda_range_table(energy, tables.PSTAR_ROWS[:, 1])


_PROTON_TABLE = _proton_range_table()


def proton_range(energy):
    """CSDA range of protons in aluminium [g/cm^2] from NIST PSTAR.

    Parameters
    ----------
    energy : float or array_like
        Kinetic energy [MeV], in [0.01, 1000].
    """
    energy = np.asarray(energy, dtype=float)
    table_energy, table_range = _PROTON_TABLE
    return np.exp(np.interp(np.log(energy), np.log(table_energy), np.log(table_range)))


def _proton_energy_from_range(areal_range):
    table_energy, table_range = _PROTON_TABLE
    return np.exp(np.interp(np.log(areal_range), np.log(table_range), np.log(table_energy)))


def _silicon_proton_stopping(energy):
    rows = tables.PSTAR_ROWS
    return np.exp(np.interp(np.log(energy), np.log(rows[:, 0]), np.log(rows[:, 2])))


def _electron_range(energy):
    """Katz-Penfold practical range [g/cm^2] of electrons of ``energy`` [MeV]."""
    k = tables.KATZ_PENFOLD
    energy = np.asarray(energy, dtype=float)
    low = k["a"] * energy ** (k["b"] - k["c"] * np.log(energy))
    return np.where(energy <= k["break"], low, k["slope"] * energy - k["offset"])


def _electron_energy_from_range(areal_range):
    grid = np.geomspace(0.01, 20.0, 400)
    return np.interp(areal_range, _electron_range(grid), grid)


def _electron_stopping(energy):
    """dE/dR of the Katz-Penfold relation [MeV cm^2/g]."""
    step = 1e-3 * energy
    return 2.0 * step / (_electron_range(energy + step) - _electron_range(energy - step))


def _differential(energies: np.ndarray, flux: np.ndarray) -> np.ndarray:
    """j(E) = -dF/dE [1/(cm^2 s MeV)] of an integral spectrum, >= 0."""
    slope = np.gradient(flux, np.log(energies))
    return np.clip(-slope / energies, 0.0, None)  # the integral flux never rises with E


_EXIT_ENERGIES = np.geomspace(0.01, 400.0, 400)  # [MeV] quadrature grid of exit energies


def _sphere_dose(areal: float, energies, flux, range_of, energy_of, stopping,
                 detector_stopping) -> float:
    """Dose rate [MeV/(g s)] at the centre of a shell of ``areal`` [g/cm^2].

    Integrated over the exit energy: with R(E_in) = R(E_out) + t, dE_in / S(E_in) =
    dE_out / S(E_out), so D = int j(E_in) S(E_in) / S(E_out) * S_det(E_out) dE_out,
    smooth where a particle barely gets through (integrating over E_in would put the
    whole of a bin on the Bragg peak).
    """
    exit_energy = _EXIT_ENERGIES[_EXIT_ENERGIES < energies[-1]]
    entry = energy_of(range_of(exit_energy) + areal)
    inside = (entry >= energies[0]) & (entry <= energies[-1])
    spectrum = np.interp(np.log(entry), np.log(energies), _differential(energies, flux))
    integrand = np.where(inside, spectrum * stopping(entry) / stopping(exit_energy), 0.0)
    integrand = integrand * detector_stopping(exit_energy) * exit_energy  # d(ln E)
    steps = np.diff(np.log(exit_energy))
    return float(np.sum(0.5 * (integrand[1:] + integrand[:-1]) * steps))


_SLAB_NODES, _SLAB_WEIGHTS = np.polynomial.legendre.leggauss(24)


def _dose(areal, energies, flux, geometry, *laws) -> float:
    if geometry == "sphere":
        return _sphere_dose(areal, energies, flux, *laws)
    mu = 0.5 * (_SLAB_NODES + 1.0)  # Gauss-Legendre on (0, 1)
    values = [_sphere_dose(areal / m, energies, flux, *laws) for m in mu]
    return 0.5 * float(np.dot(0.5 * _SLAB_WEIGHTS, values))


@dataclass(frozen=True)
class DoseRate:
    """Ionising dose rate in silicon behind aluminium [rad(Si)/yr] (1 rad = 0.01 Gy)."""

    protons: float
    electrons: float

    @property
    def total(self) -> float:
        """Protons plus electrons [rad(Si)/yr]."""
        return self.protons + self.electrons


def _aluminium_proton_stopping(energy):
    rows = tables.PSTAR_ROWS
    return np.exp(np.interp(np.log(energy), np.log(rows[:, 0]), np.log(rows[:, 1])))


# (range, its inverse, stopping power in the shield, stopping power in the detector)
_PROTON_LAWS = (proton_range, _proton_energy_from_range, _aluminium_proton_stopping,
                _silicon_proton_stopping)
_ELECTRON_LAWS = (_electron_range, _electron_energy_from_range, _electron_stopping,
                  _electron_stopping)


@functools.lru_cache(maxsize=4096)
def _dose_rate(altitude, inclination, shield, solar, geometry) -> DoseRate:
    spectra = _spectra(altitude, inclination, solar)
    areal = shield * ALUMINIUM_DENSITY / 10.0  # [kg/m^2] -> [g/cm^2]
    per_second = MEV_PER_GRAM_TO_RAD * SECONDS_PER_YEAR
    proton = _dose(areal, spectra.proton_energies, spectra.proton_flux, geometry,
                   *_PROTON_LAWS)
    electron = _dose(areal, spectra.electron_energies, spectra.electron_flux, geometry,
                     *_ELECTRON_LAWS)
    return DoseRate(protons=proton * per_second, electrons=electron * per_second)


def dose_rate(altitude, inclination, shield_thickness, *, solar="worst",
              geometry="sphere") -> DoseRate:
    """Trapped-particle ionising dose rate in silicon behind aluminium.

    Parameters
    ----------
    altitude : float
        Circular-orbit altitude [m], in [100 km, 35,786 km].
    inclination : float
        [deg], in [0, 180].
    shield_thickness : float
        Aluminium thickness [m], in [0, 0.2].
    solar : {"min", "max", "worst"}
        Solar-cycle phase of AP8/AE8 (see :func:`trapped_spectra`).
    geometry : {"sphere", "slab"}
        Centre of a spherical shell (every direction sees the thickness; SHIELDOSE-2's
        "solid sphere") or behind a semi-infinite slab (2 pi sr through t / mu).

    Returns
    -------
    DoseRate
        Proton and electron dose rates [rad(Si)/yr].
    """
    altitude, inclination, solar = _orbit_key(altitude, inclination, solar)
    shield = _check_shield(shield_thickness)
    check_choice(geometry, "geometry", SHIELD_GEOMETRIES)
    return _dose_rate(altitude, inclination, shield, solar, geometry)


def shielded_proton_flux(altitude, inclination, shield_thickness, *, solar="worst",
                         threshold=SEE_THRESHOLD_ENERGY) -> float:
    """Omnidirectional flux of protons leaving a spherical Al shell above ``threshold``.

    Parameters
    ----------
    altitude, inclination, shield_thickness, solar
        As in :func:`dose_rate`.
    threshold : float
        Smallest exit energy counted [MeV], in (0, 400).

    Returns
    -------
    float
        [1/(m^2 s)].
    """
    key = _orbit_key(altitude, inclination, solar)
    shield = _check_shield(shield_thickness)
    threshold = check_scalar(threshold, "threshold", low=0.0, high=400.0, low_open=True,
                             high_open=True, unit="MeV")
    spectra = _spectra(*key)
    areal = shield * ALUMINIUM_DENSITY / 10.0
    # a proton leaves above the threshold iff it entered with R(E) > R(threshold) + t
    entry = _proton_energy_from_range(proton_range(threshold) + areal)
    flux = np.interp(np.log(entry), np.log(spectra.proton_energies), spectra.proton_flux)
    return float(flux) * 1e4  # [1/(cm^2 s)] -> [1/(m^2 s)]


@dataclass(frozen=True)
class SingleEventRates:
    """Single-event rates per accelerator [1/s] and the throughput they cost."""

    silent_data_corruption: float
    hbm_uncorrectable: float
    functional_interrupt: float
    throughput_lost: float  # [-] fraction of compute time lost to recovery

    @property
    def failure_rate(self) -> float:
        """Events that take the accelerator down until a reset [1/s] (SEFI)."""
        return self.functional_interrupt


def single_event_rates(proton_flux, *, recovery_time=600.0, reset_time=3600.0):
    """Single-event rates of one TPU-v6e-class accelerator in a proton flux.

    Each Suncatcher count "one event per X rad" of 67 MeV protons is a cross-section
    sigma = 1 / (X * 7.9e6 protons/cm^2); in orbit rate = sigma * flux, the flux of protons
    above :data:`SEE_THRESHOLD_ENERGY` behind the shield (an isotropic cross-section, as
    usual for proton-induced nuclear recoils).

    Parameters
    ----------
    proton_flux : float
        Omnidirectional flux above the threshold [1/(m^2 s)], >= 0.
    recovery_time : float
        Compute lost per SDC or HBM uncorrectable error: roll back to the last checkpoint
        and recompute [s] (estimate: half of a 20-min checkpoint interval).
    reset_time : float
        Compute lost per functional interrupt (reset and restore) [s] (estimate, 1 h).

    Returns
    -------
    SingleEventRates
    """
    flux = check_scalar(proton_flux, "proton_flux", low=0.0, unit="1/(m^2 s)") * 1e-4
    recovery_time = check_scalar(recovery_time, "recovery_time", low=0.0, unit="s")
    reset_time = check_scalar(reset_time, "reset_time", low=0.0, unit="s")
    per_rad = PROTONS_PER_RAD_67MEV
    sdc, hbm, sefi = (flux / (rad * per_rad) for rad in (RAD_PER_SDC, RAD_PER_HBM_UE,
                                                          RAD_PER_SEFI))
    lost = (sdc + hbm) * recovery_time + sefi * reset_time
    if lost >= 1.0:
        raise InputError(
            f"single-event recovery takes {lost:.3g} of the time (>= 1): the flux "
            f"{proton_flux:g} 1/(m^2 s) is outside the range where compute makes progress"
        )
    return SingleEventRates(sdc, hbm, sefi, lost)


def dose_limited_life(dose_per_year, tolerance=HBM_DOSE_TOLERANCE) -> float:
    """Years until the accumulated dose reaches ``tolerance`` [yr] (inf at zero dose).

    Parameters
    ----------
    dose_per_year : float
        [rad(Si)/yr], >= 0.
    tolerance : float
        [rad(Si)], > 0; default the 2 krad(Si) at which Suncatcher saw HBM irregularities.
    """
    dose_per_year = check_scalar(dose_per_year, "dose_per_year", low=0.0, unit="rad/yr")
    tolerance = check_scalar(tolerance, "tolerance", low=0.0, low_open=True, unit="rad")
    return float("inf") if dose_per_year == 0.0 else tolerance / dose_per_year

