"""Absorbed environmental flux on a spacecraft surface: direct Sun, Earth albedo, Earth IR.

Kirchhoff's law at each wavelength band: a surface absorbs sunlight and albedo (both solar
spectrum, 0.3-3 um) with its *solar absorptivity* alpha and the Earth's infrared emission
(4-50 um) with its *infrared emissivity* epsilon. A published radiator estimate (Starcloud
white paper v1.03, 2024, p. 9) absorbs Earth IR with alpha instead; for a white radiator
(alpha 0.09, epsilon 0.92) that understates the absorbed Earth IR tenfold (case R-5).

Errors: every public function raises :class:`~thermaldesign.errors.InputError` naming the
parameter for a value of the wrong type, not finite or out of range, for array arguments
whose shapes do not broadcast, and for values each valid on its own whose result would
leave the float range (e.g. a temperature of 1e300 K); see :mod:`thermaldesign._guard`.

References
----------
.. [1] D. G. Gilmore (ed.), *Spacecraft Thermal Control Handbook*, Vol. I, 2nd ed., Aerospace
   Press (2002), chapter 2 (environment) and Table 2.2 (solar flux 1322-1414 W/m^2).
.. [2] S. L. Rickman, "Introduction to On-Orbit Thermal Environments", NASA TFAWS (2014).
.. [3] B. J. Anderson, C. G. Justus, G. W. Batts, "Guidelines for the Selection of Near-Earth
   Thermal Environment Parameters for Spacecraft Design", NASA/TM-2001-211221 (2001).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from . import constants, orbit
from ._guard import guarded
from ._validation import Range, as_output, check_choice, check_positive_int, check_scalar, one_of
from .errors import InputError

__all__ = [
    "ALBEDO_MODELS",
    "DESIGN_CASES",
    "ORIENTATIONS",
    "DesignCase",
    "OrbitFlux",
    "absorbed_flux",
    "design_case",
    "orbit_average_flux",
    "orbit_flux",
]

#: Face orientations understood by :func:`orbit_flux`.
ORIENTATIONS = (
    "sun-pointing",
    "anti-sun",
    "nadir",
    "zenith",
    "edge-on",
    "edge-on-nadir",
    "edge-on-zenith",
)


@dataclass(frozen=True)
class DesignCase:
    """Environment of one thermal design case.

    Attributes
    ----------
    name : str
        "hot", "cold" or "nominal".
    solar_flux : float
        Direct solar flux [W/m^2].
    albedo : float
        Earth albedo (reflected fraction of sunlight) [-].
    earth_ir : float
        Earth outgoing long-wave radiation at the top of the atmosphere [W/m^2].
    source : str
        Where the numbers come from.
    """

    name: str
    solar_flux: float
    albedo: float
    earth_ir: float
    source: str

    def to_dict(self) -> dict:
        """The case as a plain dict (SI units)."""
        return {
            "name": self.name,
            "solar_flux": self.solar_flux,
            "albedo": self.albedo,
            "earth_ir": self.earth_ir,
            "source": self.source,
        }


_GILMORE = (
    "Gilmore, Spacecraft Thermal Control Handbook Vol. I, 2nd ed. (2002): solar flux "
    "Table 2.2; albedo and OLR extremes for long (orbit-average) time constants, "
    "Tables 2.4-2.6"
)

#: The design cases of :func:`design_case`, name -> :class:`DesignCase`.
DESIGN_CASES = {
    "hot": DesignCase(
        "hot",
        constants.SOLAR_FLUX_HOT,
        constants.EARTH_ALBEDO_HOT,
        constants.EARTH_IR_HOT,
        _GILMORE + ". The solar value is the older 1367 W/m^2 mean at perihelion (today's "
        "1361 W/m^2 gives 1407.7). High albedo and high OLR are taken together, which is "
        "conservative (they are anti-correlated in ERBE data).",
    ),
    "cold": DesignCase(
        "cold",
        constants.SOLAR_FLUX_COLD,
        constants.EARTH_ALBEDO_COLD,
        constants.EARTH_IR_COLD,
        _GILMORE + ". The solar value is the older 1367 W/m^2 mean at aphelion (today's "
        "1361 W/m^2 gives 1316.6, 0.4 % colder). Low albedo with low OLR.",
    ),
    "nominal": DesignCase(
        "nominal",
        constants.SOLAR_CONSTANT,
        constants.EARTH_ALBEDO,
        constants.EARTH_IR,
        "Solar: IAU 2015 Resolution B3 (1361 W/m^2). Albedo 0.30 and OLR 237 W/m^2: "
        "Gilmore (2002) ch. 2 annual global means (CERES EBAF: 0.29, 240 W/m^2).",
    ),
}


def design_case(name) -> DesignCase:
    """Solar flux, albedo and Earth IR of a thermal design case.

    =============  ==========  ======  ==========
    case           solar       albedo  Earth IR
    =============  ==========  ======  ==========
    ``"hot"``      1414 W/m^2  0.35    261 W/m^2
    ``"cold"``     1322 W/m^2  0.18    218 W/m^2
    ``"nominal"``  1361 W/m^2  0.30    237 W/m^2
    =============  ==========  ======  ==========

    The albedo and OLR extremes are orbit-average values, right for radiators and structure
    whose thermal time constant is an orbit or longer; parts that respond within minutes
    see wider swings (Gilmore Tables 2.4-2.6, 16-s to 30-min columns).

    Parameters
    ----------
    name : {"hot", "cold", "nominal"}
        Design case.

    Returns
    -------
    DesignCase
        ``solar_flux`` [W/m^2], ``albedo`` [-], ``earth_ir`` [W/m^2] and ``source``.

    References
    ----------
    Gilmore (2002), Tables 2.2 and 2.4-2.6; NASA/TM-2001-211221.
    """
    return DESIGN_CASES[check_choice(name, "name", tuple(DESIGN_CASES))]


# Ranges shared by the functions below.
_UNIT_INTERVAL = Range(0.0, 1.0)
_EARTH_IR = Range(0.0, 500.0, unit="W/m^2")
_SOLAR_FLUX = Range(0.0, 1e5, unit="W/m^2")


@guarded(absorptivity=_UNIT_INTERVAL, emissivity=_UNIT_INTERVAL, solar_cosine=_UNIT_INTERVAL,
         earth_view_factor=_UNIT_INTERVAL, albedo=_UNIT_INTERVAL, albedo_cosine=_UNIT_INTERVAL,
         earth_ir=_EARTH_IR, solar_flux=_SOLAR_FLUX)
def absorbed_flux(
    absorptivity,
    emissivity,
    *,
    solar_cosine=0.0,
    earth_view_factor=0.0,
    albedo=constants.EARTH_ALBEDO,
    albedo_cosine=1.0,
    earth_ir=constants.EARTH_IR,
    solar_flux=constants.SOLAR_CONSTANT,
):
    """Environmental flux absorbed by one face of a surface, per m^2 of that face.

    .. math:: q = \\alpha S \\cos\\theta_s + \\alpha\\, a\\, S \\cos\\theta_a\\, F_E
              + \\varepsilon\\, q_{IR} F_E

    Sunlight and albedo (solar spectrum) are absorbed with the solar absorptivity
    :math:`\\alpha`; Earth infrared with the infrared emissivity :math:`\\varepsilon`
    (Kirchhoff's law, band by band). Using :math:`\\alpha` for the Earth IR term, as the
    Starcloud white paper v1.03 (2024) does, is wrong (case R-5).

    The albedo term is the usual engineering approximation: the whole visible Earth disc is
    taken as lit like the sub-satellite point (``albedo_cosine`` = cosine of the solar
    zenith angle there), which misses the lit crescent near the terminator.

    Parameters
    ----------
    absorptivity : float or array_like
        Solar absorptivity of the face [-], in [0, 1].
    emissivity : float or array_like
        Infrared emissivity of the face [-], in [0, 1].
    solar_cosine : float or array_like
        Cosine of the angle between the face normal and the Sun [-], in [0, 1]; pass 0 in
        eclipse or when the Sun is behind the face (negative cosines are refused, not
        clipped).
    earth_view_factor : float or array_like
        View factor from the face to the Earth [-], in [0, 1]
        (:func:`thermaldesign.orbit.earth_view_factor`).
    albedo : float or array_like
        Earth albedo [-], in [0, 1].
    albedo_cosine : float or array_like
        Cosine of the solar zenith angle at the sub-satellite point [-], in [0, 1].
    earth_ir : float or array_like
        Earth outgoing long-wave radiation [W/m^2], in [0, 500].
    solar_flux : float or array_like
        Direct solar flux [W/m^2], in [0, 1e5].

    Returns
    -------
    float or numpy.ndarray
        Absorbed flux [W/m^2 of face].

    References
    ----------
    Gilmore (2002), eqs. 2.3-2.5; Rickman, NASA TFAWS (2014).
    """
    view = earth_view_factor
    return as_output(
        absorptivity * solar_flux * (solar_cosine + albedo * albedo_cosine * view)
        + emissivity * earth_ir * view
    )


# ------------------------------------------------------------------------- along an orbit


@dataclass(frozen=True, eq=False)
class OrbitFlux:
    """Absorbed flux on one face through one circular orbit (see :func:`orbit_flux`).

    Arrays have the broadcast shape of the inputs plus a last axis of ``samples``.

    Attributes
    ----------
    orientation : str
        Face orientation.
    times : numpy.ndarray
        Sample times from orbit noon (the point nearest the Sun) [s].
    orbit_angle : numpy.ndarray
        Orbit angle from orbit noon [deg].
    sunlit : numpy.ndarray
        Sunlit fraction of each sample interval [-] (1 in sunlight, 0 in eclipse, between
        at the shadow edges, so that averages are exact for the shadow step).
    earth_view_factor : numpy.ndarray
        View factor from the face to the Earth [-].
    solar, albedo, earth_ir, total : numpy.ndarray
        Absorbed flux from the Sun, Earth albedo, Earth IR and their sum [W/m^2].
    """

    orientation: str
    times: np.ndarray = field(repr=False)
    orbit_angle: np.ndarray = field(repr=False)
    sunlit: np.ndarray = field(repr=False)
    earth_view_factor: np.ndarray = field(repr=False)
    solar: np.ndarray = field(repr=False)
    albedo: np.ndarray = field(repr=False)
    earth_ir: np.ndarray = field(repr=False)
    total: np.ndarray = field(repr=False)

    def average(self, component: str = "total"):
        """Orbit average of ``component`` ("solar", "albedo", "earth_ir", "total") [W/m^2]."""
        component = check_choice(
            component, "component", ("solar", "albedo", "earth_ir", "total")
        )
        return as_output(np.mean(getattr(self, component), axis=-1))

    def __str__(self) -> str:
        lines = [f"Absorbed flux through one orbit, {self.orientation} face"]
        for name, text in (("solar", "direct Sun"), ("albedo", "Earth albedo"),
                           ("earth_ir", "Earth infrared"), ("total", "sum")):
            average = np.mean(getattr(self, name))
            peak = np.max(getattr(self, name))
            lines.append(f"  {name:<9} mean {average:9.2f} W/m^2   peak {peak:9.2f} W/m^2"
                         f"   {text}")
        return "\n".join(lines)

    def to_dict(self) -> dict:
        """Time series as lists and the orbit averages [SI]."""
        out = {"orientation": self.orientation}
        for name in ("times", "orbit_angle", "sunlit", "earth_view_factor", "solar",
                     "albedo", "earth_ir", "total"):
            out[name] = getattr(self, name).tolist()
        for name in ("solar", "albedo", "earth_ir", "total"):
            average = self.average(name)
            out[f"average_{name}"] = average if np.ndim(average) == 0 else average.tolist()
        return out


def _resolve_environment(case, albedo, earth_ir, solar_flux):
    if isinstance(case, DesignCase):
        chosen = case
    else:
        chosen = DESIGN_CASES[check_choice(case, "case", tuple(DESIGN_CASES))]
    albedo = chosen.albedo if albedo is None else albedo
    earth_ir = chosen.earth_ir if earth_ir is None else earth_ir
    solar_flux = chosen.solar_flux if solar_flux is None else solar_flux
    return (
        _UNIT_INTERVAL(albedo, "albedo"),
        _EARTH_IR(earth_ir, "earth_ir"),
        _SOLAR_FLUX(solar_flux, "solar_flux"),
    )


# A sample every 0.06 s of a low orbit; finer sampling only costs memory.
_MAX_SAMPLES = 100_000


def _samples(samples, name="samples") -> int:
    samples = check_positive_int(samples, name, minimum=8)
    if samples > _MAX_SAMPLES:
        raise InputError(f"{name} = {samples} is outside the valid range [8, {_MAX_SAMPLES}]")
    return samples


def _sunlit_fraction(angle: np.ndarray, step: float, half_eclipse: np.ndarray) -> np.ndarray:
    """Sunlit share of each interval [angle - step/2, angle + step/2] (angle from noon).

    The shadow is the arc [pi - half_eclipse, pi + half_eclipse].
    """
    low = np.maximum(angle - step / 2, np.pi - half_eclipse)
    high = np.minimum(angle + step / 2, np.pi + half_eclipse)
    lit = 1.0 - np.clip((high - low) / step, 0.0, 1.0)
    # Snap rounding residue (1e-16) so that fully dark samples are exactly dark.
    return np.where(lit < 1e-9, 0.0, np.where(lit > 1.0 - 1e-9, 1.0, lit))


#: Albedo models of :func:`orbit_flux`.
ALBEDO_MODELS = ("subsatellite", "lambertian")


# The orbit and face arguments of orbit_flux and orbit_average_flux (the environment,
# which may come from a design case, is resolved by _resolve_environment).
_ORBIT = dict(
    altitude=orbit.AltitudeRange(),
    beta=Range(-90.0, 90.0, unit="deg"),
    absorptivity=_UNIT_INTERVAL,
    emissivity=_UNIT_INTERVAL,
    orientation=one_of(*ORIENTATIONS),
    samples=_samples,
    shadow=one_of(*orbit.SHADOW_MODELS),
    albedo_model=one_of(*ALBEDO_MODELS),
)

# Quadrature over the visible Earth cap for the Lambertian albedo model: midpoint rule in
# the angle from nadir (gamma) and the azimuth (psi) about nadir.
_CAP_POLAR, _CAP_AZIMUTH = 24, 48


def _face_normal(orientation, beta_rad, angle):
    """Unit face normal in the orbit frame (x: Sun projected on the plane, z: orbit normal).

    Returns components (nx, ny, nz), each of shape broadcast(beta, angle).
    """
    cb, sb = np.cos(beta_rad), np.sin(beta_rad)
    cu, su = np.cos(angle), np.sin(angle)
    zeros = np.zeros(np.broadcast_shapes(np.shape(cb), np.shape(cu)))
    sun = (cb + zeros, zeros, sb + zeros)
    position = (cu + zeros, su + zeros, zeros)
    if orientation == "sun-pointing":
        return sun
    if orientation == "anti-sun":
        return tuple(-c for c in sun)
    if orientation == "nadir":
        return tuple(-c for c in position)
    if orientation == "zenith":
        return position
    dot = cb * cu + zeros  # r_hat . s_hat
    if orientation == "edge-on":  # s_hat x r_hat; the orbit normal where they are parallel
        cross = (-sb * su + zeros, sb * cu + zeros, cb * su + zeros)
        norm = np.sqrt(cross[0] ** 2 + cross[1] ** 2 + cross[2] ** 2)
        degenerate = norm < 1e-12
        safe = np.where(degenerate, 1.0, norm)
        return (np.where(degenerate, 0.0, cross[0] / safe),
                np.where(degenerate, 0.0, cross[1] / safe),
                np.where(degenerate, 1.0, cross[2] / safe))
    # edge-on-nadir / -zenith: -/+ (r_hat - (r_hat . s_hat) s_hat), normalised; where r_hat is
    # on the Sun line take the along-track direction (any normal then sees the Earth edge-on).
    sign = -1.0 if orientation == "edge-on-nadir" else 1.0
    vector = tuple(sign * (p - dot * q) for p, q in zip(position, sun, strict=True))
    norm = np.sqrt(vector[0] ** 2 + vector[1] ** 2 + vector[2] ** 2)
    degenerate = norm < 1e-12
    safe = np.where(degenerate, 1.0, norm)
    along_track = (-su + zeros, cu + zeros, zeros)
    return tuple(np.where(degenerate, t, v / safe)
                 for v, t in zip(vector, along_track, strict=True))


def _lambertian_albedo_factor(altitude, beta, angle, orientation):
    """(1/pi) * integral over the visible cap of max(0, cos zeta) max(0, n.d) d(solid angle).

    zeta is the solar zenith angle at the Earth point hit by direction d; times a S this is
    the albedo irradiance on the face from a Lambertian Earth of uniform albedo a.
    Shapes: altitude and beta carry a trailing axis for ``angle`` (the samples).
    """
    radius = constants.EARTH_RADIUS
    distance = radius + altitude  # satellite's distance from the Earth's centre
    beta_rad = np.radians(beta)
    normal = _face_normal(orientation, beta_rad, angle)
    cap = np.arcsin(radius / distance)
    step_polar = cap / _CAP_POLAR
    step_azimuth = 2.0 * np.pi / _CAP_AZIMUTH
    gamma = (np.arange(_CAP_POLAR) + 0.5)[:, None] * step_polar[..., None, None]
    psi = ((np.arange(_CAP_AZIMUTH) + 0.5) * step_azimuth)[None, :]
    grid = (..., np.newaxis, np.newaxis)
    cu, su = np.cos(angle)[grid], np.sin(angle)[grid]
    cb, sb = np.cos(beta_rad)[grid], np.sin(beta_rad)[grid]
    # Direction d = cos(gamma) (-r_hat) + sin(gamma) (cos(psi) t_hat + sin(psi) z_hat),
    # t_hat = (-sin u, cos u, 0) along track, z_hat the orbit normal.
    cg, sg = np.cos(gamma), np.sin(gamma)
    cp, sp = np.cos(psi), np.sin(psi)
    dx = -cg * cu - sg * cp * su
    dy = -cg * su + sg * cp * cu
    dz = sg * sp
    # Range to the Earth's surface along d, then the local vertical m = P / R there.
    rng = distance[grid] * cg - np.sqrt(
        np.clip(radius**2 - (distance[grid] * sg) ** 2, 0.0, None)
    )
    # (the y component is not needed: the Sun has none in this frame)
    mx = (distance[grid] * cu + rng * dx) / radius
    mz = (rng * dz) / radius
    cos_zenith = np.maximum(mx * cb + mz * sb, 0.0)  # m . s_hat, s_hat = (cos b, 0, sin b)
    cos_face = np.maximum(normal[0][grid] * dx + normal[1][grid] * dy + normal[2][grid] * dz,
                          0.0)
    weight = sg * step_polar[..., None, None] * step_azimuth
    return np.sum(cos_zenith * cos_face * weight, axis=(-2, -1)) / np.pi


def _orbit_components(altitude, beta, absorptivity, emissivity, orientation, samples, case,
                      albedo, earth_ir, solar_flux, shadow, albedo_model="subsatellite"):
    """Inputs checked by the _ORBIT table -> (times, angle, sunlit, view factor, solar,
    albedo, IR) arrays."""
    albedo, earth_ir, solar_flux = _resolve_environment(case, albedo, earth_ir, solar_flux)

    step = 2.0 * np.pi / samples
    angle = (np.arange(samples) + 0.5) * step  # midpoints: the mean is the midpoint rule
    expand = (...,) + (np.newaxis,)
    cos_beta = np.cos(np.radians(beta))[expand]
    # Sun elevation seen from the satellite's position: r_hat . s_hat = cos(beta) cos(u).
    position_sun = cos_beta * np.cos(angle)
    half_eclipse = orbit._eclipse_half_angle(altitude, beta, shadow)[expand]
    sunlit = _sunlit_fraction(angle, step, half_eclipse)

    if orientation == "sun-pointing":
        solar_cosine = np.ones_like(position_sun)
        nadir_cosine = -position_sun  # cosine of the tilt from nadir
    elif orientation == "anti-sun":
        solar_cosine = np.zeros_like(position_sun)
        nadir_cosine = position_sun
    elif orientation == "nadir":
        solar_cosine = np.maximum(-position_sun, 0.0)
    elif orientation == "zenith":
        solar_cosine = np.maximum(position_sun, 0.0)
    else:  # edge-on: normal along s_hat x r_hat, so the face plane holds the Sun line and
        # the local vertical; it never sees the Sun and always sees the Earth at 90 deg.
        # The edge-on-nadir/-zenith faces hold the Sun line too: no direct Sun either.
        solar_cosine = np.zeros_like(position_sun)
    edge_on_radial = orientation in ("edge-on-nadir", "edge-on-zenith")
    if edge_on_radial:
        # Normal = the nadir (or zenith) direction with its Sun-line component removed:
        # cos(tilt) = +/- sqrt(1 - (r_hat . s_hat)^2); tilt 90 deg where r_hat is on the Sun line.
        sign = 1.0 if orientation == "edge-on-nadir" else -1.0
        nadir_cosine = sign * np.sqrt(np.clip(1.0 - position_sun**2, 0.0, 1.0))
    if orientation in ("sun-pointing", "anti-sun") or edge_on_radial:
        tilt = np.degrees(np.arccos(np.clip(nadir_cosine, -1.0, 1.0)))
        view = np.asarray(orbit.earth_view_factor(altitude[expand], tilt))
    else:  # constant tilt along the orbit: one view factor per altitude
        tilt = {"nadir": 0.0, "zenith": 180.0, "edge-on": 90.0}[orientation]
        view = np.asarray(orbit.earth_view_factor(altitude, tilt))[expand]

    albedo_cosine = np.maximum(position_sun, 0.0)
    absorptivity, emissivity = absorptivity[expand], emissivity[expand]
    solar_flux, albedo, earth_ir = solar_flux[expand], albedo[expand], earth_ir[expand]
    solar = absorptivity * solar_flux * solar_cosine * sunlit
    if albedo_model == "subsatellite":
        albedo_factor = albedo_cosine * view
    else:
        albedo_factor = _lambertian_albedo_factor(altitude[expand], beta[expand], angle,
                                                  orientation)
    reflected = absorptivity * albedo * solar_flux * albedo_factor
    infrared = emissivity * earth_ir * view
    period = np.asarray(orbit.period(altitude))[expand]
    times = angle / (2.0 * np.pi) * period
    shape = np.broadcast_shapes(solar.shape, reflected.shape, infrared.shape, times.shape)
    return orientation, [np.broadcast_to(x, shape).astype(float) for x in
                         (times, np.degrees(angle) + 0 * times, sunlit, view,
                          solar, reflected, infrared)]


@guarded(**_ORBIT)
def orbit_flux(
    altitude,
    beta,
    absorptivity,
    emissivity,
    *,
    orientation="nadir",
    samples=360,
    case="nominal",
    albedo=None,
    earth_ir=None,
    solar_flux=None,
    shadow="cylindrical",
    albedo_model="subsatellite",
) -> OrbitFlux:
    """Absorbed solar, albedo and Earth-IR flux on one face through one circular orbit.

    Geometry: the orbit plane makes the angle beta with the Sun line; the orbit angle u is
    measured from orbit noon, so the satellite's position vector satisfies
    :math:`\\hat r\\cdot\\hat s = \\cos\\beta\\cos u`. Per sample (see
    :func:`absorbed_flux`):

    - solar: :math:`\\alpha S \\max(0, \\hat n\\cdot\\hat s)` times the sunlit share of the
      sample (the Sun is blocked in the cylindrical shadow of :func:`orbit.eclipse_fraction`);
    - albedo, ``albedo_model="subsatellite"`` (default, the standard engineering model):
      :math:`\\alpha a S \\max(0, \\cos\\beta\\cos u) F_E`, the albedo falling with the
      cosine of the sub-satellite solar zenith angle (zero over the night side). Its limit:
      the visible disc is treated as uniformly lit like the sub-satellite point, so the lit
      crescent near the terminator is missed; in a dawn-dusk orbit (``|beta|`` near 90 deg) it
      gives almost no albedo. ``albedo_model="lambertian"`` integrates instead over the
      visible cap of a Lambertian sphere, :math:`\\alpha a S \\frac{1}{\\pi}\\int
      \\max(0,\\cos\\zeta)\\max(0,\\hat n\\cdot\\hat d)\\,d\\Omega` (a 24 x 48 quadrature,
      about 0.1 % accurate, 100x slower); for a nadir face at 550 km, beta = 90 it gives
      0.025 a S (10 W/m^2 at a = 0.3) where the default gives 0. Both keep the albedo
      constant over the Earth (no rise at low Sun, no clouds or surface map);
    - Earth IR: :math:`\\varepsilon\\, q_{IR} F_E` with :math:`F_E` from
      :func:`orbit.earth_view_factor` at the face's tilt from nadir.

    Orientations (face normal :math:`\\hat n`): ``"sun-pointing"`` (:math:`\\hat s`),
    ``"anti-sun"`` (:math:`-\\hat s`), ``"nadir"`` (:math:`-\\hat r`), ``"zenith"``
    (:math:`\\hat r`) and ``"edge-on"`` (:math:`\\hat n \\parallel \\hat s\\times\\hat r`: the
    face plane contains the Sun line and the local vertical, the way a radiator is flown in
    a dawn-dusk orbit; no direct Sun, Earth always at 90 deg tilt), and ``"edge-on-nadir"``
    / ``"edge-on-zenith"`` (:math:`\\hat n \\propto \\mp(\\hat r - (\\hat r\\cdot\\hat s)\\hat s)`:
    the face plane holds the Sun line and the velocity; the nadir-side face of a panel flown
    that way sees the Earth at tilt :math:`\\arccos\\sqrt{1 - \\cos^2\\beta\\cos^2 u}`, the
    zenith-side face at 180 deg minus that; at beta = 90 they are the nadir and zenith faces).
    Self-shadowing and reflections from the spacecraft itself are not modelled.

    Parameters
    ----------
    altitude : float or array_like
        Orbit altitude [m], in [1e3, 1e8].
    beta : float or array_like
        Beta angle [deg], in [-90, 90].
    absorptivity : float or array_like
        Solar absorptivity of the face [-], in [0, 1].
    emissivity : float or array_like
        Infrared emissivity of the face [-], in [0, 1].
    orientation : {"sun-pointing", "anti-sun", "nadir", "zenith", "edge-on", \
"edge-on-nadir", "edge-on-zenith"}
        Face orientation.
    samples : int
        Samples per orbit [-], in [8, 100000], at the midpoints of equal time steps.
    case : {"hot", "cold", "nominal"} or DesignCase
        Environment (:func:`design_case`); ``albedo``, ``earth_ir`` and ``solar_flux``
        override its values when given.
    albedo : float or array_like, optional
        Earth albedo [-], in [0, 1].
    earth_ir : float or array_like, optional
        Earth OLR [W/m^2], in [0, 500].
    solar_flux : float or array_like, optional
        Solar flux [W/m^2], in [0, 1e5].
    shadow : {"cylindrical", "umbra", "penumbra"}
        Shadow model of :func:`orbit.eclipse_fraction`.
    albedo_model : {"subsatellite", "lambertian"}
        Albedo model (see above).

    Returns
    -------
    OrbitFlux
        ``times`` [s], ``solar``, ``albedo``, ``earth_ir``, ``total`` [W/m^2] and more, each
        of shape broadcast(inputs) + (samples,); ``average(component)`` gives orbit means.

    References
    ----------
    Gilmore (2002), ch. 2; Rickman, NASA TFAWS (2014).
    """
    orientation, arrays = _orbit_components(
        altitude, beta, absorptivity, emissivity, orientation, samples, case, albedo,
        earth_ir, solar_flux, shadow, albedo_model,
    )
    times, angle, sunlit, view, solar, reflected, infrared = arrays
    return OrbitFlux(
        orientation=orientation,
        times=times,
        orbit_angle=angle,
        sunlit=sunlit,
        earth_view_factor=view,
        solar=solar,
        albedo=reflected,
        earth_ir=infrared,
        total=solar + reflected + infrared,
    )


@guarded(**_ORBIT)
def orbit_average_flux(
    altitude,
    beta,
    absorptivity,
    emissivity,
    *,
    orientation="nadir",
    samples=360,
    case="nominal",
    albedo=None,
    earth_ir=None,
    solar_flux=None,
    shadow="cylindrical",
    albedo_model="subsatellite",
):
    """Orbit-averaged absorbed flux on one face (solar + albedo + Earth IR).

    .. math:: \\bar q = \\frac{1}{P}\\int_0^P q(t)\\,dt

    with the model and arguments of :func:`orbit_flux`. Faces whose tilt from nadir is fixed
    ("nadir", "zenith", "edge-on") use, with the default albedo model, the exact closed forms
    of that model (``samples`` is then unused), with :math:`u_e` the eclipse half-angle,
    :math:`F` the face's Earth view factor and :math:`c = \\cos\\beta/\\pi`:

    .. math:: \\bar q_{IR} = \\varepsilon q_{IR} F, \\qquad
              \\bar q_{alb} = \\alpha a S F c, \\qquad
              \\bar q_{sun} = \\alpha S c\\,(1 - \\sin u_e)\\ \\text{(nadir)},\\
              \\alpha S c\\ \\text{(zenith)},\\ 0\\ \\text{(edge-on)}

    (a nadir face sees the Sun only on the night side before and after eclipse; a zenith
    face over the day half, never shadowed). Other faces are sampled (midpoint rule in time,
    the shadow step integrated exactly, so for a sun-pointing face the solar part equals
    :math:`\\alpha S (1 - f)` to rounding). Inputs broadcast; use this in sweeps.

    Parameters
    ----------
    altitude, beta, absorptivity, emissivity, orientation, samples, case, albedo, earth_ir, \
solar_flux, shadow, albedo_model
        As in :func:`orbit_flux` (altitude [m], beta [deg], absorptivity [-],
        emissivity [-], albedo [-], earth_ir [W/m^2], solar_flux [W/m^2]).

    Returns
    -------
    float or numpy.ndarray
        Orbit-average absorbed flux [W/m^2 of face].

    References
    ----------
    Gilmore (2002), ch. 2.
    """
    if albedo_model != "subsatellite" or orientation not in ("nadir", "zenith", "edge-on"):
        _, arrays = _orbit_components(
            altitude, beta, absorptivity, emissivity, orientation, samples, case, albedo,
            earth_ir, solar_flux, shadow, albedo_model,
        )
        _, _, _, _, solar, reflected, infrared = arrays
        return as_output(np.mean(solar + reflected + infrared, axis=-1))

    albedo, earth_ir, solar_flux = _resolve_environment(case, albedo, earth_ir, solar_flux)
    tilt = {"nadir": 0.0, "zenith": 180.0, "edge-on": 90.0}[orientation]
    view = np.asarray(orbit.earth_view_factor(altitude, tilt))
    day_mean = np.cos(np.radians(beta)) / np.pi  # orbit mean of max(0, cos(beta) cos(u))
    if orientation == "nadir":
        half = orbit._eclipse_half_angle(altitude, beta, shadow)
        sun_share = day_mean * (1.0 - np.sin(half))
    elif orientation == "zenith":
        sun_share = day_mean
    else:
        sun_share = 0.0
    return as_output(
        absorptivity * solar_flux * (sun_share + albedo * view * day_mean)
        + emissivity * earth_ir * view
    )


# ------------------------------------------------------------ edge-on radiator design flux

#: Orbit families of :func:`radiator_design_beta` and :func:`edge_on_radiator_flux`.
RADIATOR_ORBITS = ("dawn-dusk", "inclined")


def radiator_design_beta(orbit_kind, altitude):
    """Beta angle of a radiator's hot day: the smallest abs(beta) the orbit sees [deg].

    An edge-on radiator absorbs albedo in proportion to :math:`\\cos\\beta`, so its hot day
    is the one with the smallest :math:`|\\beta|`:

    - ``"inclined"``: an inclined orbit passes through :math:`\\beta = 0` (0 deg).
    - ``"dawn-dusk"``: a 06:00 sun-synchronous orbit at ``altitude``; the minimum of
      :math:`|\\beta|` over the year of :func:`thermaldesign.orbit.eclipse_season`
      (four samples a day), the year the sizing reads (about 59 deg at 550 km).

    Parameters
    ----------
    orbit_kind : {"dawn-dusk", "inclined"}
        Orbit family.
    altitude : float
        Circular orbit altitude [m], in [1e3, 1e8] (sun-synchronous: up to about 5,970 km).

    Returns
    -------
    float
        Beta angle of the hot day [deg], >= 0.

    References
    ----------
    Vallado (2013), section 5.3; Rickman, NASA TFAWS (2014), beta angle.
    """
    orbit_kind = check_choice(orbit_kind, "orbit_kind", RADIATOR_ORBITS)
    altitude = orbit.AltitudeRange(scalar=True)(altitude, "altitude")
    if orbit_kind == "inclined":
        return 0.0
    # The same year of betas the sizing reads (orbit.eclipse_season), so a plot's hot day
    # and the sizing's agree exactly.
    season = orbit.eclipse_season(altitude, None, 6.0)
    return float(np.min(np.abs(season.beta)))


def edge_on_radiator_flux(absorptivity, emissivity, orbit_kind="inclined", *,
                          altitude=550e3, case="hot"):
    """Orbit-average environment flux absorbed by one face of an edge-on radiator [W/m^2].

    The radiator is flown edge-on (:func:`orbit_flux` orientation ``"edge-on"``): no
    direct Sun, the Earth always at 90 deg from the face normal, albedo falling with the
    Sun's elevation. Each face absorbs, on its hot day
    (:func:`radiator_design_beta`),

    .. math:: \\bar q = \\alpha\\,a\\,S\\,F_E\\,\\frac{\\cos\\beta}{\\pi}
              + \\varepsilon\\,q_{IR}\\,F_E

    with :math:`F_E` the Earth view factor of a face tilted 90 deg from nadir.

    Parameters
    ----------
    absorptivity : float
        Solar absorptivity of the face [-], in [0, 1] (use the end-of-life value).
    emissivity : float
        Infrared emissivity of the face [-], in (0, 1].
    orbit_kind : {"dawn-dusk", "inclined"}
        Orbit family, see :func:`radiator_design_beta`.
    altitude : float
        Circular orbit altitude [m].
    case : {"hot", "nominal", "cold"}
        Environment design case (:func:`design_case`).

    Returns
    -------
    float
        Absorbed flux per face [W/m^2].

    References
    ----------
    Gilmore, Spacecraft Thermal Control Handbook Vol. I (2002), ch. 2 and ch. 6.
    """
    absorptivity = check_scalar(absorptivity, "absorptivity", low=0.0, high=1.0)
    emissivity = check_scalar(emissivity, "emissivity", low=0.0, high=1.0, low_open=True)
    beta = radiator_design_beta(orbit_kind, altitude)
    return float(
        orbit_average_flux(altitude, beta, absorptivity, emissivity, orientation="edge-on",
                           case=case)
    )
