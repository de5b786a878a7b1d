"""Synthetic panels: trajectories of the hegemon's share with known breaks and phases."""

from __future__ import annotations

import numpy as np
import pandas as pd

from multivector.theory.panel import Panel

CHANNEL_OF = {
    "security": ("arms_imports", "sipri_trade_register"),
    "economic": ("exports", "imf_dots"),
    "diplomatic": ("un_votes", "unga_votes_fpsim"),
}
YEARS = range(1995, 2021)


def path(
    level: float,
    steps: dict[int, float] | None = None,
    slope: float = 0.0,
    noise: float = 0.0,
    seed: int = 0,
    years=YEARS,
) -> dict[int, float]:
    """h(t) = level + slope·(t − first) + Σ steps since their year + N(0, noise), clipped to [0, 1]."""
    rng = np.random.default_rng(seed)
    first = min(years)
    out = {}
    for year in years:
        value = level + slope * (year - first) + sum(v for y, v in (steps or {}).items() if year >= y)
        out[year] = float(np.clip(value + rng.normal(0, noise) if noise else value, 0, 1))
    return out


OTHER_POLE = {"security": "CHN", "economic": "WEST", "diplomatic": "CHN"}


def panel(
    paths: dict[str, dict[int, float]],
    other: dict[str, str] = OTHER_POLE,
    facts: pd.DataFrame | None = None,
    series: dict[str, dict[int, str]] | None = None,
    state: str = "XXX",
) -> Panel:
    """A panel whose domains each rest on one channel: RUS gets h(t), the domain's other pole the rest."""
    rows = []
    for domain, shares in paths.items():
        channel, source = CHANNEL_OF[domain]
        for year, h in shares.items():
            label = (series or {}).get(domain, {}).get(year, f"{source}: synthetic")
            for pole, share in (("RUS", h), (other[domain], 1 - h)):
                rows.append(
                    {
                        "year": year,
                        "year_from": year,
                        "channel": channel,
                        "domain": domain,
                        "series": label,
                        "source_id": source,
                        "pole": pole,
                        "share": share,
                        "unlisted": 0.0,
                    }
                )
    channels = pd.DataFrame(rows)
    domains = channels.assign(channels=1)[["year", "domain", "pole", "share", "channels"]]
    return Panel(
        state=state,
        hegemon="RUS",
        channels=channels,
        domains=domains,
        facts=facts if facts is not None else pd.DataFrame(),
        weights={c: 1.0 for c, _ in CHANNEL_OF.values()},
    )


def facts(*acts: tuple[str, int, str]) -> pd.DataFrame:
    """Event facts (fact_id, year, direction) naming the state, cited to the seed essay."""
    return pd.DataFrame(
        [
            {
                "fact_id": fact_id,
                "kind": "event",
                "subject": "XXX",
                "object": None,
                "text": f"act {fact_id}",
                "valid_from": pd.Timestamp(year, 6, 1),
                "valid_to": pd.Timestamp(year, 6, 1),
                "direction": direction,
                "status": None,
                "attributes": {"actors": ["XXX"]},
                "cites": "seed_kaz_hedging_2026",
                "citation": "Multivectorism as post-imperial hedging [seed_kaz_hedging_2026]",
                "source_id": "knowledge_base",
            }
            for fact_id, year, direction in acts
        ]
    )
