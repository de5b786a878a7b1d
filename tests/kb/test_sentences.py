"""The sentence splitter: each documented rule on a small text of our own."""

from __future__ import annotations

import pytest

from multivector.kb import sentence, split_sentences


def test_plain_sentences_split_at_final_punctuation():
    text = "Trade grew. Did it last? It did! Nobody knew…"
    assert split_sentences(text) == ["Trade grew.", "Did it last?", "It did!", "Nobody knew…"]


def test_every_line_is_a_paragraph_and_a_heading_is_a_sentence():
    text = "Photo: Someone\nA Heading Without A Full Stop\n\nFirst point. Second point."
    assert split_sentences(text) == ["Photo: Someone", "A Heading Without A Full Stop", "First point.", "Second point."]


def test_a_sentence_never_spans_two_paragraphs():
    assert split_sentences("It ends here\nand this is new.") == ["It ends here", "and this is new."]


@pytest.mark.parametrize(
    "text",
    [
        "Partners differ, e.g. China and Russia buy different goods.",
        "Some forums, i.e. summits, matter more.",
        "Relations with the U.S. Treasury improved.",
        "An Azerbaijan-U.S. Forum met in Baku.",
        "A paper by N. P. Smith appeared in 2015.",
        "Dr. Jones disagreed with Prof. Lee.",
        "The line carries 1.4 million barrels a day.",
        "It was 7,644.5 km long by one count.",
        "See the site cpc.ru for the report.",
    ],
)
def test_abbreviations_initials_acronyms_and_numbers_do_not_end_a_sentence(text):
    assert split_sentences(text) == [text]


def test_etc_may_end_a_sentence():
    assert split_sentences("Oil, gas, etc. The rest is small.") == ["Oil, gas, etc.", "The rest is small."]


def test_a_sentence_may_start_with_a_digit_or_a_quote():
    text = 'Trade fell. 1990 was different. "Hedging" is the term.'
    assert split_sentences(text) == ["Trade fell.", "1990 was different.", '"Hedging" is the term.']


def test_closing_quotes_and_brackets_stay_with_their_sentence():
    text = "They called it a \u201cshared future.\u201d While others (not all.) Disagreed."
    assert split_sentences(text) == [
        "They called it a \u201cshared future.\u201d",
        "While others (not all.)",
        "Disagreed.",
    ]


def test_citation_markers_stay_with_the_sentence_they_close():
    text = "East and West.[3]Subsequently it spread. It grew.[11] Then it stopped.[2, 4]"
    assert split_sentences(text) == [
        "East and West.[3]",
        "Subsequently it spread.",
        "It grew.[11]",
        "Then it stopped.[2, 4]",
    ]


def test_a_missing_space_after_a_period_still_ends_a_sentence():
    assert split_sentences("Two principles in their distribution.It has been renamed.") == [
        "Two principles in their distribution.",
        "It has been renamed.",
    ]


def test_a_lower_case_continuation_is_not_a_new_sentence():
    assert split_sentences("He said no. and left.") == ["He said no. and left."]


def test_a_list_number_opening_a_paragraph_is_not_a_sentence():
    assert split_sentences("1. The first variant. 2 is next.") == ["1. The first variant.", "2 is next."]


def test_the_numbering_is_deterministic_and_locators_are_one_based():
    text = "Alpha one. Beta two.\nGamma three."
    assert split_sentences(text) == split_sentences(text)
    assert sentence(text, "s1") == "Alpha one."
    assert sentence(text, "s3") == "Gamma three."


@pytest.mark.parametrize("locator", ["s0", "s4", "p1", "1"])
def test_a_locator_outside_the_text_or_not_s_n_is_an_error(locator):
    with pytest.raises(ValueError):
        sentence("Alpha one. Beta two.\nGamma three.", locator)


def test_blank_text_has_no_sentences():
    assert split_sentences("\n  \n") == []
