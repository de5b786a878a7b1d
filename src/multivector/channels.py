"""The channels: names used everywhere, each in one domain (economic, security, diplomatic).

A domain's value rests on its *principal* channels (economic: trade; security: arms and
alliances; diplomatic: UN votes and ideal points). A minor channel (FDI, remittances,
development finance, exercises, shared IGOs) adds to a domain vector that a principal
channel carries, but never stands for the domain alone: a year in which only minor channels
have data has no domain value (THEORY.md §2; ``principal_channels``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Domain = Literal["economic", "security", "diplomatic"]
DOMAINS: tuple[Domain, ...] = ("security", "economic", "diplomatic")


@dataclass(frozen=True)
class Channel:
    name: str
    domain: Domain
    description: str
    symmetric: bool = False
    principal: bool = False


_CHANNELS = [
    Channel("exports", "economic", "goods exported by the reporter to the partner", principal=True),
    Channel("imports", "economic", "goods imported by the reporter from the partner", principal=True),
    Channel("trade", "economic", "exports plus imports of the reporter with the partner", principal=True),
    Channel("fdi", "economic", "foreign direct investment into the reporter from the partner"),
    Channel("development_finance", "economic", "official loans and grants to the reporter from the partner"),
    Channel("remittances", "economic", "remittances received by the reporter from the partner"),
    Channel("energy_routes", "economic", "export-route capacity from the reporter through or to the partner"),
    Channel(
        "alliances", "security", "defence or other alliance ties between reporter and partner", True, principal=True
    ),
    Channel(
        "arms_imports", "security", "major conventional arms delivered to the reporter by the partner", principal=True
    ),
    Channel("exercises", "security", "joint military exercises of reporter and partner", True),
    Channel(
        "un_votes", "diplomatic", "agreement of reporter and partner in UN General Assembly votes", True, principal=True
    ),
    Channel(
        "ideal_points",
        "diplomatic",
        "distance of the reporter's UNGA ideal point to each pole's (Bailey, Strezhnev & Voeten)",
        principal=True,
    ),
    Channel("igo", "diplomatic", "intergovernmental organisations shared by reporter and partner", True),
]

CHANNELS: dict[str, Channel] = {c.name: c for c in _CHANNELS}


def domain_of(channel: str) -> Domain:
    return CHANNELS[channel].domain


def principal_channels(domain: str) -> tuple[str, ...]:
    """The channels a value of ``domain`` must rest on (at least one of them)."""
    return tuple(c.name for c in _CHANNELS if c.domain == domain and c.principal)
