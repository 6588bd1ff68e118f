"""Shards, the per-shard task and the local engines, with the stand-in extractor.

The extractor itself is not under test here (see test_cascade.py): these tests pin the
mechanics: every line read once, stable shard ids, the same output from any engine
and worker count, resume without duplicates, time limits, failures recorded."""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

import pytest
from batch_support import STUB_EXTRACTOR, STUB_SCANNER, article_lines

from chiso.engines import (
    LocalEngine,
    Outputs,
    SerialEngine,
    Shard,
    TaskOptions,
    plan_shards,
    run_batch,
    run_shard,
)
from chiso.inputs import Article, Problem, expand, iter_raw, parse
from chiso.store import Store

OPTS = TaskOptions(extractor=STUB_EXTRACTOR, scanner=STUB_SCANNER, time_limit=5)


def files_of(*paths):
    return [f for f in expand(paths) if not isinstance(f, Problem)]


def test_jsonl_shards_cover_every_line_once(write_jsonl):
    path = write_jsonl("a.jsonl", article_lines(500))
    shards = list(plan_shards(files_of(path), shard_bytes=4000))
    assert len(shards) > 10
    ids = []
    for shard in shards:
        (part,) = shard.parts
        for raw in iter_raw(part):
            art = parse(raw)
            assert isinstance(art, Article)
            assert raw.where == f"{path}:{int(art.id[1:]) + 1}"  # line numbers survive the cut
            ids.append(art.id)
    assert ids == [f"a{i:05d}" for i in range(500)]
    assert sum(s.nbytes for s in shards) == path.stat().st_size


def test_shard_ids_are_stable_and_change_with_the_file(write_jsonl):
    path = write_jsonl("a.jsonl", article_lines(200))
    first = [s.id for s in plan_shards(files_of(path), 5000)]
    assert first == [s.id for s in plan_shards(files_of(str(path)), 5000)]
    assert len(set(first)) == len(first)
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))
    assert not set(first) & {s.id for s in plan_shards(files_of(path), 5000)}


def test_small_files_are_grouped(tmp_path: Path):
    for i in range(25):
        (tmp_path / f"{i:03d}.txt").write_text(f"Tiêu đề {i}\nPCI {i}", encoding="utf-8")
    shards = list(plan_shards(files_of(tmp_path), shard_bytes=200))
    assert 1 < len(shards) < 25
    names = [Path(p.file.path).name for s in shards for p in s.parts]
    assert names == [f"{i:03d}.txt" for i in range(25)]


def _claims_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_serial_and_process_engines_give_the_same_output(write_jsonl, tmp_path: Path):
    path = write_jsonl("a.jsonl", article_lines(900))
    outs = []
    for engine in (SerialEngine(), LocalEngine(2, preload=["batch_stub"])):
        out = tmp_path / f"{engine.name}.jsonl"
        try:
            stats = run_batch([path], engine=engine, options=OPTS, outputs=Outputs(str(out)),
                              shard_bytes=8000)
        finally:
            engine.close()
        assert stats.exit_code == 0
        assert (stats.articles, stats.candidates, stats.claims) == (900, 300, 600)
        assert stats.shards_run == stats.shards > 5
        outs.append(out.read_bytes())
        assert not Path(f"{out}.parts").exists()
    assert outs[0] == outs[1]
    claims = [json.loads(line) for line in outs[0].decode().splitlines()]
    assert [c["article_id"] for c in claims[:4]] == ["a00000", "a00000", "a00003", "a00003"]


def test_resume_skips_done_shards_without_duplicates(write_jsonl, tmp_path: Path):
    path = write_jsonl("a.jsonl", article_lines(600))
    reference = tmp_path / "ref.jsonl"
    run_batch([path], engine=SerialEngine(), options=OPTS, outputs=Outputs(str(reference)),
              shard_bytes=6000)

    out = tmp_path / "out.jsonl"
    db = tmp_path / "s.duckdb"
    seen = []
    with Store(db) as store:
        stats = run_batch(
            [path], engine=SerialEngine(), options=OPTS, store=store,
            outputs=Outputs(str(out)), shard_bytes=6000,
            on_shard=lambda s, r, state: seen.append(state),
            should_stop=lambda: len(seen) >= 3,  # "Ctrl-C" after three shards
        )
        assert stats.interrupted and stats.exit_code == 130
        assert not out.exists() and len(list(Path(f"{out}.parts").iterdir())) == 3
        assert store.counts()["shards"] == 3
    with Store(db) as store:
        again = run_batch([path], engine=SerialEngine(), options=OPTS, store=store,
                          outputs=Outputs(str(out)), shard_bytes=6000)
        assert again.shards_done_before == 3 and again.shards_run == again.shards - 3
        assert again.exit_code == 0
        assert out.read_bytes() == reference.read_bytes()
        assert not Path(f"{out}.parts").exists()
        claims = store.claims()
        keys = [c.key for c in claims]
        assert len(keys) == len(set(keys)) == 400
        assert store.counts()["articles"] == 200  # the candidates
    with Store(db) as store:  # a third run, naming the file another way: nothing left to do
        other_name = os.path.relpath(path)
        assert other_name != str(path)
        third = run_batch([other_name], engine=SerialEngine(), options=OPTS, store=store,
                          shard_bytes=6000)
        assert third.shards_run == 0 and third.shards_done_before == third.shards
        assert len(store.claims()) == 400


def test_failures_and_timeouts_are_recorded_not_fatal(write_jsonl, tmp_path: Path):
    lines = article_lines(30)
    lines[4] = json.dumps({"id": "hang", "text": "PCI HANG_FOREVER"})
    lines[5] = json.dumps({"id": "boom", "text": "PCI RAISE_ERROR"})
    lines[6] = "{broken"
    path = write_jsonl("a.jsonl", lines)
    opts = TaskOptions(extractor=STUB_EXTRACTOR, scanner=STUB_SCANNER, time_limit=0.3)
    problems: list[Problem] = []
    engine = LocalEngine(1, preload=["batch_stub"])
    try:
        with Store(tmp_path / "s.duckdb") as store:
            stats = run_batch([path], engine=engine, options=opts, store=store,
                              on_problem=problems.append)
            rows = store.con.execute(
                "SELECT origin, article_id, reason FROM failures ORDER BY origin"
            ).fetchall()
            assert store.counts()["shards"] == 1  # the shard is done despite its failures
    finally:
        engine.close()
    assert stats.exit_code == 1
    assert stats.failures == {"timeout": 1, "error": 1} and stats.problems == {"bad-json": 1}
    assert stats.articles == 29 and stats.claims == 2 * 9  # ten figure lines minus the hang
    assert rows == [
        (f"{path}:5", "hang", "timeout after 0.3s"),
        (f"{path}:6", "boom", "RuntimeError: stub extractor failure"),
        (f"{path}:7", None, "invalid JSON (Expecting property name enclosed in double quotes, "
                            "column 2)"),
    ]
    assert [str(p) for p in problems][0] == f"{path}:5: timeout after 0.3s"


def test_watchdog_time_limit_on_a_non_main_thread(write_jsonl):
    """Dask runs tasks on threads, where SIGALRM cannot be used."""
    lines = article_lines(6)
    lines[2] = json.dumps({"id": "hang", "text": "PCI HANG_FOREVER"})
    path = write_jsonl("a.jsonl", lines)
    (shard,) = plan_shards(files_of(path))
    opts = TaskOptions(extractor=STUB_EXTRACTOR, scanner=STUB_SCANNER, time_limit=0.3)
    box = {}
    t = threading.Thread(target=lambda: box.setdefault("res", run_shard(shard, opts)))
    t.start()
    t.join(10)
    assert not t.is_alive()
    res = box["res"]
    assert [f[1:] for f in res.failures] == [("hang", "timeout after 0.3s")]
    assert res.read == 6 and len(res.claims) == 2 * 2
    assert res.max_rss > 0 and res.pid == os.getpid()


def test_strict_stops_at_the_first_bad_record(write_jsonl, tmp_path: Path):
    lines = article_lines(300)
    lines[250] = "{broken"
    path = write_jsonl("a.jsonl", lines)
    opts = TaskOptions(extractor=STUB_EXTRACTOR, scanner=STUB_SCANNER, strict=True)
    with Store(tmp_path / "s.duckdb") as store:
        stats = run_batch([path], engine=SerialEngine(), options=opts, store=store,
                          outputs=Outputs(str(tmp_path / "o.jsonl")), shard_bytes=3000)
        assert stats.stopped_strict and stats.exit_code == 1
        assert stats.problems == {"bad-json": 1}
        done = store.counts()["shards"]
        assert 0 < done < stats.shards  # shards before the bad one are saved, no more
        assert not store.query("SELECT * FROM failures").shape[0]
    assert not (tmp_path / "o.jsonl").exists()


def test_parquet_partitions(write_jsonl, tmp_path: Path):
    import pyarrow.dataset as ds

    path = write_jsonl("a.jsonl", article_lines(400))
    pq_dir = tmp_path / "claims"
    out = tmp_path / "o.jsonl"
    stats = run_batch([path], engine=SerialEngine(), options=OPTS,
                      outputs=Outputs(str(out), parquet=pq_dir), shard_bytes=10000)
    parts = sorted(pq_dir.glob("claims-*.parquet"))
    assert len(parts) == stats.shards > 2
    table = ds.dataset(pq_dir).to_table()
    assert table.num_rows == stats.claims == len(_claims_jsonl(out))
    rows = sorted(table.to_pylist(), key=lambda r: (r["article_id"], r["span"]))
    expected = sorted(_claims_jsonl(out), key=lambda r: (r["article_id"], r["span"]))
    assert rows == expected


def test_shard_of_is_deterministic(write_jsonl):
    path = write_jsonl("a.jsonl", article_lines(3))
    (f,) = files_of(path)
    from chiso.inputs import Part

    a, b = Shard.of([Part(f)]), Shard.of([Part(f)])
    assert a == b and a.id.startswith(a.digest + " ") and a.label == str(path)


@pytest.mark.parametrize("workers", [1, 2])
def test_worker_pids_and_peak_rss_are_reported(write_jsonl, workers):
    path = write_jsonl("a.jsonl", article_lines(400))
    engine = LocalEngine(workers, preload=["batch_stub"])
    try:
        pids = set(engine.warm_up())
        stats = run_batch([path], engine=engine, options=OPTS, shard_bytes=2000)
    finally:
        engine.close()
    assert set(stats.max_rss) <= pids and os.getpid() not in stats.max_rss
    assert all(20 * 2**20 < rss < 2**30 for rss in stats.max_rss.values())


def test_a_dead_worker_costs_its_shard_not_the_run(write_jsonl, tmp_path: Path):
    lines = article_lines(300)
    lines[150] = json.dumps({"id": "crash", "text": "PCI CRASH_WORKER"})
    path = write_jsonl("a.jsonl", lines)
    problems: list[Problem] = []
    engine = LocalEngine(1, preload=["batch_stub"])
    try:
        with Store(tmp_path / "s.duckdb") as store:
            stats = run_batch([path], engine=engine, options=OPTS, store=store,
                              outputs=Outputs(str(tmp_path / "o.jsonl")), shard_bytes=5000,
                              on_problem=problems.append)
            done = store.counts()["shards"]
    finally:
        engine.close()
    assert stats.exit_code == 1
    assert 1 <= stats.shards_failed <= 2  # the crashing shard and maybe one in flight beside it
    assert done == stats.shards - stats.shards_failed == stats.shards_run
    assert all(p.kind == "shard" and "shard failed" in p.message for p in problems)
    # the output has what was done; the parts stay for the re-run that retries the rest
    assert (tmp_path / "o.jsonl").exists() and Path(f"{tmp_path / 'o.jsonl'}.parts").is_dir()
