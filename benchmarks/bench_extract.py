"""Extraction benchmark (issue 3): relevant articles per second per core.

    .venv/bin/python benchmarks/bench_extract.py [--rounds N] [--min 50]

Runs ``extract_claims`` (every stage, cascade on) over the articles of
``corpora/samples`` and every ``corpora/gold/*.articles.jsonl`` that mention an index
(the relevant ones), one process, and reports articles per second of CPU time
(per core) and of wall time, best of ``--rounds``. Also prints dev-set quality so speed
and F1 are read side by side, and the time for one pathological line (``--line-kb`` of
index names, ranks and totals with no sentence end), which must grow linearly with its
length. Exit status 1 when the rate is under ``--min``.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from extract.articles import Article  # noqa: E402
from extract.cascade import is_candidate  # noqa: E402
from extract.evaluate import evaluate, load_gold  # noqa: E402
from extract.pipeline import extract_claims  # noqa: E402
from nlp.normalize import normalize  # noqa: E402


def load(path: Path) -> list[Article]:
    return [Article.from_dict(json.loads(line)) for line in path.open(encoding="utf-8") if line.strip()]


_SOUP = ["xếp", "thứ", "đạt", "89,5%", "PCI", "Chỉ số CCHC", "năm", "2022", "huyện", "tỉnh", "Hà", "Nội",
         "Bắc Giang", "dẫn đầu", "tăng 2 bậc", "các bộ chỉ số", "63 tỉnh"]


def _pathological_line(chars: int) -> float:
    """CPU seconds to extract from one line of random index names, ranks and totals."""
    rng = random.Random(7)
    words: list[str] = []
    size = 0
    while size < chars:
        words.append(rng.choice(_SOUP))
        size += len(words[-1]) + 1
    cpu0 = time.process_time()
    extract_claims(Article(id="line", text=" ".join(words)))
    return time.process_time() - cpu0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--min", type=float, default=50.0, help="fail below this many articles/s per core")
    ap.add_argument("--line-kb", type=int, default=1000, help="size of the pathological line (0: skip)")
    args = ap.parse_args(argv)

    files = [REPO / "corpora" / "samples" / "articles.jsonl", *sorted((REPO / "corpora" / "gold").glob("*.articles.jsonl"))]
    articles = [a for f in files for a in load(f)]
    relevant = [a for a in articles if is_candidate(normalize(a.text))]
    extract_claims(relevant[0])  # load the gazetteer and catalog outside the timing
    best_cpu = best_wall = float("inf")
    claims = 0
    for _ in range(args.rounds):
        cpu0, wall0 = time.process_time(), time.perf_counter()
        claims = sum(len(extract_claims(a)) for a in relevant)
        best_cpu = min(best_cpu, time.process_time() - cpu0)
        best_wall = min(best_wall, time.perf_counter() - wall0)
    per_core = len(relevant) / best_cpu
    print(f"articles: {len(articles)} in {len(files)} files, relevant (mention an index): {len(relevant)}")
    print(f"claims: {claims}")
    print(f"relevant articles/s per core (CPU time): {per_core:.1f}   wall: {len(relevant) / best_wall:.1f}")
    print(f"mean chars per relevant article: {sum(len(a.text) for a in relevant) / len(relevant):.0f}")
    for f in files[1:]:
        stem = f.name.removesuffix(".articles.jsonl")
        gold_path = f.with_name(f"{stem}.gold.jsonl")
        if not gold_path.exists():
            continue
        arts = load(f)
        ev = evaluate([c for a in arts for c in extract_claims(a)], load_gold(gold_path), [a.id for a in arts])
        s = ev.overall
        r = ev.by_kind["result"]
        print(f"  {stem:12} P={s.precision:.3f} R={s.recall:.3f} F1={s.f1:.3f}  (result F1={r.f1:.3f})")
    if args.line_kb:
        for kb in (args.line_kb // 4, args.line_kb):
            cpu = _pathological_line(kb * 1000)
            print(f"one {kb} KB line of mentions and figures: {cpu:.1f} s CPU")
    ok = per_core >= args.min
    print(f"target >= {args.min:.0f}/s per core: {'met' if ok else 'MISSED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
