"""``chiso eval`` (extractor against gold) and ``chiso export`` (store → files)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from chiso.cli import app


@app.command("eval")
def eval_command(
    gold: Annotated[list[Path], typer.Option("--gold", "-g", help="Gold claims JSONL (repeatable).")],
    articles: Annotated[list[Path], typer.Option("--articles", "-a", help="Article JSONL (repeatable).")],
    show: Annotated[int, typer.Option(help="How many misses and false positives to list.")] = 50,
    json_out: Annotated[Path | None, typer.Option("--json", help="Also write the scores as JSON.")] = None,
    no_cascade: Annotated[bool, typer.Option("--no-cascade", help="Run every stage on every sentence.")] = False,
) -> None:
    """Precision, recall and F1 per claim kind against gold, with the misses listed."""
    import json

    from rich.console import Console
    from rich.table import Table

    from extract.articles import Article
    from extract.evaluate import evaluate, load_gold
    from extract.pipeline import extract_claims

    err = Console(stderr=True)
    try:
        gold_claims = [g for path in gold for g in load_gold(path)]
        arts = []
        for path in articles:
            with open(path, encoding="utf-8") as fh:
                for n, line in enumerate(fh, 1):
                    if line.strip():
                        try:
                            arts.append(Article.from_dict(json.loads(line)))
                        except ValueError as exc:
                            raise ValueError(f"{path}:{n}: {exc}") from exc
    except (OSError, ValueError) as exc:
        err.print(f"chiso eval: {exc}", markup=False, highlight=False)
        raise typer.Exit(2) from None
    predicted = [c for a in arts for c in extract_claims(a, cascade=not no_cascade)]
    ev = evaluate(predicted, gold_claims, [a.id for a in arts])
    out = Console()
    table = Table(title=f"chiso eval: {len(arts)} articles, {len(gold_claims)} gold claims")
    for col in ("kind", "gold", "predicted", "TP", "FP", "FN", "precision", "recall", "F1"):
        table.add_column(col, justify="right" if col != "kind" else "left")
    rows = list(ev.by_kind.items()) + [("all", ev.overall)]
    for kind, s in rows:
        table.add_row(kind, str(s.tp + s.fn), str(s.tp + s.fp), str(s.tp), str(s.fp), str(s.fn),
                      f"{s.precision:.3f}", f"{s.recall:.3f}", f"{s.f1:.3f}")
    out.print(table)
    for title, items in (("misses", ev.misses), ("false positives", ev.false_positives)):
        if not items:
            continue
        out.print(f"\n{title} ({len(items)}):", markup=False)
        for obj, why in items[:show]:
            figures = f"score={obj.score} {obj.score_unit or ''} max={obj.score_max} rank={obj.rank}/{obj.rank_total}"
            out.print(f"  {obj.article_id} {obj.index} {obj.locality} {obj.year} {obj.kind} [{figures}] — {why}",
                      markup=False, highlight=False)
    if json_out:
        json_out.write_text(json.dumps(ev.to_dict(), ensure_ascii=False, indent=2), encoding="utf-8")


@app.command("export")
def export_command(
    store: Annotated[Path, typer.Option(help="The DuckDB store.")] = Path("chiso.duckdb"),
    what: Annotated[str, typer.Option(help="articles or claims")] = "claims",
    format: Annotated[str, typer.Option("--format", "-f", help="jsonl, csv or parquet")] = "jsonl",
    output: Annotated[Path, typer.Option("--output", "-o", help="File to write.")] = ...,
) -> None:
    """Write the store's articles or claims as JSONL, CSV or Parquet."""
    from chiso.store import Store

    if what not in {"articles", "claims"}:
        _fail(f"--what must be articles or claims, not {what!r}")
    if format not in {"jsonl", "csv", "parquet"}:
        _fail(f"--format must be jsonl, csv or parquet, not {format!r}")
    if not store.exists():
        _fail(f"{store}: no such store")
    with Store(store, read_only=True) as st:
        n = st.export(what, format, output)
    print(f"wrote {n} {what} to {output}", file=sys.stderr)


def _fail(message: str) -> None:
    print(f"chiso: {message}", file=sys.stderr)
    raise typer.Exit(2)
