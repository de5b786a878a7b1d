"""AidData Global Chinese Development Finance 3.0: commitments by recipient-year, 2000-2021.

Reads the recipient-year aggregates of the odadata R package (``cow_gcdf.csv``):
``ccode`` (COW code of the recipient), ``year`` (commitment year) and, per flow class,
the commitment summed over AidData's projects recommended for aggregates, in constant
2021 US dollars (dollars, not millions): ``oof_*`` OOF-like (loans at or near market
terms, export credits), ``oda_*`` ODA-like, ``vof_*`` vague official finance; ``*_amt``
is AidData's amount, ``*_adj`` its adjusted amount, the one recommended for totals over
years (see the GCDF 3.0 codebook). The two are equal for Central Asia; they part where
credit lines are renewed year after year (Argentina, Mongolia, Pakistan), and there the
amount can be many times the adjusted amount.

One line gives one ``development_finance`` flow: reporter = the recipient, partner =
China, unit ``usd_2021_constant``, value = the adjusted total of the three classes;
the detail names the class parts (adjusted and unadjusted). One record per class is not
possible: the flows key (line, channel, reporter, partner, year) allows one record per
line and dyad-year.

Traps handled:

* A recipient-year row exists only where AidData recorded at least one project; a 0 in
  it is either a class without projects (the package author's fill) or projects whose
  amount AidData does not know (R's ``sum(na.rm = TRUE)`` of missing amounts). The file
  cannot tell the two apart, so a 0 is never stored: a class at 0 is named as "none
  recorded" in the detail, and a line whose adjusted classes are all 0 is rejected as
  ``missing_value``. A recipient-year without a row is missing, not zero.
* COW codes resolve in the commitment year: South Sudan (626) projects committed
  before its independence (2007-2010) are rejected as ``not_valid_in_year``.
* ``gw_gcdf.csv`` (Gleditsch-Ward codes) holds the same projects again and is not
  loaded; ``gcdf_parser("gwcode", "gw")`` reads it if a user prefers it.
"""

from __future__ import annotations

from datetime import date

from multivector.rejects import RowProblem
from multivector.sources.base import FileSpec, ParseContext, Parser, Source, parse_csv_rows
from multivector.sources.textfile import CsvRecord, read_csv
from multivector.sources.values import number, year

CLASSES = ("oof", "oda", "vof")
AMOUNTS = [f"{flow_class}_{kind}" for flow_class in CLASSES for kind in ("amt", "adj")]
LENDER = "CHN"


def _part(flow_class: str, value: float) -> str:
    return f"{flow_class} {value:.0f}" if value else f"{flow_class} none recorded"


def gcdf_parser(code_column: str = "ccode", scheme: str = "cow") -> Parser:
    """A parser for the odadata GCDF aggregates whose recipients are in ``scheme``."""
    required = [code_column, "year", *AMOUNTS]

    def parse(data: bytes, ctx: ParseContext):
        csv_file = read_csv(data, file_name=ctx.file_name, required=required)

        def row(record: CsvRecord):
            f = record.fields
            when = year(f["year"], "year")
            recipient = ctx.resolver.resolve(f[code_column], scheme, when, code_column)
            amounts = {column: number(f[column], column) for column in AMOUNTS}
            adjusted = {c: amounts[f"{c}_adj"] for c in CLASSES}
            unadjusted = {c: amounts[f"{c}_amt"] for c in CLASSES}
            total = sum(adjusted.values())
            if total == 0:
                raise RowProblem(
                    "missing_value",
                    f"no adjusted amount recorded in any flow class (unadjusted total {sum(unadjusted.values()):.0f})",
                    "oof_adj",
                )
            detail = "commitments, adjusted: " + ", ".join(_part(c, v) for c, v in adjusted.items())
            detail += (
                "; unadjusted the same"
                if unadjusted == adjusted
                else "; unadjusted: " + ", ".join(_part(c, v) for c, v in unadjusted.items())
            )
            return (f[code_column].strip(), when), [
                {
                    "year": when,
                    "reporter": recipient,
                    "partner": LENDER,
                    "channel": "development_finance",
                    "value": total,
                    "unit": "usd_2021_constant",
                    "is_estimate": False,
                    "is_mirror": False,
                    "detail": detail,
                }
            ]

        return parse_csv_rows(csv_file, row)

    return parse


SOURCE = Source(
    id="aiddata_gcdf",
    title="AidData Global Chinese Development Finance Dataset 3.0: commitments by recipient-year 2000-2021",
    publisher="AidData at William & Mary",
    citation="Custer, S., Dreher, A., Elston, T.B., Escobar, B., Fedorochko, R., Fuchs, A., Ghose, S., "
    "Lin, J., Malik, A., Parks, B.C., Solomon, K., Strange, A., Tierney, M.J., Vlasto, L., "
    "Walsh, K., Wang, F., Zaleski, L., and Zhang, S. 2023. Tracking Chinese Development "
    "Finance: An Application of AidData's TUFF 3.0 Methodology. Williamsburg, VA: AidData "
    "at William & Mary. Global Chinese Development Finance Dataset, Version 3.0, "
    "https://www.aiddata.org/data/aiddatas-global-chinese-development-finance-dataset-version-3-0; "
    "recipient-year aggregates from M. D. Williams, odadata R package 1.0.0, "
    "https://github.com/milesdwilliams15/odadata.",
    licence="AidData: open, with citation of AidData requested; odadata package: MIT",
    url="https://www.aiddata.org/data/aiddatas-global-chinese-development-finance-dataset-version-3-0",
    origin="milesdwilliams15/odadata @ 3c1f8955597e21246abbc1607df7b0c6f7dcd5b2, data/cow_gcdf.csv",
    accessed=date(2026, 11, 21),
    version="GCDF 3.0 (odadata 1.0.0)",
    year=2023,
    author="Custer, Samantha and Dreher, Axel and Elston, Thai-Binh and others",
    files=(FileSpec("aiddata_gcdf/cow_gcdf.csv", "flows", gcdf_parser(), uses_crosswalk=True),),
)
