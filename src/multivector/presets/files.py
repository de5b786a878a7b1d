"""A preset's files: where a name's TOML file is, what the file must hold, and its poles file.

A preset file is TOML with the keys ``title`` (text), ``poles`` (the poles CSV, a path
relative to the TOML file), ``hegemon`` (optional: one of the poles; omitted for classic
hedgers) and a table ``[members]`` whose ``rule`` picks the other keys it takes (``RULES``).
A key that is missing, unknown or of the wrong type is refused in one line naming the file
and the key; nothing is guessed.
"""

from __future__ import annotations

import difflib
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from multivector.codes.resolver import CountryResolver
from multivector.errors import BadInputFile, BadOption, DataFileMissing
from multivector.rejects import RowProblem
from multivector.sources.multivector_poles import POLE_PATTERN, pole_mapping, poles_refused
from multivector.sources.textfile import read_csv

#: The shipped presets, in the atlas's order (``data/presets/<name>.toml``).
PRESETS = ("post_soviet", "post_french", "post_british", "post_portuguese", "classic_asia", "americas")
#: The pole of every state a poles file does not list.
OTHER = "OTHER"
#: Each rule's keys in ``[members]``: name → (type, required).
RULES: dict[str, dict[str, tuple[type, bool]]] = {
    "coldat": {
        "colonizer": (str, True),
        "continent": (str, False),
        "last_colonizer": (bool, False),
        "ended_after": (int, False),
    },
    "successors": {"of": (str, True)},
    "igo": {"igo": (str, True), "year": (int, False)},
    "region": {"region": (str, True)},
    "list": {"states": (list, True), "citation": (str, False)},
}
TOP_KEYS: dict[str, tuple[type, bool]] = {
    "title": (str, True),
    "hegemon": (str, False),
    "poles": (str, True),
    "members": (dict, True),
}
FORMAT_HINT = "see the format in data/presets/ORIGIN.md"


@dataclass(frozen=True)
class PresetFile:
    """A preset file as read and checked: its keys, the poles file's path resolved."""

    path: Path
    title: str
    hegemon: str | None
    poles_file: Path
    rule: str
    options: dict[str, Any]

    @property
    def name(self) -> str:
        return self.path.stem

    def refuse(self, key: str, problem: str, hint: str = FORMAT_HINT) -> BadInputFile:
        return BadInputFile(f"{self.path.name}: {key}: {problem}", hint)


def did_you_mean(value: str, known: list[str] | tuple[str, ...]) -> str:
    """``"did you mean 'x'? "`` for the known value closest to ``value`` (one that starts with or
    contains it, case aside, else the closest spelling), or ``""`` when none is close."""
    text = value.casefold()
    close = [k for k in known if k.casefold().startswith(text)] or [k for k in known if text in k.casefold()]
    close = close or difflib.get_close_matches(value, list(known), n=1)
    return f"did you mean {close[0]!r}? " if close else ""


def choose(value: str, known: list[str] | tuple[str, ...]) -> str:
    """A hint: the closest known value, then all of them."""
    return f"{did_you_mean(value, known)}choose one of {', '.join(known)}"


def preset_path(name_or_path: str | Path, data_dir: Path) -> Path:
    """The TOML file of a shipped preset's name, or the path given (a ``.toml`` file)."""
    text = str(name_or_path)
    if isinstance(name_or_path, Path) or text.endswith(".toml") or "/" in text or "\\" in text:
        path = Path(name_or_path)
        if not path.is_file():
            raise BadInputFile(f"no preset file at {path}", "give the path of a .toml preset file or a preset's name")
        return path
    if text not in PRESETS:
        raise BadOption(
            f"no preset {text!r}", f"{did_you_mean(text, PRESETS)}presets: {', '.join(PRESETS)}; or give a .toml file"
        )
    path = data_dir / "presets" / f"{text}.toml"
    if not path.is_file():
        raise DataFileMissing(f"the preset file {text}.toml is not in the data folder", "restore data/presets/")
    return path


def read_preset_file(path: Path) -> PresetFile:
    """The checked keys of the preset file at ``path``."""
    try:
        table = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise BadInputFile(f"{path.name} is not valid TOML: {error}", "fix the line named") from None
    except UnicodeDecodeError:
        raise BadInputFile(f"{path.name} is not UTF-8 text", "re-save it as UTF-8") from None
    _check_keys(path.name, "", table, TOP_KEYS)
    members = table["members"]
    rule = members.get("rule")
    if rule not in RULES:
        shown = "missing" if rule is None else f"{rule!r} is not a rule"
        raise BadInputFile(f"{path.name}: members.rule: {shown}", choose(str(rule or ""), list(RULES)))
    options = {key: value for key, value in members.items() if key != "rule"}
    _check_keys(path.name, "members.", options, RULES[rule])
    poles_file = (path.parent / table["poles"]).resolve()
    if not poles_file.is_file():
        raise BadInputFile(
            f"{path.name}: poles: no file {table['poles']!r} beside it",
            "give the poles CSV's path relative to the TOML",
        )
    return PresetFile(path, table["title"], table.get("hegemon"), poles_file, rule, options)


def _check_keys(file: str, prefix: str, table: dict[str, Any], keys: dict[str, tuple[type, bool]]) -> None:
    for key, (kind, required) in keys.items():
        if key not in table:
            if required:
                raise BadInputFile(f"{file}: {prefix}{key}: missing", FORMAT_HINT)
            continue
        if not isinstance(table[key], kind) or (kind is int and isinstance(table[key], bool)):
            raise BadInputFile(f"{file}: {prefix}{key}: {table[key]!r} is not {_TYPE_WORDS[kind]}", FORMAT_HINT)
    for key in table:
        if key not in keys:
            raise BadInputFile(f"{file}: {prefix}{key}: unknown key", choose(key, list(keys)))


_TYPE_WORDS = {str: "a text", bool: "true or false", int: "a whole number", list: "a list", dict: "a table"}


def read_poles(path: Path, resolver: CountryResolver) -> tuple[str, ...]:
    """The poles of a poles CSV (``entity,pole[,note]``), in the order of its lines, then OTHER.

    Checked as ``--poles`` is: every entity resolves through the crosswalk, every pole is an
    upper-case id, no state is in two poles; every bad line is named at once.
    """
    csv_file = read_csv(path.read_bytes(), file_name=path.name, required=["entity", "pole"])
    problems = [f"line {r.line}: {r.message}" for r in csv_file.rejects]
    entries = []
    for record in csv_file.records:
        text, pole = record.fields["entity"].strip(), record.fields["pole"].strip()
        if not POLE_PATTERN.match(pole):
            problems.append(f"line {record.line}: pole {pole!r} is not an upper-case id")
            continue
        try:
            entries.append((record.line, resolver.resolve_first(text), pole))
        except RowProblem as problem:
            hint = f" ({problem.suggestion})" if problem.suggestion else ""
            problems.append(f"line {record.line}: {problem.message}{hint}")
    mapping, two_poles = pole_mapping(entries)
    if problems or two_poles:
        raise poles_refused(path.name, problems + two_poles)
    if not mapping:
        raise BadInputFile(f"{path.name} maps no state to a pole", "add lines entity,pole")
    poles = dict.fromkeys(mapping.values())
    return (*poles, *(() if OTHER in poles else (OTHER,)))
