"""The line-true CSV reader: every line is a record or a reject, never lost."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from multivector.errors import BadInputFile
from multivector.sources import textfile
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


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        (b'1,"open', "unterminated_quote"),
        (b"1", "missing_field"),
        (b"1,2,3", "extra_field"),
        (b'1,"x"y', "malformed_csv"),
        ("Казахстан,1".encode("cp1251"), "encoding_error"),
    ],
)
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


# The fast path (the file decoded once) and the fallback (line by line, taken when any byte is
# not UTF-8) must give the same records and rejects; ``by_line`` forces the fallback.


def by_line(monkeypatch):
    monkeypatch.setattr(textfile, "text_lines", textfile._text_lines_by_line)


def outcome(result) -> tuple:
    return (
        result.header,
        result.header_line,
        result.rows_in,
        result.ignored_columns,
        [tuple(r) for r in result.records],
        result.rejects,
    )


CRAFTED = {
    "clean": b"a,b\n1,2\n3,4\n",
    "crlf_bom_blank_lines": b"\xef\xbb\xbfa,b\r\n1,2\r\n\r\n  \r\n3,4\r\n",
    "no_final_newline": b"a,b\n1,2\n3,4",
    "malformed_quotes": b'a,b\n1,"open\n1,"x"y\n5,6\n',
    "wrong_number_of_fields": b"a,b\n1\n1,2,3\n,\n5,6\n",
    "quoted_commas": b'a,b\n"1,5","x, y"\n"plain",2\n',
    "quoted_newline": b'a,b\n1,"first\nsecond"\n5,6\n',
    "utf8_text": "a,b\nOʻzbekiston,Қазақстан\n\u00a0,2\n".encode(),
    "lone_cr_and_control_spaces": b"a,b\n1,x\ry\n\x0b\x0c\t\n3,4\n",
}


@pytest.mark.parametrize("data", CRAFTED.values(), ids=CRAFTED.keys())
def test_the_fast_path_and_the_fallback_agree(data, monkeypatch):
    fast = read(data)
    assert textfile.text_lines(data)[1] == {}  # a valid UTF-8 file takes the fast path
    by_line(monkeypatch)
    assert outcome(read(data)) == outcome(fast)


def test_the_fast_path_reads_quoted_fields_and_rejects_by_line():
    result = read(CRAFTED["malformed_quotes"] + b'"1,5","x, y"\n')
    assert [(r.reason, r.line) for r in result.rejects] == [("unterminated_quote", 2), ("malformed_csv", 3)]
    assert [(r.line, r.fields) for r in result.records] == [(4, {"a": "5", "b": "6"}), (5, {"a": "1,5", "b": "x, y"})]


def test_a_record_broken_over_two_lines_rejects_the_first_and_reads_the_second():
    result = read(CRAFTED["quoted_newline"])
    assert [(r.reason, r.line) for r in result.rejects] == [("unterminated_quote", 2), ("missing_field", 3)]
    assert [r.line for r in result.records] == [4]


def test_blank_lines_are_judged_as_bytes_are():
    # a no-break space is not ASCII whitespace: its line is read (and has one field too few)
    result = read(b"a,b\n \t\r\n" + "\u00a0\n".encode() + b"1,2\n")
    assert result.rows_in == 2
    assert [(r.reason, r.line) for r in result.rejects] == [("missing_field", 3)]


def test_a_bad_byte_takes_the_fallback_and_rejects_its_own_line_only(monkeypatch):
    clean = b'a,b\n1,2\nKazakhstan,1\n"3,5",4\n5\n'
    spoiled = clean.replace(b"Kazakhstan", "Казахстан".encode("cp1251"))
    lines, undecodable = textfile.text_lines(spoiled)
    assert list(undecodable) == [3] and len(lines) == 5
    fast, fallback = read(clean), read(spoiled)
    assert fallback.rows_in == fast.rows_in == 4
    assert [(r.reason, r.line) for r in fallback.rejects] == [("encoding_error", 3), ("missing_field", 5)]
    assert [tuple(r) for r in fallback.records] == [tuple(r) for r in fast.records if r.line != 3]
    by_line(monkeypatch)
    assert outcome(read(spoiled)) == outcome(fallback)


def test_a_header_that_is_not_utf8_fails_the_file():
    with pytest.raises(BadInputFile, match="header line 2 is not UTF-8"):
        read(b"\n" + "а,b".encode("cp1251") + b"\n1,2\n")


LINE_PIECES = ["1", "x", "", ",", '"', '"q,1"', " ", "\t", "\r", "é", "\u00a0", "\x0b"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.sampled_from(LINE_PIECES), max_size=5).map("".join), max_size=8), st.booleans())
def test_any_file_reads_the_same_by_either_path(lines, spoil):
    data = ("a,b\n" + "\n".join(lines) + "\n").encode()
    if spoil:
        data += b"\xff,1\n"
    result = read(data)
    with pytest.MonkeyPatch.context() as patch:
        by_line(patch)
        assert outcome(read(data)) == outcome(result)
    assert result.rows_in == len(result.records) + len(result.rejects)


@pytest.mark.parametrize(
    ("data", "said"),
    [
        (b"", "the file is empty"),
        (b"\xef\xbb\xbf \n\n", "the file is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", r"not a text file \(it holds NUL bytes\)"),
        ("a,b\n1,2\n".encode("utf-16"), "the file is UTF-16"),
    ],
)
def test_an_empty_or_binary_file_fails_as_a_whole(data, said):
    with pytest.raises(BadInputFile, match=said):
        read(data)


def test_a_nul_byte_in_a_data_line_rejects_that_line_only():
    result = read(b"a,b\n1,2\n\x00\n")
    assert len(result.records) == 1 and [r.line for r in result.rejects] == [3]
