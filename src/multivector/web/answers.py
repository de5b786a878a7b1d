"""What the explorer answers, computed once: every verb of ``multivector.api`` the pages and the
JSON API need, kept per parameters while the server runs.

The store is opened read-only and never changes under a running server, so an answer for the
same parameters is the same answer: it is kept (up to ``KEPT`` of them, the least recently used
going first). Two requests for one answer at once compute it once; the second waits.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from multivector import api
from multivector.config import Settings

if TYPE_CHECKING:
    import pandas as pd

#: How many answers are kept; a profile is a few kB, an atlas a few hundred.
KEPT = 2048

#: The most Monte Carlo draws one request may ask of the hedging model (the CLI allows 200,000).
MAX_DRAWS = 20_000

#: The steps of composing the atlas of every year (``Answers.atlas_every_year``).
ATLAS_STEPS = ("dependence on the hegemon per domain", "differentiation of the domains")


class Answers:
    """The explorer's answers for one store (``config``), each computed once per parameters."""

    def __init__(self, config: Settings) -> None:
        self.config = config
        self._kept: OrderedDict[Hashable, Any] = OrderedDict()
        self._locks: dict[Hashable, threading.Lock] = {}
        self._guard = threading.Lock()
        self._findings: Background | None = None
        self._closing = threading.Event()

    def close(self) -> None:
        """The server stops: background work stops at its next step."""
        self._closing.set()

    def wait(self, timeout: float) -> None:
        """Wait (up to ``timeout`` s) for background work to leave off: DuckDB must not be
        running in a thread when the process ends."""
        if self._findings is not None:
            self._findings.wait(timeout)

    def stopping(self) -> bool:
        """Whether the server stops (background work leaves off at its next step)."""
        return self._closing.is_set()

    def _go_on(self) -> None:
        if self._closing.is_set():
            raise _Stopped("the server is stopping")

    def once(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        """The answer kept under ``key``, or ``compute()`` kept there (an error is not kept)."""
        with self._guard:
            if key in self._kept:
                self._kept.move_to_end(key)
                return self._kept[key]
            lock = self._locks.setdefault(key, threading.Lock())
        with lock:
            with self._guard:
                if key in self._kept:
                    return self._kept[key]
            value = compute()
            with self._guard:
                self._kept[key] = value
                while len(self._kept) > KEPT:
                    self._kept.popitem(last=False)
                self._locks.pop(key, None)
            return value

    def once_kept(self, key: Hashable) -> bool:
        """Whether the answer under ``key`` is kept (read, not computed, when next asked)."""
        with self._guard:
            return key in self._kept

    # --- the verbs ------------------------------------------------------------------------

    def states(self) -> dict:
        return self.once(("states",), lambda: api.states(self.config))

    def coverage(self, state: str) -> dict:
        entity = self.resolve(state)
        return self.once(("coverage", entity), lambda: api.coverage(entity, self.config))

    def resolve(self, state: str) -> str:
        """Our id of the state a user means (an unknown name: ``UnknownState`` with a suggestion)."""
        return self.once(("resolve", state), lambda: api.resolve_state(state, self.config))

    def measure(self, state: str, channel: str, year_from: int | None, year_to: int | None, poles: Path | None) -> dict:
        entity = self.resolve(state)
        key = ("measure", entity, channel, year_from, year_to, poles)
        return self.once(key, lambda: api.measure(entity, channel, year_from, year_to, poles, config=self.config))

    def profile(self, state: str, year: int, poles: Path | None) -> dict:
        entity = self.resolve(state)
        return self.once(("profile", entity, year, poles), lambda: api.profile(entity, year, poles, config=self.config))

    def classify(self, state: str, year: int | None) -> dict:
        entity = self.resolve(state)
        return self.once(("classify", entity, year), lambda: api.classify(entity, year, config=self.config))

    def sensitivity(self, state: str, year: int | None) -> dict:
        entity = self.resolve(state)
        return self.once(("sensitivity", entity, year), lambda: api.sensitivity(entity, year, config=self.config))

    def findings(self) -> tuple[bool, dict]:
        """(True, the claims) once judged; (False, how far) while they are judged in the background.

        Judging every claim classifies every studied state under every plausible setting: minutes,
        not a request's time. The first call starts it; later calls see its progress.
        """
        with self._guard:
            if self._findings is None:
                self._findings = Background(self._judge_findings)
        return self._findings.result()

    def _judge_findings(self, progress: dict) -> dict:
        import json

        def on_state(state: str) -> None:
            self._go_on()
            progress.update(step=f"classifying {state}")

        def on_setting(done: int, total: int) -> None:
            self._go_on()
            progress.update(step="testing the plausible settings", done=done, total=total)

        return json.loads(api.findings(config=self.config, as_json=True, on_state=on_state, on_setting=on_setting))

    def routes(self, state: str, year: int | None, poles: Path | None) -> dict:
        entity = self.resolve(state)
        return self.once(("routes", entity, year, poles), lambda: api.routes(entity, year, poles, config=self.config))

    def lines(self, state: str, commodity: str | None) -> list[dict]:
        entity = self.resolve(state)
        key = ("lines", entity, commodity)
        return self.once(key, lambda: api.outage_routes(entity, commodity, config=self.config))

    def outage(self, state: str, commodity: str, route: str | None, transit: str | None, source: str | None) -> dict:
        entity = self.resolve(state)
        key = ("outage", entity, commodity, route, transit, source)
        return self.once(
            key,
            lambda: api.simulate_outage(entity, commodity, route, transit, source=source, config=self.config),
        )

    def hedging(self, state: str, shock: str | None, draws: int, seed: int) -> dict:
        entity = self.resolve(state)
        key = ("hedging", entity, shock, draws, seed)
        return self.once(key, lambda: api.simulate_hedging(entity, shock, draws, seed, config=self.config))

    def network(self, hub: str | None) -> dict:
        return self.once(("network", hub), lambda: api.network(hub, self.config))

    def charts(self, state: str, kinds: tuple[str, ...]) -> dict:
        """The report's charts of a state (its last year with data), as specs with captions."""
        entity = self.resolve(state)
        return self.once(("charts", entity, kinds), lambda: api.state_charts(entity, kinds, config=self.config))

    def shipped_poles(self) -> list[dict]:
        return self.once(("shipped_poles",), lambda: api.shipped_poles(self.config))

    def sources(self) -> list[dict]:
        return self.once(("sources",), lambda: api.sources(self.config))

    def cite(self, source: str) -> str:
        return self.once(("cite", source), lambda: api.cite(source))

    def atlas(self, year: int, poles: Path | None) -> list[dict]:
        """Every state in ``year``: its dependence on the hegemon per domain, differentiation and
        balance, each with its series (the panel grammar's ``state_years``).

        Read from every year's table, composed once (some 3 s on the shipped store, where one
        year alone takes more than 1 s): a map moved from year to year reads what is kept.
        """

        def year_of() -> list[dict]:
            every = self.atlas_every_year(poles)
            rows = every[every["year"] == year]
            return rows.astype(object).where(rows.notna(), None).to_dict(orient="records")

        return self.once(("atlas", year, poles), year_of)

    def atlas_every_year(self, poles: Path | None, on_step: Callable[[str], None] | None = None) -> pd.DataFrame:
        """Every state-year's dependence per domain, differentiation and balance under ``poles``.

        ``on_step(name)`` is told before each of the ``ATLAS_STEPS`` (under an uploaded mapping
        each takes about a minute: the whole world's panel is composed again).
        """
        return self.once(("atlas", poles), lambda: self._every_year(poles, on_step or (lambda step: None)))

    def _every_year(self, poles: Path | None, on_step: Callable[[str], None]) -> pd.DataFrame:
        units = api.state_years(None, None, config=self.config)
        on_step(ATLAS_STEPS[0])
        units = api.add_dependence(units, poles_file=poles, config=self.config)
        on_step(ATLAS_STEPS[1])
        return api.add_differentiation(units, poles_file=poles, config=self.config)


class _Stopped(Exception):
    """Background work left off because the server stops."""


class Background:
    """One computation in a thread of its own: its result, or its progress while it runs.

    ``work(progress)`` updates the dict ``progress`` (``step``, ``done``, ``total``) as it goes.
    A failure is kept: ``result`` raises it again, so a request sees the same one-line error.
    """

    def __init__(self, work: Callable[[dict], Any]) -> None:
        self.progress: dict = {"state": "running", "step": "starting", "done": 0, "total": None}
        self._value: Any = None
        self._error: BaseException | None = None
        self._done = threading.Event()
        threading.Thread(target=self._run, args=(work,), daemon=True, name="multivector-background").start()

    def _run(self, work: Callable[[dict], Any]) -> None:
        try:
            self._value = work(self.progress)
        except BaseException as error:  # noqa: BLE001 - kept and raised again to the request
            self._error = error
        finally:
            self._done.set()

    def wait(self, timeout: float) -> bool:
        """Whether the work ended within ``timeout`` seconds."""
        return self._done.wait(timeout)

    def result(self) -> tuple[bool, Any]:
        """(True, the value) when done; (False, the progress) while running."""
        if not self._done.is_set():
            return False, dict(self.progress)
        if self._error is not None:
            raise self._error
        return True, self._value
