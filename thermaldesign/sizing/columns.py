"""Many specs of one kind as columns: every numeric input an array over the batch.

Batched sizing evaluates a function once for a whole batch instead of once per spec: the
*same* function that serves one spec (one model, no second copy of a formula), handed a
:class:`SpecColumns` whose numeric inputs are numpy arrays of shape (B,) instead of
floats. Functions written with numpy operations (``np.exp``, ``np.where``, array
arithmetic) then run unchanged on one spec or on B of them. Today the closure re-check
runs this way (:func:`.closure.check_designs`); the coefficient functions of
:mod:`.model` and :mod:`.evaluate` still take one spec at a time.

Specs stack only when they are of one *kind* (:func:`kind_of`): the same text and flag
inputs (technology keys, orbit kind, eclipse mode, layout, bus model) and the same
optional inputs left at ``None``. Their numbers may all differ. :func:`group_by_kind`
splits a batch into such groups. Catalog entries (accelerator, array, ...) stack the same
way, field by field, so a sweep over an inline accelerator's power is one group.
"""

from __future__ import annotations

import dataclasses
import numbers
from collections.abc import Iterable, Mapping, Sequence

import numpy as np

from .spec import _CATALOG_FIELDS, _STANDARD_GRAVITY, _TECHNOLOGIES, SatelliteSpec

__all__ = ["Columns", "SpecColumns", "kind_of", "group_by_kind", "stack"]

_TECHNOLOGY_FIELDS = tuple(_TECHNOLOGIES)
_PLAIN_FIELDS = tuple(f.name for f in dataclasses.fields(SatelliteSpec)
                      if f.name not in _TECHNOLOGIES)


def _is_number(value) -> bool:
    kind = type(value)
    if kind is float or kind is int:  # the common case, without the abc machinery
        return True
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


# kinds of immutable dataclass values (catalog entries, layouts) by identity: specs of a
# sweep share their entries, so each is looked at once. The value is kept alive with its
# kind, so its id is not reused while the entry stands in the table.
_KNOWN_KINDS: dict[int, tuple] = {}


_SHARED_TYPES = (str, bool, type(None))


def _kind(value):
    """What must match for two values to share a column: numbers never do."""
    if type(value) in _SHARED_TYPES:  # most fields: text, flags, unset options
        return ("=", value)
    if _is_number(value):
        return "#"
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        known = _KNOWN_KINDS.get(id(value))
        if known is not None and known[0] is value:
            return known[1]
        kind = (type(value).__name__,) + tuple(
            _kind(getattr(value, f.name)) for f in dataclasses.fields(value)
        )
        if len(_KNOWN_KINDS) > 4096:
            _KNOWN_KINDS.clear()
        _KNOWN_KINDS[id(value)] = (value, kind)
        return kind
    if isinstance(value, (tuple, list)):
        return ("seq",) + tuple(_kind(v) for v in value)
    if isinstance(value, Mapping):  # e.g. an entry's provenance table
        return ("map",) + tuple((k, _kind(v)) for k, v in sorted(value.items()))
    try:
        hash(value)
    except TypeError:  # anything else unhashable is shared by identity only
        return ("id", id(value))
    return ("=", value)


def kind_of(spec: SatelliteSpec) -> tuple:
    """The stacking key of a spec: its non-numeric inputs (module docstring).

    Technology fields enter as their resolved catalog entries, so a key and the inline
    entry it names are of one kind only if they are the same entry.
    """
    values = spec.__dict__
    key = [_kind(spec.entry(name)) for name in _TECHNOLOGY_FIELDS]
    key.extend("#" if _is_number(values[name]) else _kind(values[name])
               for name in _PLAIN_FIELDS)
    return tuple(key)


def group_by_kind(specs: Sequence[SatelliteSpec]) -> dict[tuple, list[int]]:
    """Indices of ``specs`` grouped by :func:`kind_of`, in order of first appearance."""
    groups: dict[tuple, list[int]] = {}
    for index, spec in enumerate(specs):
        groups.setdefault(kind_of(spec), []).append(index)
    return groups


def _column(values: list, name: str):
    """A numeric column (array) or one shared value; raises if the values cannot stack."""
    first = values[0]
    if _is_number(first):
        if type(first) is float and all(type(v) is float for v in values):
            return np.asarray(values, dtype=float)
        if not all(_is_number(v) for v in values):
            raise ValueError(f"{name}: numbers mixed with other values cannot stack")
        if all(isinstance(v, numbers.Integral) for v in values):
            return np.asarray(values, dtype=np.int64)
        return np.asarray(values, dtype=float)
    if dataclasses.is_dataclass(first) and not isinstance(first, type):
        if all(v is first for v in values):
            return first
        return Columns(values)
    if any(_kind(v) != _kind(first) for v in values[1:]):
        raise ValueError(f"{name}: values of different kinds cannot stack "
                         f"({first!r} and others)")
    return first


class Columns:
    """Attribute view of B instances of one dataclass: numbers as arrays of shape (B,).

    Non-numeric fields must be equal across the instances and are shared; nested
    dataclasses stack recursively. A property of the class (e.g. a derived quantity of a
    catalog entry) is evaluated per instance and stacked when first read.
    """

    def __init__(self, items: Sequence):
        items = tuple(items)
        if not items:
            raise ValueError("nothing to stack")
        cls = type(items[0])
        if any(type(item) is not cls for item in items):
            raise ValueError(f"cannot stack instances of different types with {cls.__name__}")
        object.__setattr__(self, "items", items)
        object.__setattr__(self, "size", len(items))
        object.__setattr__(self, "cls", cls)
        for f in dataclasses.fields(cls):
            values = [getattr(item, f.name) for item in items]
            object.__setattr__(self, f.name, _column(values, f.name))

    def __getattr__(self, name: str):
        # only reached for names that are not fields: properties of the class
        if name.startswith("__") or not isinstance(getattr(self.cls, name, None), property):
            raise AttributeError(f"{self.cls.__name__} columns have no attribute {name!r}")
        value = _column([getattr(item, name) for item in self.items], name)
        object.__setattr__(self, name, value)
        return value

    def __setattr__(self, name, value):
        raise AttributeError("columns are read-only; use with_values()")

    def __len__(self) -> int:
        return self.size

    def with_values(self, changes: dict) -> Columns:
        """A copy with some fields replaced (arrays of shape (B,) or shared values).

        ``changes`` maps a field name, or ``"field.subfield"`` for a nested dataclass
        column, to its new value. Nothing is validated again (the sensitivity pass steps
        inputs within their valid ranges).
        """
        clone = object.__new__(type(self))
        clone.__dict__.update(self.__dict__)
        clone.__dict__.pop("_cache", None)
        nested: dict[str, dict] = {}
        for name, value in changes.items():
            head, _, rest = name.partition(".")
            if head not in {f.name for f in dataclasses.fields(self.cls)}:
                raise ValueError(f"{self.cls.__name__} has no field {head!r}")
            if rest:
                nested.setdefault(head, {})[rest] = value
            else:
                clone.__dict__[head] = value
        for head, sub in nested.items():
            column = self.__dict__[head]
            if not isinstance(column, Columns):
                column = Columns([column] * self.size)
            clone.__dict__[head] = column.with_values(sub)
        return clone



class SpecColumns(Columns):
    """B specs of one kind (:func:`kind_of`) as columns, with :class:`SatelliteSpec`'s
    accessors: :meth:`entry`, :meth:`value` and :attr:`rocket_factor` return arrays.

    Technology fields hold the resolved catalog entries (stacked), so ``entry(name)``
    and ``spec.<technology>`` agree.
    """

    def __init__(self, specs: Sequence[SatelliteSpec]):
        specs = tuple(specs)
        if not specs:
            raise ValueError("nothing to stack")
        super().__init__(specs)
        for name in _TECHNOLOGY_FIELDS:
            object.__setattr__(self, name, _column([s.entry(name) for s in specs], name))

    def entry(self, name: str):
        """The stacked catalog entry of a technology field (or the shared one)."""
        if name not in _TECHNOLOGY_FIELDS:
            raise ValueError(f"{name!r} is not a technology field")
        return self.__dict__[name]

    def value(self, name: str):
        """A numeric input [SI], resolving a field left at ``None`` to its catalog column."""
        own = self.__dict__[name]
        if own is not None:
            return own
        technology, field_name = _CATALOG_FIELDS[name]
        return getattr(self.entry(technology), field_name)

    @property
    def rocket_factor(self):
        """Wet mass / dry mass, exp(dv / (g0 Isp)) [-], shape (B,)."""
        return np.exp(np.asarray(self.delta_v, dtype=float)
                      / (_STANDARD_GRAVITY * np.asarray(self.specific_impulse, dtype=float)))

    def layout_of(self):
        """The shared layout (:meth:`SatelliteSpec.layout_of`; one per kind)."""
        return self.items[0].layout_of()


def stack(specs: Iterable[SatelliteSpec]) -> SpecColumns:
    """:class:`SpecColumns` of specs of one kind; raises ``ValueError`` for mixed kinds."""
    specs = list(specs)
    kinds = {kind_of(spec) for spec in specs}
    if len(kinds) > 1:
        raise ValueError(f"{len(kinds)} kinds of spec cannot stack; group them with "
                         "group_by_kind() first")
    return SpecColumns(specs)
