"""A strict, line-true CSV reader: every data line is read, loaded or rejected, never lost.

One physical line is one record (the shipped sources never break a record over lines),
so an unterminated quote spoils its own line only. Bytes that are not UTF-8 reject their
line; a UTF-8 byte-order mark is dropped; a note preamble before the header is skipped.
``rows_in`` counts the non-blank lines after the header.

Fast path and fallback (``text_lines``): a file that is valid UTF-8 throughout is decoded
once and split into lines as text; a file with any byte that is not UTF-8 falls back to
splitting the bytes and decoding line by line, so that only its bad lines are rejected, as
``encoding_error`` with their own line numbers. Either way every line then goes the same
way: a line without a quote character and with the header's number of fields is a record
at once, any other line through the full checks (``_parse_text``). The two paths give the
same records and rejects (tests/sources/test_textfile.py checks it).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from multivector.errors import BadInputFile
from multivector.rejects import Reject

BOM = b"\xef\xbb\xbf"
_CYRILLIC = re.compile("[\u0400-\u04ff]")
_ASCII_SPACE = " \t\n\r\x0b\x0c"  # what bytes.strip() strips: a blank line is judged as bytes


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
        data = data[len(BOM) :]
    lines = data.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    return [(number, line.removesuffix(b"\r")) for number, line in enumerate(lines, start=1)]


def text_lines(data: bytes) -> tuple[list[str], dict[int, bytes]]:
    """The physical lines as text (line n at index n - 1), and the lines that are not UTF-8.

    Fast path: the whole file decodes as UTF-8, so every line does (a newline byte is never
    part of a multi-byte character) and the text is split once. Fallback, when any byte is
    not UTF-8: ``physical_lines`` splits the bytes and each line is decoded on its own; a
    line that fails is returned by number with its bytes, and stands in the text as decoded
    with replacement characters (only the header search looks at it).
    """
    body = data[len(BOM) :] if data.startswith(BOM) else data
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return _text_lines_by_line(data)
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    if "\r" in text:
        lines = [line.removesuffix("\r") for line in lines]
    return lines, {}


def _text_lines_by_line(data: bytes) -> tuple[list[str], dict[int, bytes]]:
    lines, undecodable = [], {}
    for number, raw in physical_lines(data):
        try:
            lines.append(raw.decode("utf-8"))
        except UnicodeDecodeError:
            lines.append(raw.decode("utf-8", errors="replace"))
            undecodable[number] = raw
    return lines, undecodable


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
    return Reject(number, "encoding_error", "line is not valid UTF-8", shown(raw), suggestion=suggestion)


def _split(text: str, delimiter: str) -> list[str]:
    if '"' not in text:  # no quoting: the fields are exactly the pieces between delimiters
        return text.split(delimiter)
    return next(csv.reader([text], delimiter=delimiter, strict=True))


def _find_header(lines: list[str], header_starts_with: str | None, file_name: str) -> int:
    for index, line in enumerate(lines):
        text = line.strip()
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
    ``ignored_columns`` when they are not used. An empty file fails too, and so does a
    binary file where a CSV belongs (NUL bytes, and a header that is no text).
    """
    _refuse_empty(data, file_name)
    lines, undecodable = text_lines(data)
    start = _find_header(lines, header_starts_with, file_name)
    header_number, header_text = start + 1, lines[start]
    if header_number in undecodable or "\x00" in header_text:
        _refuse_binary(data, file_name)
        raise BadInputFile(f"{file_name}: header line {header_number} is not UTF-8", "re-save the file as UTF-8")
    if line_suffix:
        header_text = header_text.removesuffix(line_suffix)
    try:
        header = [name.strip() for name in _split(header_text, delimiter)]
    except csv.Error as exc:
        raise BadInputFile(
            f"{file_name}: header line {header_number} is not CSV ({exc})", "fix the quoting of the header"
        ) from None
    missing = [name for name in required if name not in header]
    if missing:
        raise BadInputFile(
            f"{file_name}: missing column(s) {', '.join(missing)}",
            f"the header must name {', '.join(required)}; it names {', '.join(header)}",
        )
    duplicated = sorted({name for name in header if header.count(name) > 1})
    if duplicated:
        raise BadInputFile(
            f"{file_name}: column(s) named twice: {', '.join(duplicated)}", "give every column a distinct name"
        )
    result = CsvFile(
        header=header, header_line=header_number, ignored_columns=[name for name in header if name not in required]
    )
    result.rows_in = _read_lines(result, lines, start + 1, undecodable, delimiter, line_suffix)
    return result


def _refuse_empty(data: bytes, file_name: str) -> None:
    if not data.removeprefix(BOM).strip():
        raise BadInputFile(f"{file_name}: the file is empty", "it must hold a header line and data lines")


def _refuse_binary(data: bytes, file_name: str) -> None:
    """A file whose header is no text: UTF-16, or binary when it has NUL bytes (no 8-bit text
    encoding has them; a NUL byte in a data line only rejects that line)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise BadInputFile(f"{file_name}: the file is UTF-16", "re-save it as UTF-8")
    if b"\x00" in data[:8192]:
        raise BadInputFile(
            f"{file_name}: not a text file (it holds NUL bytes)",
            "put the CSV file in its place (the repository has the shipped one)",
        )


def _read_lines(
    result: CsvFile,
    lines: list[str],
    first: int,
    undecodable: dict[int, bytes],
    delimiter: str,
    line_suffix: str | None,
) -> int:
    """Append a record or a reject for each non-blank line from index ``first``; return their count."""
    header = result.header
    width = len(header)
    record, append_record, append_reject = CsvRecord, result.records.append, result.rejects.append
    rows_in = 0
    for number, text in enumerate(lines[first:], first + 1):
        if not text.strip(_ASCII_SPACE):
            continue
        rows_in += 1
        if undecodable and number in undecodable:
            append_reject(_encoding_reject(number, undecodable[number]))
            continue
        if '"' not in text:  # the common case: the fields are the pieces between delimiters
            values = (text.removesuffix(line_suffix) if line_suffix else text).split(delimiter)
            if len(values) == width:
                append_record(record(number, text, dict(zip(header, values))))
                continue
        parsed = _parse_text(number, text, header, delimiter, line_suffix)
        if isinstance(parsed, Reject):
            append_reject(parsed)
        else:
            append_record(parsed)
    return rows_in


def _parse_text(number, text: str, header, delimiter, line_suffix) -> CsvRecord | Reject:
    """One decoded line with every check: quoting, then the number of fields."""
    body = text.removesuffix(line_suffix) if line_suffix else text
    try:
        values = _split(body, delimiter)
    except csv.Error as exc:
        reason = "unterminated_quote" if body.count('"') % 2 else "malformed_csv"
        return Reject(number, reason, f"CSV quoting: {exc}", text)
    if len(values) < len(header):
        missing = header[len(values)]
        return Reject(
            number, "missing_field", f"{len(values)} fields where the header has {len(header)}", text, column=missing
        )
    if len(values) > len(header):
        return Reject(
            number,
            "extra_field",
            f"{len(values)} fields where the header has {len(header)}",
            text,
            suggestion="quote fields that contain the delimiter",
        )
    return CsvRecord(number, text, dict(zip(header, values, strict=True)))
