"""chiso crawl: polite, resumable crawling of provincial news sites and portals into WARC + Articles."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from chiso.cli import app


@app.command()
def crawl(
    out: Annotated[
        Path, typer.Option("--out", "-o", help="Crawl directory (created; re-use it to resume).")
    ],
    start_urls: Annotated[
        list[str] | None,
        typer.Argument(metavar="START_URL...", help="Where to start; the crawl stays on these hosts."),
    ] = None,
    source: Annotated[
        list[str] | None,
        typer.Option("--source", "-s", help="Crawl a source of corpora/sources.toml by name (repeatable)."),
    ] = None,
    delay: Annotated[
        float, typer.Option(help="Seconds between requests to a host (a larger robots.txt Crawl-delay wins).")
    ] = 1.0,
    max_pages: Annotated[int | None, typer.Option(help="Stop after this many URLs in this run.")] = None,
    max_depth: Annotated[int, typer.Option(help="Link hops from a start URL (pagination not counted).")] = 5,
    max_pages_per_host: Annotated[int, typer.Option(help="Pages per host per run.")] = 10_000,
    max_variants: Annotated[
        int, typer.Option(help="Non-article URLs per path differing only in the query (ends calendar/search traps).")
    ] = 50,
    timeout: Annotated[float, typer.Option(help="Seconds per page, all included.")] = 30.0,
    max_bytes: Annotated[int, typer.Option(help="Pages larger than this are skipped.")] = 5_000_000,
    retries: Annotated[int, typer.Option(help="Retries on timeouts and 5xx, with exponential backoff.")] = 3,
    backoff: Annotated[float, typer.Option(help="First retry's wait in seconds (doubles each retry).")] = 1.0,
    store: Annotated[Path, typer.Option(help="DuckDB store to upsert the articles into.")] = Path("chiso.duckdb"),
    no_store: Annotated[bool, typer.Option("--no-store", help="Write DIR/articles.jsonl only.")] = False,
    sources_file: Annotated[
        Path | None, typer.Option(help="Source registry (default corpora/sources.toml).")
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No summary.")] = False,
    contact: Annotated[
        str | None, typer.Option(help="URL or e-mail for site operators, sent in the User-Agent (or CHISO_CONTACT).")
    ] = None,
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
    if contact:
        from crawler.fetch import user_agent

        config.user_agent = user_agent(contact)
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
