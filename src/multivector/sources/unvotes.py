"""UN General Assembly roll calls and votes 1946-2019 (Voeten's data as packaged in R ``unvotes``).

Three CSV files, straight conversions of the package's ``.rda`` data (comma-separated, UTF-8,
one line per record; the two large ones gzipped):

* ``un_roll_calls.csv.gz``: one line per roll call, ``rcid, session, importantvote, date,
  unres, amend, para, short, descr`` (6,203 lines, sessions 1-74, dated 1946-01-01 to
  2020-01-14). Loaded into ``un_roll_calls``; ``short_title`` is ``short``, or ``descr`` where
  the packager left ``short`` empty (573 roll calls); ``year`` is the calendar year of ``date``.
  ``rcid`` is the packager's numbering, not Voeten's ``resid`` (session x 1000 + number) used
  by ``unga_votes_fpsim``: the two sources' roll calls cannot be joined on it.
* ``un_roll_call_issues.csv``: ``rcid, short_name, issue``, one line per roll call and
  Voeten issue code (``me nu di hr co ec``; a roll call has 0-n). The roll-call parser reads
  this companion file and stores the codes of each roll call, comma-separated in the fixed
  order me, nu, di, hr, co, ec, in ``issue``; NULL means none of the six. The issues file's
  own run checks each line (known code, label that matches the code, a roll call to attach
  to) and writes no records of its own: a loaded line is one whose code is in ``issue``.
* ``un_votes.csv.gz``: one line per country and roll call, ``rcid, country, country_code,
  vote`` (870,109 lines); ``vote`` is yes / no / abstain, absences were dropped by the
  packager. Loaded into ``un_votes`` with ``year`` = the calendar year of the roll call (read
  from the roll calls loaded just before).

Countries: by ``country_code`` (ISO 3166 alpha-2, scheme ``iso2``); the three names the
packager left without a code (Yemen Arab Republic, Zanzibar, Federal Republic of Germany)
by ``country`` (scheme ``name``). A code is resolved in the roll call's year and the entity
must have existed on the roll call's date (``voter_on``). Traps, all rejected rather than
re-assigned (``not_valid_in_year`` unless said otherwise):

* the USSR's votes 1946-1991 are coded Russia / RU, and Ukraine and Belarus vote from 1946 as
  Soviet republics; Russia, Ukraine and Belarus begin on 1991-12-26, after the last roll call
  of 1991 (for Soviet votes use ``unga_votes_fpsim``, whose COW 365 is the USSR until 1991);
* Serbia and Montenegro after 2003 and Serbia after 2006 keep the code YU; unified Yemen's
  votes of late 1990 are under "Yemen Arab Republic";
* the Republic of China's seat to 1949 is coded Taiwan; India and the Philippines vote in
  1946-47 before independence; a few votes are dated days before the voter's independence
  (Tanganyika 1961, Uganda 1962, Kenya and Zanzibar 1963, Fiji 1970, Qatar 1971,
  Guinea-Bissau 1974).

"Federal Republic of Germany" (West Germany 1973-1990) resolves to DEU through the crosswalk.

Ingest time: about 20 s for the 870,109 vote lines, nearly all of it in the line-true reader
and the ingest's bookkeeping; every state is kept, since agreement with a partner needs all
partners' votes.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from multivector.errors import DataFileMissing
from multivector.rejects import RowProblem
from multivector.sources.base import FileSpec, ParseContext, Source, parse_csv_rows
from multivector.sources.textfile import CsvRecord, read_csv
from multivector.sources.values import integer, is_missing, iso_date

ISSUES = {
    "me": "Palestinian conflict",
    "nu": "Nuclear weapons and nuclear material",
    "di": "Arms control and disarmament",
    "hr": "Human rights",
    "co": "Colonialism",
    "ec": "Economic development",
}
ISSUES_FILE = "un_roll_call_issues.csv"
ROLL_CALLS = "unvotes/un_roll_calls.csv.gz"
VOTES = frozenset({"yes", "no", "abstain"})


def issue_code(f: dict[str, str]) -> str:
    code = f["short_name"].strip()
    if code not in ISSUES:
        raise RowProblem("cast_error", f"short_name {code!r} is not one of {', '.join(ISSUES)}", "short_name")
    if f["issue"].strip() != ISSUES[code]:
        raise RowProblem(
            "cast_error", f"issue {f['issue'].strip()!r} is not the label of {code!r} ({ISSUES[code]!r})", "issue"
        )
    return code


def _issues_by_roll_call(ctx: ParseContext) -> dict[int, str]:
    """The issue codes of each roll call, from the companion file beside the roll calls."""
    path = Path(ctx.path).parent / ISSUES_FILE if ctx.path else None
    if path is None or not path.is_file():
        raise DataFileMissing(
            f"{ISSUES_FILE} is not beside {ctx.file_name}",
            "ship the issues file of the same unvotes release with the roll calls",
        )
    codes: dict[int, set[str]] = {}
    issues = read_csv(path.read_bytes(), file_name=ISSUES_FILE, required=["rcid", "short_name", "issue"])
    for record in issues.records:
        try:
            codes.setdefault(integer(record.fields["rcid"], "rcid"), set()).add(issue_code(record.fields))
        except RowProblem:
            continue  # the issues file's own run rejects the line
    return {rcid: ",".join(c for c in ISSUES if c in found) for rcid, found in codes.items()}


def parse_roll_calls(data: bytes, ctx: ParseContext):
    csv_file = read_csv(data, file_name=ctx.file_name, required=["rcid", "session", "date", "short", "descr"])
    issues = _issues_by_roll_call(ctx)

    def row(record: CsvRecord):
        f = record.fields
        rcid = integer(f["rcid"], "rcid")
        session = integer(f["session"], "session")
        when = iso_date(f["date"], "date")
        if when is None:
            raise RowProblem("missing_value", "date is missing", "date")
        title = f["short"].strip() or f["descr"].strip() or None
        return (rcid,), [
            {
                "rcid": rcid,
                "session": session,
                "vote_date": when,
                "year": when.year,
                "short_title": title,
                "issue": issues.get(rcid),
            }
        ]

    return parse_csv_rows(csv_file, row)


def _roll_call_dates(ctx: ParseContext) -> dict[int, date]:
    return dict(
        ctx.store.con.execute("SELECT rcid, vote_date FROM un_roll_calls WHERE source_id = ?", [SOURCE_ID]).fetchall()
    )


def parse_issues(data: bytes, ctx: ParseContext):
    csv_file = read_csv(data, file_name=ctx.file_name, required=["rcid", "short_name", "issue"])
    roll_calls = _roll_call_dates(ctx)

    def row(record: CsvRecord):
        rcid = integer(record.fields["rcid"], "rcid")
        code = issue_code(record.fields)
        if rcid not in roll_calls:
            raise RowProblem("out_of_range", f"rcid {rcid} is not a loaded roll call", "rcid")
        return (rcid, code), []  # stored as the roll call's issue, not as a record of its own

    return parse_csv_rows(csv_file, row)


def parse_votes(data: bytes, ctx: ParseContext):
    csv_file = read_csv(data, file_name=ctx.file_name, required=["rcid", "country", "country_code", "vote"])
    dates = {str(rcid): when for rcid, when in _roll_call_dates(ctx).items()}
    resolve = voter_on(ctx)

    def row(record: CsvRecord):
        f = record.fields
        when = dates.get(f["rcid"])
        if when is None:
            rcid = integer(f["rcid"], "rcid")
            raise RowProblem("out_of_range", f"rcid {rcid} is not a loaded roll call", "rcid")
        vote = f["vote"]
        if vote not in VOTES:
            if is_missing(vote):
                raise RowProblem("missing_value", "vote is missing", "vote")
            raise RowProblem("cast_error", f"vote {vote!r} is not yes, no or abstain", "vote")
        scheme, column = ("iso2", "country_code") if f["country_code"] else ("name", "country")
        entity = resolve(f[column], scheme, when, column)
        rcid = int(f["rcid"])
        return (rcid, f["country"]), [{"rcid": rcid, "year": when.year, "entity": entity, "vote": vote}]

    return parse_csv_rows(csv_file, row)


def voter_on(ctx: ParseContext):
    """Resolve a country code as of a vote's date: ``resolve(value, scheme, when, column)``.

    The resolver works by year and gives a code the entity it denoted for most of the year,
    or its only entity even for a few days: Serbia (from 2006-06-05) for COW 345 in March 2006,
    Ukraine (from 1991-12-26) for the Ukrainian SSR in October 1991. A vote has a date, so an
    entity that did not exist on it is replaced by the code's entity of the neighbouring year
    if that one existed on the date (Serbia and Montenegro), and rejected otherwise.

    Answers are remembered by value, scheme, date and column (a vote file asks about some
    hundred thousand of these for nearly a million lines); a remembered problem is kept
    without its traceback, which would keep the frames of the parse alive.
    """
    resolve = ctx.resolver.resolve
    spans = {
        e.entity: (e.valid_from or date.min, e.valid_to or date.max, e.successor_of)
        for e in ctx.resolver.entities.values()
    }
    answers: dict[tuple, str | RowProblem] = {}

    def on_date(value: str, scheme: str, when: date, column: str) -> str:
        entity = resolve(value, scheme, when.year, column)
        start, end, before = spans[entity]
        if start <= when <= end:
            return entity
        try:
            other = resolve(value, scheme, when.year + (-1 if when < start else 1), column)
        except RowProblem:
            other = None
        if other is not None and spans[other][0] <= when <= spans[other][1]:
            return other
        existed = f"{start} to {'today' if end == date.max else end}"
        suggestion = f"on {when} the territory belonged to {before}" if before and when < start else None
        raise RowProblem(
            "not_valid_in_year",
            f"{value!r} denotes {entity} in {when.year}, which did "
            f"not exist on the vote's date {when} (it existed {existed})",
            column,
            suggestion,
        )

    def on(value: str, scheme: str, when: date, column: str) -> str:
        key = (value, scheme, when, column)
        found = answers.get(key)
        if found is None:
            try:
                found = on_date(value, scheme, when, column)
            except RowProblem as problem:
                found = problem.with_traceback(None)
            answers[key] = found
        if isinstance(found, RowProblem):
            raise RowProblem(found.reason, found.message, found.column, found.suggestion)
        return found

    return on


SOURCE_ID = "unvotes"
SOURCE = Source(
    id=SOURCE_ID,
    title="United Nations General Assembly Voting Data, sessions 1-74 (1946-2019), as packaged in "
    "the R package unvotes",
    publisher="Erik Voeten (data); David Robinson (R package unvotes)",
    author="Voeten, Erik",
    citation="Voeten, Erik, Anton Strezhnev, and Michael Bailey. United Nations General Assembly "
    "Voting Data. Harvard Dataverse, hdl:1902.1/12379. Voeten, Erik. 2013. 'Data and "
    "Analyses of Voting in the United Nations General Assembly.' In Routledge Handbook of "
    "International Organization, edited by Bob Reinalda, 54-66. Routledge. As packaged in: "
    "Robinson, David. unvotes: United Nations General Assembly Voting Data, R package "
    "(data of CRAN release 0.3.0).",
    licence="R package unvotes: MIT (c) 2016 David Robinson; Voeten's Dataverse data: CC0 1.0",
    url="https://github.com/dgrtwo/unvotes",
    origin="dgrtwo/unvotes @ 7eb7034314ff79c49c9e0785fcd9d216fa04cf14, data/un_roll_calls.rda, "
    "data/un_roll_call_issues.rda, data/un_votes.rda (as CSV)",
    accessed=date(2026, 11, 21),
    version="0.3.0",
    year=2021,
    files=(
        FileSpec(ROLL_CALLS, "un_roll_calls", parse_roll_calls, depends_on=(f"unvotes/{ISSUES_FILE}",)),
        FileSpec(f"unvotes/{ISSUES_FILE}", "un_roll_calls", parse_issues, depends_on=(ROLL_CALLS,)),
        FileSpec("unvotes/un_votes.csv.gz", "un_votes", parse_votes, uses_crosswalk=True, depends_on=(ROLL_CALLS,)),
    ),
)
