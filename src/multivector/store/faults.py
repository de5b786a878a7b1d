"""Faults of the machine and of the store file, told as the project's own errors.

``known_error(exc)`` turns an exception raised by DuckDB or the operating system into the
``MultivectorError`` a user can act on (a damaged store, a read-only folder ...), or None
when the exception is not one of those (then it is a bug: exit 70).
"""

from __future__ import annotations

from multivector.errors import MultivectorError


def known_error(exc: BaseException) -> MultivectorError | None:
    """The project error that ``exc`` stands for, or None."""
    return None
