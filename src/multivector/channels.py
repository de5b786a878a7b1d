"""The channels: names used everywhere, each in one domain (economic, security, diplomatic)."""

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


_CHANNELS = [
    Channel("exports", "economic", "goods exported by the reporter to the partner"),
    Channel("imports", "economic", "goods imported by the reporter from the partner"),
    Channel("trade", "economic", "exports plus imports of the reporter with the partner"),
    Channel("fdi", "economic", "foreign direct investment into the reporter from the partner"),
    Channel("development_finance", "economic", "official loans and grants to the reporter from the partner"),
    Channel("remittances", "economic", "remittances received by the reporter from the partner"),
    Channel("energy_routes", "economic", "export-route capacity from the reporter through or to the partner"),
    Channel("alliances", "security", "defence or other alliance ties between reporter and partner", True),
    Channel("arms_imports", "security", "major conventional arms delivered to the reporter by the partner"),
    Channel("exercises", "security", "joint military exercises of reporter and partner", True),
    Channel("un_votes", "diplomatic", "agreement of reporter and partner in UN General Assembly votes", True),
    Channel("igo", "diplomatic", "intergovernmental organisations shared by reporter and partner", True),
]

CHANNELS: dict[str, Channel] = {c.name: c for c in _CHANNELS}


def domain_of(channel: str) -> Domain:
    return CHANNELS[channel].domain
