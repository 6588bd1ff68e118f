"""chiso extract / chiso run as a user runs them: output contract, bad input, exit
status, the store without duplicates, and interruption (Ctrl-C, SIGKILL) then resume."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import time
from pathlib import Path

import psutil
import pytest
from batch_support import STUB_EXTRACTOR, STUB_SCANNER, article_lines, chiso_script
from typer.testing import CliRunner

from chiso.cli import app
from chiso.store import Store
from extract.claims import CLAIM_FIELDS

STUB = ["--extractor", STUB_EXTRACTOR, "--scanner", STUB_SCANNER]
SLOW = ["--extractor", "batch_stub:slow_extract_claims", "--scanner", STUB_SCANNER]


def invoke(*args: str):
    return CliRunner().invoke(app, [str(a) for a in args], catch_exceptions=False)


def test_extract_writes_the_claim_contract(write_jsonl, tmp_path: Path):
    path = write_jsonl("a.jsonl", article_lines(30))
    out = tmp_path / "claims.jsonl"
    result = invoke("extract", path, "-o", out, "--workers", "0", *STUB)
    assert result.exit_code == 0, result.stderr
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 20
    assert all(tuple(r) == CLAIM_FIELDS for r in rows)
    assert rows[0]["locality"] == "Tỉnh0" and rows[0]["score"] == 60.0
    assert "30 articles from 1 file" in result.stderr


def test_extract_to_stdout_by_default(write_jsonl):
    path = write_jsonl("a.jsonl", article_lines(4))
    result = invoke("extract", path, "-w", "0", *STUB)
    assert result.exit_code == 0
    assert [json.loads(x)["article_id"] for x in result.stdout.splitlines()] == ["a00000"] * 2 + [
        "a00003"
    ] * 2


def test_bad_input_is_named_skipped_counted_and_exits_1(tmp_path: Path, write_jsonl):
    lines = article_lines(6)
    lines[1] = "{not json"
    lines[4] = json.dumps({"id": "t", "title": "no text"})
    good = write_jsonl("a.jsonl", lines)
    (tmp_path / "empty").mkdir()
    (tmp_path / "notes.md").write_text("x")
    (tmp_path / "bin.txt").write_bytes(b"\x00\x01binary\x00")
    out = tmp_path / "o.jsonl"
    result = invoke(
        "extract", good, tmp_path / "missing.jsonl", tmp_path / "empty", tmp_path / "notes.md",
        tmp_path / "bin.txt", "-o", out, "-w", "0", *STUB,
    )
    assert result.exit_code == 1
    err = result.stderr.splitlines()
    for expected in (
        f"{good}:2: invalid JSON",
        f"{good}:5: record has no 'text' string",
        f"{tmp_path / 'missing.jsonl'}: no such file or directory",
        f"{tmp_path / 'empty'}: directory has no readable files",
        f"{tmp_path / 'notes.md'}: unknown file type",
        f"{tmp_path / 'bin.txt'}: cannot decode text",
    ):
        assert sum(line.startswith(expected) for line in err) == 1, (expected, err)
    summary = err[-1]
    assert "4 articles" in summary and "skipped 6 inputs" in summary
    assert "bad-json 1" in summary and "missing 1" in summary
    assert len(out.read_text().splitlines()) == 4  # the rest was processed


def test_strict_stops_at_the_first_bad_record(write_jsonl, tmp_path: Path):
    lines = article_lines(6)
    lines[1] = "{not json"
    path = write_jsonl("a.jsonl", lines)
    out = tmp_path / "o.jsonl"
    result = invoke("extract", path, "-o", out, "-w", "0", "--strict", *STUB)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0].startswith(f"{path}:2: invalid JSON")
    assert "--strict" in result.stderr.splitlines()[-1]
    assert not out.exists()


def test_run_fills_the_store_without_duplicates_and_prints_the_table(write_jsonl, tmp_path):
    path = write_jsonl("a.jsonl", article_lines(30))
    db = tmp_path / "chiso.duckdb"
    first = invoke("run", path, "--store", db, "-w", "0", *STUB)
    assert first.exit_code == 0, first.stderr
    with Store(db) as store:
        counts = store.counts()
    assert counts["claims"] == 20 and counts["articles"] == 10
    assert "Tỉnh0" in first.stdout and "60 điểm" in first.stdout
    for header in ("locality", "index", "year", "score", "rank/total", "source"):
        assert header in first.stdout
    again = invoke("run", path, "--store", db, "-w", "0", "--no-resume", *STUB)
    assert again.exit_code == 0
    with Store(db) as store:
        assert store.counts() | {"failures": 0} == counts | {"failures": 0}
    shown = invoke("run", "--store", db)  # no input: just the table
    assert shown.exit_code == 0 and shown.stdout == first.stdout


def test_unknown_engine_and_missing_scheduler_are_usage_errors(write_jsonl):
    path = write_jsonl("a.jsonl", article_lines(2))
    assert invoke("extract", path, "--engine", "spark").exit_code == 2
    result = invoke("extract", path, "--engine", "dask")
    assert result.exit_code == 2 and "--scheduler" in result.stderr


# -- interrupted runs, as subprocesses --------------------------------------------------------


def _big_input(write_jsonl) -> Path:
    return write_jsonl("big.jsonl", article_lines(900))


def _start(args: list[str]) -> subprocess.Popen:
    return subprocess.Popen(
        [str(chiso_script()), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        start_new_session=True,
    )


def _wait_for_done_lines(proc: subprocess.Popen, n: int, timeout: float = 30) -> list[str]:
    seen: list[str] = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = proc.stderr.readline()
        if not line:
            break
        seen.append(line)
        if sum(x.startswith("done ") for x in seen) >= n:
            return seen
    pytest.fail(f"fewer than {n} shards finished: {seen}")


def _store_claims(db: Path) -> list[str]:
    with Store(db) as store:
        claims = [json.dumps(c.to_dict(), ensure_ascii=False) for c in store.claims()]
        assert store.counts()["claims"] == len(claims)
    return sorted(claims)


def _reference(path: Path, tmp_path: Path) -> tuple[list, bytes]:
    db, out = tmp_path / "ref.duckdb", tmp_path / "ref.jsonl"
    result = invoke("extract", path, "--store", db, "-o", out, "-w", "0", "--shard-size",
                    "0.01", *STUB)
    assert result.exit_code == 0, result.stderr
    return _store_claims(db), out.read_bytes()


@pytest.mark.slow
def test_sigkill_then_rerun_finishes_without_duplicates(write_jsonl, tmp_path: Path):
    path = _big_input(write_jsonl)
    ref_claims, ref_out = _reference(path, tmp_path)
    db, out = tmp_path / "s.duckdb", tmp_path / "o.jsonl"
    args = ["extract", str(path), "--store", str(db), "-o", str(out), "-w", "2",
            "--shard-size", "0.01", "-v", *SLOW]
    proc = _start(args)
    try:
        _wait_for_done_lines(proc, 3)
        children = psutil.Process(proc.pid).children(recursive=True)
        os.kill(proc.pid, signal.SIGKILL)  # the parent alone, mid-run, as `kill -9 PID`
        proc.wait(10)
        _, alive = psutil.wait_procs(children, timeout=10)
        assert not alive, "workers outlived their parent"
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(10)
        proc.stdout.close()
        proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL
    assert not out.exists()
    with Store(db) as store:
        done = store.counts()["shards"]
    assert done >= 3
    rerun = subprocess.run([str(chiso_script()), *args], capture_output=True, text=True,
                           timeout=60)
    assert rerun.returncode == 0, rerun.stderr
    assert f"{done} already done" in rerun.stderr.splitlines()[-1]
    assert _store_claims(db) == ref_claims
    assert out.read_bytes() == ref_out
    assert not Path(f"{out}.parts").exists()


@pytest.mark.slow
def test_ctrl_c_stops_cleanly_with_130_and_resumes(write_jsonl, tmp_path: Path):
    path = _big_input(write_jsonl)
    ref_claims, ref_out = _reference(path, tmp_path)
    db, out = tmp_path / "s.duckdb", tmp_path / "o.jsonl"
    args = ["extract", str(path), "--store", str(db), "-o", str(out), "-w", "2",
            "--shard-size", "0.01", "-v", *SLOW]
    proc = _start(args)
    try:
        _wait_for_done_lines(proc, 2)
        os.killpg(proc.pid, signal.SIGINT)  # as a terminal's Ctrl-C: the whole group
        _, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert proc.returncode == 130, err
    assert "interrupted" in err.splitlines()[-1]
    with Store(db) as store:  # consistent: every done shard has its claims, nothing else
        done = store.query("SELECT sum(claims) AS n, count(*) AS s FROM shards")
        assert int(done["n"][0]) == store.counts()["claims"] > 0
        with Store(tmp_path / "ref.duckdb") as ref:
            assert int(done["s"][0]) < ref.counts()["shards"]
    rerun = subprocess.run([str(chiso_script()), *args], capture_output=True, text=True,
                           timeout=60)
    assert rerun.returncode == 0, rerun.stderr
    assert _store_claims(db) == ref_claims
    assert out.read_bytes() == ref_out
