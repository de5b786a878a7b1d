"""The line-true CSV reader: every line is a record or a reject, never lost."""

import pytest

from multivector.errors import BadInputFile
from multivector.sources.textfile import read_csv

REQUIRED = ["a", "b"]


def read(text: bytes, **kw):
    return read_csv(text, file_name="t.csv", required=REQUIRED, **kw)


def test_a_bom_is_dropped_and_crlf_accepted():
    result = read(b"\xef\xbb\xbfa,b\r\n1,2\r\n")
    assert result.header == ["a", "b"]
    assert [r.fields for r in result.records] == [{"a": "1", "b": "2"}]


def test_line_numbers_are_physical_lines():
    result = read(b"a,b\n1,2\n\n3,4\n")
    assert [r.line for r in result.records] == [2, 4]
    assert result.rows_in == 2


@pytest.mark.parametrize(("line", "reason"), [
    (b'1,"open', "unterminated_quote"),
    (b"1", "missing_field"),
    (b"1,2,3", "extra_field"),
    (b'1,"x"y', "malformed_csv"),
    ("Казахстан,1".encode("cp1251"), "encoding_error"),
])
def test_bad_lines_are_rejected_and_the_next_line_still_read(line, reason):
    result = read(b"a,b\n" + line + b"\n5,6\n")
    assert [r.reason for r in result.rejects] == [reason]
    assert result.rejects[0].line == 2
    assert [r.line for r in result.records] == [3]


def test_cp1251_bytes_get_a_suggestion_in_cyrillic():
    result = read(b"a,b\n" + "Казахстан,1".encode("cp1251") + b"\n")
    assert "Казахстан" in result.rejects[0].suggestion
    assert "\\x" in result.rejects[0].raw


def test_a_missing_required_column_fails_the_whole_file():
    with pytest.raises(BadInputFile, match="missing column"):
        read(b"a,c\n1,2\n")


def test_a_preamble_is_skipped_and_a_line_suffix_removed():
    data = b"note one;\r\nnote two;\r\na,b;\r\n1,2;\r\n"
    result = read(data, header_starts_with="a,b", line_suffix=";")
    assert result.header_line == 3
    assert [r.fields for r in result.records] == [{"a": "1", "b": "2"}]


def test_no_header_is_a_clear_error():
    with pytest.raises(BadInputFile, match="no header"):
        read(b"x\n", header_starts_with="a,b")
