"""UN General Assembly ideal points (Bailey, Strezhnev & Voeten), calendar years 1946-2024, July 2025 release.

File ``IdealpointsJuly2025.dta``: a Stata file (format 118), one observation per state and
calendar year (11,440). Columns: ``ccode`` (COW code), ``iso3c``, ``countryname``, ``year``;
``idealpointfp`` (estimate from final-passage votes), ``idealpointall`` (from all votes,
paragraphs and amendments included), ``idealpointlegacy`` (session-based, no quantiles);
posterior quantiles ``qofp q5fp q10fp q50fp q90fp q95fp q100fp`` and the same with ``all``
(``qo`` is the 0% quantile); ``nvotesfp``, ``nvotesall``, ``nvotesLegacy`` (votes each
estimate rests on). No standard error: the 5% and 95% quantiles are the uncertainty.

This is the first release estimated per calendar YEAR, so 2022-2024 include the emergency
special sessions (ES-11 on Ukraine). Each observation gives up to eight ``state_values``
records: ``bsv2025_ideal_point_fp`` with ``_q05`` and ``_q95`` in unit ``bsv_jul2025_fp_scale``,
``bsv2025_ideal_point_all`` with ``_q05`` and ``_q95`` in unit ``bsv_jul2025_all_scale``, and
the counts ``bsv2025_votes_fp`` and ``bsv2025_votes_all``. The final-passage and all-votes
models are estimated separately, so each has its own unit; every release re-estimates its
scales, so these never mix with the July 2023 release (``unga_ideal_points``). A missing
value is left out and the rest of the observation kept: ``idealpointall`` is missing for
all of 2024. An observation with neither estimate nor count (17 hold only the legacy
estimate; 14 of them reach this check) is rejected as ``missing_value``, one whose estimate lies outside its own 5-95%
interval (a shifted column) as ``out_of_range``.

Countries by ``ccode`` (scheme ``cow``) in the calendar year, the entity of most of its days:
COW 365 in 1991 is the USSR, from 1992 Russia. Ukraine and Belarus, which have estimates
from 1946 as Soviet republics, are rejected as ``not_valid_in_year`` up to 1990, as are
codes the crosswalk does not hold in their year (the ROC seat coded 713 in 1946-48, India
1946, and three legacy-only observations). Their 1991 observations are stored as UKR and BLR
(the crosswalk maps COW 369 and 370 to nothing else), though cast by the Soviet republics.
``iso3c`` is not used.

Reading: pandas' Stata reader (pyreadr reads R files only). Values are turned into text so
that the project's value readers apply: a float32 cell is written as the shortest decimal
that reads back to the same float32 (``-0.8089999``, not ``-0.8089998960494995``), a
Stata missing value as empty. ``file_line`` is the observation number, 1 for the first.
"""

from __future__ import annotations

import io
import struct
from datetime import date

import numpy as np
import pandas as pd

from multivector.errors import BadInputFile
from multivector.rejects import RowProblem
from multivector.sources.base import FileSpec, ParseContext, Source, parse_csv_rows
from multivector.sources.textfile import CsvFile, CsvRecord
from multivector.sources.values import integer, optional_number

FIRST_YEAR = 1946  # the first UNGA votes
FP_SCALE, ALL_SCALE = "bsv_jul2025_fp_scale", "bsv_jul2025_all_scale"
ESTIMATES = {  # estimate column -> (variable, unit, 5% quantile column, 95% quantile column)
    "idealpointfp": ("bsv2025_ideal_point_fp", FP_SCALE, "q5fp", "q95fp"),
    "idealpointall": ("bsv2025_ideal_point_all", ALL_SCALE, "q5all", "q95all"),
}
COUNTS = {"nvotesfp": "bsv2025_votes_fp", "nvotesall": "bsv2025_votes_all"}
DETAILS = {
    "idealpointfp": "final-passage votes",
    "idealpointall": "all votes",
    "nvotesfp": "final-passage votes",
    "nvotesall": "all votes",
}
REQUIRED = ["ccode", "year", "idealpointfp", "q5fp", "q95fp", "idealpointall", "q5all", "q95all", *COUNTS]
_UNREADABLE = (ValueError, KeyError, IndexError, OverflowError, UnicodeDecodeError, struct.error)


def cell_text(value) -> str:
    """A cell as text: missing is empty, a float32 its shortest round-trip decimal."""
    if isinstance(value, (float, np.floating)) and np.isnan(value):
        return ""
    return str(value)


def read_dta(data: bytes, *, file_name: str, required: list[str]) -> CsvFile:
    """A Stata file as text records, one per observation; unreadable or short of a column: BadInputFile."""
    try:
        frame = pd.read_stata(io.BytesIO(data), convert_categoricals=False, convert_dates=False)
    except _UNREADABLE as exc:
        raise BadInputFile(
            f"{file_name}: not a readable Stata .dta file ({type(exc).__name__}: {exc})",
            "ship the file as released (Stata 118 format)",
        ) from None
    header = [str(name) for name in frame.columns]
    missing = [name for name in required if name not in header]
    if missing:
        raise BadInputFile(
            f"{file_name}: missing column(s) {', '.join(missing)}",
            f"the file must have {', '.join(required)}; it has {', '.join(header)}",
        )
    text = pd.DataFrame({name: [cell_text(v) for v in frame[name].to_numpy()] for name in header})
    raws = text.to_csv(index=False, header=False, lineterminator="\n").splitlines()
    result = CsvFile(
        header=header,
        header_line=0,
        rows_in=len(text),
        ignored_columns=[name for name in header if name not in required],
    )
    rows = text.itertuples(index=False, name=None)
    for number, (raw, cells) in enumerate(zip(raws, rows, strict=True), start=1):
        result.records.append(CsvRecord(number, raw, dict(zip(header, cells, strict=True))))
    return result


def estimate_values(f: dict[str, str], column: str) -> list[tuple[str, float, str]]:
    """(variable, value, unit) of an estimate and its quantiles; none if the estimate is missing."""
    variable, unit, q05, q95 = ESTIMATES[column]
    point = optional_number(f[column], column, allow_negative=True)
    if point is None:
        return []
    low = optional_number(f[q05], q05, allow_negative=True)
    high = optional_number(f[q95], q95, allow_negative=True)
    if low is not None and high is not None and not low <= point <= high:
        raise RowProblem(
            "out_of_range",
            f"{column} {point} lies outside its interval {q05} {low} to {q95} {high}",
            column,
            "check that the columns are not shifted",
        )
    found = [(variable, point, unit), (f"{variable}_q05", low, unit), (f"{variable}_q95", high, unit)]
    return [(name, value, unit) for name, value, unit in found if value is not None]


def parse_ideal_points(data: bytes, ctx: ParseContext):
    dta = read_dta(data, file_name=ctx.file_name, required=REQUIRED)

    def row(record: CsvRecord):
        f = record.fields
        when = integer(f["year"], "year")
        if when < FIRST_YEAR:
            raise RowProblem("out_of_range", f"year {when} is before the first UNGA votes ({FIRST_YEAR})", "year")
        entity = ctx.resolver.resolve(f["ccode"], "cow", when, "ccode")
        found = [
            (variable, value, unit, column)
            for column in ESTIMATES
            for variable, value, unit in estimate_values(f, column)
        ]
        for column, variable in COUNTS.items():
            count = optional_number(f[column], column)
            if count is not None:
                found.append((variable, count, "count", column))
        if not found:
            raise RowProblem(
                "missing_value", "no final-passage or all-votes estimate and no vote count", "idealpointfp"
            )
        records = [
            {
                "entity": entity,
                "year": when,
                "variable": variable,
                "value": value,
                "unit": unit,
                "is_estimate": False,
                "detail": f"UNGA {DETAILS[column]}, calendar year {when}",
            }
            for variable, value, unit, column in found
        ]
        return (f["ccode"].strip(), when), records

    return parse_csv_rows(dta, row)


SOURCE = Source(
    id="unga_ideal_points_2025",
    title="UN General Assembly ideal points by calendar year, 1946-2024 (IdealpointsJuly2025)",
    publisher="Michael A. Bailey, Anton Strezhnev and Erik Voeten (Harvard Dataverse)",
    author="Bailey, Michael A. and Strezhnev, Anton and Voeten, Erik",
    citation="Bailey, Michael A., Anton Strezhnev, and Erik Voeten. 2017. 'Estimating Dynamic State "
    "Preferences from United Nations Voting Data.' Journal of Conflict Resolution 61(2): "
    "430-456. Data file IdealpointsJuly2025 (codebook of 2025-07-28), Erik Voeten, United "
    "Nations General Assembly Voting Data, Harvard Dataverse, hdl:1902.1/12379. Votes from "
    "Fjelstul, Joshua C., Simon Hug, and Christopher Kilby. 2025. 'Decision-making in the "
    "United Nations General Assembly: A comprehensive database of resolutions, decisions, "
    "and votes.' Review of International Organizations.",
    licence="Harvard Dataverse default waiver (CC0 1.0) as far as known, not verified; cite Bailey, "
    "Strezhnev and Voeten (2017) and Fjelstul, Hug and Kilby (2025); the copying repository "
    "states no licence",
    url="https://dataverse.harvard.edu/dataset.xhtml?persistentId=hdl:1902.1/12379",
    origin="lucasbuildsapps/Masterthesis @ 5298218d5b57e5b09223b124b25c03dc37ed646e, IdealpointsJuly2025.dta",
    accessed=date(2026, 12, 4),
    version="2025-07",
    year=2025,
    bibtex_type="article",
    files=(
        FileSpec(
            "unga-ideal-points-2025/IdealpointsJuly2025.dta", "state_values", parse_ideal_points, uses_crosswalk=True
        ),
    ),
)
