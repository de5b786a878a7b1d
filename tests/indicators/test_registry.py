"""The registry lists every measurement of THEORY.md §2, each with formula, unit and domain."""

from __future__ import annotations

from multivector.indicators import INDICATORS

THEORY_MEASUREMENTS = {
    "partner_shares",
    "pole_shares",
    "domain_vector",
    "domain_summary",
    "concentration",
    "balance",
    "differentiation",
    "distinct_leaders",
    "route_concentration",
    "sovereignty_exposure",
    "vote_agreement",
    "vote_pole_alignment",
    "trade_network_centralisation",
    "pooled_window",
}


def test_every_measurement_of_the_theory_is_registered():
    assert THEORY_MEASUREMENTS <= set(INDICATORS)


def test_each_entry_says_what_it_computes():
    for name, indicator in INDICATORS.items():
        assert indicator.name == name
        assert indicator.formula and indicator.unit, name
        assert indicator.domain in {"any", "security", "economic", "diplomatic"}, name
        assert callable(indicator.function) and indicator.function.__doc__, name
