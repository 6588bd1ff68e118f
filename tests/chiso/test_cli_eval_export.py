"""``chiso eval`` and ``chiso export`` end to end, as a user runs them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CHISO = str(Path(sys.executable).with_name("chiso"))


def run(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess:
    return subprocess.run([CHISO, *args], cwd=cwd, capture_output=True, text=True, timeout=300)


def test_eval_on_the_samples_is_perfect(tmp_path):
    out = tmp_path / "scores.json"
    p = run("eval", "--gold", "corpora/gold/samples.gold.jsonl", "--articles", "corpora/samples/articles.jsonl",
            "--json", str(out))
    assert p.returncode == 0, p.stderr
    scores = json.loads(out.read_text(encoding="utf-8"))
    assert scores["by_kind"]["result"] == {"tp": 9, "fp": 0, "fn": 0, "precision": 1.0, "recall": 1.0, "f1": 1.0}
    assert scores["overall"]["f1"] == 1.0
    assert "result" in p.stdout and "1.000" in p.stdout


def test_eval_lists_misses(tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"doc": "000_2473a1bbf716dbb0", "index": "PCI", "locality": "Yên Thế",
                                "locality_type": "huyện", "province": "Bắc Giang", "year": 2022, "score": 1.0,
                                "score_unit": None, "score_max": None, "rank": None, "rank_total": None,
                                "kind": "result"}, ensure_ascii=False) + "\n", encoding="utf-8")
    p = run("eval", "--gold", str(gold), "--articles", "corpora/samples/articles.jsonl")
    assert p.returncode == 0, p.stderr
    assert "misses (1)" in p.stdout and "PCI Yên Thế 2022 result" in p.stdout
    assert "false positives" in p.stdout


def test_eval_bad_gold_line_names_file_and_line(tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text('{"doc": "x"}\n', encoding="utf-8")
    p = run("eval", "--gold", str(gold), "--articles", "corpora/samples/articles.jsonl")
    assert p.returncode == 2
    assert f"{gold}:1:" in p.stderr


def test_export_after_run(tmp_path):
    store = tmp_path / "c.duckdb"
    assert run("run", "corpora/samples", "--store", str(store)).returncode == 0
    for fmt in ("jsonl", "csv", "parquet"):
        p = run("export", "--store", str(store), "--what", "claims", "--format", fmt, "-o", str(tmp_path / f"c.{fmt}"))
        assert p.returncode == 0, p.stderr
    lines = (tmp_path / "c.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 17
    assert {json.loads(x)["locality"] for x in lines} == {"Yên Thế", "Bắc Giang", "Hải Hà", "Yên Châu"}


def test_export_rejects_unknown_format(tmp_path):
    p = run("export", "--store", str(tmp_path / "none.duckdb"), "--format", "xml", "-o", str(tmp_path / "x"))
    assert p.returncode == 2 and "--format" in p.stderr
