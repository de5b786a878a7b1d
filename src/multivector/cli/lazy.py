"""Modules imported at their first use, so that the command line starts without the heavy libraries."""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType


def lazy_import(name: str) -> ModuleType:
    """The module ``name``, whose code runs at the first access to one of its attributes.

    A module already imported is returned as it is. Built on the standard library's
    ``importlib.util.LazyLoader``: ``multivector --help`` then never loads pandas or DuckDB.
    """
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None:
        raise ModuleNotFoundError(f"no module named {name!r}", name=name)
    loader = importlib.util.LazyLoader(spec.loader)
    spec.loader = loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    loader.exec_module(module)
    return module
