"""The one error family of thermaldesign.

Every public function raises one of these, never a bare traceback from deep inside numpy,
scipy or cvxpy. :class:`InputError` is also a :class:`ValueError`, so code written against
the usual Python convention keeps working.
"""

from __future__ import annotations

__all__ = [
    "CatalogError",
    "ClosureError",
    "InfeasibleDesignError",
    "InputError",
    "SolverError",
    "StudyFileError",
    "ThermalDesignError",
]


class ThermalDesignError(Exception):
    """Base class of every error thermaldesign raises on purpose."""


class InputError(ThermalDesignError, ValueError):
    """An input is of the wrong type, not finite, or outside its valid range.

    The message names the parameter, the value given and the valid range.
    """


class InfeasibleDesignError(ThermalDesignError):
    """No design satisfies the constraints; the message says which to relax and by how much.

    Attributes
    ----------
    relaxations : dict[str, float]
        Constraint name -> factor (>= 1) by which it must be relaxed for a design to close.
    """

    def __init__(self, message: str, relaxations: dict[str, float] | None = None):
        super().__init__(message)
        self.relaxations = dict(relaxations or {})


class SolverError(ThermalDesignError):
    """Every solver in the fallback order failed or returned an inaccurate answer."""


class ClosureError(SolverError):
    """A solver's "optimal" design fails the independent physics re-check (closure)."""


class CatalogError(ThermalDesignError, LookupError):
    """A catalog entry is unknown, or a catalog file is malformed or lacks provenance."""


class StudyFileError(ThermalDesignError):
    """A study or spec file is invalid; names the file, the line and the key.

    Attributes
    ----------
    file, line, key : str | None, int | None, str | None
        Where the problem is; ``None`` where not known.
    """

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        key: str | None = None,
    ):
        where = ", ".join(
            part
            for part in (
                f"file {file}" if file else "",
                f"line {line}" if line else "",
                f"key '{key}'" if key else "",
            )
            if part
        )
        super().__init__(f"{where}: {message}" if where else message)
        self.file, self.line, self.key = file, line, key
