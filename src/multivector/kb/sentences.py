"""A deterministic sentence splitter, so that a locator ``s42`` names one sentence of a text.

``split_sentences(text)`` returns the sentences of a document in order; the locator
``s<N>`` is the N-th of them, counted from 1 over the whole document. The rules are
plain and fixed, so the same text always gives the same numbering:

1. **Paragraphs.** The text is cut at line breaks. Every non-blank line is a paragraph,
   and no sentence spans two paragraphs, so a heading or a photo credit without final
   punctuation is a sentence of its own.
2. **Ends.** Inside a paragraph a sentence ends after a run of ``.``, ``!``, ``?`` or
   ``…``, together with any closing quotes or brackets and citation markers such as
   ``[12]`` that follow it, when

   a. whitespace follows and the next text starts with an upper-case letter, a digit or
      an opening quote or bracket (``. The``, ``. 1990``, ``.” While``);
   b. a citation marker is followed directly by an upper-case letter
      (``East and West.[3]Subsequently``);
   c. a period stands between a lower-case and an upper-case letter that begins a
      lower-case word (``distribution.It``): a missing space, not an abbreviation.

3. **Not ends.**

   * abbreviations from ``ABBREVIATIONS`` (``e.g.``, ``i.e.``, ``cf.``, ``vs.``, ``Dr.``,
     ``No.``, ``Jan.`` ...), compared case-blind; ``etc.`` is not among them, as it
     often ends a sentence;
   * acronyms of dotted single letters (``U.S.``, ``U.K.``, ``a.m.``), also after a
     hyphen (``Azerbaijan-U.S.``): they never end a sentence, even before a capital;
   * initials: one upper-case letter and a period (``N. Nazarbayev``, ``M. B. Olcott``);
   * a list number opening a paragraph (``1. Item``);
   * a period inside a number (``1.4``, ``7,644.5``) or an address (``cpc.ru``): nothing
     follows it but a digit or a lower-case letter, so no rule above applies.

4. Sentences are stripped of surrounding whitespace.

The rules err on the side of not splitting: a sentence that really ends with ``U.S.``
or an initial is merged with the next one. That is a known, stable imperfection.
"""

from __future__ import annotations

import re

ABBREVIATIONS = frozenset(
    {
        "e.g.",
        "i.e.",
        "cf.",
        "vs.",
        "viz.",
        "al.",
        "approx.",
        "ca.",
        "no.",
        "nos.",
        "vol.",
        "pp.",
        "p.",
        "ed.",
        "eds.",
        "fig.",
        "mr.",
        "mrs.",
        "ms.",
        "dr.",
        "prof.",
        "st.",
        "mt.",
        "jr.",
        "sr.",
        "gen.",
        "col.",
        "lt.",
        "gov.",
        "sen.",
        "inc.",
        "ltd.",
        "co.",
        "corp.",
        "jan.",
        "feb.",
        "mar.",
        "apr.",
        "jun.",
        "jul.",
        "aug.",
        "sep.",
        "sept.",
        "oct.",
        "nov.",
        "dec.",
        "op.",
        "cit.",
        "ibid.",
    }
)

_END = re.compile(r"[.!?\u2026]+[\"'\u201d\u2019)\]]*((?:\[\d+(?:[,\u2013-]\s*\d+)*\])*)")
_OPENERS = "\"'\u201c\u2018([\u00ab"
_DOTTED = re.compile(r"^(?:[A-Za-z]\.){2,}$")
_INITIAL = re.compile(r"^[A-Z]\.$")
_LIST_NUMBER = re.compile(r"^\d{1,2}\.$")


def split_sentences(text: str) -> list[str]:
    """The sentences of ``text`` in order (see the module docstring for the rules)."""
    sentences: list[str] = []
    for paragraph in text.splitlines():
        if paragraph.strip():
            sentences.extend(_split_paragraph(paragraph))
    return sentences


def sentence(text: str, locator: str) -> str:
    """The sentence a locator ``s<N>`` names (1-based); ValueError if there is none."""
    match = re.fullmatch(r"s(\d+)", locator.strip())
    if not match:
        raise ValueError(f"{locator!r} is not a sentence locator s<N>")
    number = int(match.group(1))
    sentences = split_sentences(text)
    if not 1 <= number <= len(sentences):
        raise ValueError(f"{locator!r}: the text has {len(sentences)} sentences")
    return sentences[number - 1]


def _split_paragraph(paragraph: str) -> list[str]:
    pieces, start = [], 0
    for match in _END.finditer(paragraph):
        if _is_boundary(paragraph, match, start):
            pieces.append(paragraph[start : match.end()])
            start = match.end()
    pieces.append(paragraph[start:])
    return [piece.strip() for piece in pieces if piece.strip()]


def _is_boundary(paragraph: str, match: re.Match, start: int) -> bool:
    rest = paragraph[match.end() :]
    if not rest.strip():
        return False  # the paragraph's end closes the sentence anyway
    if _is_abbreviation(paragraph, match.start(), start):
        return False
    if rest[0].isspace():
        following = rest.lstrip()
        return following[0].isupper() or following[0].isdigit() or following[0] in _OPENERS
    if match.group(1):
        return rest[0].isupper()
    before = paragraph[match.start() - 1] if match.start() else ""
    return match.group(0) == "." and before.islower() and len(rest) > 1 and rest[0].isupper() and rest[1].islower()


def _is_abbreviation(paragraph: str, end: int, start: int) -> bool:
    """Whether the word ending at the terminator is an abbreviation, acronym or initial."""
    if paragraph[end] != ".":
        return False
    word_start = end
    while word_start > 0 and not paragraph[word_start - 1].isspace():
        word_start -= 1
    word = paragraph[word_start : end + 1].lstrip(_OPENERS)
    last = re.split(r"[-\u2013/]", word)[-1]
    if last.casefold() in ABBREVIATIONS or _DOTTED.match(last) or _INITIAL.match(last):
        return True
    opens_paragraph = not paragraph[:word_start].strip() and word_start >= start
    return opens_paragraph and bool(_LIST_NUMBER.match(word))
