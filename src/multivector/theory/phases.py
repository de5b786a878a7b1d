"""Placeholder: phases (being written)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class PhaseParams(BaseModel):
    model_config = ConfigDict(frozen=True)
