"""chiso trends / conflicts / check / report / syndication: the comparison layer's commands.

Thin wrappers over :mod:`compare`. Heavy imports happen inside the functions so that
``chiso --help`` stays instant.

Exit status: 0 on success; 1 when ``check`` could not read some input (each named on
stderr, the rest is still checked); 2 for a usage error, a missing store or a malformed
reference table.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from chiso.cli import app

if TYPE_CHECKING:
    import pandas as pd

    from chiso.store import Store
    from compare.reference import ReferenceTable
    from compare.verify import Verdict
    from extract.articles import Article
    from extract.claims import Claim

DEFAULT_STORE = "chiso.duckdb"
_STORE_HELP = "DuckDB store to read (made by `chiso run` / `chiso extract --store`)."
_REFERENCE_HELP = "Directory of official reference tables (*.csv); default: corpora/reference."


class TrendsFormat(StrEnum):
    table = "table"
    csv = "csv"
    parquet = "parquet"
    jsonl = "jsonl"


class ConflictsFormat(StrEnum):
    table = "table"
    csv = "csv"
    jsonl = "jsonl"


class By(StrEnum):
    new_province = "new-province"


def _fail(command: str, message: str, code: int = 2) -> typer.Exit:
    print(f"chiso {command}: {message}", file=sys.stderr, flush=True)
    return typer.Exit(code)


def _open_store(path: Path, command: str) -> Store:
    import duckdb

    from chiso.store import Store

    try:
        return Store(path, read_only=True)
    except (FileNotFoundError, duckdb.Error) as exc:
        raise _fail(command, f"cannot open store {path}: {exc}") from None


def _load_reference(directory: Path | None, command: str) -> ReferenceTable:
    from compare.reference import ReferenceError, load_reference

    try:
        return load_reference(directory)
    except ReferenceError as exc:
        raise _fail(command, str(exc)) from None


def _console(stderr: bool = False):
    """A rich console; 120 columns when not writing to a terminal (pipes, files, CI logs)."""
    from rich.console import Console

    console = Console(stderr=stderr, soft_wrap=False)
    if not console.is_terminal:
        console.width = max(console.width, 120)
    return console


# -- trends ---------------------------------------------------------------------------------


@app.command()
def trends(
    store: Annotated[Path, typer.Option("--store", help=_STORE_HELP)] = Path(DEFAULT_STORE),
    locality: Annotated[
        list[str] | None, typer.Option("--locality", "-l", help="Only these localities (repeatable).")
    ] = None,
    province: Annotated[
        list[str] | None,
        typer.Option("--province", "-p", help="Only units in these provinces, old or new (repeatable)."),
    ] = None,
    index: Annotated[
        list[str] | None, typer.Option("--index", "-i", help="Only these indices, e.g. PAR_INDEX, PCI.")
    ] = None,
    from_year: Annotated[int | None, typer.Option("--from-year", help="First assessment year.")] = None,
    to_year: Annotated[int | None, typer.Option("--to-year", help="Last assessment year.")] = None,
    by: Annotated[
        By | None,
        typer.Option("--by", help="new-province: add the post-1-July-2025 province as a column."),
    ] = None,
    fmt: Annotated[
        TrendsFormat | None,
        typer.Option("--format", "-f", help="table (default in a terminal), csv, parquet, jsonl."),
    ] = None,
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="File to write (format from its suffix).")
    ] = None,
) -> None:
    """The panel locality × index × year: figures, sources, year-over-year changes."""
    from compare.trends import panel_from_store

    fmt = fmt or _format_from(output, TrendsFormat, TrendsFormat.table, "trends")
    if fmt is TrendsFormat.parquet and output is None:
        raise _fail("trends", "--format parquet needs -o PATH")
    if fmt is TrendsFormat.table and output is not None:
        raise _fail("trends", "-o needs --format csv, parquet or jsonl (or a .csv/.parquet/.jsonl name)")
    with _open_store(store, "trends") as db:
        panel = panel_from_store(
            db,
            by_new_province=by is By.new_province,
            localities=locality or (),
            provinces=province or (),
            indices=index or (),
            year_from=from_year,
            year_to=to_year,
        )
    if fmt is TrendsFormat.table:
        _print_panel(panel)
        return
    _write_frame(panel, fmt.value, output)
    if output is not None:
        print(f"chiso trends: {len(panel)} rows → {output}", file=sys.stderr)


def _format_from(output: Path | None, kind, default, command: str):
    if output is None:
        return default
    suffix = output.suffix.lower().lstrip(".")
    try:
        return kind(suffix)
    except ValueError:
        raise _fail(command, f"cannot tell the format of {output}; give --format") from None


def _write_frame(frame: pd.DataFrame, fmt: str, output: Path | None) -> None:
    """CSV/JSONL to ``output`` or stdout; Parquet to ``output``. List columns become
    space-separated in CSV (URLs hold no spaces)."""
    if output is not None:
        output.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "parquet":
        frame.to_parquet(output, index=False)
        return
    if fmt == "csv":
        flat = frame.copy()
        for name in ("urls", "article_ids"):
            if name in flat:
                flat[name] = flat[name].map(lambda v: " ".join(v) if isinstance(v, list) else v)
        text = flat.to_csv(index=False)
    else:
        text = frame.to_json(orient="records", lines=True, force_ascii=False)
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")


def _cell(value: object) -> str:
    import pandas as pd

    if value is None or (not isinstance(value, list) and pd.isna(value)):
        return ""
    return str(value)


def _print_panel(panel: pd.DataFrame) -> None:
    from rich.markup import escape
    from rich.table import Table

    from compare.figures import printed_decimals, show

    console = _console()
    if panel.empty:
        console.print("No figures (the store is empty or the filters match nothing).")
        return
    table = Table(header_style="bold")
    with_new = "new_province" in panel
    for name in ("index", "locality", "year", "score", "rank", "change", "sources", ""):
        table.add_column(name, justify="right" if name in ("year", "score", "rank", "change", "sources") else "left")
    for row in panel.itertuples(index=False):
        score = ""
        if _cell(row.score):
            score = show(row.score, printed_decimals(row.score, row.evidence))
            score += f"/{show(row.score_max, 0)}" if _cell(row.score_max) else ""
            score += "%" if row.score_unit == "%" else ""
        rank = _cell(row.rank) + (f"/{row.rank_total}" if _cell(row.rank) and _cell(row.rank_total) else "")
        change = []
        if _cell(row.score_change):
            change.append(("+" if row.score_change > 0 else "") + show(row.score_change))
        if _cell(row.rank_gain):
            gain = int(row.rank_gain)
            change.append(f"{gain:+d} bậc" if gain else "±0 bậc")
        where = [row.locality_type]
        if _cell(row.province) and row.province != row.locality:
            where.append(row.province)
        if with_new and _cell(row.new_province) and row.new_province != (row.province or row.locality):
            where.append(f"→ {row.new_province}")
        flags = [f for f in ("[red]conflict[/red]" if row.disputed else "",
                             "[dim]derived[/dim]" if row.kind == "derived" else "") if f]
        table.add_row(
            row.index, f"{escape(row.locality)} [dim]{escape(', '.join(where))}[/dim]", str(row.year),
            score, rank, " ".join(change), str(row.n_sources), " ".join(flags),
        )
    console.print(table)
    console.print(f"{len(panel)} rows · sources are independent (syndicated copies count once)")


# -- conflicts ------------------------------------------------------------------------------


@app.command()
def conflicts(
    store: Annotated[Path, typer.Option("--store", help=_STORE_HELP)] = Path(DEFAULT_STORE),
    index: Annotated[list[str] | None, typer.Option("--index", "-i", help="Only these indices.")] = None,
    province: Annotated[
        list[str] | None, typer.Option("--province", "-p", help="Only conflicts in these provinces.")
    ] = None,
    kind: Annotated[
        str | None, typer.Option("--type", help="Only 'contradicts' or only 'incomplete'.")
    ] = None,
    fmt: Annotated[
        ConflictsFormat | None, typer.Option("--format", "-f", help="table (default), csv, jsonl.")
    ] = None,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="File to write.")] = None,
) -> None:
    """Where independent sources state different figures, with both sentences and URLs."""
    from compare.conflicts import conflicts_frame, find_conflicts
    from compare.localities import name_key
    from compare.syndication import store_groups
    from compare.trends import index_code

    if kind not in (None, "contradicts", "incomplete"):
        raise _fail("conflicts", f"--type must be contradicts or incomplete, not {kind!r}")
    fmt = fmt or _format_from(output, ConflictsFormat, ConflictsFormat.table, "conflicts")
    with _open_store(store, "conflicts") as db:
        found = find_conflicts(db.claims_df(), store_groups(db))
    indices = {index_code(i) for i in index or ()}
    provinces = {name_key(p) for p in province or ()}
    found = [
        c
        for c in found
        if (not indices or c.index in indices)
        and (not kind or c.type == kind)
        and (not provinces or name_key(c.province) in provinces
             or any(name_key(e.locality) in provinces for e in c.evidences))
    ]
    if fmt is ConflictsFormat.jsonl:
        text = "".join(json.dumps(c.to_dict(), ensure_ascii=False) + "\n" for c in found)
        _write_text(text, output)
    elif fmt is ConflictsFormat.csv:
        _write_frame(conflicts_frame(found), "csv", output)
    else:
        _print_conflicts(found)


def _write_text(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
    else:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")


def _print_conflicts(found) -> None:
    from rich.markup import escape
    from rich.table import Table

    console = _console()
    if not found:
        console.print("No conflicts: independent sources agree wherever they overlap.")
        return
    for n, c in enumerate(found, 1):
        colour = "red" if c.type == "contradicts" else "yellow"
        console.print(f"[bold]{n}.[/bold] [{colour}]{c.type}[/{colour}] {escape(c.summary)}")
        table = Table(show_header=True, header_style="dim", box=None, padding=(0, 1))
        for name in ("stated", "locality", "sentence", "source"):
            table.add_column(name, overflow="fold")
        for e in c.evidences:
            table.add_row(escape(e.value), escape(e.locality), escape(e.evidence[:200]),
                          escape(e.url or e.source or e.article_id))
        console.print(table)
    console.print(f"{len(found)} conflicts")


# -- check ----------------------------------------------------------------------------------

_MARK = {"matches": "[green]✓ matches[/green]", "contradicts": "[bold red]✗ contradicts[/bold red]",
         "unverifiable": "[dim]? unverifiable[/dim]"}


@app.command()
def check(
    inputs: Annotated[
        list[str],
        typer.Argument(help="Articles: .jsonl (Articles, or Claims from `chiso extract`), .txt, "
                       ".html, a directory, an http(s) URL, or '-' for text on stdin."),
    ],
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Write verdicts as JSONL ('-': stdout).")
    ] = None,
    reference: Annotated[Path | None, typer.Option("--reference", help=_REFERENCE_HELP)] = None,
) -> None:
    """Check an article's claims against the official tables, claim by claim."""
    from compare.verify import verify_claims

    table = _load_reference(reference, "check")
    problems = 0
    verdicts: list[Verdict] = []
    sections: list[tuple[str, list[Verdict]]] = []
    for label, claims in _claims_from(inputs):
        if claims is None:
            problems += 1
            continue
        found = verify_claims(claims, table)
        verdicts.extend(found)
        sections.append((label, found))
    to_stdout = output is not None and str(output) == "-"
    if output is not None:
        text = "".join(json.dumps(v.to_dict(), ensure_ascii=False) + "\n" for v in verdicts)
        _write_text(text, None if to_stdout else output)
    if not to_stdout:
        _print_verdicts(sections)
    if problems:
        raise typer.Exit(1)


def _claims_from(inputs: list[str]) -> Iterator[tuple[str, list[Claim] | None]]:
    """(label, claims) per article or claims file; (label, None) after reporting a problem."""
    from chiso.inputs import Problem, read

    for item in inputs:
        if not item.strip():
            print("chiso check: an empty input name (did a shell variable expand to nothing?)",
                  file=sys.stderr)
            yield item, None
        elif item == "-":
            yield from _extracted([_stdin_article()])
        elif item.startswith(("http://", "https://")):
            try:
                article = _fetch_article(item)
            except OSError as exc:
                print(f"chiso check: {item}: {exc}", file=sys.stderr)
                yield item, None
                continue
            yield from _extracted([article])
        elif _is_claims_file(item):
            yield from _read_claims(item)
        else:
            articles = []
            for got in read([item]):
                if isinstance(got, Problem):
                    print(f"chiso check: {got}", file=sys.stderr)
                    yield item, None
                else:
                    articles.append(got)
            yield from _extracted(articles)


def _extracted(articles: list[Article]) -> Iterator[tuple[str, list[Claim] | None]]:
    try:
        from extract.pipeline import extract_claims
    except ImportError as exc:
        print(f"chiso check: the extractor is not available ({exc})", file=sys.stderr)
        raise typer.Exit(2) from None
    for article in articles:
        label = article.title or article.url or article.id
        yield label, extract_claims(article)


def _stdin_article() -> Article:
    from extract.articles import Article
    from nlp.normalize import normalize

    text = normalize(sys.stdin.read())
    title = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
    return Article.from_dict({"id": "stdin", "text": text, "title": title})


def _is_claims_file(path: str) -> bool:
    """A JSONL file whose first record is a Claim (has index and locality, no text)."""
    if not path.lower().endswith((".jsonl", ".ndjson")) or not Path(path).is_file():
        return False
    with open(path, encoding="utf-8", errors="replace") as handle:
        for line in handle:
            if line.strip():
                try:
                    record = json.loads(line)
                except json.JSONDecodeError:
                    return False
                return isinstance(record, dict) and "text" not in record and {
                    "index", "locality", "year"} <= record.keys()
    return False


def _read_claims(path: str) -> Iterator[tuple[str, list[Claim] | None]]:
    from extract.claims import CLAIM_FIELDS, Claim

    by_article: dict[str, list[Claim]] = {}
    with open(path, encoding="utf-8") as handle:
        for n, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                if not isinstance(record, dict):
                    raise ValueError("expected a JSON object")
                missing = [f for f in CLAIM_FIELDS if f not in record]
                if missing:
                    raise ValueError(f"claim lacks fields: {', '.join(missing)}")
                claim = Claim.from_dict(record)
            except (ValueError, TypeError) as exc:
                print(f"chiso check: {path}:{n}: {exc}", file=sys.stderr)
                yield f"{path}:{n}", None
                continue
            by_article.setdefault(claim.article_id, []).append(claim)
    for article_id, claims in by_article.items():
        yield claims[0].url or article_id, claims


def _fetch_article(url: str) -> Article:
    """One page, fetched politely: robots.txt first (the crawler's rules: 5xx or no answer
    means "not now"), chiso's User-Agent, the crawler's size and time limits, up to three
    redirects each checked against robots.txt. Raises OSError naming what went wrong."""
    import asyncio
    from urllib.parse import urljoin, urlsplit

    from crawler.fetch import Fetcher
    from crawler.pages import html_to_article
    from crawler.robots import robots_from_response

    async def run() -> Article:
        fetcher = Fetcher(timeout=30.0)
        try:
            target = url
            rules = {}
            for _ in range(4):
                parts = urlsplit(target)
                origin = f"{parts.scheme}://{parts.netloc}"
                if origin not in rules:
                    got = await fetcher.get(origin + "/robots.txt")
                    rules[origin] = robots_from_response(got.status, got.body)
                if not rules[origin].allowed(target):
                    raise OSError(f"robots.txt of {origin} does not allow fetching {target}")
                ex = await fetcher.get(target)
                if ex.error:
                    raise OSError(ex.error)
                if ex.status in (301, 302, 303, 307, 308) and ex.headers.get("location"):
                    target = urljoin(target, ex.headers["location"])
                    continue
                if ex.status != 200:
                    raise OSError(f"HTTP {ex.status} {ex.reason}".strip())
                response = ex.response()
                article = html_to_article(
                    response.body, target, content_type=response.content_type,
                    fetched_at=response.date,
                )
                if article is None or not article.text.strip():
                    raise OSError("no article text found on the page")
                return article
            raise OSError("too many redirects")
        finally:
            await fetcher.aclose()

    return asyncio.run(run())


def _print_verdicts(sections: list[tuple[str, list[Verdict]]]) -> None:
    from collections import Counter

    from rich.markup import escape
    from rich.table import Table

    from compare.verify import claim_figures, official_figures

    console = _console()
    totals: Counter[str] = Counter()
    for label, verdicts in sections:
        console.print(f"[bold]{escape(label[:120])}[/bold]")
        if not verdicts:
            console.print("  no index figures found in this article\n")
            continue
        table = Table(header_style="bold", show_lines=False)
        for name in ("#", "verdict", "claim", "stated", "official", "why"):
            table.add_column(name, overflow="fold")
        for n, v in enumerate(verdicts, 1):
            c = v.claim
            totals[v.verdict] += 1
            mark = _MARK[v.verdict] + (" [magenta](disputed)[/magenta]" if v.disputed else "")
            kind = "" if c.kind == "result" else f" [dim]({c.kind})[/dim]"
            table.add_row(
                str(n), mark, escape(f"{c.index} {c.year} · {c.locality}") + kind,
                escape(claim_figures(c)), escape(official_figures(v.official)), escape(v.reason),
            )
        console.print(table)
        for n, v in enumerate(verdicts, 1):
            if v.verdict == "contradicts" or (v.disputed and v.official is not None):
                colour = "red" if v.verdict == "contradicts" else "magenta"
                console.print(f"  [{colour}]{n}.[/{colour}] “{escape(v.claim.evidence.strip()[:300])}”")
                console.print(f"     official: {escape(v.official.source_url)}", soft_wrap=True)
        console.print()
    summary = ", ".join(f"{totals[k]} {k}" for k in ("matches", "contradicts", "unverifiable"))
    console.print(f"{sum(totals.values())} claims: {summary}")


# -- report ---------------------------------------------------------------------------------


@app.command()
def report(
    store: Annotated[Path, typer.Option("--store", help=_STORE_HELP)] = Path(DEFAULT_STORE),
    out: Annotated[Path, typer.Option("--out", help="Directory to write the site into.")] = Path("report"),
    reference: Annotated[Path | None, typer.Option("--reference", help=_REFERENCE_HELP)] = None,
    no_reference: Annotated[
        bool, typer.Option("--no-reference", help="Leave out the verdicts against official tables.")
    ] = False,
) -> None:
    """A static HTML site (offline, no scripts): coverage, one page per locality, conflicts."""
    from compare.report import build_report

    table = None if no_reference else _load_reference(reference, "report")
    with _open_store(store, "report") as db:
        summary = build_report(db, out, reference=table)
    print(
        f"chiso report: {summary.localities} localities, {summary.claims} claims, "
        f"{summary.conflicts} conflicts → {summary.index}",
        file=sys.stderr,
    )


# -- syndication ----------------------------------------------------------------------------


@app.command()
def syndication(
    store: Annotated[Path, typer.Option("--store", help="DuckDB store to update.")] = Path(DEFAULT_STORE),
    cosine: Annotated[float, typer.Option(help="Shingle cosine at or above which two articles are one story.")] = 0.5,
    containment: Annotated[float, typer.Option(help="Share of the shorter text's shingles found in the longer.")] = 0.8,
) -> None:
    """Detect syndicated copies (one story, several sites) and record the groups in the store."""
    import duckdb

    from chiso.store import Store
    from compare.syndication import record_groups

    if not store.exists():
        raise _fail("syndication", f"cannot open store {store}: no such store")
    try:
        db = Store(store)
    except duckdb.Error as exc:
        raise _fail("syndication", f"cannot open store {store}: {exc}") from None
    with db:
        groups = record_groups(db, cosine=cosine, containment=containment)
    members: dict[str, list[str]] = {}
    for article_id, group in groups.items():
        members.setdefault(group, []).append(article_id)
    shared = {g: sorted(m) for g, m in members.items() if len(m) > 1}
    for group, ids in sorted(shared.items()):
        print(f"{group}: {' '.join(ids)}")
    print(
        f"chiso syndication: {len(groups)} articles with claims, {len(members)} sources, "
        f"{len(shared)} groups of copies",
        file=sys.stderr,
    )
