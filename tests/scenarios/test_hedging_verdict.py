"""The transition rule on hand-made hegemon paths (with and without the shock)."""

from __future__ import annotations

import numpy as np

from multivector.scenarios.hedging.params import HedgingParams
from multivector.scenarios.hedging.verdict import shock_outcome

YEARS = np.arange(2010, 2020)
RULE = HedgingParams()


def outcome(falls: dict[int, tuple[int, ...]], size: float = 0.1):
    """Hegemon shares of one run: domain d is ``size`` below its no-shock path in the given years."""
    without = np.full((1, len(YEARS), 3), 0.5)
    shocked = without.copy()
    for domain, years in falls.items():
        for year in years:
            shocked[0, year - YEARS[0], domain] -= size
    return shock_outcome(shocked, without, YEARS, 2014, RULE)


def test_two_domains_falling_for_two_years_are_a_transition_dated_by_the_second():
    found = outcome({0: (2014, 2015), 1: (2016, 2017)})
    assert found.transition[0] and found.start[0] == 2016
    assert np.allclose(found.falls[0], [0.1, 0.1, 0.0]) and np.isclose(found.margin[0], 0.1)


def test_one_domain_or_one_year_is_not_enough():
    assert not outcome({0: (2014, 2015, 2016)}).transition[0]
    one_year = outcome({0: (2014,), 1: (2016,)})
    assert not one_year.transition[0] and np.isnan(one_year.start[0])


def test_a_fall_smaller_than_delta_or_outside_the_horizon_does_not_count():
    assert not outcome({0: (2014, 2015), 1: (2014, 2015)}, size=0.04).transition[0]
    late = outcome({0: (2018, 2019), 1: (2018, 2019)})  # the horizon is 2014-2018: one year in it
    assert not late.transition[0]
    assert outcome({0: (2014, 2015), 1: (2014, 2015)}, size=0.051).transition[0]


def test_a_rise_above_the_no_shock_path_is_a_negative_fall():
    found = outcome({d: (2014, 2015, 2016, 2017, 2018) for d in range(3)}, size=-0.1)
    assert not found.transition[0] and np.isclose(found.margin[0], -0.1)
