"""Every chart kind the command line lists is drawn by the report, and every drawn kind is listed."""

from __future__ import annotations

from multivector.report.chart_kinds import CHART_KINDS
from multivector.report.state_page import _CHARTS, chart_kinds


def test_the_listed_kinds_are_the_drawn_kinds_in_the_same_order():
    assert list(CHART_KINDS) == list(_CHARTS) == list(chart_kinds())
