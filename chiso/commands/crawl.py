"""chiso crawl: polite, resumable crawling of provincial news sites and portals into WARC + Articles."""

from __future__ import annotations

from pathlib import Path

import typer

from chiso.cli import app


@app.command()
def crawl(
    start_urls: list[str] = typer.Argument(
        None, metavar="START_URL...", help="Where to start; the crawl stays on these hosts."
    ),
    out: Path = typer.Option(..., "--out", "-o", help="Crawl directory (created; re-use it to resume)."),
    source: list[str] = typer.Option(
        None, "--source", "-s", help="Crawl a source from corpora/sources.toml by name (repeatable)."
    ),
    delay: float = typer.Option(
        1.0, help="Seconds between requests to one host (robots.txt Crawl-delay wins when larger)."
    ),
    max_pages: int | None = typer.Option(None, help="Stop after this many URLs in this run."),
    max_depth: int = typer.Option(5, help="Link hops from a start URL (pagination not counted)."),
    max_pages_per_host: int = typer.Option(10_000, help="Pages per host per run."),
    max_variants: int = typer.Option(
        50, help="Non-article URLs per path differing only in the query (ends calendar/search traps)."
    ),
    timeout: float = typer.Option(30.0, help="Seconds per page, all included."),
    max_bytes: int = typer.Option(5_000_000, help="Pages larger than this are skipped."),
    retries: int = typer.Option(3, help="Retries on timeouts and 5xx, with exponential backoff."),
    backoff: float = typer.Option(1.0, help="First retry's wait in seconds (doubles each retry)."),
    store: Path | None = typer.Option(
        Path("chiso.duckdb"), help="DuckDB store to upsert articles into."
    ),
    no_store: bool = typer.Option(False, "--no-store", help="Write articles.jsonl only."),
    sources_file: Path | None = typer.Option(None, help="Source registry (default corpora/sources.toml)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No summary."),
) -> None:
    """Crawl START_URLs and/or registered sources into DIR (articles.jsonl, warc/, state);
    run it again with the same arguments to resume or to pick up new articles."""
    import json

    from rich.console import Console

    from crawler.crawl import CrawlConfig, CrawlLocked
    from crawler.crawl import crawl as run_crawl
    from crawler.sources import load_sources

    console = Console(stderr=True)
    start_urls = list(start_urls or [])
    names = list(source or [])
    try:
        registry = load_sources(sources_file)
    except FileNotFoundError:
        registry = {}
    missing = [n for n in names if n not in registry]
    if missing:
        console.print(f"[red]unknown source(s): {', '.join(missing)}[/red]; see corpora/sources.toml")
        raise typer.Exit(2)
    if not start_urls and not names:
        console.print("[red]give START_URL(s) or --source NAME[/red]")
        raise typer.Exit(2)
    config = CrawlConfig(
        out=out,
        start_urls=start_urls,
        sources=[registry[n] for n in names],
        registry=registry,
        delay=delay,
        max_pages=max_pages,
        max_depth=max_depth,
        max_pages_per_host=max_pages_per_host,
        max_variants=max_variants,
        timeout=timeout,
        max_bytes=max_bytes,
        retries=retries,
        backoff=backoff,
        store=None if no_store else store,
    )
    try:
        stats = run_crawl(config)
    except CrawlLocked as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(1) from exc
    except ValueError as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from exc
    if not quiet:
        summary = {
            "round": stats.round,
            "resumed": not stats.new_round,
            "finished": stats.round_closed,
            "pages": stats.pages,
            "requests": stats.requests,
            "retries": stats.retries,
            "not_modified": stats.not_modified,
            "new_articles": stats.new_articles,
            "updated_articles": stats.updated_articles,
            "skipped": stats.skipped,
            "failed": stats.failed,
            "warc": stats.warc_files,
            "repaired": stats.repaired,
        }
        console.print_json(json.dumps(summary, ensure_ascii=False))
