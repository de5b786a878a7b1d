"""The chart kinds the command line lists are the ones the report draws, with the same descriptions."""

from __future__ import annotations

from multivector.report.chart_kinds import CHART_KINDS
from multivector.report.state_page import chart_kinds


def test_the_listed_kinds_are_the_drawn_kinds_in_the_same_order():
    assert list(CHART_KINDS.items()) == list(chart_kinds().items())
