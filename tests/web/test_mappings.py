"""Pole mappings uploaded to the explorer (in process): checked as ``--poles`` checks a file,
kept under the digest of their bytes in the cache and nowhere else, named by that id only,
composed in the background step by step, and read as the command line reads the same file."""

from __future__ import annotations

import time
from pathlib import Path

import duckdb
import pytest

from multivector.web.mappings import MAX_BYTES, STEPS
from tests.cli.test_cli import run

pytestmark = pytest.mark.slow

#: Türkiye counted for the West rather than as a pole of its own: a partner of Kazakhstan moves.
TURKEY_WEST = b"entity,pole,note\nTUR,WEST,moved for the test\n"
HEADER = {"content-type": "text/csv"}
#: How long composing the whole world's panel under a mapping may take here (two minutes seen).
COMPOSE_TIMEOUT_S = 400


def upload(client, body: bytes):
    return client.post("/api/mappings", content=body, headers=HEADER)


def outside_the_cache(home: Path) -> list[tuple[str, int]]:
    """Every file and folder under ``home`` but the cache, with its size (the explorer writes
    to ``cache/explorer``; its state page reads the report's charts, kept in ``cache/report-data``)."""
    cache = home / "cache"
    return sorted(
        (str(p.relative_to(home)), p.stat().st_size if p.is_file() else -1)
        for p in home.rglob("*")
        if cache not in p.parents and p != cache and not p.name.endswith((".wal", ".lock"))
    )


@pytest.fixture(scope="module")
def home_before(built_home: Path) -> list[tuple[str, int]]:
    return outside_the_cache(built_home)


@pytest.fixture(scope="module")
def mapping(client, home_before) -> str:
    answer = upload(client, TURKEY_WEST)
    assert answer.status_code == 201, answer.text
    return answer.json()["mapping"]


def test_an_upload_answers_its_id_and_what_it_maps(client, mapping, explorer_config):
    answer = upload(client, TURKEY_WEST).json()
    assert answer["mapping"] == mapping and len(mapping) == 16
    assert answer["rows"] == 1 and answer["poles"] == {"WEST": 1}
    assert answer["total"] == len(STEPS)
    kept = explorer_config.home / "cache" / "explorer" / "mappings" / f"{mapping}.csv"
    assert kept.read_bytes() == TURKEY_WEST
    assert mapping in client.get("/api/mappings").json()["mappings"]


def test_the_same_mapping_in_other_clothes_is_the_same_id(client, mapping):
    dressed = b"\xef\xbb\xbf" + TURKEY_WEST.replace(b"\n", b"\r\n")  # a BOM, Windows line ends
    assert upload(client, dressed).json()["mapping"] == mapping
    assert upload(client, b"entity,pole\nTUR,WEST\n").json()["mapping"] != mapping  # other bytes, other id


@pytest.mark.parametrize(
    ("body", "status", "says"),
    [
        (b"entity,pole\n" + b"KAZ,RUS\n" * (MAX_BYTES // 8), 413, "too-large: the poles file is"),
        ("entity,pole\nTürkiye,WEST\n".encode("latin-1"), 400, "upload.csv is not UTF-8 (line 2)"),
        (b"entity,pole\n\xff\xfeT\x00U\x00R\x00\n", 400, "upload.csv"),
        (b"entity,pole\nNarnia,WEST\n", 400, "line 2: 'Narnia' is not a known code or name (did you mean"),
        (b"entity,pole\nKAZ,RUS\nTUR,WEST\nTUR,WEST\n", 400, "TUR is listed twice (lines 3 and 4)"),
        (b"entity,pole\nTUR,WEST\nTUR,EU\n", 400, "TUR is listed twice"),
        (b"", 400, "upload.csv is empty"),
        (b"\r0", 400, "upload.csv"),  # a lone carriage return (found by the schema fuzzer)
        (b'entity,pole\n"TUR,WEST\n', 400, "upload.csv"),  # a quote never closed
        (b"entity,pole\n", 400, "bad-input-file"),
        (b"TUR,WEST\n", 400, "missing column(s) entity, pole"),
        (b"entity,pole\n../../etc/passwd,WEST\n", 400, "'../../etc/passwd' is not a known code or name"),
    ],
)
def test_a_bad_upload_is_a_4xx_with_one_line_and_nothing_kept(client, explorer_config, body, status, says):
    folder = explorer_config.home / "cache" / "explorer" / "mappings"
    before = sorted(folder.iterdir()) if folder.is_dir() else []
    answer = upload(client, body)
    assert answer.status_code == status, answer.text
    line = answer.json()["error"]
    assert says in line and "\n" not in line
    assert sorted(folder.iterdir()) == before  # not even a scratch file is left


@pytest.mark.parametrize(
    "path",
    [
        "/api/mappings/../../etc/passwd",
        "/api/mappings/%2e%2e",
        "/api/mappings/%2e%2e%2fsecret",
        "/api/mappings/..%5Csecret",
        "/api/mappings/SECRET0123456789",
        "/api/profile?state=KAZ&year=2014&mapping=../secret",
        "/api/profile?state=KAZ&year=2014&mapping=%2e%2e%2fsecret",
        "/api/atlas?year=2014&mapping=/etc/passwd",
        "/state?state=KAZ&year=2014&mapping=../secret",
    ],
)
def test_a_path_like_mapping_is_404_and_reads_no_file(client, explorer_config, path):
    """A file the path would reach exists; it is not read (no mapping is named but by its id)."""
    cache = explorer_config.home / "cache" / "explorer"
    (cache / "mappings").mkdir(parents=True, exist_ok=True)
    bait = cache / "secret.csv"
    bait.write_bytes(TURKEY_WEST)
    try:
        answer = client.get(path)
    finally:
        bait.unlink()
    assert answer.status_code == 404, answer.text
    assert "Traceback" not in answer.text and "moved for the test" not in answer.text


def test_the_profile_under_a_mapping_is_the_command_line_s(client, mapping, built_home, tmp_path):
    under = client.get(f"/api/profile?state=KAZ&year=2014&mapping={mapping}")
    shipped = client.get("/api/profile?state=KAZ&year=2014")
    assert under.status_code == 200 and shipped.status_code == 200, (under.text, shipped.text)
    assert under.text != shipped.text  # Türkiye's share moved to the West
    poles = tmp_path / "poles.csv"
    poles.write_bytes(TURKEY_WEST)
    done = run(built_home, "profile", "KAZ", "--year", "2014", "--poles", str(poles), "--json")
    assert done.returncode == 0, done.stderr
    assert under.text == done.stdout.rstrip("\n")


def test_the_composition_goes_step_by_step_to_ready_links(client, mapping):
    seen, started = [], time.monotonic()
    while time.monotonic() - started < COMPOSE_TIMEOUT_S:
        status = client.get(f"/api/mappings/{mapping}").json()
        assert status["state"] in {"composing", "ready"}, status
        assert status["total"] == len(STEPS) and 0 <= status["done"] <= status["total"]
        seen.append(status["done"])
        if status["state"] == "ready":
            break
        time.sleep(0.5)
    assert status["state"] == "ready", f"not composed in {COMPOSE_TIMEOUT_S} s: {status}"
    assert seen == sorted(seen)  # it never goes back
    links = status["links"]
    assert links["atlas"] == f"/atlas?year=2014&mapping={mapping}"
    kept = client.app.state.answers.once_kept(("atlas", client.app.state.mappings.poles_file(mapping)))
    assert kept  # composed already: the page reads it, it does not compose it again
    atlas = client.get(f"/api/atlas?year=2014&mapping={mapping}")
    assert atlas.status_code == 200
    assert atlas.text != client.get("/api/atlas?year=2014").text
    for link in links.values():
        assert client.get(link).status_code == 200


def test_nothing_is_written_outside_the_explorer_s_cache(client, mapping, built_home, home_before):
    assert outside_the_cache(built_home) == home_before


def test_a_composition_that_fails_is_a_status_with_its_line(explorer_config):
    from multivector.web.answers import Answers
    from multivector.web.mappings import Mappings

    class Failing(Answers):
        def profile(self, state, year, poles):
            raise duckdb.OutOfMemoryException("Out of Memory Error: could not allocate")

    kept = Mappings(explorer_config.home / "cache" / "explorer" / "mappings")
    mapping = kept.upload(TURKEY_WEST, Failing(explorer_config))["mapping"]
    kept.wait(COMPOSE_TIMEOUT_S)  # after any composition under way (one at a time)
    status = kept.status(mapping)
    assert status["state"] == "failed" and status["error"].startswith("out-of-memory: DuckDB ran out of memory")
