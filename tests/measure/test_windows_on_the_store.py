"""Windows on the shipped store end at the year asked, inside the source's coverage."""

from __future__ import annotations

import pytest

from multivector import api
from multivector.config import Settings
from tests.conftest import REPO_DATA

FOCUS = ("KAZ", "UZB", "TKM", "KGZ", "TJK")


@pytest.mark.parametrize("state", FOCUS)
def test_arms_imports_2020_2024_can_be_measured_for_every_focus_state(state, built_home):
    result = api.measure(state, "arms_imports", 2020, 2024, config=Settings(home=built_home, data_dir=REPO_DATA))
    assert (result["from"], result["to"]) == (2020, 2024)
    assert abs(sum(result["pole_shares"].values()) - 1) < 1e-9


@pytest.mark.parametrize("state", ["KGZ", "ARM"])
def test_security_in_2020_rests_on_the_arms_delivered_2016_2020(state, built_home):
    profile = api.profile(state, 2020, config=Settings(home=built_home, data_dir=REPO_DATA))
    security = profile["domains"]["security"]
    arms = [c for c in security["channels_used"] if c["channel"] == "arms_imports"]
    assert arms and (arms[0]["from"], arms[0]["to"]) == (2016, 2020)
    assert security["leader"] is not None
