"""The machine a benchmark ran on, in one line: cores, CPU model, memory and Python version."""

from __future__ import annotations

import os
import platform
from pathlib import Path


def machine() -> str:
    """'2 cores, <CPU model>, 23 GiB, Python 3.11.7', read from /proc where it exists."""
    cpu = _proc_field("/proc/cpuinfo", "model name", lambda v: v) or platform.processor() or "unknown CPU"
    memory = _proc_field("/proc/meminfo", "MemTotal", lambda v: int(v.split()[0]) // 1024 // 1024) or 0
    return f"{os.cpu_count()} cores, {cpu}, {memory} GiB, Python {platform.python_version()}"


def _proc_field(path: str, key: str, read):
    """The first ``key: value`` line of a /proc file, read; None where the file or key is missing."""
    file = Path(path)
    if not file.exists():
        return None
    for line in file.read_text().splitlines():
        name, _, value = line.partition(":")
        if name.strip() == key:
            return read(value.strip())
    return None
