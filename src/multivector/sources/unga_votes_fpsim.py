"""UN General Assembly votes by COW state code, 1946-2024 (Voeten's completeVotes via svmiller/fpsim).

File ``unga_votes_1946_2022_ccode.csv.gz``: comma-separated, one line per state and roll call,
``resid, ccode, iso3, date, year, vote`` (855,890 lines). It is Voeten's ``completeVotes`` as
Steven Miller sliced it by year for fpsim (only states with a COW code and UN membership,
votes 1 = yes, 2 = abstain, 3 = no; absences dropped), decoded from R ``qs2`` files and
stacked. Loaded into ``un_votes`` (vote yes / abstain / no); roll calls are not loaded, see below.

Countries: ``ccode`` (scheme ``cow``) resolved in the roll call's calendar year, and the entity
must have existed on the roll call's date (``unvotes.voter_on``; COW 345 in March 2006 is
Serbia and Montenegro, not Serbia). COW 365 is the USSR until 1991 and Russia after (the
file's ``iso3`` column, added by the converter, says RUS for both and is not used). Miller's
script already dropped the Soviet-era votes of Ukraine and Belarus to 1990, moved 1990 West
German and North Yemen votes to unified Germany and Yemen, and split China's seat (710 to
1949, 713 Taiwan to 1971).

Traps handled:

* ``year`` is Voeten's session year, not the calendar year: it lags the date by one or two
  years for 16,694 votes (the 87 roll calls numbered 78001-78087, dated 2023-08 to 2024-06,
  are labelled 2022), so it is not used. ``year`` in the store is the calendar year of the
  roll call's date.
* ``resid`` is Voeten's session x 1000 + sequence number (1001 = session 1, first roll call);
  it is not the ``rcid`` of the ``unvotes`` source: never join the two on it.
* 23 roll calls carry one to three lines whose date differs from the other votes' (e.g. resid
  78056: 161 votes dated 2024-06-04, 3 dated 2023-12-04). The roll call's date is the date most
  of its lines give; every vote of a roll call gets that date. Dates tied between lines would
  reject the roll call's lines (``conflicting_duplicate``); none do.
* 3 (resid, ccode) pairs are repeated with another date and the same vote: deduplicated.
* Rejected as ``not_valid_in_year``: the Ukrainian and Belarusian SSRs' votes of October to
  December 1991 (Ukraine and Belarus begin 1991-12-26), India's and the Philippines' votes
  of 1946-47 before independence, and a few votes dated days before the voter's independence
  (Tanganyika 1961, Uganda 1962, Kenya and Zanzibar 1963, Fiji 1970, Qatar 1971,
  Guinea-Bissau 1974).

Ingest time: about 20 s for 855,890 lines, nearly all in the line-true reader and the
ingest's bookkeeping; every state is kept.

No titles, sessions or issue codes are in the file. The dates are, but a second reading of the
same file into ``un_roll_calls`` is not possible (the ingest keys runs and rejects by file), so
roll-call dates are not stored; ``unvotes`` has roll calls with dates and issues to 2019.
"""

from __future__ import annotations

from collections import Counter
from datetime import date

from multivector.rejects import RowProblem
from multivector.sources.base import FileSpec, ParseContext, Source, parse_csv_rows
from multivector.sources.textfile import CsvRecord, read_csv
from multivector.sources.unvotes import voter_on
from multivector.sources.values import integer, iso_date

VOTES = {"1": "yes", "2": "abstain", "3": "no"}
REQUIRED = ["resid", "ccode", "date", "vote"]


def roll_call_dates(records: list[CsvRecord]) -> dict[str, date | str]:
    """Each resid's date: the date most of its lines give (a message when two dates tie)."""
    lines_per_date = Counter((r.fields["resid"], r.fields["date"].strip()) for r in records)
    counts: dict[str, dict[str, int]] = {}
    for (resid, day), n in lines_per_date.items():
        if day:
            counts.setdefault(resid, {})[day] = n
    dates: dict[str, date | str] = {}
    for resid, counted in counts.items():
        top = max(counted.values())
        modal = sorted(d for d, n in counted.items() if n == top)
        try:
            dates[resid] = (
                date.fromisoformat(modal[0])
                if len(modal) == 1
                else f"resid {resid} is dated {' and '.join(modal)} by equally many lines"
            )
        except ValueError:
            dates[resid] = f"resid {resid} is dated {modal[0]!r} by most lines, not a date"
    return dates


def parse_votes(data: bytes, ctx: ParseContext):
    csv_file = read_csv(data, file_name=ctx.file_name, required=REQUIRED)
    dates = roll_call_dates(csv_file.records)
    resolve = voter_on(ctx)
    read_dates: set[str] = set()  # date texts already read as dates

    def row(record: CsvRecord):
        f = record.fields
        resid = integer(f["resid"], "resid")
        if f["date"] not in read_dates:
            if iso_date(f["date"], "date") is None:
                raise RowProblem("missing_value", "date is missing", "date")
            read_dates.add(f["date"])
        when = dates[f["resid"]]
        if isinstance(when, str):
            raise RowProblem("conflicting_duplicate", when, "date")
        vote = VOTES.get(f["vote"].strip())
        if vote is None:
            code = integer(f["vote"], "vote")
            raise RowProblem("out_of_range", f"vote {code} is not 1 (yes), 2 (abstain) or 3 (no)", "vote")
        ccode = f["ccode"].strip()
        entity = resolve(ccode, "cow", when, "ccode")
        return (resid, ccode), [{"rcid": resid, "year": when.year, "entity": entity, "vote": vote}]

    return parse_csv_rows(csv_file, row)


SOURCE = Source(
    id="unga_votes_fpsim",
    title="United Nations General Assembly Voting Data (completeVotes), votes by COW code, "
    "1946-2024, as prepared in svmiller/fpsim",
    publisher="Erik Voeten, Anton Strezhnev and Michael Bailey (data); Steven V. Miller (fpsim)",
    author="Voeten, Erik and Strezhnev, Anton and Bailey, Michael",
    citation="Voeten, Erik, Anton Strezhnev, and Michael Bailey. United Nations General Assembly "
    "Voting Data. Harvard Dataverse, hdl:1902.1/12379 (release including session 77). "
    "As prepared by Steven V. Miller in the R package fpsim (Measures of Dyadic Foreign "
    "Policy Similarity), data-raw/un, https://github.com/svmiller/fpsim.",
    licence="Voeten's Dataverse data: CC0 1.0; the fpsim repository states no licence",
    url="https://dataverse.harvard.edu/dataverse/Voeten",
    origin="svmiller/fpsim @ 87d29f4b0921b24f97856541bb3a856a81706144, data-raw/un/y1946.qs ... "
    "y2022.qs (decoded and stacked as one CSV)",
    accessed=date(2026, 11, 21),
    version="completeVotes to 2024-06 (fpsim 2025-07-25)",
    year=2025,
    files=(FileSpec("unga-fpsim/unga_votes_1946_2022_ccode.csv.gz", "un_votes", parse_votes, uses_crosswalk=True),),
)
