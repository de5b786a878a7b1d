"""A strict, line-true CSV reader: every data line is read, loaded or rejected, never lost.

One physical line is one record (the shipped sources never break a record over lines),
so an unterminated quote spoils its own line only. Bytes that are not UTF-8 reject their
line; a UTF-8 byte-order mark is dropped; a note preamble before the header is skipped.
``rows_in`` counts the non-blank lines after the header.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from multivector.errors import BadInputFile
from multivector.store.rejects import Reject

BOM = b"\xef\xbb\xbf"
_CYRILLIC = re.compile("[\u0400-\u04ff]")


class CsvRecord(NamedTuple):
    line: int
    raw: str
    fields: dict[str, str]


@dataclass
class CsvFile:
    header: list[str]
    header_line: int
    rows_in: int = 0
    records: list[CsvRecord] = field(default_factory=list)
    rejects: list[Reject] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)


def physical_lines(data: bytes) -> list[tuple[int, bytes]]:
    """Split bytes into numbered lines (1-based), dropping a BOM and CR of CRLF."""
    if data.startswith(BOM):
        data = data[len(BOM):]
    lines = data.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    return [(number, line.removesuffix(b"\r")) for number, line in enumerate(lines, start=1)]


def shown(raw: bytes) -> str:
    """The line as text, undecodable bytes as \\x escapes."""
    return raw.decode("utf-8", errors="backslashreplace")


def _encoding_reject(number: int, raw: bytes) -> Reject:
    suggestion = None
    try:
        as_cp1251 = raw.decode("cp1251")
    except UnicodeDecodeError:
        as_cp1251 = ""
    if _CYRILLIC.search(as_cp1251):
        suggestion = f"the bytes read as Windows-1251: {as_cp1251!r}; re-save the file as UTF-8"
    return Reject(number, "encoding_error", "line is not valid UTF-8", shown(raw),
                  suggestion=suggestion)


def _split(text: str, delimiter: str) -> list[str]:
    if '"' not in text:  # no quoting: the fields are exactly the pieces between delimiters
        return text.split(delimiter)
    return next(csv.reader([text], delimiter=delimiter, strict=True))


def _find_header(lines, header_starts_with: str | None, file_name: str) -> int:
    for index, (_, raw) in enumerate(lines):
        text = raw.decode("utf-8", errors="replace").strip()
        if not text:
            continue
        if header_starts_with is None or text.startswith(header_starts_with):
            return index
    wanted = f"a line starting with {header_starts_with!r}" if header_starts_with else "a header line"
    raise BadInputFile(f"{file_name}: no header found", f"the file must contain {wanted}")


def read_csv(
    data: bytes,
    *,
    file_name: str,
    required: Sequence[str],
    delimiter: str = ",",
    header_starts_with: str | None = None,
    line_suffix: str | None = None,
) -> CsvFile:
    """Read a CSV file line by line into records and rejects.

    A header missing a required column fails the whole file (BadInputFile): nothing of it
    can be trusted. Header columns not required are kept in the records but noted in
    ``ignored_columns`` when they are not used.
    """
    lines = physical_lines(data)
    start = _find_header(lines, header_starts_with, file_name)
    header_number, header_raw = lines[start]
    try:
        header_text = header_raw.decode("utf-8")
    except UnicodeDecodeError:
        raise BadInputFile(f"{file_name}: header line {header_number} is not UTF-8",
                           "re-save the file as UTF-8") from None
    if line_suffix:
        header_text = header_text.removesuffix(line_suffix)
    try:
        header = [name.strip() for name in _split(header_text, delimiter)]
    except csv.Error as exc:
        raise BadInputFile(f"{file_name}: header line {header_number} is not CSV ({exc})",
                           "fix the quoting of the header") from None
    missing = [name for name in required if name not in header]
    if missing:
        raise BadInputFile(
            f"{file_name}: missing column(s) {', '.join(missing)}",
            f"the header must name {', '.join(required)}; it names {', '.join(header)}",
        )
    duplicated = sorted({name for name in header if header.count(name) > 1})
    if duplicated:
        raise BadInputFile(f"{file_name}: column(s) named twice: {', '.join(duplicated)}",
                           "give every column a distinct name")
    result = CsvFile(header=header, header_line=header_number,
                     ignored_columns=[name for name in header if name not in required])
    width = len(header)
    records, rejects = result.records, result.rejects
    for number, raw in lines[start + 1:]:
        if not raw.strip():
            continue
        result.rows_in += 1
        if b'"' not in raw and raw.isascii():  # the common case, without the general path's checks
            text = raw.decode("ascii")
            values = (text.removesuffix(line_suffix) if line_suffix else text).split(delimiter)
            if len(values) == width:
                records.append(CsvRecord(number, text, dict(zip(header, values))))
                continue
        parsed = _parse_line(number, raw, header, delimiter, line_suffix)
        (rejects if isinstance(parsed, Reject) else records).append(parsed)
    return result


def _parse_line(number, raw, header, delimiter, line_suffix) -> CsvRecord | Reject:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return _encoding_reject(number, raw)
    body = text.removesuffix(line_suffix) if line_suffix else text
    try:
        values = _split(body, delimiter)
    except csv.Error as exc:
        reason = "unterminated_quote" if body.count('"') % 2 else "malformed_csv"
        return Reject(number, reason, f"CSV quoting: {exc}", text)
    if len(values) < len(header):
        missing = header[len(values)]
        return Reject(number, "missing_field",
                      f"{len(values)} fields where the header has {len(header)}", text,
                      column=missing)
    if len(values) > len(header):
        return Reject(number, "extra_field",
                      f"{len(values)} fields where the header has {len(header)}", text,
                      suggestion="quote fields that contain the delimiter")
    return CsvRecord(number, text, dict(zip(header, values, strict=True)))
