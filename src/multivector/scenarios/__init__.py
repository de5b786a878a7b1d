"""Scenarios: route shocks and the strategic hedging model; seeded, replayable, tidy outputs."""
