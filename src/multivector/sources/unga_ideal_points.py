"""UN General Assembly ideal points (Bailey, Strezhnev & Voeten), sessions 1-77, July 2023 release.

File ``IdealpointestimatesAll_Jul2023.csv``: comma-separated, fields quoted by R, one line per
state and session (11,045 lines). Columns: an unnamed R row number, ``ccode`` (COW code),
``session``, ``NVotesAll`` (votes the state cast in the session), ``IdealPointAll`` (the
estimate on the single "US-led liberal order" dimension; higher = closer to the United
States), ``QO%All`` ... ``Q100%All`` (quantiles of the posterior draws; ``QO%`` is the 0%
quantile, a typo in the source), ``iso3c`` and ``Countryname``.

Each line gives up to four ``state_values`` records: ``ideal_point``, ``ideal_point_q05`` and
``ideal_point_q95`` (the posterior 5% and 95% quantiles: the release has no standard error,
so the 90% interval is its measure of uncertainty) in unit ``bsv_jul2023_scale``, and
``unga_votes_cast`` (count). The scale is re-estimated jointly for all sessions in every
release: do not mix ideal points of different releases. A missing value is left out, the
rest of the line is kept.

Session to year: ``year = 1945 + session``, the calendar year in which the session opened
(session 1 opened in January 1946, every later one in September, so session 77 is
September 2022 to September 2023). A session's estimate covers votes of that year's autumn
and the next year's spring; the state is resolved in the opening year (COW 365 in session
46, opened 1991-09, is the USSR). Countries by ``ccode`` (scheme ``cow``); ``iso3c`` is not
used. Ukraine and Belarus have estimates from 1946 as Soviet republics, which are no states
before 1991-12-26: those lines are rejected as ``not_valid_in_year``, as are the Republic of
China's seat coded Taiwan (713) in sessions 1-3, India in session 1 and the sessions in which
a state was admitted before its opening year ended (Ghana, session 11; Mauritius, 22; Bosnia
and Herzegovina, 46): the opening-year rule places them before the state began.
"""

from __future__ import annotations

from datetime import date

from multivector.rejects import RowProblem
from multivector.sources.base import FileSpec, ParseContext, Source, parse_csv_rows
from multivector.sources.textfile import CsvRecord, read_csv
from multivector.sources.values import integer, optional_number

FIRST_SESSION_YEAR = 1945  # year = FIRST_SESSION_YEAR + session
SCALE = "bsv_jul2023_scale"
VARIABLES = {  # column -> (variable, unit, may be negative)
    "IdealPointAll": ("ideal_point", SCALE, True),
    "Q5%All": ("ideal_point_q05", SCALE, True),
    "Q95%All": ("ideal_point_q95", SCALE, True),
    "NVotesAll": ("unga_votes_cast", "count", False),
}
REQUIRED = ["ccode", "session", *VARIABLES]


def session_year(session: int) -> int:
    """The calendar year in which UNGA session ``session`` opened."""
    return FIRST_SESSION_YEAR + session


def parse_ideal_points(data: bytes, ctx: ParseContext):
    csv_file = read_csv(data, file_name=ctx.file_name, required=REQUIRED)

    def row(record: CsvRecord):
        f = record.fields
        session = integer(f["session"], "session")
        if session < 1:
            raise RowProblem("out_of_range", f"session {session} is not a UNGA session", "session")
        when = session_year(session)
        entity = ctx.resolver.resolve(f["ccode"], "cow", when, "ccode")
        records = []
        for column, (variable, unit, signed) in VARIABLES.items():
            value = optional_number(f[column], column, allow_negative=signed)
            if value is not None:
                records.append(
                    {
                        "entity": entity,
                        "year": when,
                        "variable": variable,
                        "value": value,
                        "unit": unit,
                        "is_estimate": False,
                        "detail": f"UNGA session {session}",
                    }
                )
        if not records:
            raise RowProblem("missing_value", "no ideal point and no vote count", "IdealPointAll")
        return (f["ccode"].strip(), session), records

    return parse_csv_rows(csv_file, row)


SOURCE = Source(
    id="unga_ideal_points",
    title="UN General Assembly ideal points, sessions 1-77 (IdealpointestimatesAll_Jul2023)",
    publisher="Michael A. Bailey, Anton Strezhnev and Erik Voeten (Harvard Dataverse)",
    author="Bailey, Michael A. and Strezhnev, Anton and Voeten, Erik",
    citation="Bailey, Michael A., Anton Strezhnev, and Erik Voeten. 2017. 'Estimating Dynamic State "
    "Preferences from United Nations Voting Data.' Journal of Conflict Resolution 61(2): "
    "430-456. Data file IdealpointestimatesAll_Jul2023, United Nations General Assembly "
    "Voting Data, Harvard Dataverse, hdl:1902.1/12379.",
    licence="CC0 1.0 (Harvard Dataverse); cite Bailey, Strezhnev and Voeten (2017)",
    url="https://dataverse.harvard.edu/dataset.xhtml?persistentId=hdl:1902.1/12379",
    origin="zleffel-afk/Visualization-of-NAM-country-data @ bba038e34b90ed2fa380b73bf7657f9239af3ac1, "
    "IdealpointestimatesAll_Jul2023.csv",
    accessed=date(2026, 11, 21),
    version="2023-07",
    year=2023,
    bibtex_type="article",
    files=(
        FileSpec(
            "unga-ideal-points/IdealpointestimatesAll_Jul2023.csv",
            "state_values",
            parse_ideal_points,
            uses_crosswalk=True,
        ),
    ),
)
