"""Placeholder: the conditions of THEORY.md (being written)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class ConditionParams(BaseModel):
    model_config = ConfigDict(frozen=True)
