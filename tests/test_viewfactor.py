"""View factors: Howell's closed forms against tabulated values and limits derived here,
and the Monte Carlo ray tracer against the closed forms within its binomial error."""

import math

import numpy as np
import pytest
from numpy.testing import assert_allclose

import thermaldesign as td
from thermaldesign import orbit, viewfactor
from thermaldesign.constants import EARTH_RADIUS
from thermaldesign.viewfactor import Rectangle

# Standard deviations allowed between a Monte Carlo estimate and the exact value: with a
# fixed seed the test is deterministic; 4 sigma would be exceeded by chance 6e-5 of the time.
SIGMAS = 4.0


def test_tabulated_unit_squares():
    # Incropera et al., Fundamentals of Heat and Mass Transfer, 7th ed. (2011), Figs. 13.4
    # and 13.6 (from Howell's catalogue C-11 and C-14): aligned parallel unit squares one
    # side apart, F = 0.1998; perpendicular unit squares with a common edge, F = 0.2000.
    assert viewfactor.parallel_rectangles(1.0, 1.0, 1.0) == pytest.approx(0.1998, abs=1e-4)
    assert viewfactor.perpendicular_rectangles(1.0, 1.0, 1.0) == pytest.approx(0.2000, abs=1e-4)


def test_cube_enclosure_sums_to_one():
    # Summation rule for the inside of a cube: four adjacent faces and one opposite face
    # are everything a face sees, so 4 F_perp(1, 1, 1) + F_par(1, 1, 1) = 1 exactly.
    total = 4 * viewfactor.perpendicular_rectangles(2.0, 2.0, 2.0) + viewfactor.parallel_rectangles(
        2.0, 2.0, 2.0
    )
    assert total == pytest.approx(1.0, abs=1e-12)


def test_long_strips_reduce_to_crossed_strings():
    # Infinitely long strips (Hottel's crossed strings, derived for the 2-D case):
    # parallel strips of width w at distance c: F = sqrt(1 + (c/w)^2) - c/w;
    # perpendicular strips w, h with a common edge: F = (w + h - sqrt(w^2 + h^2)) / (2 w).
    assert viewfactor.parallel_rectangles(1.0, 1e6, 1.0) == pytest.approx(
        math.sqrt(2.0) - 1.0, rel=1e-5
    )
    w, h = 1.0, 3.0
    assert viewfactor.perpendicular_rectangles(1e6, w, h) == pytest.approx(
        (w + h - math.hypot(w, h)) / (2 * w), rel=1e-5
    )


def test_perpendicular_reciprocity():
    # A1 F12 = A2 F21 with A1 = l w, A2 = l h: swapping width and height gives F21.
    edge, w, h = 2.0, 0.7, 3.1
    f12 = viewfactor.perpendicular_rectangles(edge, w, h)
    f21 = viewfactor.perpendicular_rectangles(edge, h, w)
    assert edge * w * f12 == pytest.approx(edge * h * f21, rel=1e-12)


def test_parallel_limits():
    # Touching plates see only each other; far apart they act as differential areas,
    # F -> A / (pi c^2).
    assert viewfactor.parallel_rectangles(1.0, 1.0, 1e-6) == pytest.approx(1.0, abs=1e-5)
    a, b, c = 1.0, 2.0, 500.0
    assert viewfactor.parallel_rectangles(a, b, c) == pytest.approx(a * b / (math.pi * c**2),
                                                                     rel=1e-4)


def test_sphere_and_plane():
    # Four corner rectangles of an infinite plane make the half-space seen by a sphere: 1/2.
    assert 4 * viewfactor.sphere_to_rectangle(1e9, 1e9, 1.0) == pytest.approx(0.5, rel=1e-8)
    # A small plate below a sphere sees it as a facing element, (R/d)^2 =
    # orbit.earth_view_factor at zero tilt (each of the four corner rectangles around the
    # foot has that view factor; the whole plate is their area-weighted mean).
    altitude = 550e3
    distance = EARTH_RADIUS + altitude
    small = viewfactor.rectangle_to_sphere(1.0, 1.0, distance, EARTH_RADIUS)
    assert small == pytest.approx(float(orbit.earth_view_factor(altitude, 0.0)), rel=1e-9)
    assert small == pytest.approx((EARTH_RADIUS / distance) ** 2, rel=1e-9)


def test_sphere_reciprocity():
    side_1, side_2, distance, radius = 2.0, 3.0, 5.0, 1.5
    forward = viewfactor.rectangle_to_sphere(side_1, side_2, distance, radius)
    backward = viewfactor.sphere_to_rectangle(side_1, side_2, distance)
    assert side_1 * side_2 * forward == pytest.approx(4 * math.pi * radius**2 * backward)


def _parallel_pair(a, b, c):
    bottom = Rectangle((0, 0, 0), (a, 0, 0), (0, b, 0))  # front normal +z
    top = Rectangle((0, 0, c), (0, b, 0), (a, 0, 0))  # front normal -z
    return bottom, top


@pytest.mark.parametrize("a, b, c", [(1.0, 1.0, 1.0), (2.0, 0.5, 0.8), (3.0, 4.0, 6.0)])
def test_ray_tracer_parallel(a, b, c):
    bottom, top = _parallel_pair(a, b, c)
    trace = viewfactor.ray_trace(bottom, [top], rays=200_000, seed=1)
    exact = float(viewfactor.parallel_rectangles(a, b, c))
    assert abs(trace.total[0] - exact) < SIGMAS * trace.std(exact)
    assert trace.back[0] == 0.0  # every ray meets the top plate's facing (front) side


@pytest.mark.parametrize("edge, w, h", [(1.0, 1.0, 1.0), (2.0, 0.5, 1.5), (1.0, 3.0, 0.4)])
def test_ray_tracer_perpendicular(edge, w, h):
    floor = Rectangle((0, 0, 0), (edge, 0, 0), (0, w, 0))  # the common edge along x, y = 0
    wall = Rectangle((0, 0, 0), (0, 0, h), (edge, 0, 0))  # front normal +y, toward the floor
    trace = viewfactor.ray_trace(floor, [wall], rays=200_000, seed=2)
    exact = float(viewfactor.perpendicular_rectangles(edge, w, h))
    assert abs(trace.total[0] - exact) < SIGMAS * trace.std(exact)
    assert trace.front[0] == pytest.approx(trace.total[0])


def test_ray_tracer_cube_summation_and_occlusion():
    # From the inside of a closed cube every ray lands on one of the five other faces
    # (summation rule, exactly 1) and each share matches the closed forms.
    s = 1.0
    floor = Rectangle((0, 0, 0), (s, 0, 0), (0, s, 0))
    faces = [
        Rectangle((0, 0, s), (0, s, 0), (s, 0, 0)),  # ceiling
        Rectangle((0, 0, 0), (0, 0, s), (s, 0, 0)),  # y = 0
        Rectangle((0, s, 0), (s, 0, 0), (0, 0, s)),  # y = s
        Rectangle((0, 0, 0), (0, s, 0), (0, 0, s)),  # x = 0
        Rectangle((s, 0, 0), (0, 0, s), (0, s, 0)),  # x = s
    ]
    trace = viewfactor.ray_trace(floor, faces, rays=400_000, seed=3)
    assert trace.total.sum() == pytest.approx(1.0, abs=1e-12)
    exact = np.array([viewfactor.parallel_rectangles(s, s, s)]
                     + [viewfactor.perpendicular_rectangles(s, s, s)] * 4)
    assert np.all(np.abs(trace.total - exact) < SIGMAS * trace.std(exact))


def test_ray_tracer_reciprocity():
    # A1 F12 = A2 F21 for two unequal, offset, tilted plates (no closed form needed).
    first = Rectangle((0, 0, 0), (2.0, 0, 0), (0, 1.0, 0))
    second = Rectangle((0.5, -0.5, 1.0), (0, 3.0, 0), (1.0, 0, 1.0))
    forward = viewfactor.ray_trace(first, [second], rays=400_000, seed=4)
    normal = second.normal
    face = "front" if normal[2] < 0 else "back"  # the face that looks down at `first`
    backward = viewfactor.ray_trace(second, [first], rays=400_000, seed=5, face=face)
    lhs, rhs = first.area * forward.total[0], second.area * backward.total[0]
    sigma = math.hypot(first.area * forward.std(forward.total[0])[()],
                       second.area * backward.std(backward.total[0])[()])
    assert abs(lhs - rhs) < SIGMAS * sigma


def test_ray_tracer_is_reproducible_and_blocks():
    bottom, top = _parallel_pair(1.0, 1.0, 1.0)
    blocker = Rectangle((-1, -1, 0.5), (0, 3, 0), (3, 0, 0))  # a large plate in between
    one = viewfactor.ray_trace(bottom, [top, blocker], rays=50_000, seed=7)
    two = viewfactor.ray_trace(bottom, [top, blocker], rays=50_000, seed=7)
    assert_allclose(one.total, two.total)
    assert one.total[0] == 0.0  # the top plate is hidden


def test_intersections():
    floor = Rectangle((0, 0, 0), (1, 0, 0), (0, 1, 0))
    through = Rectangle((0.5, -0.5, -0.5), (0, 2, 0), (0, 0, 1))
    touching = Rectangle((0, 0, 0), (0, 0, 1), (1, 0, 0))  # shares an edge
    standing = Rectangle((0.2, 0.5, 0), (0.3, 0, 0), (0, 0, 1))  # stands on the floor
    overlapping = Rectangle((0.5, 0.5, 0), (1, 0, 0), (0, 1, 0))  # same plane
    beside = Rectangle((1, 0, 0), (1, 0, 0), (0, 1, 0))  # same plane, edge to edge
    assert viewfactor.rectangles_intersect(floor, through)
    assert viewfactor.rectangles_intersect(floor, overlapping)
    for other in (touching, standing, beside):
        assert not viewfactor.rectangles_intersect(floor, other)


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda: viewfactor.parallel_rectangles(-1.0, 1.0, 1.0), r"width = -1 m is outside"),
        (lambda: viewfactor.perpendicular_rectangles(1.0, 0.0, 1.0), r"width = 0 m is outside"),
        (lambda: viewfactor.sphere_to_rectangle(1.0, 1.0, math.nan), r"distance"),
        (lambda: viewfactor.rectangle_to_sphere(1.0, 1.0, 1.0, 2.0),
         r"radius = 2 m with distance = 1 m: the radius must be below the distance"),
        (lambda: Rectangle((0, 0, 0), (1, 0, 0), (1, 1, 0)), r"perpendicular"),
        (lambda: Rectangle((0, 0, 0), (0, 0, 0), (0, 1, 0)), r"edge lengths"),
        (lambda: viewfactor.ray_trace(Rectangle((0, 0, 0), (1, 0, 0), (0, 1, 0)), [], rays=0),
         r"rays = 0 is outside"),
    ],
)
def test_bad_input(call, match):
    with pytest.raises(td.InputError, match=match):
        call()


def test_ray_tracer_scatter_is_its_stated_binomial_error():
    # The tracer's stated error is only honest if independent runs scatter by it: over 64
    # seeds the sample variance of F about the exact value, divided by the stated variance
    # F(1-F)/N, is chi-square with 64 degrees of freedom over 64: 1 +- 0.18 (1 sigma);
    # 0.55-1.6 is a > 99.9 % band. A tracer with correlated rays (a reused stream, a
    # cosine law that is off) lands outside it, and so does an over-stated error.
    bottom, top = _parallel_pair(1.0, 2.0, 0.5)
    exact = float(viewfactor.parallel_rectangles(1.0, 2.0, 0.5))
    rays, runs = 4_000, 64
    estimates = np.array([viewfactor.ray_trace(bottom, [top], rays=rays, seed=100 + k).total[0]
                          for k in range(runs)])
    stated = exact * (1.0 - exact) / rays
    ratio = np.mean((estimates - exact) ** 2) / stated
    assert 0.55 < ratio < 1.6
    assert viewfactor.ray_trace(bottom, [top], rays=rays, seed=0).std(exact) == pytest.approx(
        math.sqrt(stated))


def test_sphere_to_plate_against_quadrature():
    # Brute-force oracle for Howell's sphere-rectangle case, from the definitions:
    # sphere -> rectangle is the rectangle's solid angle from the centre over 4 pi,
    #   Omega = integral of d / (x^2 + y^2 + d^2)^(3/2) dx dy over the rectangle;
    # rectangle -> sphere is the plate's mean of a point's view of a sphere that stands
    # wholly above its horizon, cos(theta) (R / rho)^2 = R^2 d / rho^3, the same integrand
    # times R^2 over the area. Midpoint rule on a 1200 x 1200 grid.
    side_1, side_2, distance, radius = 2.0, 3.0, 1.7, 1.2
    n = 1200
    x = (np.arange(n) + 0.5) * side_1 / n
    y = (np.arange(n) + 0.5) * side_2 / n
    gx, gy = np.meshgrid(x, y)
    kernel = distance / (gx**2 + gy**2 + distance**2) ** 1.5
    solid_angle = kernel.sum() * (side_1 / n) * (side_2 / n)
    assert viewfactor.sphere_to_rectangle(side_1, side_2, distance) == pytest.approx(
        solid_angle / (4 * math.pi), rel=1e-5)
    assert viewfactor.rectangle_to_sphere(side_1, side_2, distance, radius) == pytest.approx(
        radius**2 * kernel.mean(), rel=1e-5)
