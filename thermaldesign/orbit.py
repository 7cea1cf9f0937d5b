"""Circular-orbit geometry: period, eclipses, sun-synchronous orbits, beta angle, view factors.

Every function takes SI floats or numpy arrays (altitude in m, angles in degrees), broadcasts,
and returns a Python float for scalar input. The Earth is a sphere of equatorial radius
:data:`~thermaldesign.constants.EARTH_RADIUS`; the Sun is at infinity unless a function says
otherwise. Only circular orbits are modelled.

Errors: every public function raises :class:`~thermaldesign.errors.InputError` naming the
parameter for a value of the wrong type, not finite or out of range, for array arguments
whose shapes do not broadcast, and for values each valid on its own whose result would
leave the float range (e.g. a temperature of 1e300 K); see :mod:`thermaldesign._guard`.
An altitude below :data:`MIN_ALTITUDE` (1 km) is refused as a unit slip, naming the value
it likely meant: ``period(550)`` says "did you mean 550 km = 550e3 m?".

References
----------
.. [1] D. A. Vallado, *Fundamentals of Astrodynamics and Applications*, 4th ed.,
   Microcosm Press (2013), sections 5.3 (eclipse), 9.6 (J2 nodal regression, sun-synchronous
   orbits).
.. [2] D. G. Gilmore (ed.), *Spacecraft Thermal Control Handbook*, Vol. I, 2nd ed., Aerospace
   Press (2002), chapter 2 (beta angle, eclipse, orbit geometry).
.. [3] J. R. Howell, *A Catalog of Radiation Heat Transfer Configuration Factors*, 3rd ed.,
   "differential planar element to a sphere" (tilted, partly visible) and "differential sphere
   to a sphere"; E. A. Thornton, *Thermal Structures for Aerospace Applications*, AIAA (1996).
.. [4] The Astronomical Almanac, section C, "Low-precision formulas for the Sun's coordinates"
   (accuracy 0.01 deg between 1950 and 2050).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

import numpy as np

from . import constants
from ._guard import guarded
from ._validation import (
    Range,
    as_output,
    check_positive_int,
    one_of,
)
from .errors import InputError

__all__ = [
    "MAX_ALTITUDE",
    "MIN_ALTITUDE",
    "SHADOW_MODELS",
    "EclipseSeason",
    "beta_angle",
    "critical_beta",
    "earth_angular_radius",
    "eclipse_duration",
    "eclipse_fraction",
    "eclipse_season",
    "earth_view_factor",
    "nodal_precession_rate",
    "period",
    "sphere_earth_view_factor",
    "sun_synchronous_inclination",
    "sun_synchronous_max_altitude",
    "sun_distance",
    "solar_flux_on_day",
]

#: Highest altitude accepted [m]; beyond a quarter of the way to the Moon the two-body,
#: Sun-at-infinity models here stop being meaningful.
MAX_ALTITUDE = 1.0e8

#: Lowest altitude accepted [m]. Nothing orbits below 1 km (drag brings a satellite down
#: within days below about 150 km), so a value there is a unit slip, km given where m is
#: meant (``period(550)`` for 550 km). It is an error, not a warning: no number computed
#: for a 550 m "orbit" means anything, and a warning scrolls past while the result is used.
MIN_ALTITUDE = 1.0e3

#: Shadow models of :func:`eclipse_fraction`.
SHADOW_MODELS = ("cylindrical", "umbra", "penumbra")

# Apparent angular radius of the Sun seen from 1 AU [rad] (0.2666 deg).
_SUN_ANGULAR_RADIUS = np.arcsin(constants.SUN_RADIUS / constants.ASTRONOMICAL_UNIT)


def unit_slip_message(value: float, name: str = "altitude", *, low: float = MIN_ALTITUDE,
                      high: float = MAX_ALTITUDE) -> str:
    """The error message for an altitude below 1 km: the value, and the likely meant one.

    Parameters
    ----------
    value : float
        The altitude given [m], 0 < value < :data:`MIN_ALTITUDE`.
    name : str
        The parameter's name, for the message.
    low, high : float
        The valid range the message states [m].
    """
    message = f"{name} = {value:g} m: below 1 km, not an orbit"
    if value >= 1.0:  # read as km it is an altitude (at least 1 km)
        message += f"; did you mean {value:g} km = {value:g}e3 m?"
    return message + f" (altitudes are in m, valid range [{low:g}, {high:g}])"


@dataclass(frozen=True)
class AltitudeRange(Range):
    """The guard-table entry of an altitude [m]: :class:`Range` [1 km, 1e8 m], and a value
    below 1 km refused as a unit slip (:func:`unit_slip_message`). The slip is looked for
    only once the range check has failed, so a valid altitude costs nothing more."""

    low: float | None = MIN_ALTITUDE
    high: float | None = MAX_ALTITUDE
    unit: str = "m"

    def __call__(self, value, name):
        try:
            return super().__call__(value, name)
        except InputError:
            slip = _first_unit_slip(value)
            if slip is None:
                raise
            raise InputError(unit_slip_message(slip, name)) from None


def _first_unit_slip(value) -> float | None:
    """The first entry of ``value`` in (0, 1 km) if that is its first out-of-range entry,
    else None (the plain range error then stands)."""
    try:
        array = np.asarray(value, dtype=float)
    except (TypeError, ValueError, OverflowError):
        return None
    with np.errstate(invalid="ignore"):
        bad = array[~((array >= MIN_ALTITUDE) & (array <= MAX_ALTITUDE))]
    if bad.size and 0.0 < bad.flat[0] < MIN_ALTITUDE:
        return float(bad.flat[0])
    return None


_ALTITUDE = AltitudeRange()
_OPTIONAL_ALTITUDE = AltitudeRange(optional=True)
_BETA = Range(-90.0, 90.0, unit="deg")
_INCLINATION = Range(0.0, 180.0, unit="deg")
_LTAN = Range(0.0, 24.0, unit="h")
_SHADOW = one_of(*SHADOW_MODELS)


@guarded(altitude=_ALTITUDE)
def period(altitude):
    """Period of a circular orbit.

    .. math:: P = 2\\pi \\sqrt{(R_\\oplus + h)^3 / \\mu_\\oplus}

    Parameters
    ----------
    altitude : float or array_like
        Orbit altitude above the equatorial radius [m], in [1e3, 1e8].

    Returns
    -------
    float or numpy.ndarray
        Orbital period [s].

    References
    ----------
    Vallado (2013), eq. 2-16 (Kepler's third law).
    """
    semi_major_axis = constants.EARTH_RADIUS + altitude
    return as_output(2.0 * np.pi * np.sqrt(semi_major_axis**3 / constants.EARTH_MU))


@guarded(altitude=_ALTITUDE)
def earth_angular_radius(altitude):
    """Angular radius of the Earth's disc seen from the satellite.

    .. math:: \\rho = \\arcsin\\left(\\frac{R_\\oplus}{R_\\oplus + h}\\right)

    Parameters
    ----------
    altitude : float or array_like
        Orbit altitude [m], in [1e3, 1e8].

    Returns
    -------
    float or numpy.ndarray
        Earth angular radius [deg].

    References
    ----------
    Wertz & Larson, *Space Mission Analysis and Design*, 3rd ed. (1999), eq. 5-16.
    """
    radius = constants.EARTH_RADIUS
    return as_output(np.degrees(np.arcsin(radius / (radius + altitude))))


def critical_beta(altitude):
    """Beta angle above which a circular orbit has no eclipse (cylindrical shadow).

    .. math:: \\beta^* = \\arcsin\\left(\\frac{R_\\oplus}{R_\\oplus + h}\\right)

    Parameters
    ----------
    altitude : float or array_like
        Orbit altitude [m], in [1e3, 1e8].

    Returns
    -------
    float or numpy.ndarray
        Critical beta angle [deg]; orbits with abs(beta) >= this never enter the shadow.

    References
    ----------
    Gilmore (2002), eq. 2.1; Rickman, "Introduction to On-Orbit Thermal Environments",
    NASA TFAWS (2014).
    """
    return earth_angular_radius(altitude)


def _eclipse_half_angle(altitude: np.ndarray, beta: np.ndarray, shadow: str) -> np.ndarray:
    """Half the orbit arc spent in shadow [rad]; 0 where the orbit is never shadowed.

    With u the orbit angle from orbit midnight, the angle between the anti-Sun direction and
    the satellite's position vector obeys cos(psi) = cos(beta) cos(u); the Sun is (partly)
    hidden while psi < rho_eff, the Earth's angular radius widened or narrowed by the Sun's.
    """
    radius = constants.EARTH_RADIUS
    rho = np.arcsin(radius / (radius + altitude))
    if shadow == "umbra":
        rho = rho - _SUN_ANGULAR_RADIUS
    elif shadow == "penumbra":
        rho = rho + _SUN_ANGULAR_RADIUS
    cos_beta = np.cos(np.radians(beta))
    cos_rho = np.cos(rho)
    cos_rho, cos_beta = np.broadcast_arrays(cos_rho, cos_beta)
    shadowed = cos_beta > cos_rho
    ratio = np.divide(cos_rho, cos_beta, out=np.ones_like(cos_beta), where=shadowed)
    # ratio < -1 only in the penumbra model below ~69 m altitude, where the widened disc
    # covers more than a hemisphere: shadowed all orbit long (half-angle pi). The public
    # functions refuse altitudes below 1 km; the clip keeps the geometry total anyway.
    return np.where(shadowed, np.arccos(np.clip(ratio, -1.0, 1.0)), 0.0)


@guarded(altitude=_ALTITUDE, beta=_BETA, shadow=_SHADOW)
def eclipse_fraction(altitude, beta=0.0, *, shadow="cylindrical"):
    """Fraction of a circular orbit spent in the Earth's shadow.

    .. math:: f = \\frac{1}{\\pi}\\arccos\\left(\\frac{\\sqrt{h^2 + 2 R_\\oplus h}}
              {(R_\\oplus + h)\\cos\\beta}\\right) \\quad (|\\beta| < \\beta^*), \\qquad
              f = 0 \\text{ otherwise}

    Parameters
    ----------
    altitude : float or array_like
        Orbit altitude [m], in [1e3, 1e8].
    beta : float or array_like
        Beta angle, the Sun's elevation above the orbit plane [deg], in [-90, 90].
    shadow : {"cylindrical", "umbra", "penumbra"}
        Shadow model. ``"cylindrical"`` (default, the contract): the Sun is a point at
        infinity and the shadow a cylinder of the Earth's radius. ``"umbra"``: time with the
        Sun entirely hidden; ``"penumbra"``: time with the Sun at least partly hidden (the
        Sun's apparent radius of 0.2666 deg narrows or widens the Earth's disc). The
        cylindrical value lies between the two and, by the symmetry of ingress and egress,
        equals the time-average of the hidden fraction of the solar disc to first order.
        Atmospheric refraction and extinction (which thicken the shadow by a few tens of
        km) are not modelled.

    Returns
    -------
    float or numpy.ndarray
        Eclipse fraction of the orbit [-], in [0, 0.5) for the cylindrical and umbra
        models; the penumbra can reach 1 below ~69 m altitude, where the Earth's disc
        widened by the Sun's radius covers more than a hemisphere.

    References
    ----------
    Gilmore (2002), eq. 2.2; Vallado (2013), section 5.3.
    """
    return as_output(_eclipse_half_angle(altitude, beta, shadow) / np.pi)


@guarded(altitude=_ALTITUDE)
def eclipse_duration(altitude, beta=0.0, *, shadow="cylindrical"):
    """Duration of one eclipse of a circular orbit.

    .. math:: t_e = f(h, \\beta)\\, P(h)

    Parameters
    ----------
    altitude : float or array_like
        Orbit altitude [m], in [1e3, 1e8].
    beta : float or array_like
        Beta angle [deg], in [-90, 90].
    shadow : {"cylindrical", "umbra", "penumbra"}
        Shadow model, as in :func:`eclipse_fraction`.

    Returns
    -------
    float or numpy.ndarray
        Eclipse duration per orbit [s].

    References
    ----------
    Gilmore (2002), eq. 2.2.
    """
    fraction = eclipse_fraction(altitude, beta, shadow=shadow)
    return as_output(np.asarray(fraction) * np.asarray(period(altitude)))


@guarded(altitude=_ALTITUDE, inclination=_INCLINATION)
def nodal_precession_rate(altitude, inclination):
    """Secular rate of the right ascension of the ascending node due to J2.

    .. math:: \\dot\\Omega = -\\frac{3}{2} n J_2 \\left(\\frac{R_\\oplus}{a}\\right)^2 \\cos i,
              \\qquad n = \\sqrt{\\mu_\\oplus / a^3}

    Parameters
    ----------
    altitude : float or array_like
        Orbit altitude [m], in [1e3, 1e8].
    inclination : float or array_like
        Orbit inclination [deg], in [0, 180].

    Returns
    -------
    float or numpy.ndarray
        Nodal precession rate [deg/s]; negative (westward) for prograde orbits.

    References
    ----------
    Vallado (2013), eq. 9-41 (circular orbit, e = 0).
    """
    semi_major_axis = constants.EARTH_RADIUS + altitude
    mean_motion = np.sqrt(constants.EARTH_MU / semi_major_axis**3)
    rate = (
        -1.5
        * mean_motion
        * constants.EARTH_J2
        * (constants.EARTH_RADIUS / semi_major_axis) ** 2
        * np.cos(np.radians(inclination))
    )
    return as_output(np.degrees(rate))


def _sso_cosine(semi_major_axis):
    """cos(i) of the sun-synchronous orbit with this semi-major axis (may be < -1)."""
    required_rate = np.radians(constants.EARTH_SUN_MEAN_MOTION)
    return (
        -2.0
        * required_rate
        * semi_major_axis**3.5
        / (3.0 * constants.EARTH_J2 * constants.EARTH_RADIUS**2 * np.sqrt(constants.EARTH_MU))
    )


def sun_synchronous_max_altitude() -> float:
    """Highest altitude at which a circular orbit can be sun-synchronous (i = 180 deg).

    .. math:: a_{max}^{7/2} = \\frac{3 J_2 R_\\oplus^2 \\sqrt{\\mu_\\oplus}}
              {2\\,\\dot\\Omega_\\odot}

    Returns
    -------
    float
        Altitude [m] (about 5,970 km).

    References
    ----------
    Vallado (2013), section 9.6.
    """
    required_rate = np.radians(constants.EARTH_SUN_MEAN_MOTION)
    semi_major_axis = (
        1.5
        * constants.EARTH_J2
        * constants.EARTH_RADIUS**2
        * np.sqrt(constants.EARTH_MU)
        / required_rate
    ) ** (1.0 / 3.5)
    return float(semi_major_axis - constants.EARTH_RADIUS)


@guarded(altitude=_ALTITUDE)
def sun_synchronous_inclination(altitude):
    """Inclination at which J2 turns the orbit plane at the Sun's mean rate (360 deg/yr).

    .. math:: \\cos i = -\\frac{2\\,\\dot\\Omega_\\odot\\, a^{7/2}}
              {3 J_2 R_\\oplus^2 \\sqrt{\\mu_\\oplus}},
              \\qquad \\dot\\Omega_\\odot = 360^\\circ / 365.2422\\,\\text{d}

    Parameters
    ----------
    altitude : float or array_like
        Circular-orbit altitude [m], in [1e3, :func:`sun_synchronous_max_altitude`] (about
        5,970 km; above it even a retrograde equatorial orbit precesses too slowly).

    Returns
    -------
    float or numpy.ndarray
        Inclination [deg], in (90, 180].

    References
    ----------
    Vallado (2013), section 9.6, eq. 9-45 (first-order J2 secular theory; higher zonal
    harmonics shift the result by < 0.01 deg in LEO).
    """
    cosine = _sso_cosine(constants.EARTH_RADIUS + altitude)
    if np.any(cosine < -1.0):
        bad = altitude[cosine < -1.0].flat[0]
        raise InputError(
            f"altitude = {bad:g} m is outside the valid range for a sun-synchronous orbit "
            f"[{MIN_ALTITUDE:g}, {sun_synchronous_max_altitude():.6g}] m"
        )
    return as_output(np.degrees(np.arccos(cosine)))


@guarded(altitude=_ALTITUDE, tilt=Range(0.0, 180.0, unit="deg"))
def earth_view_factor(altitude, tilt=0.0):
    """View factor from one face of a small flat plate to the Earth.

    The plate's normal makes the angle ``tilt`` with nadir. With :math:`H = (R_\\oplus+h)/R_\\oplus`
    and the Earth's angular radius :math:`\\rho = \\arcsin(1/H)`:

    fully visible Earth, :math:`\\lambda \\le 90^\\circ - \\rho`:

    .. math:: F = \\cos\\lambda / H^2

    partly visible Earth, :math:`90^\\circ - \\rho < \\lambda < 90^\\circ + \\rho`:

    .. math:: F = \\frac{1}{2} - \\frac{1}{\\pi}\\arcsin\\frac{\\sqrt{H^2-1}}{H\\sin\\lambda}
              + \\frac{1}{\\pi H^2}\\left[\\cos\\lambda\\,
              \\arccos\\left(-\\sqrt{H^2-1}\\cot\\lambda\\right)
              - \\sqrt{H^2-1}\\sqrt{1 - H^2\\cos^2\\lambda}\\right]

    and :math:`F = 0` when the Earth is wholly behind the plate. The two branches join
    continuously (with continuous slope) at :math:`\\lambda = 90^\\circ - \\rho`.

    Parameters
    ----------
    altitude : float or array_like
        Orbit altitude [m], in [1e3, 1e8].
    tilt : float or array_like
        Angle from nadir to the face normal [deg], in [0, 180]: 0 nadir-facing, 90 edge-on
        to the Earth, 180 zenith-facing.

    Returns
    -------
    float or numpy.ndarray
        View factor to the Earth [-], in [0, 1).

    References
    ----------
    Howell, *A Catalog of Radiation Heat Transfer Configuration Factors*, "plane element to
    sphere, tilted"; Thornton, *Thermal Structures for Aerospace Applications* (1996),
    section 3.6; checked in the tests by integrating cos(theta)/pi over the Earth's disc.
    """
    ratio = (constants.EARTH_RADIUS + altitude) / constants.EARTH_RADIUS
    ratio, tilt = np.broadcast_arrays(ratio, tilt)
    angle = np.radians(tilt)
    rho = np.arcsin(1.0 / ratio)
    cos_tilt = np.cos(angle)
    sin_tilt = np.sin(angle)
    root = np.sqrt(ratio**2 - 1.0)

    full = angle <= np.pi / 2 - rho
    partial = ~full & (angle < np.pi / 2 + rho)
    # In the partial branch sin(tilt) > cos(rho) > 0, so the divisions are safe; elsewhere
    # substitute harmless values and mask the result.
    safe_sin = np.where(partial, sin_tilt, 1.0)
    # root * cot(tilt) as one quotient: root -> 0 with sin(tilt) -> 0 (a plate on the
    # surface tilted by 1e-308) must give 0, not 0 * inf.
    root_cotangent = root * cos_tilt / safe_sin
    partial_value = (
        0.5
        - np.arcsin(np.clip(root / (ratio * safe_sin), -1.0, 1.0)) / np.pi
        + (
            cos_tilt * np.arccos(np.clip(-root_cotangent, -1.0, 1.0))
            - root * np.sqrt(np.clip(1.0 - ratio**2 * cos_tilt**2, 0.0, None))
        )
        / (np.pi * ratio**2)
    )
    value = np.where(full, cos_tilt / ratio**2, np.where(partial, partial_value, 0.0))
    # Rounding in the partial branch near 90 + rho can leave a -1e-17; the exact value is 0.
    return as_output(np.maximum(value, 0.0))


@guarded(altitude=_ALTITUDE)
def sphere_earth_view_factor(altitude):
    """View factor from a small sphere to the Earth.

    .. math:: F = \\frac{1}{2}\\left(1 - \\sqrt{1 - 1/H^2}\\right),
              \\qquad H = (R_\\oplus + h)/R_\\oplus

    Parameters
    ----------
    altitude : float or array_like
        Orbit altitude [m], in [1e3, 1e8].

    Returns
    -------
    float or numpy.ndarray
        View factor from the sphere's whole surface to the Earth [-].

    References
    ----------
    Howell, configuration catalog, "differential sphere to sphere"; Gilmore (2002), ch. 2.
    """
    ratio = (constants.EARTH_RADIUS + altitude) / constants.EARTH_RADIUS
    return as_output(0.5 * (1.0 - np.sqrt(1.0 - 1.0 / ratio**2)))


# --------------------------------------------------------------------------- Sun and beta

_DEFAULT_YEAR = 2026


# One beta sample a minute resolves any eclipse season; more only costs memory.
_MAX_SAMPLES_PER_DAY = 1440


def _year(year, name="year") -> int:
    # The Almanac's low-precision Sun formulas hold from 1950 to 2050 (0.01 deg) and
    # degrade slowly beyond; 2100 bounds the calendar arithmetic too.
    year = check_positive_int(year, name, minimum=1950)
    if year > 2100:
        raise InputError(f"year = {year} is outside the valid range [1950, 2100]")
    return year


def _days_since_j2000(day_of_year: np.ndarray, year: int) -> np.ndarray:
    """Days since J2000.0 (2000-01-01 12:00 TT) of `day_of_year` (1.0 = Jan 1, 00:00)."""
    offset = (datetime.date(year, 1, 1) - datetime.date(2000, 1, 1)).days
    return offset + day_of_year - 1.5


def _sun_longitudes(days: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Mean longitude and apparent ecliptic longitude of the Sun [rad].

    The Astronomical Almanac's low-precision formulas: the mean Sun plus the equation of the
    centre (Earth's orbital eccentricity). Nutation and aberration (< 0.006 deg) are left out.
    """
    mean_longitude = np.radians(280.460 + 0.9856474 * days)
    mean_anomaly = np.radians(357.528 + 0.9856003 * days)
    ecliptic_longitude = mean_longitude + np.radians(
        1.915 * np.sin(mean_anomaly) + 0.020 * np.sin(2.0 * mean_anomaly)
    )
    return mean_longitude, ecliptic_longitude


@guarded(day_of_year=Range(1.0, 367.0, high_open=True, unit="d"), year=_year)
def sun_distance(day_of_year, year=_DEFAULT_YEAR):
    """Earth-Sun distance on a day of the year [AU].

    .. math:: R = 1.00014 - 0.01671\\cos g - 0.00014\\cos 2g,
              \\quad g = 357.528^\\circ + 0.9856003^\\circ\\,n

    with n the days since J2000.0 (Astronomical Almanac low-precision formulas, 0.0002 AU):
    0.9833 AU at perihelion (about 3 January), 1.0167 AU at aphelion (about 4 July).

    Parameters
    ----------
    day_of_year : float or array_like
        Day of the year [d], in [1, 367) (1.0 = 1 January 00:00).
    year : int
        Calendar year [-], 1950 to 2100.

    Returns
    -------
    float or numpy.ndarray
        Distance [AU].

    References
    ----------
    The Astronomical Almanac (U.S. Naval Observatory), section C "Low precision formulas
    for the Sun".
    """
    days = _days_since_j2000(np.asarray(day_of_year, dtype=float), year)
    anomaly = np.radians(357.528 + 0.9856003 * days)
    return as_output(1.00014 - 0.01671 * np.cos(anomaly) - 0.00014 * np.cos(2.0 * anomaly))


@guarded(solar_constant=Range(0.0, 1e5, low_open=True, unit="W/m^2"))
def solar_flux_on_day(day_of_year, year=_DEFAULT_YEAR, solar_constant=constants.SOLAR_CONSTANT):
    """Solar flux at Earth on a day of the year, S / R^2 [W/m^2].

    Parameters
    ----------
    day_of_year : float or array_like
        Day of the year [d], in [1, 367).
    year : int
        Calendar year [-].
    solar_constant : float
        Total solar irradiance at 1 AU [W/m^2] (IAU 2015 B3: 1361).

    Returns
    -------
    float or numpy.ndarray
        [W/m^2]: 1407.7 at perihelion and 1316.6 at aphelion for 1361 W/m^2.
    """
    return as_output(solar_constant / np.asarray(sun_distance(day_of_year, year)) ** 2)


@guarded(day_of_year=Range(1.0, 367.0, high_open=True, unit="d"), inclination=_INCLINATION,
         ltan=_LTAN, year=_year, altitude=_OPTIONAL_ALTITUDE)
def beta_angle(day_of_year, inclination, ltan=6.0, *, altitude=None, year=_DEFAULT_YEAR):
    """Beta angle (Sun elevation above the orbit plane) through the year.

    .. math:: \\sin\\beta = \\cos\\Gamma\\sin\\Omega\\sin i
              - \\sin\\Gamma\\cos\\varepsilon\\cos\\Omega\\sin i
              + \\sin\\Gamma\\sin\\varepsilon\\cos i

    with :math:`\\Gamma` the Sun's ecliptic longitude, :math:`\\varepsilon` the obliquity and
    :math:`\\Omega` the right ascension of the ascending node, set from the local time of the
    ascending node (LTAN) relative to the *mean* Sun:
    :math:`\\Omega = L_\\odot + 15^\\circ\\,(\\mathrm{LTAN} - 12\\,\\mathrm{h})`.

    Sun model: mean longitude plus the equation of the centre (Astronomical Almanac
    low-precision formulas, 0.01 deg); the difference between the apparent and the mean Sun
    (the equation of time, up to 16 min = 4 deg of node) is therefore included. The Earth's
    distance from the Sun does not enter beta.

    Node model: with ``altitude=None`` the node keeps its local time all year (a
    sun-synchronous orbit; ``inclination`` is then taken as given, normally
    :func:`sun_synchronous_inclination`). With ``altitude`` given, the node starts at local
    time ``ltan`` on 1 January 00:00 and regresses at the J2 rate of
    :func:`nodal_precession_rate`, so any orbit (e.g. the ISS's) can be followed through the
    year; for the sun-synchronous inclination the two models agree.

    Parameters
    ----------
    day_of_year : float or array_like
        Day of the year [d], in [1, 367): 1.0 is 1 January 00:00, 1.5 is 1 January noon.
    inclination : float or array_like
        Orbit inclination [deg], in [0, 180].
    ltan : float or array_like
        Local mean solar time of the ascending node [h], in [0, 24]. A dawn-dusk
        sun-synchronous orbit has 6 (ascending at dawn) or 18 (ascending at dusk).
    altitude : float or array_like, optional
        Orbit altitude [m], in [1e3, 1e8]; if given, the node precesses at the J2 rate.
    year : int
        Calendar year (sets the Sun's longitude for the day; about 0.24 deg/yr of drift
        in the leap-year cycle).

    Returns
    -------
    float or numpy.ndarray
        Beta angle [deg], in [-90, 90]; positive when the Sun is on the side of the orbit
        normal (the direction of the orbital angular momentum).

    References
    ----------
    Rickman, "Introduction to On-Orbit Thermal Environments", NASA TFAWS (2014);
    Gilmore (2002), section 2.1; The Astronomical Almanac, section C (Sun).
    """

    days = _days_since_j2000(day_of_year, year)
    mean_longitude, ecliptic_longitude = _sun_longitudes(days)
    if altitude is None:
        node = mean_longitude + np.radians(15.0 * (ltan - 12.0))
    else:
        rate = np.radians(np.asarray(nodal_precession_rate(altitude, inclination)))
        start = _days_since_j2000(np.asarray(1.0), year)
        start_longitude, _ = _sun_longitudes(start)
        node = (
            start_longitude
            + np.radians(15.0 * (ltan - 12.0))
            + rate * (days - start) * 86_400.0
        )
    incl = np.radians(inclination)
    obliquity = np.radians(constants.OBLIQUITY)
    sine = (
        np.cos(ecliptic_longitude) * np.sin(node) * np.sin(incl)
        - np.sin(ecliptic_longitude) * np.cos(obliquity) * np.cos(node) * np.sin(incl)
        + np.sin(ecliptic_longitude) * np.sin(obliquity) * np.cos(incl)
    )
    return as_output(np.degrees(np.arcsin(np.clip(sine, -1.0, 1.0))))


@dataclass(frozen=True, eq=False)
class EclipseSeason:
    """Eclipses of one orbit through one year (see :func:`eclipse_season`).

    Attributes
    ----------
    altitude : float
        Orbit altitude [m].
    inclination : float
        Orbit inclination [deg].
    ltan : float
        Local time of the ascending node on 1 January [h].
    critical_beta : float
        Beta above which the orbit has no eclipse [deg].
    day_of_year : numpy.ndarray
        Sample times [d] (1.0 = 1 January 00:00).
    beta : numpy.ndarray
        Beta angle at each sample [deg].
    eclipse_fraction : numpy.ndarray
        Eclipse fraction of the orbit at each sample [-].
    days_with_eclipse : float
        Days of the year on which the orbit is eclipsed [d].
    longest_eclipse : float
        Longest single eclipse [s].
    max_eclipse_fraction : float
        Largest eclipse fraction of the year [-].
    mean_eclipse_fraction : float
        Eclipse fraction averaged over the whole year, eclipse-free days included [-].
    day_of_longest_eclipse : float or None
        When the longest eclipse happens [d]; None for an eclipse-free orbit.
    """

    altitude: float
    inclination: float
    ltan: float
    critical_beta: float
    day_of_year: np.ndarray = field(repr=False)
    beta: np.ndarray = field(repr=False)
    eclipse_fraction: np.ndarray = field(repr=False)
    days_with_eclipse: float
    longest_eclipse: float
    max_eclipse_fraction: float
    mean_eclipse_fraction: float
    day_of_longest_eclipse: float | None

    @property
    def has_eclipses(self) -> bool:
        """True if the orbit enters the Earth's shadow at any time of the year."""
        return self.days_with_eclipse > 0.0

    def to_dict(self) -> dict:
        """Scalar results and the yearly series (as lists), SI units."""
        return {
            "altitude": self.altitude,
            "inclination": self.inclination,
            "ltan": self.ltan,
            "critical_beta": self.critical_beta,
            "days_with_eclipse": self.days_with_eclipse,
            "longest_eclipse": self.longest_eclipse,
            "max_eclipse_fraction": self.max_eclipse_fraction,
            "mean_eclipse_fraction": self.mean_eclipse_fraction,
            "day_of_longest_eclipse": self.day_of_longest_eclipse,
            "day_of_year": self.day_of_year.tolist(),
            "beta": self.beta.tolist(),
            "eclipse_fraction": self.eclipse_fraction.tolist(),
        }

    def __str__(self) -> str:
        rows = [
            ("altitude", self.altitude / 1e3, "km", "orbit altitude"),
            ("inclination", self.inclination, "deg", "orbit inclination"),
            ("ltan", self.ltan, "h", "local time of ascending node (1 Jan)"),
            ("critical_beta", self.critical_beta, "deg", "no eclipse above this |beta|"),
            ("min |beta|", float(np.min(np.abs(self.beta))), "deg", "over the year"),
            ("days_with_eclipse", self.days_with_eclipse, "d", "per year"),
            ("longest_eclipse", self.longest_eclipse / 60.0, "min", "single eclipse"),
            ("day_of_longest", self.day_of_longest_eclipse or 0.0, "d", "day of year"),
            ("max_eclipse_fraction", self.max_eclipse_fraction, "-", "of one orbit"),
            ("mean_eclipse_fraction", self.mean_eclipse_fraction, "-", "over the year"),
        ]
        lines = ["Eclipse season"]
        lines += [
            f"  {name:<22} {value:>10.4g} {unit:<4} {text}" for name, value, unit, text in rows
        ]
        return "\n".join(lines)


def _samples_per_day(value, name) -> int:
    samples = check_positive_int(value, name)
    if samples > _MAX_SAMPLES_PER_DAY:
        raise InputError(
            f"{name} = {samples} is outside the valid range [1, {_MAX_SAMPLES_PER_DAY}]"
        )
    return samples


@guarded(altitude=AltitudeRange(scalar=True),
         ltan=Range(0.0, 24.0, unit="h", scalar=True), samples_per_day=_samples_per_day,
         shadow=_SHADOW, year=_year,
         inclination=Range(0.0, 180.0, unit="deg", scalar=True, optional=True))
def eclipse_season(
    altitude,
    inclination=None,
    ltan=6.0,
    *,
    samples_per_day=4,
    shadow="cylindrical",
    year=_DEFAULT_YEAR,
):
    """Eclipses of a circular orbit through one year: how many days, how long at worst.

    Samples the beta angle (:func:`beta_angle`) ``samples_per_day`` times a day over the
    calendar year and evaluates :func:`eclipse_fraction` at each sample. A dawn-dusk
    sun-synchronous orbit is *not* eclipse-free all year in LEO: the orbit plane is tilted
    from the pole by (i - 90 deg) and the Sun's declination swings by +/-23.4 deg, so near
    one solstice abs(beta) falls below the critical beta (December for LTAN 06:00, June for
    LTAN 18:00: the orbit normal of a 06:00 orbit leans south, away from the June Sun).

    Parameters
    ----------
    altitude : float
        Orbit altitude [m], in [1e3, 1e8] (sun-synchronous: up to about 5,970 km).
    inclination : float, optional
        Orbit inclination [deg], in [0, 180]. ``None`` (default): the sun-synchronous
        inclination for ``altitude``, with the node's local time fixed all year. Otherwise
        the node regresses at the J2 rate from local time ``ltan`` on 1 January.
    ltan : float
        Local time of the ascending node [h], in [0, 24].
    samples_per_day : int
        Beta samples per day [1/d], in [1, 1440]; sets the resolution of
        ``days_with_eclipse``.
    shadow : {"cylindrical", "umbra", "penumbra"}
        Shadow model of :func:`eclipse_fraction`.
    year : int
        Calendar year [-], 1950 to 2100.

    Returns
    -------
    EclipseSeason
        ``days_with_eclipse`` [d], ``longest_eclipse`` [s], ``max_eclipse_fraction`` [-],
        ``mean_eclipse_fraction`` [-], and the beta and eclipse series.

    References
    ----------
    Vallado (2013), sections 5.3 and 9.6; Rickman, NASA TFAWS (2014).
    """
    days_in_year = (datetime.date(year + 1, 1, 1) - datetime.date(year, 1, 1)).days
    count = days_in_year * samples_per_day
    days = 1.0 + (np.arange(count) + 0.5) / samples_per_day
    if inclination is None:
        inclination = float(sun_synchronous_inclination(altitude))
        beta = np.asarray(beta_angle(days, inclination, ltan, year=year))
    else:
        beta = np.asarray(
            beta_angle(days, inclination, ltan, altitude=altitude, year=year)
        )
    fraction = np.asarray(eclipse_fraction(altitude, beta, shadow=shadow))
    worst = int(np.argmax(fraction))
    return EclipseSeason(
        altitude=altitude,
        inclination=inclination,
        ltan=ltan,
        critical_beta=float(critical_beta(altitude)),
        day_of_year=days,
        beta=beta,
        eclipse_fraction=fraction,
        days_with_eclipse=float(np.count_nonzero(fraction > 0.0)) / samples_per_day,
        longest_eclipse=float(fraction[worst] * period(altitude)),
        max_eclipse_fraction=float(fraction[worst]),
        mean_eclipse_fraction=float(np.mean(fraction)),
        day_of_longest_eclipse=float(days[worst]) if fraction[worst] > 0 else None,
    )
