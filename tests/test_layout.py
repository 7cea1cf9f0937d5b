"""Layouts: their geometry, view factors, the IR the radiator absorbs from what it sees,
and the intersection check."""

import dataclasses
import math

import pytest

import thermaldesign as td
from thermaldesign import layout as layouts
from thermaldesign import viewfactor
from thermaldesign.constants import STEFAN_BOLTZMANN
from thermaldesign.layout import Layout

SIGMAS = 4.0


@pytest.mark.parametrize("kind", layouts.LAYOUTS)
def test_panels_keep_their_areas(kind):
    layout = Layout(kind=kind)
    panels = layout.panels()
    wings = sum(p.area for name, p in panels.items() if name.startswith("array"))
    radiators = sum(p.area for name, p in panels.items() if name.startswith("radiator"))
    assert wings == pytest.approx(layout.array_area, rel=1e-12)
    assert radiators == pytest.approx(layout.radiator_area, rel=1e-12)
    # every radiator panel is edge-on to the Sun (+x): its normal has no x component
    for name, panel in panels.items():
        if name.startswith("radiator"):
            assert panel.normal[0] == pytest.approx(0.0, abs=1e-15)
        if name.startswith("array"):
            assert panel.normal[0] == pytest.approx(1.0)  # cell face to the Sun


def test_view_factors_of_the_three_layouts():
    boom = Layout(kind="boom").view_factors()
    in_plane = Layout(kind="in-plane").view_factors()
    body = Layout(kind="body-mounted").view_factors()
    # The boom radiator lies wholly behind the array plane (x < 0): it can see only the
    # wings' back faces, exactly none of their cell faces.
    assert boom.array_front == 0.0 and boom.array_back > 0.0
    # The in-plane radiator straddles the array plane symmetrically (x from -w/2 to w/2):
    # by mirror symmetry it sees as much of the cell faces as of the back faces.
    assert abs(in_plane.array_front - in_plane.array_back) < SIGMAS * math.sqrt(2) * in_plane.std
    # A body-mounted radiator is a face of the convex bus box: it cannot see the bus.
    assert body.bus == 0.0 and body.faces == 1
    # Issue 14's survey: 0.04-0.15 to the array for plausible layouts; a body-mounted
    # panel close to the array root sees less.
    for view in (boom, in_plane):
        assert 0.03 < view.array_front + view.array_back < 0.15
    assert 0.0 < body.array_front + body.array_back < boom.array_back


def test_boom_view_factor_grows_as_the_boom_shortens():
    near = Layout(kind="boom", offset=0.2).view_factors()
    far = Layout(kind="boom", offset=5.0).view_factors()
    assert near.array_back > far.array_back + SIGMAS * (near.std + far.std)


def test_view_factors_are_scale_invariant():
    # View factors depend on shapes only: scale every length by 2 (areas by 4).
    layout = Layout(kind="boom")
    bigger = dataclasses.replace(layout, array_area=4 * layout.array_area,
                                 radiator_area=4 * layout.radiator_area,
                                 bus_side=2 * layout.bus_side, offset=2 * layout.offset)
    one, two = layout.view_factors(seed=11), bigger.view_factors(seed=11)
    assert two.array_back == pytest.approx(one.array_back, abs=1e-12)  # same rays, same hits


def test_panel_to_panel_view_factor_matches_the_tracer_rules():
    # the layout's traced view factor of radiator 1 to the bus equals the tracer's direct
    # result summed over the bus faces, averaged over both radiator faces
    layout = Layout(kind="in-plane")
    panels = layout.panels()
    emitter = panels.pop("radiator 1")
    faces = [name for name in panels if name.startswith("bus")]
    total = 0.0
    for number, face in enumerate(("front", "back")):
        trace = viewfactor.ray_trace(emitter, panels.values(), rays=200_000, seed=number,
                                     face=face)
        names = list(panels)
        total += sum(trace.total[names.index(n)] for n in faces) / 2
    assert layout.view_factors(rays=200_000).bus == pytest.approx(total, abs=1e-12)


def test_absorbed_from_neighbours_is_the_first_bounce_sum():
    view = layouts.LayoutViewFactors(array_front=0.02, array_back=0.05, bus=0.01, std=0.0,
                                     faces=2)
    eps_r, t_a, eps_f, eps_b, t_b, eps_bus = 0.85, 330.0, 0.85, 0.80, 250.0, 0.82
    expected = 2 * eps_r * STEFAN_BOLTZMANN * (
        (0.02 * eps_f + 0.05 * eps_b) * t_a**4 + 0.01 * eps_bus * t_b**4
    )
    assert layouts.absorbed_from_neighbours(view, eps_r, t_a, eps_f, eps_b, t_b, eps_bus) == (
        pytest.approx(expected, rel=1e-12)
    )


def test_blanket_temperature_balances():
    absorbed, outer, leak, inside = 120.0, 0.82, 0.03, 293.15
    temperature = layouts.blanket_temperature(absorbed, outer, leak, inside)
    residual = (outer * STEFAN_BOLTZMANN * temperature**4 - absorbed
                - leak * STEFAN_BOLTZMANN * (inside**4 - temperature**4))
    assert residual == pytest.approx(0.0, abs=1e-9)
    # a perfect blanket leaves only the environment: T = (q / (eps sigma))^(1/4)
    assert layouts.blanket_temperature(absorbed, outer, 0.0, inside) == pytest.approx(
        (absorbed / (outer * STEFAN_BOLTZMANN)) ** 0.25
    )


@pytest.mark.parametrize(
    "changes, match",
    [
        ({"kind": "boom", "offset": -1.5},
         r"'radiator 1' and 'array \+y' intersect.*offset = -1\.5 m"),
        ({"kind": "in-plane", "offset": -0.5}, r"intersect.*offset = -0\.5 m"),
        # pushed right through the bus: nothing intersects any more, the layout is still wrong
        ({"kind": "boom", "offset": -100.0},
         r"layout 'boom': offset = -100 m pushes the panel roots through the bus.*\[0, 100\]"),
        ({"kind": "in-plane", "offset": -60.0}, r"offset = -60 m pushes the panel roots"),
        ({"kind": "body-mounted", "offset": -60.0}, r"offset = -60 m pushes the panel roots"),
        ({"kind": "sideways"}, r"kind = 'sideways' is not one of"),
        ({"array_area": 0.0}, r"array_area = 0 m\^2 is outside the valid range"),
        ({"radiator_aspect": -2.0}, r"radiator_aspect = -2 is outside"),
        ({"edge_on": "magic"}, r"edge_on = 'magic' is not one of"),
    ],
)
def test_bad_layouts(changes, match):
    with pytest.raises(td.InputError, match=match):
        Layout(**changes)
