"""Diffuse view factors between flat rectangles and spheres: closed forms and a ray tracer.

Closed forms from Howell's catalogue (J. R. Howell, *A Catalog of Radiation Heat
Transfer Configuration Factors*, 3rd ed., University of Texas at Austin, 2010,
http://www.thermalradiation.net/indexCat.html; also Howell, Menguc & Siegel, *Thermal
Radiation Heat Transfer*, 6th ed., 2016, appendix C):

- :func:`parallel_rectangles` (catalogue case C-11, directly opposed rectangles);
- :func:`perpendicular_rectangles` (C-14, a common edge);
- :func:`sphere_to_rectangle` and :func:`rectangle_to_sphere` (the catalogue's sphere
  configurations: a sphere to a rectangle with one corner below its centre, and the
  reciprocal).

For any other arrangement of planar rectangles, :func:`ray_trace` estimates the view
factors by Monte Carlo: rays leave uniformly distributed points of the emitter with a
cosine (Lambertian) distribution of directions and the first rectangle each ray meets
is counted, so occlusion between receivers is included. Each estimate is a binomial
proportion with standard deviation sqrt(F (1 - F) / N) for N rays.

All surfaces are diffuse (view factors are geometric); lengths in metres.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import numpy as np

from ._guard import guarded
from ._validation import as_output, check_positive_int, positive
from .errors import InputError

__all__ = [
    "Rectangle",
    "RayTrace",
    "parallel_rectangles",
    "perpendicular_rectangles",
    "sphere_to_rectangle",
    "rectangle_to_sphere",
    "ray_trace",
    "rectangles_intersect",
]

_LENGTH = positive("m")

# Rays handled per vectorised block: 2e5 rays x 3 floats x a few arrays stays ~ tens of MB.
_BLOCK = 200_000


@guarded(width=_LENGTH, length=_LENGTH, separation=_LENGTH)
def parallel_rectangles(width, length, separation):
    """View factor between two directly opposed, parallel, equal rectangles [-].

    With :math:`X = a/c`, :math:`Y = b/c` (sides a, b, separation c) (Howell C-11):

    .. math:: F = \\frac{2}{\\pi X Y}\\Big[\\ln\\sqrt{\\frac{(1+X^2)(1+Y^2)}{1+X^2+Y^2}}
              + X\\sqrt{1+Y^2}\\arctan\\frac{X}{\\sqrt{1+Y^2}}
              + Y\\sqrt{1+X^2}\\arctan\\frac{Y}{\\sqrt{1+X^2}}
              - X\\arctan X - Y\\arctan Y\\Big]

    Parameters
    ----------
    width, length : float or array_like
        Sides of each rectangle [m], > 0.
    separation : float or array_like
        Distance between the planes [m], > 0.

    Returns
    -------
    float or numpy.ndarray
        F_12 = F_21 [-].

    References
    ----------
    Howell, catalogue case C-11; Incropera et al., *Fundamentals of Heat and Mass
    Transfer*, 7th ed. (2011), Table 13.2 and Fig. 13.4.
    """
    x, y = width / separation, length / separation
    root_x, root_y = np.sqrt(1.0 + x**2), np.sqrt(1.0 + y**2)
    bracket = (
        0.5 * np.log(root_x**2 * root_y**2 / (1.0 + x**2 + y**2))
        + x * root_y * np.arctan(x / root_y)
        + y * root_x * np.arctan(y / root_x)
        - x * np.arctan(x)
        - y * np.arctan(y)
    )
    return as_output(2.0 / (np.pi * x * y) * bracket)


@guarded(common_edge=_LENGTH, width=_LENGTH, height=_LENGTH)
def perpendicular_rectangles(common_edge, width, height):
    """View factor from rectangle 1 to rectangle 2, perpendicular with a common edge [-].

    Rectangle 1 is ``common_edge`` x ``width``, rectangle 2 ``common_edge`` x ``height``.
    With :math:`W = w/l`, :math:`H = h/l` (Howell C-14):

    .. math:: F_{12} = \\frac{1}{\\pi W}\\Big[W\\arctan\\frac{1}{W}
              + H\\arctan\\frac{1}{H} - \\sqrt{H^2+W^2}\\arctan\\frac{1}{\\sqrt{H^2+W^2}}
              + \\frac{1}{4}\\ln\\Big\\{\\frac{(1+W^2)(1+H^2)}{1+W^2+H^2}
              \\Big[\\frac{W^2(1+W^2+H^2)}{(1+W^2)(W^2+H^2)}\\Big]^{W^2}
              \\Big[\\frac{H^2(1+H^2+W^2)}{(1+H^2)(H^2+W^2)}\\Big]^{H^2}\\Big\\}\\Big]

    Parameters
    ----------
    common_edge : float or array_like
        Length of the shared edge [m], > 0.
    width : float or array_like
        Side of rectangle 1 normal to the shared edge [m], > 0.
    height : float or array_like
        Side of rectangle 2 normal to the shared edge [m], > 0.

    Returns
    -------
    float or numpy.ndarray
        F_12 [-]; F_21 = F_12 width / height (reciprocity).

    References
    ----------
    Howell, catalogue case C-14; Incropera et al. (2011), Table 13.2 and Fig. 13.6.
    """
    w, h = width / common_edge, height / common_edge
    w2, h2 = w**2, h**2
    diagonal = np.sqrt(w2 + h2)
    # logarithm of the product, summed term by term (the powers W^2, H^2 can overflow)
    logarithm = (
        np.log((1.0 + w2) * (1.0 + h2) / (1.0 + w2 + h2))
        + w2 * np.log(w2 * (1.0 + w2 + h2) / ((1.0 + w2) * (w2 + h2)))
        + h2 * np.log(h2 * (1.0 + h2 + w2) / ((1.0 + h2) * (h2 + w2)))
    )
    bracket = (
        w * np.arctan(1.0 / w)
        + h * np.arctan(1.0 / h)
        - diagonal * np.arctan(1.0 / diagonal)
        + 0.25 * logarithm
    )
    return as_output(bracket / (np.pi * w))


@guarded(side_1=_LENGTH, side_2=_LENGTH, distance=_LENGTH)
def sphere_to_rectangle(side_1, side_2, distance):
    """View factor from a sphere to a rectangle with one corner below its centre [-].

    The rectangle (sides l1, l2) lies in a plane at ``distance`` d from the sphere's
    centre, one corner at the foot of the perpendicular. With :math:`D_i = l_i/d`:

    .. math:: F = \\frac{1}{4\\pi}\\arctan\\frac{D_1 D_2}{\\sqrt{1 + D_1^2 + D_2^2}}

    (the rectangle's solid angle seen from the centre over 4 pi; independent of the
    sphere's radius as long as the sphere does not cut the plane). Other rectangles in
    the plane follow by adding and subtracting corner rectangles.

    Parameters
    ----------
    side_1, side_2 : float or array_like
        Sides of the rectangle [m], > 0.
    distance : float or array_like
        Distance from the sphere's centre to the rectangle's plane [m], > 0.

    Returns
    -------
    float or numpy.ndarray
        F_sphere->rectangle [-].

    References
    ----------
    Howell, catalogue case "sphere to a rectangle" (section C, sphere configurations).
    """
    d1, d2 = side_1 / distance, side_2 / distance
    return as_output(np.arctan(d1 * d2 / np.sqrt(1.0 + d1**2 + d2**2)) / (4.0 * np.pi))


@guarded(side_1=_LENGTH, side_2=_LENGTH, distance=_LENGTH, radius=_LENGTH)
def rectangle_to_sphere(side_1, side_2, distance, radius):
    """View factor from a rectangle to a sphere above one of its corners [-].

    Reciprocity with :func:`sphere_to_rectangle`:
    :math:`F_{r\\to s} = 4\\pi r^2 F_{s\\to r} / (l_1 l_2)`. For a small rectangle this
    tends to :math:`(r/d)^2`, the sphere seen from a facing element
    (:func:`thermaldesign.orbit.earth_view_factor` at zero tilt).

    Parameters
    ----------
    side_1, side_2 : float or array_like
        Sides of the rectangle [m], > 0.
    distance : float or array_like
        Distance from the sphere's centre to the plane [m], > ``radius``.
    radius : float or array_like
        Sphere radius [m], > 0.

    Returns
    -------
    float or numpy.ndarray
        F_rectangle->sphere [-].
    """
    radii, distances = np.broadcast_arrays(np.asarray(radius, float), np.asarray(distance, float))
    cutting = radii >= distances
    if np.any(cutting):
        first = np.argmax(cutting)  # the first offending pair, flattened
        raise InputError(
            f"radius = {radii.flat[first]:g} m with distance = {distances.flat[first]:g} m: "
            "the radius must be below the distance (valid range (0, distance)), else the "
            "sphere cuts the rectangle's plane"
        )
    area = side_1 * side_2
    return as_output(
        4.0 * np.pi * radius**2 * sphere_to_rectangle(side_1, side_2, distance) / area
    )


@dataclass(frozen=True)
class Rectangle:
    """A flat rectangle: a corner and two perpendicular edge vectors [m].

    The front face's normal is edge_1 x edge_2 (right-hand rule); the back face looks
    the other way.
    """

    corner: tuple[float, float, float]
    edge_1: tuple[float, float, float]
    edge_2: tuple[float, float, float]

    def __post_init__(self) -> None:
        vectors = [np.asarray(v, dtype=float) for v in (self.corner, self.edge_1, self.edge_2)]
        for name, vector in zip(("corner", "edge_1", "edge_2"), vectors, strict=True):
            if vector.shape != (3,) or not np.all(np.isfinite(vector)):
                raise InputError(f"{name} must be three finite numbers [m]; got {vector!r}")
        lengths = [float(np.linalg.norm(v)) for v in vectors[1:]]
        if min(lengths) <= 0.0:
            raise InputError(f"edge lengths must be > 0 m; got {lengths}")
        cosine = abs(float(vectors[1] @ vectors[2])) / (lengths[0] * lengths[1])
        if cosine > 1e-9:
            raise InputError(
                f"edge_1 and edge_2 must be perpendicular; the cosine between them is {cosine:.3g}"
            )

    @property
    def area(self) -> float:
        """Area [m^2]."""
        return float(np.linalg.norm(np.cross(self.edge_1, self.edge_2)))

    @functools.cached_property
    def normal(self) -> np.ndarray:
        """Unit normal of the front face [-]."""
        (a1, a2, a3), (b1, b2, b3) = self.edge_1, self.edge_2
        cross = np.array([a2 * b3 - a3 * b2, a3 * b1 - a1 * b3, a1 * b2 - a2 * b1], dtype=float)
        return cross / math.sqrt(cross @ cross)

    @functools.cached_property
    def _corners(self) -> np.ndarray:
        c, e1, e2 = (np.asarray(v, dtype=float) for v in (self.corner, self.edge_1, self.edge_2))
        return np.array([c, c + e1, c + e1 + e2, c + e2])

    def corners(self) -> np.ndarray:
        """The four corners in order around the rectangle [m], shape (4, 3)."""
        return self._corners.copy()


@dataclass(frozen=True)
class RayTrace:
    """Monte Carlo view factors from one face of an emitter to each receiver face.

    Attributes
    ----------
    front, back : numpy.ndarray
        Fraction of rays reaching each receiver's front and back face first [-].
    rays : int
        Rays traced [-].
    """

    front: np.ndarray
    back: np.ndarray
    rays: int

    @property
    def total(self) -> np.ndarray:
        """View factor to each receiver, either face [-]."""
        return self.front + self.back

    def std(self, factor) -> np.ndarray:
        """Binomial standard deviation of an estimate ``factor`` [-]: sqrt(F (1 - F) / N)."""
        factor = np.asarray(factor, dtype=float)
        return np.sqrt(factor * (1.0 - factor) / self.rays)


def _cosine_directions(normal, tangent_1, tangent_2, generator, count):
    """Lambertian directions about ``normal``: sin(theta) = sqrt(u1), phi = 2 pi u2."""
    u1, u2 = generator.random(count), generator.random(count)
    sine, phi = np.sqrt(u1), 2.0 * np.pi * u2
    cosine = np.sqrt(1.0 - u1)
    return (
        (sine * np.cos(phi))[:, None] * tangent_1
        + (sine * np.sin(phi))[:, None] * tangent_2
        + cosine[:, None] * normal
    )


def _hits(origins, directions, receiver: Rectangle):
    """Distance along each ray to ``receiver`` (inf if missed) and which face it meets."""
    corner = np.asarray(receiver.corner, dtype=float)
    e1, e2 = np.asarray(receiver.edge_1, dtype=float), np.asarray(receiver.edge_2, dtype=float)
    normal = receiver.normal
    along = directions @ normal
    with np.errstate(divide="ignore", invalid="ignore"):
        distance = ((corner - origins) @ normal) / along
    points = origins + distance[:, None] * directions - corner
    s, t = points @ e1 / (e1 @ e1), points @ e2 / (e2 @ e2)
    inside = (distance > 1e-9) & (s >= 0.0) & (s <= 1.0) & (t >= 0.0) & (t <= 1.0)
    return np.where(inside, distance, np.inf), along < 0.0  # along < 0: meets the front


def ray_trace(emitter: Rectangle, receivers, *, rays: int = 200_000, seed: int = 0,
              face: str = "front") -> RayTrace:
    """Monte Carlo view factors from one face of ``emitter`` to each receiver [-].

    Rays start at uniformly distributed points of the emitter and leave its ``face``
    with a cosine-weighted (diffuse) direction; a ray counts for the first receiver it
    meets (so receivers shade one another), on the face it meets. Vectorised in blocks
    of 200,000 rays; the generator is seeded, so the result is reproducible.

    Parameters
    ----------
    emitter : Rectangle
        The emitting rectangle.
    receivers : sequence of Rectangle
        Receiving rectangles (opaque on both faces).
    rays : int, optional, keyword-only
        Number of rays [-], in [1, 1e8]. The standard deviation of each estimate is
        sqrt(F (1 - F) / rays) (:meth:`RayTrace.std`).
    seed : int, optional, keyword-only
        Seed of the random generator [-].
    face : {"front", "back"}, optional, keyword-only
        Which face of the emitter emits.

    Returns
    -------
    RayTrace
        Fractions of rays reaching each receiver's front and back face [-].
    """
    rays = check_positive_int(rays, "rays", maximum=100_000_000)
    if face not in ("front", "back"):
        raise InputError(f"face = {face!r} is not one of 'front', 'back'")
    receivers = list(receivers)
    generator = np.random.default_rng(seed)
    corner = np.asarray(emitter.corner, dtype=float)
    e1, e2 = np.asarray(emitter.edge_1, dtype=float), np.asarray(emitter.edge_2, dtype=float)
    normal = emitter.normal * (1.0 if face == "front" else -1.0)
    t1 = e1 / np.linalg.norm(e1)
    t2 = np.cross(normal, t1)
    front = np.zeros(len(receivers))
    back = np.zeros(len(receivers))
    # a receiver wholly behind the emitting face's plane can never be hit
    visible = [k for k, receiver in enumerate(receivers)
               if np.any((receiver.corners() - corner) @ normal > 1e-12)]
    for start in range(0, rays, _BLOCK):
        count = min(_BLOCK, rays - start)
        s, t = generator.random(count), generator.random(count)
        origins = corner + s[:, None] * e1 + t[:, None] * e2
        directions = _cosine_directions(normal, t1, t2, generator, count)
        nearest = np.full(count, np.inf)
        which = np.full(count, -1)
        facing = np.zeros(count, dtype=bool)
        for index in visible:
            distance, meets_front = _hits(origins, directions, receivers[index])
            closer = distance < nearest
            nearest = np.where(closer, distance, nearest)
            which = np.where(closer, index, which)
            facing = np.where(closer, meets_front, facing)
        hit = which >= 0
        front += np.bincount(which[hit & facing], minlength=len(receivers))
        back += np.bincount(which[hit & ~facing], minlength=len(receivers))
    return RayTrace(front=front / rays, back=back / rays, rays=rays)


def _crosses_interior(start, end, rectangle: Rectangle, tolerance: float) -> bool:
    """Whether the segment start->end passes through the rectangle's open interior."""
    normal = rectangle.normal
    corner = np.asarray(rectangle.corner, dtype=float)
    d0, d1 = (start - corner) @ normal, (end - corner) @ normal
    if d0 * d1 >= 0.0 or min(abs(d0), abs(d1)) <= tolerance:
        return False  # both on one side, or only touching the plane
    point = start + (end - start) * (d0 / (d0 - d1)) - corner
    e1, e2 = np.asarray(rectangle.edge_1, dtype=float), np.asarray(rectangle.edge_2, dtype=float)
    s, t = point @ e1 / (e1 @ e1), point @ e2 / (e2 @ e2)
    margin_s = tolerance / math.sqrt(e1 @ e1)
    margin_t = tolerance / math.sqrt(e2 @ e2)
    return bool(margin_s < s < 1.0 - margin_s and margin_t < t < 1.0 - margin_t)


def _coplanar_overlap(a: Rectangle, b: Rectangle, tolerance: float) -> bool:
    """Whether two rectangles in one plane overlap with positive area (separating axes)."""
    corners_a, corners_b = a.corners(), b.corners()
    for axis in (a.edge_1, a.edge_2, b.edge_1, b.edge_2):
        axis = np.asarray(axis, dtype=float) / np.linalg.norm(axis)
        pa, pb = corners_a @ axis, corners_b @ axis
        if pa.max() <= pb.min() + tolerance or pb.max() <= pa.min() + tolerance:
            return False
    return True


def rectangles_intersect(a: Rectangle, b: Rectangle, *, tolerance: float = 1e-9) -> bool:
    """Whether two rectangles pass through each other (touching edges do not count).

    Two rectangles in different planes intersect if an edge of one crosses the other's
    open interior; two in one plane if they overlap with positive area.

    Parameters
    ----------
    a, b : Rectangle
        The rectangles.
    tolerance : float, optional, keyword-only
        Distance below which points count as touching [m].
    """
    low_a, high_a = a._corners.min(axis=0), a._corners.max(axis=0)
    low_b, high_b = b._corners.min(axis=0), b._corners.max(axis=0)
    if np.any(high_a < low_b - tolerance) or np.any(high_b < low_a - tolerance):
        return False  # bounding boxes apart
    coplanar = abs(abs(float(a.normal @ b.normal)) - 1.0) < 1e-12 and abs(
        float((np.asarray(b.corner) - np.asarray(a.corner)) @ a.normal)
    ) <= tolerance
    if coplanar:
        return _coplanar_overlap(a, b, tolerance)
    for first, second in ((a, b), (b, a)):
        corners = first._corners
        for k in range(4):
            if _crosses_interior(corners[k], corners[(k + 1) % 4], second, tolerance):
                return True
    return False
