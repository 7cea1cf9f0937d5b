"""Heritage calibration: the ISS photovoltaic radiator (PVR) and heat rejection subsystem
(HRS) radiators against the panel model (published cases H-1 and H-2 of
``shared/reference/published_cases.md``).

Published figures
-----------------
- PVR (H-1): about 14 kW from 3.12 m x 13.6 m = 42.4 m^2 of two-sided planform (330
  W/m^2), 740.7 kg (17.5 kg/m^2 with its deployment structure), panels alone 7.8 kg/m^2,
  designed for 0.95 probability of no penetration of both fluid loops over 10 years
  (NASA ISS ATCS overview, NASA document 473486main; SAE 932151, 1993).
- HRS (H-2): six radiator ORUs of 8 panels, 23.3 m x 3.4 m = 79.2 m^2 and 1,122.64 kg each,
  reject about 70 kW (147 W/m^2, 14.2 kg/m^2); loop supply near 275-280 K
  (NASA 473486main; Oren & Howell, SAE 951651, 1995).

Operating conditions assumed (not found in a primary source)
-------------------------------------------------------------
ISS orbit 400 km, 51.6 deg, beta = 0 hot case; Z-93 white paint (catalog ``z93c55``) at
10 years; both radiators turned edge to the Sun about the truss axis, so each face's
normal lies in the orbit plane perpendicular to the Sun (the environment module's
``edge-on-nadir`` / ``edge-on-zenith`` faces); aluminium fins on pumped ammonia tubes at
their mass optimum for the as-built panel density, tubes armoured for 0.95 probability of
no penetration over 10 years on one radiator in the 1995 debris environment. Fluid: outlet
275 K (the published supply), inlet 290 K: a 15 K rise across the loads is our
assumption, and the PVR result moves by +20 % if the inlet is 308 K (see the test). The
ISS's own structure (truss, arrays, modules) in each radiator's view is not modelled.

Result: neither rating is reproduced within 15 % by the open panel: the model is 1.20 x
the PVR and 2.8 x the HRS; the tests state the gap and the blocked view that would
close it. Effectiveness (heat rejected / ideal two-sided emission at 280 K, eps = 0.92):
PVR 0.515 and HRS 0.230 published; the model's PVR panel 0.62.
"""

import pytest

import thermaldesign as td
from thermaldesign import catalog, environment, radiator, radiator_panel
from thermaldesign.constants import STEFAN_BOLTZMANN
from thermaldesign.sizing import evaluate

PVR = {"heat": 14e3, "area": 3.12 * 13.6, "mass": 740.7, "panel_density": 7.8}
HRS = {"heat": 70e3, "area": 6 * 23.3 * 3.4, "mass": 6 * 1122.64}
ISS = {"altitude": 400e3, "inclination": 51.6, "beta": 0.0, "years": 10.0, "year": 1995.0}
OUTLET, INLET = 275.0, 290.0


def _conditions():
    coating = radiator.coating_at_age(catalog.get("coatings", "z93c55"), ISS["years"])
    absorbed = sum(
        float(environment.orbit_average_flux(ISS["altitude"], ISS["beta"], coating.absorptivity,
                                             coating.emissivity, orientation=face, case="hot"))
        for face in ("edge-on-nadir", "edge-on-zenith"))
    return float(coating.emissivity), absorbed


def _panel(emissivity, absorbed, module_area, panel_density):
    return radiator_panel.armoured_panel(
        catalog.get("fin_materials", "aluminium_6061_t6"),
        catalog.get("radiator_tubes", "ammonia_pumped_tube"), OUTLET, emissivity,
        absorbed_flux=absorbed, probability=0.95, module_area=module_area,
        years=ISS["years"], altitude=ISS["altitude"], inclination=ISS["inclination"],
        year=ISS["year"], panel_areal_density=panel_density)


def _model_flux(inlet=INLET, module_area=PVR["area"], panel_density=PVR["panel_density"]):
    emissivity, absorbed = _conditions()
    panel = _panel(emissivity, absorbed, module_area, panel_density)
    flux = radiator_panel.panel_mean_flux(inlet, OUTLET, emissivity, 2,
                                          panel.fin.effective_area_ratio, absorbed)
    return flux, panel, emissivity, absorbed


def effectiveness(flux, temperature=280.0, emissivity=0.92):
    """Heat rejected / ideal two-sided emission of a black-sink panel at ``temperature``."""
    return flux / (2 * emissivity * STEFAN_BOLTZMANN * temperature**4)


def test_published_effectiveness_of_the_iss_radiators():
    # 330 W/m^2 and 147 W/m^2 against 2 * 0.92 * sigma * 280^4 = 641 W/m^2
    pvr = effectiveness(PVR["heat"] / PVR["area"])
    hrs = effectiveness(HRS["heat"] / HRS["area"])
    assert pvr == pytest.approx(0.515, abs=0.005)
    assert hrs == pytest.approx(0.230, abs=0.005)


def test_pvr_heat_rejection_under_the_stated_conditions():
    """The open panel model rejects 1.20 x the PVR's 330 W/m^2: outside the 15 % band.

    Stated: with the sizing's own conventions (fins at their optimum for the 7.8 kg/m^2
    as-built panel, fin factor 0.90) and a 15 K fluid drop, the model is 20 % optimistic
    for the PVR. What it leaves out and the PVR sees: ISS structure in its view (the
    layout view factors of issue 14 part B) and sunlight on a panel that has no rotary
    joint of its own. A 10 K drop (the reference spec's loop_drop) gives +14 %.
    """
    flux, panel, _, _ = _model_flux()
    published = PVR["heat"] / PVR["area"]
    assert flux / published == pytest.approx(1.20, abs=0.03)
    assert effectiveness(flux) == pytest.approx(0.62, abs=0.02)
    assert 0.85 < panel.fin.effective_area_ratio < 0.95
    # the assumed inlet matters: 308 K (a 33 K rise) gives 1.41 x
    hotter, _, _, _ = _model_flux(inlet=308.0)
    assert hotter / published == pytest.approx(1.41, abs=0.03)


def test_pvr_panel_areal_density_what_the_fin_model_builds():
    # The fin-and-tube model builds fin sheet, tubes and armour; the published 7.8 kg/m^2
    # panel also carries honeycomb core, the second face sheet, manifolds, edge members
    # and hinges, which the sizing takes from the technology's as-built areal density.
    emissivity, absorbed = _conditions()
    bare = _panel(emissivity, absorbed, PVR["area"], 0.0)
    built = bare.fin.areal_density
    assert 0.4 * PVR["panel_density"] < built < PVR["panel_density"]
    # armour for 0.95 over 10 years on ~7 m^2 of tube surface in the 1995 environment:
    # a few millimetres of aluminium, a third to a half of what the fin model builds
    assert 3e-3 < bare.armour_thickness < 8e-3
    assert 0.3 < bare.armour_areal_density / built < 0.6
    # the as-flown total with deployment structure, for the record
    assert PVR["mass"] / PVR["area"] == pytest.approx(17.5, abs=0.05)


def test_hrs_rating_needs_a_blocked_view_the_panel_model_leaves_out():
    """The HRS rating is not reproduced: the open edge-on panel rejects ~2.8 x 147 W/m^2.

    Stated instead: the extra sink that closes the gap. If both faces see ISS structure at
    T_s over half their hemisphere (F = 0.5), the HRS's published rating needs T_s near
    265 K, a plausible temperature for the truss, arrays' backs and modules around it; a
    rating set for a hot attitude, or the radiators' low-load outlet temperatures, would
    need less. The 70 kW is the system's requirement, not a measured capacity.
    """
    flux, _, emissivity, _ = _model_flux(module_area=HRS["area"] / 6,
                                         panel_density=HRS["mass"] / HRS["area"])
    published = HRS["heat"] / HRS["area"]
    assert flux / published == pytest.approx(2.8, abs=0.1)
    extra = flux - published  # W per m^2 of planform to absorb from structure
    view = 0.5
    sink = (extra / (2 * emissivity * STEFAN_BOLTZMANN * view)) ** 0.25
    assert 250.0 < sink < 280.0
    assert HRS["mass"] / HRS["area"] == pytest.approx(14.2, abs=0.05)


def test_the_reference_radiator_rejects_what_its_pumped_panel_model_gives():
    """The reference's W/m^2 from the same panel model, with its own coating and fluid.

    Fluid outlet at the chain limit: junction limit - 10 K ECSS margin - cold plate
    (0.035 K/W x 700 W) - 10 K loop - 5 K to the fin root; inlet 10 K (loop_drop) above.
    Its effectiveness against the ideal two-sided panel at the effective temperature is
    eta - q_abs / (2 eps sigma T_eff^4) by the definition of T_eff.
    """
    # (the chip pinned at full clock and the junction limit, so the chain sits there)
    spec = td.SatelliteSpec(clock_fraction=1.0, junction_temperature=360.15)
    design = td.size_satellite(spec, sensitivities=False)
    env = evaluate.environment_of(spec)
    h100 = catalog.get("accelerators", "h100_sxm")
    outlet = h100.junction_limit - 10.0 - 0.035 * h100.power - 10.0 - 5.0
    flux = radiator_panel.panel_mean_flux(outlet + 10.0, outlet, env.emissivity, 2,
                                          env.fin_efficiency, env.absorbed_flux)
    heat = design.heat_breakdown["to radiator"]
    assert heat / design.radiator_area == pytest.approx(flux, rel=1e-6)
    effective = design.radiator_temperature
    ideal = 2 * env.emissivity * STEFAN_BOLTZMANN * effective**4
    # (the design's temperature is the solver's, to its ~1e-8 tolerance)
    assert flux / ideal == pytest.approx(env.fin_efficiency - env.absorbed_flux / ideal,
                                         rel=1e-6)
    assert 0.6 < flux / ideal < 0.8  # against 0.515 (PVR) and 0.230 (HRS) published
