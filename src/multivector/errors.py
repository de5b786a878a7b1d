"""One base error; each subclass has a slug, a message and a hint that says how to fix it."""

from __future__ import annotations


class MultivectorError(Exception):
    """Base of every error the project raises on purpose.

    ``str(error)`` is one line: ``message (hint)``; the CLI prints it on stderr.
    """

    slug = "error"
    exit_code = 1

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def one_line(self) -> str:
        text = f"{self.slug}: {self.message}"
        return f"{text} — {self.hint}" if self.hint else text

    def __str__(self) -> str:
        return self.one_line()


class BadInputFile(MultivectorError):
    """A whole file cannot be read (missing columns, no header, unreadable)."""

    slug = "bad-input-file"
    exit_code = 2


class UnknownSource(MultivectorError):
    slug = "unknown-source"
    exit_code = 2


class BadSetting(MultivectorError):
    slug = "bad-setting"
    exit_code = 2


class StoreMissing(MultivectorError):
    slug = "store-missing"
    exit_code = 3


class UnknownState(MultivectorError):
    slug = "unknown-state"
    exit_code = 2


class StoreOutdated(MultivectorError):
    slug = "store-outdated"
    exit_code = 3


class StoreBusy(MultivectorError):
    slug = "store-busy"
    exit_code = 3


class DataFileMissing(MultivectorError):
    slug = "data-file-missing"
    exit_code = 3


class CuratedDataInvalid(MultivectorError):
    """A curated data file breaks its rules; the message lists every offender at once."""

    slug = "curated-data-invalid"
    exit_code = 3


class CountNotBalanced(MultivectorError):
    """An ingest whose counts do not add up; a bug, never stored."""

    slug = "counts-not-balanced"
    exit_code = 70


class UnknownChannel(MultivectorError):
    slug = "unknown-channel"
    exit_code = 2


class NoData(MultivectorError):
    """The store has no rows for what was asked (a state, channel and window)."""

    slug = "no-data"
    exit_code = 2


class BadOption(MultivectorError):
    slug = "bad-option"
    exit_code = 2


class UnknownTable(MultivectorError):
    slug = "unknown-table"
    exit_code = 2


class UnknownFormat(MultivectorError):
    slug = "unknown-format"
    exit_code = 2


class NotExportable(MultivectorError):
    """The data do not fit the chosen file format (Excel's row limit, a type Stata lacks ...)."""

    slug = "not-exportable"
    exit_code = 2


class BadShock(MultivectorError):
    """A scenario shock option that cannot be read (``YEAR:kappa=F,rho=R;YEAR:...``)."""

    slug = "bad-shock"
    exit_code = 2


class UnknownRoute(MultivectorError):
    """A route name or id matches no export line of the state and commodity in operation."""

    slug = "unknown-route"
    exit_code = 2


class AmbiguousRoute(MultivectorError):
    """A route name matches lines of more than one route; the message lists them."""

    slug = "ambiguous-route"
    exit_code = 2


class UnknownCommodity(MultivectorError):
    slug = "unknown-commodity"
    exit_code = 2


class StoreIncomplete(MultivectorError):
    """The store comes from a build that did not finish (killed, failed or still running)."""

    slug = "store-incomplete"
    exit_code = 3


class StoreCorrupt(MultivectorError):
    """DuckDB cannot read the store file: truncated, not a database, or a checksum mismatch."""

    slug = "store-corrupt"
    exit_code = 3


class EnvironmentFault(MultivectorError):
    """The machine stands in the way: a folder that is read-only, a file where a folder belongs ..."""

    slug = "environment"
    exit_code = 3


class OutputRefused(MultivectorError):
    """An output path that is not a regular file (a device, FIFO, socket or folder)."""

    slug = "output-refused"
    exit_code = 2


class OutputNotWritable(MultivectorError):
    """Writing an output failed (no space, permission, read-only file system); no part of it is left."""

    slug = "output-not-written"
    exit_code = 3


class DataQualityFailed(MultivectorError):
    """``build --strict`` found files beyond the data-quality gates; the store was not changed."""

    slug = "data-quality"
    exit_code = 2


class MultivectorWarning(UserWarning):
    """Something the user should know that does not stop the command (one line on stderr).

    Raised with ``warnings.warn(MultivectorWarning(message, hint, slug))``; the CLI prints
    ``warning <slug>: message — hint``.
    """

    slug = "note"

    def __init__(self, message: str, hint: str = "", slug: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        if slug is not None:
            self.slug = slug

    def one_line(self) -> str:
        text = f"{self.slug}: {self.message}"
        return f"{text} — {self.hint}" if self.hint else text

    def __str__(self) -> str:
        return self.one_line()
