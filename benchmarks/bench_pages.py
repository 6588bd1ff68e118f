"""Benchmark: HTML → Article pages per second per core on the real pages in ../shared/corpora.

    .venv/bin/python benchmarks/bench_pages.py [--shared ../shared] [--rounds 5] [--min 40]

One process, one thread: pages/s of CPU time is pages/s per core. Prints, for
comparison, trafilatura alone on the same pages (its defaults, and the fast
precision mode chiso uses), then token precision/recall of each page that
has a reference text (gold: fundus' VnExpress; site: the site's own body
containers). Exits 1 when below ``--min`` pages/s.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from crawler.evaluate import real_pages, token_overlap  # noqa: E402
from crawler.pages import html_to_article  # noqa: E402


def _rate(fn, bodies, rounds: int) -> tuple[float, float]:
    """(pages per CPU second, pages per wall second) over ``rounds`` passes after a warm-up."""
    for b in bodies:
        fn(b)
    cpu0, wall0 = time.process_time(), time.perf_counter()
    for _ in range(rounds):
        for b in bodies:
            fn(b)
    n = rounds * len(bodies)
    return n / (time.process_time() - cpu0), n / (time.perf_counter() - wall0)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--min", type=float, default=40.0, help="fail below this many pages/s per core")
    args = ap.parse_args(argv)
    pages = list(real_pages(args.shared))
    if not pages:
        print(f"no pages under {args.shared}/corpora/html-*: nothing to measure")
        return 0
    import trafilatura

    print(f"{len(pages)} real pages ({sum(p.is_article for p in pages)} articles, "
          f"{sum(len(p.body) for p in pages) / 1e6:.1f} MB), {args.rounds} rounds, 1 core")
    items = [(p.body, p.url) for p in pages]
    cpu, wall = _rate(lambda it: html_to_article(it[0], it[1]), items, args.rounds)
    print(f"chiso html_to_article            {cpu:7.1f} pages/s per core (wall {wall:.1f})")
    arts = [(p.body, p.url) for p in pages if p.is_article]
    a_cpu, a_wall = _rate(lambda it: html_to_article(it[0], it[1]), arts, args.rounds)
    print(f"  article pages only             {a_cpu:7.1f} pages/s per core (wall {a_wall:.1f})")
    texts = [p.body.decode("utf-8", "replace") for p in pages]
    t_cpu, _ = _rate(trafilatura.extract, texts, max(1, args.rounds // 2))
    print(f"trafilatura.extract (defaults)   {t_cpu:7.1f} pages/s per core")
    fast = dict(fast=True, favor_precision=True, include_tables=True, include_comments=False)
    f_cpu, _ = _rate(lambda t: trafilatura.extract(t, **fast), texts, max(1, args.rounds // 2))
    print(f"trafilatura.extract (fast, prec.) {f_cpu:6.1f} pages/s per core")
    print("\nextraction quality (token precision / recall):")
    for p in pages:
        if not p.reference:
            continue
        art = html_to_article(p.body, p.url)
        o = token_overlap(art.text if art else "", p.reference)
        print(f"  {p.reference_kind:4}  P={o.precision:.3f}  R={o.recall:.3f}  F1={o.f1:.3f}  {p.name}")
    wrong = [p.name for p in pages if (html_to_article(p.body, p.url) is not None) != p.is_article]
    print(f"\narticle-vs-listing errors: {len(wrong)} {wrong if wrong else ''}")
    if cpu < args.min:
        print(f"FAIL: {cpu:.1f} < {args.min} pages/s per core")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
