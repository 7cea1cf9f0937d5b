"""Micrometeoroid and orbital-debris flux, a single-wall ballistic limit and armour sizing.

Fluxes are cumulative: impacts per m^2 of exposed surface per year by particles at least
``diameter`` across, on a randomly oriented surface (each face of a panel counts its own
area).

- Orbital debris: the NASA90 engineering model of Kessler et al. (Kessler 1991; adopted
  by NASA SSP 30425 Rev. B for ISS design), closed-form in size, altitude, inclination,
  year and solar activity::

      F = Phi(h, S) Psi(i) [H(d) F1(d) g1(t) + F2(d) g2(t)]
      F1 = 1.22e-5 d^-2.5,  F2 = 8.1e10 (d + 700)^-6          (d in cm)
      Phi = Phi1/(Phi1 + 1),  Phi1 = 10^(h/200 - S/140 - 1.5)  (h in km, S = F10.7)
      H = sqrt(10^exp(-((log10 d - 0.78)/0.637)^2))
      g1 = 1.02^(t - 1988) to 2011, then x 1.04 per year;  g2 = 1 + 0.05 (t - 1988)

  It predates the 2007 Fengyun-1C and 2009 Iridium-Cosmos fragments and the mega-
  constellations; ORDEM 3.x gives higher fluxes near 800 km and lower near 400 km
  (NASA ODPO). It is a published, reproducible closed form, which is why it is used
  here; swap in ORDEM tables for design work.
- Meteoroids: Grün et al. (1985) interplanetary flux at 1 AU, with Earth's gravitational
  focusing 1 + R/r and shielding (1 + cos theta)/2, sin theta = R/r (NASA TM-4527,
  Anderson & Smith 1994, s. 7).
- Ballistic limit: Cour-Palais / Christiansen thin-plate single-wall equation (NASA
  TM-2009-214785, s. 4.1): no perforation while the wall is at least 1.8 P_inf,
  P_inf = 5.24 d^(19/18) BH^-0.25 (rho_p/rho_t)^0.5 (V cos(angle)/C)^(2/3) [cm]. A
  honeycomb face sheet in front of a tube would act as a Whipple bumper and stop
  more; the single wall is the conservative case.
- Bumpered wall (optional): the Christiansen Whipple equation in its hypervelocity
  regime, V cos(angle) >= 7 km/s (NASA TM-2009-214785, s. 5),
  d_c = 3.918 t_w^(2/3) rho_p^(-1/3) rho_b^(-1/9) (V cos)^(-2/3) S^(1/3) (sigma/70)^(1/3)
  [cm, g/cm^3, km/s, ksi], valid while the bumper is at least c_b d rho_p/rho_b thick
  (c_b = 0.25, or 0.20 for S/d >= 30): larger particles are counted as penetrating. A
  honeycomb core between bumper and wall channels the debris cloud and does worse than
  this open Whipple (Ryan & Christiansen); the two bracket a honeycomb radiator.

The probability of no penetration over ``years`` on vulnerable area A is
PNP = exp(-F_pen A years) (Poisson).

References
----------
.. [1] D. J. Kessler, "Orbital debris environment for spacecraft in low Earth orbit",
   J. Spacecraft Rockets 28(3), 347-351 (1991); NASA SSP 30425 Rev. B (1994).
.. [2] E. Grün, H. A. Zook, H. Fechtig, R. H. Giese, "Collisional balance of the
   meteoritic complex", Icarus 62, 244-272 (1985), eq. A3.
.. [3] B. J. Anderson, R. E. Smith, "Natural orbital environment definition guidelines
   for use in aerospace vehicle development", NASA TM-4527 (1994), s. 7.
.. [4] E. L. Christiansen et al., "Handbook for designing MMOD protection", NASA
   TM-2009-214785 (2009), s. 4.1, single-wall ballistic limit equations.
"""

from __future__ import annotations

import numpy as np

from ._guard import guarded
from ._validation import Range, as_output, fraction, nonnegative, positive
from .constants import EARTH_RADIUS
from .errors import InputError

__all__ = [
    "collision_probability",
    "ALUMINIUM_6061",
    "armour_thickness",
    "armour_thicknesses",
    "critical_diameter",
    "whipple_critical_diameter",
    "debris_flux",
    "meteoroid_flux",
    "penetrating_flux",
    "probability_of_no_penetration",
]

SECONDS_PER_YEAR = 3.15576e7  # Julian year [s]

#: NASA90 inclination factor Psi(i) [-] at (deg): Kessler et al. (1989), NASA TM-100471,
#: as tabulated for NASA90 by SPENVIS; linear interpolation between.
_INCLINATIONS = np.array([0.0, 28.5, 50.0, 60.0, 70.0, 80.0, 90.0, 100.0, 180.0])
_PSI = np.array([0.91, 0.91, 1.0, 1.07, 1.2, 1.4, 1.6, 1.78, 1.78])

#: Target properties of aluminium 6061-T6 for the ballistic limit: Brinell hardness 95,
#: density 2713 kg/m^3, sound speed 5.1 km/s (Christiansen et al. 2009, s. 4.1).
ALUMINIUM_6061 = {"brinell_hardness": 95.0, "density": 2713.0, "sound_speed": 5100.0}

#: Mean impact speeds and densities of the two populations [m/s], [kg/m^3]: debris
#: 10 km/s and 2.8 g/cm^3 (SSP 30425; Kessler 1991), meteoroids 20 km/s and 1 g/cm^3
#: (Grün 1985 masses 1e-6 to 1e-2 g; TM-4527).
DEBRIS = {"speed": 10e3, "density": 2800.0}
METEOROIDS = {"speed": 20e3, "density": 1000.0}

_ALTITUDE = Range(100e3, 2000e3, unit="m")
_DIAMETER = Range(1e-8, 10.0, unit="m")


def _inclination_factor(inclination):
    return np.interp(np.abs(inclination), _INCLINATIONS, _PSI)


@guarded(diameter=_DIAMETER, altitude=_ALTITUDE, inclination=Range(0.0, 180.0, unit="deg"),
         year=Range(1988.0, 2100.0, unit="yr"), solar_flux=Range(60.0, 300.0, unit="sfu"))
def debris_flux(diameter, altitude, *, inclination=97.6, year=2026.0, solar_flux=110.0):
    """Orbital debris at least ``diameter`` across, NASA90 model [1/(m^2 yr)].

    Parameters
    ----------
    diameter : float or array_like
        Smallest debris diameter counted [m], in [10 nm, 10 m].
    altitude : float or array_like
        Circular orbit altitude [m], in [100 km, 2000 km].
    inclination : float, keyword-only
        Orbit inclination [deg], in [0, 180]; default 97.6 (sun-synchronous at 550 km).
    year : float, keyword-only
        Epoch [yr], in [1988, 2100].
    solar_flux : float, keyword-only
        13-month smoothed F10.7 of the previous year [sfu], in [60, 300]; 110 = a
        cycle average (low solar activity means less drag and more debris).

    Returns
    -------
    float or numpy.ndarray
        Cumulative flux [impacts m^-2 yr^-1].

    References
    ----------
    .. [1] Kessler (1991); SSP 30425 Rev. B.
    """
    d = np.asarray(diameter, dtype=float) * 100.0  # cm
    h = np.asarray(altitude, dtype=float) / 1e3  # km
    phi1 = 10.0 ** (h / 200.0 - solar_flux / 140.0 - 1.5)
    phi = phi1 / (phi1 + 1.0)
    h_factor = np.sqrt(10.0 ** np.exp(-((np.log10(d) - 0.78) / 0.637) ** 2))
    growth = 1.02 ** (min(year, 2011.0) - 1988.0) * 1.04 ** max(year - 2011.0, 0.0)
    fragments = 1.0 + 0.05 * (year - 1988.0)
    f1 = 1.22e-5 * d**-2.5
    f2 = 8.1e10 * (d + 700.0) ** -6
    return as_output(phi * _inclination_factor(inclination)
                     * (h_factor * f1 * growth + f2 * fragments))


@guarded(diameter=_DIAMETER, altitude=_ALTITUDE, density=positive("kg/m^3"))
def meteoroid_flux(diameter, altitude, *, density=METEOROIDS["density"]):
    """Meteoroids at least ``diameter`` across: Grün (1985) at 1 AU, focused and shielded
    by the Earth [1/(m^2 yr)].

    .. math:: F = G\\,\\eta\\,[(2.2\\times10^3 m^{0.306} + 15)^{-4.38}
              + 1.3\\times10^{-9}(m + 10^{11}m^2 + 10^{27}m^4)^{-0.36}
              + 1.3\\times10^{-16}(m + 10^6 m^2)^{-0.85}]

    with m in grams, G = 1 + R/r and eta = (1 + cos theta)/2, sin theta = R/r.

    Parameters
    ----------
    diameter : float or array_like
        Smallest meteoroid diameter counted [m].
    altitude : float or array_like
        Orbit altitude [m].
    density : float, keyword-only
        Meteoroid bulk density [kg m^-3] for the mass of a sphere (1000 default).

    Returns
    -------
    float or numpy.ndarray
        Cumulative flux [impacts m^-2 yr^-1].
    """
    grams = np.pi / 6.0 * np.asarray(diameter, dtype=float) ** 3 * density * 1e3
    m = grams
    flux = ((2.2e3 * m**0.306 + 15.0) ** -4.38
            + 1.3e-9 * (m + 1e11 * m**2 + 1e27 * m**4) ** -0.36
            + 1.3e-16 * (m + 1e6 * m**2) ** -0.85)
    ratio = EARTH_RADIUS / (EARTH_RADIUS + np.asarray(altitude, dtype=float))
    focusing = 1.0 + ratio
    shielding = 0.5 * (1.0 + np.sqrt(1.0 - ratio**2))
    return as_output(flux * focusing * shielding * SECONDS_PER_YEAR)


@guarded(altitude=_ALTITUDE, diameter=_DIAMETER)
def penetrating_flux(altitude, diameter, *, inclination=97.6, year=2026.0, solar_flux=110.0):
    """Debris plus meteoroids at least ``diameter`` across [1/(m^2 yr)].

    The flux that penetrates a wall whose critical particle diameter is ``diameter``
    for both populations; :func:`armour_thickness` uses each population's own critical
    diameter instead. For collision probability, pass the smallest lethal size.

    Parameters
    ----------
    altitude : float or array_like
        Orbit altitude [m], in [100 km, 2000 km].
    diameter : float or array_like
        Smallest particle diameter counted [m].
    inclination, year, solar_flux : float, keyword-only
        As in :func:`debris_flux`.

    Returns
    -------
    float or numpy.ndarray
        Cumulative flux [impacts m^-2 yr^-1].
    """
    return as_output(
        np.asarray(debris_flux(diameter, altitude, inclination=inclination, year=year,
                               solar_flux=solar_flux))
        + np.asarray(meteoroid_flux(diameter, altitude))
    )


@guarded(thickness=positive("m"), speed=positive("m/s"), particle_density=positive("kg/m^3"),
         impact_angle=Range(0.0, 90.0, high_open=True, unit="deg"))
def critical_diameter(thickness, speed, particle_density, *, impact_angle=45.0,
                      target=None):
    """Largest particle a single aluminium wall stops, thin-plate ballistic limit [m].

    .. math:: d_c = \\left[\\frac{t}{1.8 \\cdot 5.24\\,BH^{-1/4}(\\rho_p/\\rho_t)^{1/2}
              (V\\cos\\theta / C)^{2/3}}\\right]^{18/19}   \\quad (cm, g/cm^3, km/s)

    Parameters
    ----------
    thickness : float or array_like
        Wall thickness [m], > 0.
    speed : float or array_like
        Impact speed [m/s], > 0.
    particle_density : float or array_like
        Projectile density [kg m^-3], > 0.
    impact_angle : float, keyword-only
        Angle from the wall normal [deg], in [0, 90); 45 deg is the most probable angle on
        a randomly oriented surface (Christiansen et al. 2009).
    target : dict or None, keyword-only
        ``brinell_hardness`` [-], ``density`` [kg/m^3], ``sound_speed`` [m/s];
        ``None`` = :data:`ALUMINIUM_6061`.

    Returns
    -------
    float or numpy.ndarray
        Critical diameter [m].

    References
    ----------
    .. [1] Christiansen et al. (2009), NASA TM-2009-214785, eqs. 4-1 and 4-2.
    """
    wall = ALUMINIUM_6061 if target is None else target
    normal = speed * np.cos(np.radians(impact_angle)) / wall["sound_speed"]
    per_diameter = (1.8 * 5.24 * wall["brinell_hardness"] ** -0.25
                    * np.sqrt(particle_density / wall["density"]) * normal ** (2.0 / 3.0))
    return as_output((thickness * 100.0 / per_diameter) ** (18.0 / 19.0) / 100.0)


#: Yield stress of the 6061-T6 rear wall for the Whipple equation [ksi] (276 MPa).
ALUMINIUM_6061_YIELD_KSI = 40.0
#: Normal impact speed above which the Whipple equation's hypervelocity form holds [m/s].
WHIPPLE_HYPERVELOCITY = 7e3


@guarded(wall_thickness=positive("m"), bumper_thickness=positive("m"), standoff=positive("m"),
         speed=positive("m/s"), particle_density=positive("kg/m^3"),
         impact_angle=Range(0.0, 90.0, high_open=True, unit="deg"))
def whipple_critical_diameter(wall_thickness, bumper_thickness, standoff, speed,
                              particle_density, *, impact_angle=45.0):
    """Largest particle a bumpered aluminium wall stops, Whipple equation [m].

    .. math:: d_c = \\max\\left[\\min\\left(3.918\\,t_w^{2/3}\\rho_p^{-1/3}\\rho_b^{-1/9}
              (V\\cos\\theta)^{-2/3} S^{1/3} (\\sigma/70)^{1/3},\\;
              \\frac{t_b\\,\\rho_b}{c_b\\,\\rho_p}\\right),\\; d_{c,single}(t_w)\\right]

    in cm, g/cm^3, km/s and ksi, aluminium 6061-T6 bumper and wall (module docstring);
    the second term is the largest particle the bumper still breaks up, and a wall behind
    a bumper is never worse than the same wall alone (:func:`critical_diameter`).

    Parameters
    ----------
    wall_thickness : float
        Rear wall (tube wall plus armour) thickness [m], > 0.
    bumper_thickness : float
        Bumper (face sheet) thickness [m], > 0.
    standoff : float
        Bumper-to-wall spacing [m], > 0.
    speed : float
        Impact speed [m/s]; V cos(angle) must be at least 7 km/s.
    particle_density : float
        Projectile density [kg m^-3], > 0.
    impact_angle : float, keyword-only
        Angle from the wall normal [deg], in [0, 90).

    Returns
    -------
    float or numpy.ndarray
        Critical diameter [m].

    References
    ----------
    .. [1] Christiansen et al. (2009), NASA TM-2009-214785, s. 5 (Whipple shield).
    """
    normal = speed * np.cos(np.radians(impact_angle))
    if np.any(normal < WHIPPLE_HYPERVELOCITY):
        raise InputError(
            f"speed x cos(impact_angle) = {float(np.min(normal)):.6g} m/s is outside the valid "
            f"range [{WHIPPLE_HYPERVELOCITY:g}, inf) m/s of the Whipple equation's "
            "hypervelocity form"
        )
    rho_p = particle_density / 1e3
    rho_b = ALUMINIUM_6061["density"] / 1e3
    whipple = (3.918 * (wall_thickness * 100.0) ** (2.0 / 3.0) * rho_p ** (-1.0 / 3.0)
               * rho_b ** (-1.0 / 9.0) * (normal / 1e3) ** (-2.0 / 3.0)
               * (standoff * 100.0) ** (1.0 / 3.0)
               * (ALUMINIUM_6061_YIELD_KSI / 70.0) ** (1.0 / 3.0)) / 100.0
    # c_b = 0.25, or 0.20 for a wide spacing S/d >= 30 (d the Whipple critical diameter)
    c_b = np.where(standoff >= 30.0 * whipple, 0.20, 0.25)
    bumper_limit = bumper_thickness * rho_b / (c_b * rho_p)
    # beyond what the bumper breaks up, the wall is still at least a single wall
    alone = critical_diameter(wall_thickness, speed, particle_density,
                              impact_angle=impact_angle)
    return as_output(np.maximum(np.minimum(whipple, bumper_limit), alone))


def _critical(thickness, population, shield):
    if shield is None:
        return critical_diameter(thickness, population["speed"], population["density"])
    return whipple_critical_diameter(thickness, shield["bumper_thickness"], shield["standoff"],
                                     population["speed"], population["density"])


def _penetrations_per_area_year(thickness, altitude, orbit, shield=None):
    debris_d = _critical(thickness, DEBRIS, shield)
    meteoroid_d = _critical(thickness, METEOROIDS, shield)
    return (np.asarray(debris_flux(debris_d, altitude, **orbit), dtype=float)
            + np.asarray(meteoroid_flux(meteoroid_d, altitude), dtype=float))


@guarded(thickness=positive("m"), area=nonnegative("m^2"), years=nonnegative("yr"),
         altitude=_ALTITUDE)
def probability_of_no_penetration(thickness, area, years, altitude, **orbit):
    """Poisson probability that no particle perforates the wall, exp(-F A t) [-].

    Parameters
    ----------
    thickness : float
        Aluminium wall thickness [m], > 0.
    area : float
        Vulnerable exposed area [m^2], >= 0.
    years : float
        Exposure [yr], >= 0.
    altitude : float
        Orbit altitude [m].
    **orbit
        ``inclination``, ``year``, ``solar_flux`` of :func:`debris_flux`.

    Returns
    -------
    float
        Probability of no penetration [-].
    """
    return float(np.exp(-float(_penetrations_per_area_year(thickness, altitude, orbit))
                        * area * years))


#: Debris at least this big destroys a satellite it hits (trackable, ~10 cm: the
#: catalogued population conjunction screening watches; NASA-STD-8719.14 uses 1 cm for
#: "can disable", 10 cm for "catastrophic").
CATASTROPHIC_DIAMETER = 0.10
DISABLING_DIAMETER = 0.01


@guarded(area=nonnegative("m^2"), altitude=_ALTITUDE, years=positive("yr"),
         diameter=_DIAMETER)
def collision_probability(area, altitude, years=1.0, *, diameter=CATASTROPHIC_DIAMETER,
                          **orbit):
    """Probability of at least one debris impact by ``diameter`` or larger, 1 - exp(-F A t).

    Poisson arrivals at the NASA90 cumulative flux (:func:`debris_flux`, tumbling or
    randomly oriented surface) on the satellite's exposed area. For a thin panel edge-on
    to the debris stream the exposed area is small; for one face-on it is its planform:
    pass the area that faces the flux (each face counts).

    Parameters
    ----------
    area : float
        Exposed area [m^2], >= 0.
    altitude : float
        Circular orbit altitude [m], in [100 km, 2000 km].
    years : float
        Exposure [yr], > 0; 1 gives the probability per satellite-year.
    diameter : float, keyword-only
        Smallest lethal debris [m]: :data:`CATASTROPHIC_DIAMETER` (10 cm, breaks the
        satellite up) or :data:`DISABLING_DIAMETER` (1 cm, ends the mission).
    **orbit
        ``inclination`` [deg], ``year`` [yr], ``solar_flux`` [sfu] of :func:`debris_flux`.

    Returns
    -------
    float
        Probability [-].

    Notes
    -----
    NASA90 predates the 2007 and 2009 fragmentations and the mega-constellations; the
    module docstring says where ORDEM 3.x differs. Meteoroids are left out: above 1 cm
    their flux is two orders below the debris flux in LEO.
    """
    flux = float(debris_flux(diameter, altitude, **orbit))
    return float(-np.expm1(-flux * area * years))


@guarded(probability=fraction(high_open=True), area=positive("m^2"), years=positive("yr"),
         altitude=_ALTITUDE)
def armour_thickness(probability, area, years, altitude, *, shield=None, **orbit):
    """Aluminium wall that gives ``probability`` of no penetration over ``years`` [m].

    Solves exp(-F_pen(t) A years) = probability for t, with F_pen the debris flux
    above the debris critical diameter plus the meteoroid flux above the meteoroid
    critical diameter (:func:`critical_diameter`).

    Parameters
    ----------
    probability : float
        Required probability of no penetration [-], in (0, 1) (ISS PVR: 0.95 over 10 yr).
    area : float
        Vulnerable area: the tubes' exposed surface, both faces [m^2], > 0.
    years : float
        Exposure [yr], > 0.
    altitude : float
        Orbit altitude [m], in [100 km, 2000 km].
    shield : dict or None, keyword-only
        ``None``: a single wall (:func:`critical_diameter`); ``{"bumper_thickness": m,
        "standoff": m}``: a bumpered wall (:func:`whipple_critical_diameter`).
    **orbit
        ``inclination`` [deg], ``year`` [yr], ``solar_flux`` [sfu] of :func:`debris_flux`.

    Returns
    -------
    float
        Wall thickness [m].

    Raises
    ------
    InputError
        For a probability outside (0, 1), or one that needs more than 10 cm of wall.
    """
    shield = shield or {}
    thickness, too_thick = armour_thicknesses(
        probability, area, years, altitude, bumper_thickness=shield.get("bumper_thickness"),
        standoff=shield.get("standoff"), **orbit)
    if too_thick[0]:
        raise InputError(
            f"probability = {probability:g} of no penetration on area = {area:g} m^2 over "
            f"{years:g} yr needs more than 10 cm of aluminium: lower the probability or the "
            "vulnerable area"
        )
    return float(thickness[0])


#: Range of wall thickness :func:`armour_thickness` searches [m].
ARMOUR_RANGE = (1e-5, 0.1)


def armour_thicknesses(probability, area, years, altitude, *, bumper_thickness=None,
                       standoff=None, inclination=97.6, year=2026.0, solar_flux=110.0):
    """:func:`armour_thickness` of many walls at once: arrays in, arrays out [m].

    Every input but ``year`` (one epoch for the batch) broadcasts to one 1-D batch;
    ``bumper_thickness`` and ``standoff`` [m] are ``None`` (single walls) or arrays with
    NaN where a wall has no bumper. The root of log(F_pen(t) / F_allowed) = 0 in log t
    on [10 um, 10 cm] by the Illinois (modified regula falsi) method, each element on its
    own bracket and stopping on its own test, so an element's result does not depend on
    its batch-mates; it converges to ~1e-15 in log t (forward differences of 1e-6 steps
    see a smooth function). A wall that 10 um already protects gets 10 um. Inputs are
    not checked here (:func:`armour_thickness` checks its scalars).

    Returns
    -------
    (numpy.ndarray, numpy.ndarray)
        Wall thickness [m] (10 cm where too thick), and True where more than 10 cm of
        aluminium would be needed (the caller raises, naming the element).
    """
    probability, area, years, altitude, inclination, solar_flux, bumper, gap = (
        np.array(a, dtype=float) for a in np.broadcast_arrays(
            *(np.atleast_1d(np.asarray(np.nan if v is None else v, dtype=float)).ravel()
              for v in (probability, area, years, altitude, inclination, solar_flux,
                        bumper_thickness, standoff))))
    allowed = -np.log(probability) / (area * years)
    bumpered = np.isfinite(gap)

    def excess(log_thickness, rows):
        flux = np.empty(rows.size)
        for shielded in (False, True):
            part = bumpered[rows] == shielded
            if not part.any():
                continue
            sub = rows[part]
            shield = ({"bumper_thickness": bumper[sub], "standoff": gap[sub]} if shielded
                      else None)
            flux[part] = _penetrations_per_area_year(
                np.exp(log_thickness[part]), altitude[sub],
                {"inclination": inclination[sub], "year": year,
                 "solar_flux": solar_flux[sub]}, shield)
        return np.log(flux / allowed[rows])

    everyone = np.arange(allowed.size)
    low = np.full(allowed.size, np.log(ARMOUR_RANGE[0]))
    high = np.full(allowed.size, np.log(ARMOUR_RANGE[1]))
    f_low, f_high = excess(low, everyone), excess(high, everyone)
    root = np.where(f_low < 0.0, low, high)
    solve = everyone[(f_low >= 0.0) & (f_high <= 0.0)]
    root[solve] = _illinois(excess, low[solve], f_low[solve], high[solve], f_high[solve],
                            solve)
    return np.exp(root), f_high > 0.0


def _illinois(function, a, fa, b, fb, rows, tolerance=1e-15, iterations=200):
    """Roots of ``function(x, rows)`` bracketed by [a, b] (f(a) and f(b) of opposite
    signs or zero), one per row, by the Illinois method; each row stops on its own test
    (its bracket below ``tolerance`` times max(1, |x|), or an exact zero)."""
    a, fa, b, fb = (np.array(v, dtype=float) for v in (a, fa, b, fb))
    active = np.flatnonzero((fa != 0.0) & (fb != 0.0))
    b[fa == 0.0] = a[fa == 0.0]
    for _ in range(iterations):
        if active.size == 0:
            break
        i = active
        span = fb[i] - fa[i]
        c = np.where(span != 0.0, b[i] - fb[i] * (b[i] - a[i]) / np.where(span != 0.0, span,
                                                                         1.0),
                     0.5 * (a[i] + b[i]))
        fc = function(c, rows[i])
        crossed = fc * fb[i] < 0.0
        a[i] = np.where(crossed, b[i], a[i])
        fa[i] = np.where(crossed, fb[i], 0.5 * fa[i])
        b[i], fb[i] = c, fc
        done = (fc == 0.0) | (np.abs(b[i] - a[i]) <= tolerance * np.maximum(1.0, np.abs(c)))
        active = i[~done]
    return b
