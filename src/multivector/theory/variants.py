"""Placeholder: the variants of THEORY.md (being written)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class VariantParams(BaseModel):
    model_config = ConfigDict(frozen=True)
