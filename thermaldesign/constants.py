"""Physical constants, SI units, each with its source.

Values that vary (the solar constant through the year, Earth's albedo and outgoing
long-wave radiation) come with the range used for hot and cold design cases.
"""

from __future__ import annotations

#: Stefan-Boltzmann constant [W m^-2 K^-4]. Exact in the 2019 SI.
#: Source: CODATA 2018 recommended values, Tiesinga et al., Rev. Mod. Phys. 93, 025010 (2021).
STEFAN_BOLTZMANN = 5.670374419e-8

#: Total solar irradiance at 1 AU [W m^-2]. Nominal value of IAU 2015 Resolution B3; measured
#: 1360.8 +/- 0.5 W/m^2 at solar minimum by SORCE/TIM, Kopp & Lean, GRL 38, L01706 (2011).
SOLAR_CONSTANT = 1361.0
#: Seasonal range from Earth's orbital eccentricity e = 0.0167: S / (1 -/+ e)^2 [W m^-2],
#: at perihelion (early January, 0.98329 AU) 1407.7 and aphelion (early July, 1.01671 AU)
#: 1316.6. Source: distances from the Astronomical Almanac (Earth orbit, e = 0.01671).
SOLAR_CONSTANT_PERIHELION = SOLAR_CONSTANT / 0.98329**2
#: Total solar irradiance at aphelion [W m^-2]; see SOLAR_CONSTANT_PERIHELION.
SOLAR_CONSTANT_APHELION = SOLAR_CONSTANT / 1.01671**2
#: Hot / cold design-case solar flux [W m^-2].
#: Source: Gilmore (ed.), Spacecraft Thermal Control Handbook Vol. I, 2nd ed. (2002), Table 2.2.
#: These are the pre-SORCE mean of 1367 W/m^2 scaled to perihelion / aphelion (1367/0.98329^2 =
#: 1413.9, 1367/1.01671^2 = 1322.4). With today's 1361 W/m^2 the range is 1316.6-1407.7, so
#: the hot value is 0.5 % conservative and the cold value 0.4 % warm (not conservative).
SOLAR_FLUX_HOT = 1414.0
#: Cold design-case solar flux [W m^-2]; see SOLAR_FLUX_HOT.
SOLAR_FLUX_COLD = 1322.0

#: Earth equatorial radius [m]. Source: WGS-84, NIMA TR8350.2 (2000).
EARTH_RADIUS = 6_378_137.0
#: Earth gravitational parameter [m^3 s^-2]. Source: WGS-84 / IERS Conventions (2010) Table 1.1.
EARTH_MU = 3.986004418e14
#: Earth second zonal harmonic [-]. Source: EGM2008 (Pavlis et al., JGR 117, B04406, 2012),
#: as tabulated in Vallado, Fundamentals of Astrodynamics and Applications, 4th ed.
EARTH_J2 = 1.08262668e-3
#: Tropical year [s], 365.2422 d.
#: Source: Vallado, 4th ed., section 9.6 (sun-synchronous orbits).
TROPICAL_YEAR = 365.2422 * 86_400.0
#: Earth's mean motion about the Sun [deg s^-1]: 360 deg per tropical year.
EARTH_SUN_MEAN_MOTION = 360.0 / TROPICAL_YEAR
#: Obliquity of the ecliptic [deg], J2000. Source: IAU 2006 precession (Capitaine et al. 2003).
OBLIQUITY = 23.439

#: Astronomical unit [m]. Source: IAU 2012 Resolution B2.
ASTRONOMICAL_UNIT = 149_597_870_700.0
#: Nominal solar radius [m]. Source: IAU 2015 Resolution B3.
SUN_RADIUS = 6.957e8

#: Orbit-average Earth outgoing long-wave radiation [W m^-2] and Bond albedo [-].
#: Source: Gilmore, Spacecraft Thermal Control Handbook Vol. I (2002), section 2 and
#: Tables 2.4-2.6 (mean OLR 237 W/m^2, albedo 0.30); CERES EBAF gives 240 W/m^2, 0.29.
EARTH_IR = 237.0
#: Orbit-average Earth Bond albedo [-]; source as EARTH_IR.
EARTH_ALBEDO = 0.30
#: Design ranges for LEO, orbit-averaged over the long time constants of radiators.
#: Source: Gilmore (2002) Tables 2.4-2.6, low-inclination to polar orbits. Check (2026-11):
#: the printed tables were not in any corpus we could search, so these four numbers are not
#: re-verified line by line; the OLR range agrees within 3 W/m^2 with Wertz & Larson, SMAD
#: 3rd ed. (1999) section 11.5, "237 +/- 21 W/m^2". Treat as engineering estimates.
EARTH_IR_HOT = 261.0
#: Cold-case Earth outgoing long-wave radiation [W m^-2]; source as EARTH_IR_HOT.
EARTH_IR_COLD = 218.0
#: Hot-case Earth Bond albedo [-]; source as EARTH_IR_HOT.
EARTH_ALBEDO_HOT = 0.35
#: Cold-case Earth Bond albedo [-]; source as EARTH_IR_HOT.
EARTH_ALBEDO_COLD = 0.18

#: Cosmic microwave background temperature, the deep-space sink [K].
#: Source: Fixsen, ApJ 707, 916 (2009), doi:10.1088/0004-637X/707/2/916, which gives
#: 2.72548 +/- 0.00057 K; the rounded 2.725 K is kept (its T^4 is 7e-9 of a 300 K
#: radiator's, so the rounding changes no reported result).
DEEP_SPACE_TEMPERATURE = 2.725

#: Zero Celsius [K].
ZERO_CELSIUS = 273.15
