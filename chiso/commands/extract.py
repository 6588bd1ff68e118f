"""chiso extract / chiso run: claims from articles, in batch, into JSONL and the store.

Both commands share one driver (:func:`chiso.engines.run_batch`); they differ in
defaults: ``extract`` writes Claim JSONL (and optionally a store), ``run`` fills the
store (``./chiso.duckdb``) and prints the per-locality table.

Exit status: 0 when everything was read, 1 when any record, file or document was
skipped (each named on stderr as it happens, counted in the closing summary), 130
after Ctrl-C (the shards finished so far are saved; the same command resumes).
"""

from __future__ import annotations

import signal
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from chiso.cli import app

if TYPE_CHECKING:
    from chiso.engines import BatchStats, TaskOptions
    from chiso.store import Store

# The same as chiso.engines.EXTRACTOR / SCANNER, repeated so that --help imports nothing.
EXTRACTOR = "extract.pipeline:extract_claims"
SCANNER = "extract.cascade:is_candidate"


def _err(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


class _Interrupt:
    """First Ctrl-C: ask the run to stop at the next shard boundary (the store stays
    consistent); second Ctrl-C: stop at once."""

    def __init__(self) -> None:
        self.requested = False
        self.previous = None

    def __enter__(self) -> _Interrupt:
        self.previous = signal.signal(signal.SIGINT, self._handle)
        return self

    def _handle(self, signum: int, frame: object) -> None:
        if self.requested:
            raise KeyboardInterrupt
        self.requested = True
        _err("chiso: interrupted, stopping (Ctrl-C again to abort at once)")

    def __exit__(self, *exc: object) -> None:
        signal.signal(signal.SIGINT, self.previous or signal.default_int_handler)

    def __call__(self) -> bool:
        return self.requested


def _n(count: int, noun: str) -> str:
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


def _summary(stats: BatchStats, command: str) -> str:
    rate = stats.articles / stats.seconds if stats.seconds > 0 else 0.0
    parts = [
        f"chiso {command}: {stats.articles:,} articles from {_n(stats.files, 'file')} "
        f"({_n(stats.shards_run, 'shard')} run, {stats.shards_done_before:,} already done) "
        f"-> {_n(stats.candidates, 'candidate')}, {_n(stats.claims, 'claim')} "
        f"in {stats.seconds:.1f} s ({rate:,.0f} articles/s, {stats.engine})"
    ]
    if stats.problems:
        detail = ", ".join(f"{k} {n}" for k, n in sorted(stats.problems.items()))
        parts.append(f"skipped {sum(stats.problems.values()):,} inputs ({detail})")
    if stats.failures:
        detail = ", ".join(f"{k} {n}" for k, n in sorted(stats.failures.items()))
        parts.append(f"{sum(stats.failures.values()):,} documents failed ({detail})")
    if stats.shards_failed:
        parts.append(f"{stats.shards_failed} shards failed (re-run to retry)")
    if stats.stopped_strict:
        parts.append("stopped at the first bad input (--strict)")
    if stats.interrupted:
        parts.append("interrupted: re-run the same command to finish")
    return "; ".join(parts)


def _extract(
    inputs: list[str],
    *,
    store: Store | None,
    output: str | None,
    parquet: Path | None,
    options: TaskOptions,
    engine_name: str,
    workers: int | None,
    scheduler: str | None,
    shard_mib: float,
    resume: bool,
    verbose: bool,
    command: str,
) -> BatchStats:
    from chiso.engines import Outputs, make_engine, run_batch

    try:
        engine = make_engine(engine_name, workers=workers, scheduler=scheduler, options=options)
    except (ValueError, OSError) as exc:
        _err(f"chiso {command}: {exc}")
        raise typer.Exit(2) from None
    progress = None
    task = None
    if sys.stderr.isatty():
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            DownloadColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        progress = Progress(
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            DownloadColumn(),
            TextColumn("{task.fields[articles]:,} articles, {task.fields[claims]:,} claims"),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            console=Console(stderr=True),
            transient=True,
        )
        from chiso.inputs import InputFile, expand

        # A stat-only pass for the bar's total (problems are reported by the run itself).
        total = sum(f.size for f in expand(inputs) if isinstance(f, InputFile))
        task = progress.add_task(command, total=total, articles=0, claims=0)

    def say(message: str) -> None:
        if progress is not None:
            progress.console.print(message, markup=False, highlight=False)
        else:
            _err(message)

    counts = {"articles": 0, "claims": 0}

    def on_shard(shard, res, state: str) -> None:
        if res is not None:
            counts["articles"] += res.read
            counts["claims"] += len(res.claims)
        if progress is not None:
            progress.update(task, advance=shard.nbytes, **counts)
        if verbose:
            if state == "skipped":
                say(f"skip {shard.label}: already done")
            elif res is not None:
                say(
                    f"done {shard.label}: {res.read} articles, {len(res.articles)} candidates, "
                    f"{len(res.claims)} claims, {res.seconds:.2f} s"
                )

    outputs = Outputs(jsonl=output, parquet=parquet)
    try:
        with _Interrupt() as interrupt:
            if progress is not None:
                progress.start()
            try:
                stats = run_batch(
                    inputs,
                    engine=engine,
                    options=options,
                    store=store,
                    outputs=outputs,
                    shard_bytes=max(1, int(shard_mib * 2**20)),
                    resume=resume,
                    on_problem=lambda p: say(str(p)),
                    on_shard=on_shard,
                    should_stop=interrupt,
                )
            finally:
                if progress is not None:
                    progress.stop()
    except KeyboardInterrupt:
        engine.close()
        _err(f"chiso {command}: aborted; the shards saved so far stay saved")
        raise typer.Exit(130) from None
    engine.close()
    _err(_summary(stats, command))
    return stats


def _options(cascade: bool, time_limit: float, strict: bool, extractor: str, scanner: str):
    from chiso.engines import TaskOptions

    return TaskOptions(
        cascade=cascade,
        time_limit=time_limit if time_limit > 0 else None,
        strict=strict,
        extractor=extractor,
        scanner=scanner,
    )


def _open_store(path: Path | None, command: str) -> Store | None:
    if path is None:
        return None
    from chiso.store import Store

    try:
        return Store(path)
    except Exception as exc:  # duckdb raises its own IOException for a locked/bad file
        _err(f"chiso {command}: cannot open store {path}: {exc}")
        raise typer.Exit(2) from None


_WORKERS_HELP = "Local worker processes (default: the CPU count; 0: run in this process)."
_ENGINE_HELP = "Where shards run: 'local' processes or a 'dask' distributed cluster."
_SCHEDULER_HELP = "Dask scheduler address (tcp://HOST:PORT) for --engine dask."
_STRICT_HELP = "Stop at the first bad input instead of skipping it."
_LIMIT_HELP = "Seconds one document may take before it is recorded as failed (0: no limit)."
_CASCADE_HELP = "Run the NLP only on articles and sentences the cheap scan picks (default)."
_RESUME_HELP = "Skip shards the store already marks done (default); --no-resume redoes them."
_SHARD_HELP = "Target shard size in MiB (a shard is saved, and resumed, as a whole)."
_VERBOSE_HELP = "Log each shard on stderr."
_INPUTS_HELP = "Article JSONL(.gz), .txt, .html, .warc(.gz), tar archives, directories, globs."
_RUN_INPUTS_HELP = "Inputs to extract first (as for extract); none: just show the store."
_OUTPUT_HELP = (
    "Claim JSONL to write ('-': stdout, the default when neither --store nor --parquet is given)."
)
_STORE_HELP = (
    "DuckDB store to save articles and claims in; makes the run resumable "
    "(finished shards are recorded)."
)
_PARQUET_HELP = "Also write claims as Parquet partitions (one file per shard) into this directory."


@app.command()
def extract(
    inputs: Annotated[list[str], typer.Argument(help=_INPUTS_HELP)],
    output: Annotated[str | None, typer.Option("-o", "--output", help=_OUTPUT_HELP)] = None,
    store: Annotated[Path | None, typer.Option("--store", help=_STORE_HELP)] = None,
    parquet: Annotated[Path | None, typer.Option("--parquet", help=_PARQUET_HELP)] = None,
    workers: Annotated[int | None, typer.Option("--workers", "-w", help=_WORKERS_HELP)] = None,
    engine: Annotated[str, typer.Option("--engine", help=_ENGINE_HELP)] = "local",
    scheduler: Annotated[str | None, typer.Option("--scheduler", help=_SCHEDULER_HELP)] = None,
    strict: Annotated[bool, typer.Option("--strict", help=_STRICT_HELP)] = False,
    time_limit: Annotated[float, typer.Option("--time-limit", help=_LIMIT_HELP)] = 60.0,
    cascade: Annotated[bool, typer.Option("--cascade/--no-cascade", help=_CASCADE_HELP)] = True,
    resume: Annotated[bool, typer.Option("--resume/--no-resume", help=_RESUME_HELP)] = True,
    shard_size: Annotated[float, typer.Option("--shard-size", help=_SHARD_HELP)] = 16.0,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help=_VERBOSE_HELP)] = False,
    extractor: Annotated[str, typer.Option("--extractor", hidden=True)] = EXTRACTOR,
    scanner: Annotated[str, typer.Option("--scanner", hidden=True)] = SCANNER,
) -> None:
    """Extract claims from articles into Claim JSONL (DESIGN.md's contract).

    Bad input (missing file, invalid JSON line, record without text, undecodable or unknown file) is reported on stderr as FILE[:LINE]: problem, skipped and counted; the exit status is then 1 (130 after Ctrl-C: re-run the same command with --store to finish).
    """
    if output is None and store is None and parquet is None:
        output = "-"
    options = _options(cascade, time_limit, strict, extractor, scanner)
    db = _open_store(store, "extract")
    try:
        stats = _extract(
            inputs, store=db, output=output, parquet=parquet, options=options,
            engine_name=engine, workers=workers, scheduler=scheduler, shard_mib=shard_size,
            resume=resume, verbose=verbose, command="extract",
        )
    finally:
        if db is not None:
            db.close()
    raise typer.Exit(stats.exit_code)


@app.command()
def run(
    inputs: Annotated[list[str] | None, typer.Argument(help=_RUN_INPUTS_HELP)] = None,
    store: Annotated[Path, typer.Option("--store", help="DuckDB store.")] = Path("chiso.duckdb"),
    workers: Annotated[int | None, typer.Option("--workers", "-w", help=_WORKERS_HELP)] = None,
    engine: Annotated[str, typer.Option("--engine", help=_ENGINE_HELP)] = "local",
    scheduler: Annotated[str | None, typer.Option("--scheduler", help=_SCHEDULER_HELP)] = None,
    strict: Annotated[bool, typer.Option("--strict", help=_STRICT_HELP)] = False,
    time_limit: Annotated[float, typer.Option("--time-limit", help=_LIMIT_HELP)] = 60.0,
    resume: Annotated[bool, typer.Option("--resume/--no-resume", help=_RESUME_HELP)] = True,
    shard_size: Annotated[float, typer.Option("--shard-size", help=_SHARD_HELP)] = 16.0,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help=_VERBOSE_HELP)] = False,
    extractor: Annotated[str, typer.Option("--extractor", hidden=True)] = EXTRACTOR,
    scanner: Annotated[str, typer.Option("--scanner", hidden=True)] = SCANNER,
) -> None:
    """Extract INPUTs into the store, then print every claim in it, per locality."""
    code = 0
    db = _open_store(store, "run")
    assert db is not None
    try:
        if inputs:
            options = _options(True, time_limit, strict, extractor, scanner)
            stats = _extract(
                inputs, store=db, output=None, parquet=None, options=options,
                engine_name=engine, workers=workers, scheduler=scheduler, shard_mib=shard_size,
                resume=resume, verbose=verbose, command="run",
            )
            code = stats.exit_code
            if code == 130:
                raise typer.Exit(code)
        print_table(db)
    finally:
        db.close()
    raise typer.Exit(code)


# -- the per-locality table ------------------------------------------------------------------


def _number(x: float | None) -> str:
    if x is None or x != x:  # None or NaN (pandas)
        return ""
    return f"{x:.4f}".rstrip("0").rstrip(".")


def _score(row: dict) -> str:
    s = _number(row.get("score"))
    if not s:
        return ""
    if row.get("score_max") is not None and row["score_max"] == row["score_max"]:
        s += f"/{_number(row['score_max'])}"
    unit = row.get("score_unit")
    if unit == "%":
        return s + "%"
    return f"{s} {unit}" if unit else s


def _rank(row: dict) -> str:
    rank, total = row.get("rank"), row.get("rank_total")
    if rank is None or rank != rank:
        return ""
    return f"{int(rank)}/{int(total)}" if total is not None and total == total else str(int(rank))


def _source(row: dict) -> str:
    from urllib.parse import urlsplit

    if row.get("source"):
        return str(row["source"])
    url = row.get("url") or ""
    host = urlsplit(url).hostname if url else None
    return host.removeprefix("www.") if host else str(row["article_id"])


def table_rows(store: Store) -> list[dict]:
    """The rows of the per-locality table, sorted by province, locality, index, year, kind."""
    df = store.claims_df()
    rows = [
        {k: (None if v is None or (isinstance(v, float) and v != v) else v) for k, v in r.items()}
        for r in df.to_dict("records")
    ]
    kind_order = {"result": 0, "derived": 1, "target": 2}
    rows.sort(
        key=lambda r: (
            r.get("province") or r["locality"], r["locality"], r["index"], r["year"],
            kind_order.get(r["kind"], 3), r["article_id"],
        )
    )
    return rows


def print_table(store: Store) -> None:
    """Print every claim in the store, one section per locality."""
    from rich.console import Console
    from rich.table import Table

    console = Console()
    if not console.is_terminal:  # a pipe or a file: no reason to squeeze into 80 columns
        console = Console(width=max(console.width, 132))
    rows = table_rows(store)
    if not rows:
        console.print("No claims in the store.")
        return
    table = Table(title=f"Claims in {store.path} ({len(rows)})", show_lines=False)
    for name, justify in (
        ("locality", "left"), ("index", "left"), ("year", "right"), ("score", "right"),
        ("rank/total", "right"), ("kind", "left"), ("source", "left"),
    ):
        table.add_column(name, justify=justify, no_wrap=name != "locality")
    previous = None
    for r in rows:
        place = (r["locality"], r.get("province"))
        if previous is not None and place != previous:
            table.add_section()
        if place != previous:
            extra = r["locality_type"]
            if r.get("province") and r["province"] != r["locality"]:
                extra += f", {r['province']}"
            label = f"{r['locality']} ({extra})"
        else:
            label = ""
        previous = place
        table.add_row(
            label, r["index"], str(r["year"]), _score(r), _rank(r), r["kind"], _source(r)
        )
    console.print(table)
