"""What a preset is: its hegemon, its poles file and its members, each membership cited."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Member:
    """One member state of a preset and why it is one.

    ``state`` is the crosswalk's entity id (ISO3), ``name`` its name there; ``basis`` says in
    one line what makes it a member (``French colony 1854-1960 (COLDAT, colstart_max-colend_max)``);
    ``independence`` is the year it left the hegemon's rule where the rule knows one, else None;
    ``citation`` is the short citation of the data the membership comes from.
    """

    state: str
    name: str
    basis: str
    independence: int | None
    citation: str


@dataclass(frozen=True)
class LeftOut:
    """A state (or a line of the data) the rule found but did not count, and why: the hegemon
    itself, a state that no longer exists, a territory, a line with no entity in the crosswalk,
    a colony whose last colonizer was another power. ``state`` is None when no entity matches."""

    name: str
    state: str | None
    reason: str


@dataclass(frozen=True)
class Preset:
    """A world-atlas preset: a hegemon (None for classic hedgers), a pole mapping and its members.

    ``poles`` are the poles of ``poles_file`` in the order of its lines, then ``OTHER`` (the pole of
    every state the file does not list); ``source`` is the preset's TOML file.
    """

    name: str
    title: str
    hegemon: str | None
    poles_file: Path
    members: tuple[Member, ...]
    poles: tuple[str, ...]
    source: Path
    left_out: tuple[LeftOut, ...] = ()

    @property
    def states(self) -> tuple[str, ...]:
        """The members' entity ids, sorted."""
        return tuple(member.state for member in self.members)
