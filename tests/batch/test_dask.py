"""The Dask engine on a real LocalCluster (scheduler and two worker processes on loopback)
gives the same claims as the local engine, through the API and through the CLI, and
keeps the per-document time limit on its task threads."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from batch_support import STUB_EXTRACTOR, STUB_SCANNER, article_lines
from typer.testing import CliRunner

from chiso.cli import app
from chiso.engines import DaskEngine, LocalEngine, Outputs, TaskOptions, run_batch
from chiso.store import Store
from tests.conftest import CORPORA

distributed = pytest.importorskip("distributed")

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
        dashboard_address=None, silence_logs=40,
    ) as cluster:
        yield cluster


def inputs(tmp_path: Path) -> list[Path]:
    """The samples and the dev set, plus filler so that there are several shards."""
    filler = tmp_path / "filler.jsonl"
    filler.write_text("\n".join(article_lines(300)) + "\n", encoding="utf-8")
    return [CORPORA / "samples", *sorted((CORPORA / "gold").glob("*.articles.jsonl")), filler]


def test_dask_engine_gives_the_same_claims_as_the_local_engine(cluster, tmp_path: Path):
    files = inputs(tmp_path)
    results = {}
    for name in ("local", "dask"):
        out = tmp_path / f"{name}.jsonl"
        with distributed.Client(cluster) as client:
            engine = DaskEngine(client) if name == "dask" else LocalEngine(2)
            try:
                with Store(tmp_path / f"{name}.duckdb") as store:
                    stats = run_batch(files, engine=engine, store=store,
                                      outputs=Outputs(str(out)), shard_bytes=20_000)
                    claims = sorted(json.dumps(c.to_dict(), ensure_ascii=False)
                                    for c in store.claims())
            finally:
                engine.close()
        assert stats.exit_code == 0 and stats.shards_run > 3
        results[name] = (out.read_bytes(), claims, stats.claims)
    assert results["dask"] == results["local"]
    assert results["dask"][2] > 50  # the dev set has claims: not a vacuous comparison


def test_dask_through_the_cli(cluster, tmp_path: Path):
    files = [str(p) for p in inputs(tmp_path)]
    outs = []
    for engine in (["--engine", "dask", "--scheduler", cluster.scheduler_address], ["-w", "2"]):
        out = tmp_path / f"{engine[1]}.jsonl"
        result = CliRunner().invoke(app, ["extract", *files, "-o", str(out), "--shard-size",
                                          "0.02", *engine])
        assert result.exit_code == 0, result.stderr
        outs.append(out.read_bytes())
    assert outs[0] == outs[1] and outs[0].count(b"\n") > 50


def test_time_limit_on_dask_task_threads(cluster, tmp_path: Path):
    lines = article_lines(9)
    lines[4] = json.dumps({"id": "hang", "text": "PCI HANG_FOREVER"})
    path = tmp_path / "a.jsonl"
    path.write_text("\n".join(lines) + "\n")
    opts = TaskOptions(extractor=STUB_EXTRACTOR, scanner=STUB_SCANNER, time_limit=0.5)
    with distributed.Client(cluster) as client:
        engine = DaskEngine(client)
        stats = run_batch([path], engine=engine, options=opts)
        engine.close()
    assert stats.failures == {"timeout": 1}
    assert stats.articles == 9 and stats.claims == 3 * 2  # lines 0, 3, 6
