"""Joint military exercises involving Russia, 2009-2018: one line per exercise and partner.

File: ``joint_military_exercises_involving_russia_long.csv`` (UTF-8, comma-separated):
``id, name, yr, partner`` — 278 lines for 99 exercises. ``name`` is the exercise's Russian
name as in the Russian reports it was coded from; ``partner`` an English country name
(resolved with the ``name`` scheme). The unchanged wide original, with the source links
of every exercise (Russian Ministry of Defence, Krasnaya Zvezda, RIA ...), ships beside it
and is not loaded: the long file is its melt.

Channel ``exercises`` is symmetric: every line gives two records, RUS -> partner and
partner -> RUS, each with value 1 (unit ``count_exercises``), so summing a dyad-year counts
its joint exercises. ``detail`` holds the exercise id, its name and its format:

* CSTO: the series Взаимодействие, Рубеж, Канал, Кобальт, Боевое братство, Нерушимое братство;
* SCO: Мирная миссия, Норак-Антитеррор, and names containing ШОС;
* CIS: Боевое содружество (joint air defence of the CIS);
* otherwise bilateral (one partner) or multilateral (several).

A series is matched at the start of the name, so 'Морское взаимодействие' (the
Russia-China naval series) is not taken for the CSTO's 'Взаимодействие'.

Coverage and traps: only exercises WITH Russia, 2009-2018, from an unattributed hand-coded
list (ids 84, 93 and 94 are absent). A pair of other states, or a year outside 2009-2018,
has no record: that is missing, not zero exercises. Exercise 55 (Bold Monarch 2011) lists
every NATO member although, by the source's own comment, not all took part; its records
carry that caveat in ``detail``.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date

from multivector.rejects import RowProblem
from multivector.sources.base import FileSpec, ParseContext, Source, parse_csv_rows
from multivector.sources.textfile import CsvRecord, read_csv
from multivector.sources.values import integer, is_missing, year

REQUIRED = ["id", "name", "yr", "partner"]
#: The state in every exercise of the file, named as the file names its partners: its code
#: comes from the crosswalk like theirs (it is the data's subject, not the hegemon parameter).
SUBJECT = "Russia"
SERIES = (
    ("CSTO", ("взаимодействие", "рубеж", "канал", "кобальт", "боевое братство", "нерушимое братство")),
    ("SCO", ("мирная миссия", "норак-антитеррор")),
    ("CIS", ("боевое содружество",)),
)
# Known outliers, by (id, name): what the original file's comment says about them.
CAVEATS = {
    (55, "Болд Монарх-2011"): "the source lists all NATO members; not all of them took part",
}


def exercise_format(name: str, partners: int) -> str:
    """CSTO, SCO or CIS by the series the name starts with; else bilateral or multilateral."""
    folded = name.strip().casefold()
    for label, starts in SERIES:
        if folded.startswith(starts):
            return label
    if "шос" in re.split(r"[\s\-–]+", folded):
        return "SCO"
    return "bilateral" if partners == 1 else "multilateral"


def parse_exercises(data: bytes, ctx: ParseContext):
    csv_file = read_csv(data, file_name=ctx.file_name, required=REQUIRED)
    partners = Counter(record.fields["id"].strip() for record in csv_file.records)

    def row(record: CsvRecord):
        f = record.fields
        exercise = integer(f["id"], "id")
        when = year(f["yr"], "yr", first=1992)
        name = f["name"].strip()
        if is_missing(f["partner"]):
            raise RowProblem("missing_value", "partner is empty", "partner")
        partner = ctx.resolver.resolve(f["partner"], "name", when, "partner")
        russia = ctx.resolver.resolve(SUBJECT, "name", when)
        detail = f"exercise {exercise}: {name} ({exercise_format(name, partners[f['id'].strip()])})"
        if (exercise, name) in CAVEATS:
            detail += f"; {CAVEATS[(exercise, name)]}"
        common = {
            "year": when,
            "channel": "exercises",
            "value": 1.0,
            "unit": "count_exercises",
            "is_estimate": False,
            "is_mirror": False,
            "detail": detail,
        }
        return (exercise, f["partner"].strip()), [
            {**common, "reporter": russia, "partner": partner},
            {**common, "reporter": partner, "partner": russia},
        ]

    return parse_csv_rows(csv_file, row)


SOURCE = Source(
    id="russia_exercises",
    title="Joint military exercises involving Russia, 2009-2018 (exercise-partner list)",
    publisher="unattributed compilation in the GitHub repository zleffel-afk/Visualization-of-NAM-country-data",
    citation="Joint Military Exercises Involving Russia, 2009-2018: hand-coded list of 99 exercises "
    "with their partner states, compiled from Russian Ministry of Defence news pages "
    "(structure.mil.ru), Krasnaya Zvezda (redstar.ru), RIA Novosti and others (sources per "
    "exercise in the file); GitHub repository zleffel-afk/Visualization-of-NAM-country-data, "
    "file 'Joint Military Exercises Involving Russia.csv', commit "
    "bba038e34b90ed2fa380b73bf7657f9239af3ac1 (2024-04-15).",
    licence="none stated; research data of unknown authorship: cite the per-exercise sources",
    url="https://github.com/zleffel-afk/Visualization-of-NAM-country-data",
    origin="zleffel-afk/Visualization-of-NAM-country-data @ bba038e34b90ed2fa380b73bf7657f9239af3ac1, "
    "Joint Military Exercises Involving Russia.csv (and its long form)",
    accessed=date(2026, 11, 21),
    version="bba038e3",
    year=2024,
    files=(
        FileSpec(
            "exercises/joint_military_exercises_involving_russia_long.csv",
            "flows",
            parse_exercises,
            uses_crosswalk=True,
        ),
    ),
)
