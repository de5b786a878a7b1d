"""Normalising names and spotting look-alike letters, without ever guessing an entity."""

from __future__ import annotations

import re
import unicodedata

APOSTROPHES = "\u02bb\u02bc\u2018\u2019\u0060\u00b4\u02b9\u2032"
_APOSTROPHE_TABLE = str.maketrans({ch: "'" for ch in APOSTROPHES})

# Letters of other scripts that render like Latin capitals or small letters.
LOOKALIKES = str.maketrans(
    {
        # Cyrillic
        "А": "A",
        "В": "B",
        "Е": "E",
        "К": "K",
        "М": "M",
        "Н": "H",
        "О": "O",
        "Р": "P",
        "С": "C",
        "Т": "T",
        "Х": "X",
        "У": "Y",
        "Ѕ": "S",
        "І": "I",
        "Ј": "J",
        "Ԛ": "Q",
        "Ԝ": "W",
        "а": "a",
        "е": "e",
        "о": "o",
        "р": "p",
        "с": "c",
        "у": "y",
        "х": "x",
        "ѕ": "s",
        "і": "i",
        "ј": "j",
        "һ": "h",
        "ԛ": "q",
        "ԝ": "w",
        # Greek
        "Α": "A",
        "Β": "B",
        "Ε": "E",
        "Ζ": "Z",
        "Η": "H",
        "Ι": "I",
        "Κ": "K",
        "Μ": "M",
        "Ν": "N",
        "Ο": "O",
        "Ρ": "P",
        "Τ": "T",
        "Υ": "Y",
        "Χ": "X",
        "ο": "o",
        "ν": "v",
    }
)


def name_key(text: str) -> str:
    """Key for comparing names: NFKC, one apostrophe, case-folded, single spaces.

    Apostrophe variants (Uzbek oʻ and gʻ are written with U+02BB, U+2018, U+2019 or ')
    are one letter, so ``Oʻzbekiston`` and ``O'zbekiston`` share a key. Letters of other
    scripts are left alone: Cyrillic ``Казахстан`` is a name of its own.
    """
    text = unicodedata.normalize("NFKC", text).translate(_APOSTROPHE_TABLE)
    return re.sub(r"\s+", " ", text).strip().casefold()


def code_key(text: str) -> str:
    """Key for comparing codes: stripped and upper-case; a numeric code loses '.0' and zeros."""
    text = text.strip().upper()
    if re.fullmatch(r"\d+(\.0+)?", text):
        return str(int(float(text)))
    return text


def lookalike_letters(text: str) -> list[str]:
    """The characters of ``text`` that imitate Latin letters (Cyrillic, Greek)."""
    return [ch for ch in text if ch.translate(LOOKALIKES) != ch]


def latinised(text: str) -> str:
    return text.translate(LOOKALIKES)


def has_latin(text: str) -> bool:
    return any("LATIN" in unicodedata.name(ch, "") for ch in text)


def looks_latin(text: str) -> bool:
    """Whether every letter of ``text`` is Latin or imitates one: Cyrillic ``ТКМ`` reads as TKM,
    Cyrillic ``Казахстан`` does not (з, х and н are no Latin letters)."""
    letters = [ch for ch in latinised(text) if ch.isalpha()]
    return bool(letters) and all(has_latin(ch) for ch in letters)
