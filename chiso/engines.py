"""Batch extraction: shards, the per-shard task, and the engines that run it.

Why it is built this way:

- **Shards.** Input is cut into shards: a byte range of a plain JSONL file (cut on line
  starts) or a run of whole files. A shard's id hashes each piece's absolute path, size,
  mtime and range, so a re-run of the same command recognises the shards it has already
  done and skips them (resume after Ctrl-C or SIGKILL), and a changed file is redone.
- **One task, several engines.** :func:`run_shard` reads its shard, normalizes, runs the
  cheap cascade scan on every article and the NLP extractor only on candidates, and
  returns plain data (:class:`ShardResult`). The same function runs in this process
  (:class:`SerialEngine`), in local worker processes (:class:`LocalEngine`) or on a Dask
  distributed cluster (:class:`DaskEngine`); the engines differ only in where it runs.
- **One writer.** Workers never touch DuckDB. The parent receives each shard's result
  and writes it in one ``Store.save`` call (articles, claims, failures and the
  shard's done-mark in one transaction), after writing the shard's output part files; so a kill
  at any moment leaves either the whole shard or nothing, and a re-run redoes only what
  is missing, without duplicates.
- **Bounded everything.** At most a few shards are in flight per worker, a worker keeps
  only the candidate articles of its current shard, and each document gets a time limit
  (SIGALRM in a worker process's main thread; a watchdog thread on Dask's task threads),
  so one pathological page costs a recorded failure, not a stalled run.
"""

from __future__ import annotations

import contextlib
import ctypes
import hashlib
import importlib
import json
import os
import resource
import shutil
import signal
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor
from concurrent.futures import wait as futures_wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from chiso.inputs import PASSED_OVER, InputFile, Part, Problem, Raw, expand, iter_raw, parse

if TYPE_CHECKING:
    from chiso.store import Store
    from extract.articles import Article
    from extract.claims import Claim

# ~4,500 news articles: the per-shard costs in the parent (one store transaction, a part
# file: ~15 ms) stay small next to the work, and a shard is still only seconds of it.
DEFAULT_SHARD_BYTES = 16 * 2**20
MAX_FILES_PER_SHARD = 2000
DEFAULT_TIME_LIMIT = 60.0
EXTRACTOR = "extract.pipeline:extract_claims"
SCANNER = "extract.cascade:is_candidate"

# (origin, article_id, reason): the Store's failure record.
Failure = tuple[str, "str | None", str]


# -- shards --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Shard:
    """A unit of work with a stable identity: one or more pieces of input files.

    ``id`` is "DIGEST LABEL" (as recorded in the store); the digest alone identifies the
    shard, so the same file named by another path (relative, absolute) is still the same."""

    id: str
    label: str
    parts: tuple[Part, ...]
    nbytes: int

    @classmethod
    def of(cls, parts: Sequence[Part]) -> Shard:
        digest = hashlib.sha1("\n".join(p.key() for p in parts).encode()).hexdigest()[:16]
        first = parts[0]
        label = first.file.display
        if first.stop is not None or first.start:
            label += f"[{first.start}:{first.stop if first.stop is not None else ''}]"
        if len(parts) > 1:
            label += f" +{len(parts) - 1} files"
        return cls(f"{digest} {label}", label, tuple(parts), sum(p.nbytes for p in parts))

    @property
    def digest(self) -> str:
        return self.id.split(" ", 1)[0]


def plan_shards(
    files: Iterable[InputFile], shard_bytes: int = DEFAULT_SHARD_BYTES
) -> Iterator[Shard]:
    """Cut input files into shards of about ``shard_bytes``: a large plain JSONL file into
    line-aligned byte ranges, small files grouped in order, any other file whole (a
    compressed stream cannot be entered in the middle). Lazy: the first shard is ready
    before the last file is looked at. Deterministic for the same files."""
    group: list[Part] = []
    size = 0
    for f in files:
        if f.kind == "jsonl" and f.size > shard_bytes:
            if group:
                yield Shard.of(group)
                group, size = [], 0
            for part in split_jsonl(f, shard_bytes):
                yield Shard.of([part])
            continue
        if f.size >= shard_bytes:
            if group:
                yield Shard.of(group)
                group, size = [], 0
            yield Shard.of([Part(f)])
            continue
        group.append(Part(f))
        size += f.size
        if size >= shard_bytes or len(group) >= MAX_FILES_PER_SHARD:
            yield Shard.of(group)
            group, size = [], 0
    if group:
        yield Shard.of(group)


def split_jsonl(f: InputFile, shard_bytes: int) -> Iterator[Part]:
    """Line-aligned byte ranges of a plain JSONL file, each knowing its first line number
    (so that a bad line is still reported as FILE:LINE)."""
    step = max(1, shard_bytes)
    with open(f.path, "rb") as fh:
        start, line = 0, 1
        while start < f.size:
            fh.seek(start)
            newlines, got = 0, 0
            while got < step:
                chunk = fh.read(min(8 * 2**20, step - got))
                if not chunk:
                    break
                got += len(chunk)
                newlines += chunk.count(b"\n")
            rest = fh.readline() if got == step else b""
            newlines += rest.count(b"\n")
            stop = min(f.size, start + got + len(rest))
            yield Part(f, start, stop, line)
            start, line = stop, line + newlines


# -- the per-shard task ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TaskOptions:
    """What a worker needs to process a shard; plain data, pickled once per task.

    ``extractor`` and ``scanner`` are "module:function" names, resolved in the worker, so a
    task ships no code and tests can substitute a stand-in."""

    cascade: bool = True
    time_limit: float | None = DEFAULT_TIME_LIMIT
    strict: bool = False
    extractor: str = EXTRACTOR
    scanner: str = SCANNER


@dataclass(slots=True)
class ShardResult:
    """What one shard produced. ``articles`` are the candidates (the articles worth
    keeping: they mention an index or yielded claims); ``read`` counts every article.
    ``problems`` lists, in input order, the bad input skipped and the documents that
    failed; ``failures`` repeats the latter with their article ids, for the store."""

    shard: str
    articles: list[Article] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    read: int = 0
    pages_skipped: int = 0
    seconds: float = 0.0
    pid: int = 0
    max_rss: int = 0  # bytes, peak resident set size of the worker process so far


class DocumentTimeout(Exception):
    """Raised inside a document's processing when its time limit has passed."""


_resolved: dict[str, Callable[..., Any]] = {}


def resolve(spec: str) -> Callable[..., Any]:
    """The function named "module:attr", imported once per process."""
    fn = _resolved.get(spec)
    if fn is None:
        module, _, attr = spec.partition(":")
        fn = getattr(importlib.import_module(module), attr)
        _resolved[spec] = fn
    return fn


def run_shard(shard: Shard, options: TaskOptions) -> ShardResult:
    """Read one shard and extract its claims: the task every engine runs.

    Per article: parse and normalize (time-limited for HTML), scan with the cascade, and
    for candidates only run the extractor under the time limit. A document that times out
    or raises is recorded as a failure; bad input is recorded as a problem; neither stops
    the shard (except with ``strict``, where the first problem ends it)."""
    t0 = time.perf_counter()
    extract = resolve(options.extractor)
    scan = resolve(options.scanner)
    res = ShardResult(shard.id, pid=os.getpid())
    with _time_limiter(options.time_limit) as within:
        for part in shard.parts:
            for raw in iter_raw(part):
                if isinstance(raw, Problem):
                    res.problems.append(raw)
                else:
                    _document(raw, res, options, within, extract, scan)
                if options.strict and res.problems:
                    return _finish(res, t0)
    return _finish(res, t0)


def _document(
    raw: Raw,
    res: ShardResult,
    options: TaskOptions,
    within: Callable[[], contextlib.AbstractContextManager],
    extract: Callable[..., list[Claim]],
    scan: Callable[[str], bool],
) -> None:
    """One document: parse, scan, extract; time-limited where it can take long (HTML
    parsing, the extractor), not where it is linear and cheap (JSON, text)."""
    limit = options.time_limit or 0
    keep = None
    if options.cascade:
        def keep(text: str, title: str) -> bool:
            return bool(scan(text) or (title and scan(title)))
    try:
        if raw.kind == "html":
            with within():
                art = parse(raw)
        else:
            art = parse(raw, keep)
    except DocumentTimeout:
        _fail(res, raw.where, None, f"timeout after {limit:g}s while parsing", "timeout")
        return
    except Exception as exc:  # a parser bug must not cost the shard
        _fail(res, raw.where, None, f"cannot parse: {type(exc).__name__}: {exc}", "error")
        return
    if art is PASSED_OVER:
        res.read += 1  # read, normalized, scanned: no index named
        return
    if art is None:
        res.pages_skipped += 1
        return
    if isinstance(art, Problem):
        res.problems.append(art)
        return
    res.read += 1
    candidate = bool(scan(art.text) or (art.title and scan(art.title)))
    if options.cascade and not candidate:
        return
    try:
        with within():
            claims = extract(art, cascade=options.cascade)
    except DocumentTimeout:
        _fail(res, raw.where, art.id, f"timeout after {limit:g}s", "timeout")
        return
    except Exception as exc:
        _fail(res, raw.where, art.id, f"{type(exc).__name__}: {exc}", "error")
        return
    if candidate or claims:
        res.articles.append(art)
        res.claims.extend(claims)


FAILURE_KINDS = ("timeout", "error")


def _fail(res: ShardResult, where: str, article_id: str | None, reason: str, kind: str) -> None:
    # Kept twice: for the store (with the article id) and, in document order with the
    # input problems, for the report.
    res.failures.append((where, article_id, reason))
    res.problems.append(Problem(where, reason, kind))


def _finish(res: ShardResult, t0: float) -> ShardResult:
    res.seconds = time.perf_counter() - t0
    res.max_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    return res


@contextlib.contextmanager
def _time_limiter(seconds: float | None) -> Iterator[Callable[[], contextlib.AbstractContextManager]]:
    """Yield ``within``: a context manager that bounds one document's processing.

    In a main thread (worker processes, serial runs) it arms ``ITIMER_REAL`` and the
    SIGALRM handler raises :class:`DocumentTimeout`; that also interrupts long regex
    matches, which check for signals. Elsewhere (Dask runs tasks on threads, where
    signals cannot be received) a watchdog thread raises the exception in the task's
    thread; that cannot interrupt a single long C call, only Python code."""
    if not seconds or seconds <= 0:
        yield contextlib.nullcontext
    elif threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer"):
        def on_alarm(signum: int, frame: object) -> None:
            raise DocumentTimeout

        previous = signal.signal(signal.SIGALRM, on_alarm)

        @contextlib.contextmanager
        def within() -> Iterator[None]:
            signal.setitimer(signal.ITIMER_REAL, seconds)
            try:
                yield
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)

        try:
            yield within
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
    else:
        dog = _Watchdog(seconds)
        try:
            yield dog.within
        finally:
            dog.stop()


class _Watchdog:
    """Raises DocumentTimeout in one thread when an armed deadline passes."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.target = threading.get_ident()
        self.cond = threading.Condition()
        self.deadline: float | None = None
        self.fired = False
        self.stopped = False
        self.thread = threading.Thread(target=self._watch, name="chiso-watchdog", daemon=True)
        self.thread.start()

    def _inject(self, exc: type[BaseException] | None) -> None:
        obj = ctypes.py_object(exc) if exc is not None else None
        ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(self.target), obj)

    def _watch(self) -> None:
        with self.cond:
            while not self.stopped:
                if self.deadline is None:
                    self.cond.wait()
                    continue
                left = self.deadline - time.monotonic()
                if left > 0:
                    self.cond.wait(left)
                    continue
                if not self.fired:
                    self.fired = True
                    self._inject(DocumentTimeout)
                self.cond.wait()

    @contextlib.contextmanager
    def within(self) -> Iterator[None]:
        with self.cond:
            self.deadline = time.monotonic() + self.seconds
            self.fired = False
            self.cond.notify()
        try:
            yield
        finally:
            with self.cond:
                self.deadline = None
                if self.fired:  # not delivered yet: the document finished in time after all
                    self._inject(None)
                    self.fired = False

    def stop(self) -> None:
        with self.cond:
            self.stopped = True
            self.deadline = None
            self.cond.notify()
        self.thread.join(1)


# -- engines --------------------------------------------------------------------------------


class Engine(Protocol):
    """Where :func:`run_shard` runs. ``slots`` is how many shards to keep in flight."""

    name: str
    slots: int

    def submit(self, shard: Shard, options: TaskOptions) -> Any: ...

    def wait(self, futures: Iterable[Any], timeout: float) -> set[Any]: ...

    def close(self) -> None: ...


class SerialEngine:
    """Runs each shard in this process, at submission (``--workers 0``: debugging, tests)."""

    name = "serial"
    slots = 1

    def submit(self, shard: Shard, options: TaskOptions) -> Future:
        fut: Future = Future()
        try:
            fut.set_result(run_shard(shard, options))
        except Exception as exc:
            fut.set_exception(exc)
        return fut

    def wait(self, futures: Iterable[Future], timeout: float) -> set[Future]:
        return {f for f in futures if f.done()}

    def close(self) -> None:
        pass


def _init_worker(parent: int) -> None:
    # Ctrl-C reaches the whole process group; the parent alone decides what to do.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # A SIGKILLed parent cannot tell its workers to go, and they hold the ends of the task
    # queue themselves, so they would wait for work forever: they watch it instead.
    threading.Thread(target=_exit_with, args=(parent,), name="chiso-parent", daemon=True).start()


def _exit_with(parent: int, every: float = 0.5) -> None:
    while True:
        time.sleep(every)
        try:
            os.kill(parent, 0)
        except ProcessLookupError:
            os._exit(1)
        except PermissionError:  # pragma: no cover - pid reused by another user's process
            os._exit(1)


def _warm(seconds: float) -> int:
    time.sleep(seconds)  # hold this worker so that the next task starts another
    return os.getpid()


class LocalEngine:
    """A pool of ``workers`` local processes (forkserver: forked from a clean server that has
    already imported the extractor, so workers start fast and inherit no threads)."""

    name = "local"

    def __init__(self, workers: int, *, preload: Sequence[str] = ()) -> None:
        import multiprocessing as mp

        self.workers = max(1, workers)
        self.slots = 2 * self.workers
        methods = mp.get_all_start_methods()
        self.ctx = mp.get_context("forkserver" if "forkserver" in methods else "spawn")
        if "forkserver" in methods:
            mods = ["chiso.engines", "nlp.normalize", *preload]
            self.ctx.set_forkserver_preload(list(dict.fromkeys(mods)))
        self.pool = self._new_pool()

    def _new_pool(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            self.workers, mp_context=self.ctx, initializer=_init_worker, initargs=(os.getpid(),)
        )

    def warm_up(self) -> list[int]:
        """Start every worker now (so start-up is not counted in a benchmark's timing)."""
        pids = set(self.pool.map(_warm, [0.2] * self.workers))
        return sorted(pids | set(getattr(self.pool, "_processes", {})))

    def submit(self, shard: Shard, options: TaskOptions) -> Future:
        try:
            return self.pool.submit(run_shard, shard, options)
        except BrokenProcessPool:  # a worker died (OOM killer, segfault): start afresh
            self.pool.shutdown(wait=False, cancel_futures=True)
            self.pool = self._new_pool()
            return self.pool.submit(run_shard, shard, options)

    def wait(self, futures: Iterable[Future], timeout: float) -> set[Future]:
        done, _ = futures_wait(list(futures), timeout=timeout, return_when=FIRST_COMPLETED)
        return set(done)

    def close(self) -> None:
        procs = list(getattr(self.pool, "_processes", {}).values())
        self.pool.shutdown(wait=False, cancel_futures=True)
        for p in procs:  # an interrupted run must not wait for in-flight shards
            if p.is_alive():
                p.terminate()
        for p in procs:
            p.join(5)


class DaskEngine:
    """Runs the same task on a Dask distributed cluster (``--engine dask --scheduler
    tcp://HOST:PORT``). Input paths must be readable by the workers (shared storage)."""

    name = "dask"

    def __init__(self, scheduler: str | Any, *, timeout: float = 30) -> None:
        from distributed import Client

        if isinstance(scheduler, str):
            self.client = Client(scheduler, timeout=timeout)
            self._own = True
        else:
            self.client, self._own = scheduler, False
        threads = sum(self.client.nthreads().values()) or 1
        self.slots = 2 * threads

    def submit(self, shard: Shard, options: TaskOptions) -> Any:
        return self.client.submit(
            run_shard, shard, options, key=f"chiso-shard-{shard.digest}-{time.time_ns()}",
            pure=False,
        )

    def wait(self, futures: Iterable[Any], timeout: float) -> set[Any]:
        from distributed import wait

        futures = list(futures)
        with contextlib.suppress(TimeoutError):
            wait(futures, timeout=timeout, return_when="FIRST_COMPLETED")
        return {f for f in futures if f.done()}

    def close(self) -> None:
        if self._own:
            self.client.close()


def make_engine(
    name: str = "local", *, workers: int | None = None, scheduler: str | None = None,
    options: TaskOptions | None = None,
) -> Engine:
    """The engine for CLI options: ``local`` with ``workers`` processes (0: in this process,
    default: the CPU count) or ``dask`` with a scheduler address."""
    if name == "dask":
        if not scheduler:
            raise ValueError("--engine dask needs --scheduler tcp://HOST:PORT")
        return DaskEngine(scheduler)
    if name != "local":
        raise ValueError(f"unknown engine {name!r} (local, dask)")
    workers = cpu_count() if workers is None else workers
    if workers <= 0:
        return SerialEngine()
    opts = options or TaskOptions()
    preload = [spec.partition(":")[0] for spec in (opts.extractor, opts.scanner)]
    return LocalEngine(workers, preload=preload)


def cpu_count() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


# -- outputs: per-shard part files ----------------------------------------------------------


def _claims_table(claims: Sequence[Claim]) -> Any:
    import pyarrow as pa

    from extract.claims import CLAIM_FIELDS

    schema = pa.schema(
        [
            ("article_id", pa.string()), ("url", pa.string()), ("index", pa.string()),
            ("index_mention", pa.string()), ("locality", pa.string()),
            ("locality_type", pa.string()), ("province", pa.string()), ("year", pa.int32()),
            ("score", pa.float64()), ("score_unit", pa.string()), ("score_max", pa.float64()),
            ("rank", pa.int32()), ("rank_total", pa.int32()), ("kind", pa.string()),
            ("evidence", pa.string()), ("span", pa.list_(pa.int32())),
        ]
    )
    assert tuple(schema.names) == CLAIM_FIELDS
    rows = [c.to_dict() for c in claims]
    return pa.Table.from_pylist(rows, schema=schema)


def _atomic_write(path: Path, write: Callable[[Path], None]) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    write(tmp)
    os.replace(tmp, path)


@dataclass
class Outputs:
    """Where a run writes claims besides the store: Claim JSONL (``jsonl``, "-" for stdout)
    and/or a directory of Parquet partitions (one ``claims-<shard>.parquet`` per shard).

    JSONL is assembled at the end from per-shard part files in input order, so the file is
    the same whatever the engine and worker count, and a resumed run reuses the parts of
    the shards an interrupted run finished."""

    jsonl: str | None = None
    parquet: Path | None = None
    parts: Path | None = None  # where JSONL parts live while the run is going

    def open(self, resumable: bool) -> None:
        if self.parquet is not None:
            self.parquet.mkdir(parents=True, exist_ok=True)
        if self.jsonl is None:
            return
        if resumable and self.jsonl != "-":
            self.parts = Path(f"{self.jsonl}.parts")
            self.parts.mkdir(parents=True, exist_ok=True)
        else:
            self.parts = Path(tempfile.mkdtemp(prefix="chiso-parts-"))

    def has(self, shard: Shard) -> bool:
        """Whether this shard's outputs already exist (from an interrupted run)."""
        if self.parts is not None and not (self.parts / f"{shard.digest}.jsonl").exists():
            return False
        if self.parquet is not None and not self._parquet_path(shard).exists():
            return False
        return True

    def _parquet_path(self, shard: Shard) -> Path:
        assert self.parquet is not None
        return self.parquet / f"claims-{shard.digest}.parquet"

    def write(self, shard: Shard, claims: Sequence[Claim]) -> None:
        if self.parts is not None:
            lines = "".join(json.dumps(c.to_dict(), ensure_ascii=False) + "\n" for c in claims)
            _atomic_write(
                self.parts / f"{shard.digest}.jsonl",
                lambda p: p.write_text(lines, encoding="utf-8"),
            )
        if self.parquet is not None:
            import pyarrow.parquet as pq

            table = _claims_table(claims)
            _atomic_write(self._parquet_path(shard), lambda p: pq.write_table(table, p))

    def finish(self, order: Sequence[str], *, assemble: bool, keep_parts: bool) -> None:
        """Assemble the JSONL from the parts of the shards whose digests ``order`` lists, in
        that order; drop the part files unless a resumable run still needs them (it was
        interrupted or a shard failed)."""
        if self.parts is None:
            return
        resumable = self.jsonl not in (None, "-") and self.parts == Path(f"{self.jsonl}.parts")
        if assemble:
            self._assemble(order)
        if not (keep_parts and resumable):
            shutil.rmtree(self.parts, ignore_errors=True)

    def _assemble(self, order: Sequence[str]) -> None:
        import sys

        assert self.parts is not None and self.jsonl is not None
        seen: set[tuple] = set()

        def copy(out: Any) -> None:
            for digest in order:
                part = self.parts / f"{digest}.jsonl"
                if not part.exists():
                    continue
                with open(part, encoding="utf-8") as fh:
                    for line in fh:
                        d = json.loads(line)
                        key = (d["article_id"], d["index"], d["locality"], d["year"], d["kind"])
                        if key not in seen:  # the same article given twice
                            seen.add(key)
                            out.write(line)

        if self.jsonl == "-":
            copy(sys.stdout)
            sys.stdout.flush()
        else:
            target = Path(self.jsonl)
            target.parent.mkdir(parents=True, exist_ok=True)

            def write(p: Path) -> None:
                with open(p, "w", encoding="utf-8") as out:
                    copy(out)

            _atomic_write(target, write)


# -- the driver -----------------------------------------------------------------------------


@dataclass
class BatchStats:
    """What a run did; ``exit_code`` follows the CLI contract (130 interrupted, 1 when
    anything was skipped or failed, else 0)."""

    engine: str = ""
    files: int = 0
    shards: int = 0
    shards_done_before: int = 0
    shards_run: int = 0
    shards_failed: int = 0
    bytes: int = 0
    articles: int = 0
    candidates: int = 0
    claims: int = 0
    pages_skipped: int = 0
    failures: Counter[str] = field(default_factory=Counter)
    problems: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0
    interrupted: bool = False
    stopped_strict: bool = False
    max_rss: dict[int, int] = field(default_factory=dict)  # worker pid -> peak RSS bytes

    @property
    def skipped(self) -> int:
        return sum(self.problems.values()) + sum(self.failures.values()) + self.shards_failed

    @property
    def exit_code(self) -> int:
        if self.interrupted:
            return 130
        return 1 if self.skipped or self.stopped_strict else 0


def run_batch(
    inputs: Sequence[str | os.PathLike[str]],
    *,
    engine: Engine,
    options: TaskOptions = TaskOptions(),
    store: Store | None = None,
    outputs: Outputs | None = None,
    shard_bytes: int = DEFAULT_SHARD_BYTES,
    resume: bool = True,
    on_problem: Callable[[Problem], None] | None = None,
    on_shard: Callable[[Shard, ShardResult | None, str], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
    poll: float = 0.2,
) -> BatchStats:
    """Extract claims from ``inputs`` shard by shard on ``engine``.

    Each finished shard's claims go to ``outputs`` and then, with its candidate articles,
    failures and done-mark, into ``store`` in one transaction. With ``resume`` (and a
    store), shards the store already marks done are skipped. ``should_stop`` is polled
    between results (Ctrl-C): the run then stops submitting, drops in-flight shards and
    returns with ``interrupted`` set; everything saved so far stays consistent.
    ``on_shard(shard, result, state)`` is called for every shard: state "done" (result
    given), "skipped" (done by an earlier run) or "failed" (not saved)."""
    stats = BatchStats(engine=getattr(engine, "name", ""))
    outputs = outputs or Outputs()
    outputs.open(resumable=store is not None)
    report = on_problem or (lambda p: None)
    stop = should_stop or (lambda: False)
    done_before = (
        {s.split(" ", 1)[0] for s in store.done_shards()} if (store is not None and resume)
        else set()
    )
    t0 = time.perf_counter()
    order: list[str] = []  # shard digests, for assembling the output in input order
    halted = False  # strict mode met a problem

    def files() -> Iterator[InputFile]:
        nonlocal halted
        for item in expand(inputs):
            if isinstance(item, Problem):
                stats.problems[item.kind] += 1
                report(item)
                if options.strict:
                    halted = True
                    return
            else:
                stats.files += 1
                yield item

    plan = plan_shards(files(), shard_bytes)
    pending: dict[Any, Shard] = {}
    exhausted = False
    try:
        while True:
            while not exhausted and not halted and len(pending) < engine.slots:
                shard = next(plan, None)
                if shard is None:
                    exhausted = True
                    break
                order.append(shard.digest)
                stats.shards += 1
                if shard.digest in done_before and outputs.has(shard):
                    stats.shards_done_before += 1
                    if on_shard:
                        on_shard(shard, None, "skipped")
                    continue
                pending[engine.submit(shard, options)] = shard
            if not pending:
                break
            for fut in engine.wait(pending, poll):
                shard = pending.pop(fut)
                res = _collect(fut, shard, stats, store, outputs, options, report)
                halted = halted or stats.stopped_strict
                if on_shard:
                    on_shard(shard, res, "done" if res is not None else "failed")
            if halted and pending:
                for fut in pending:
                    fut.cancel()
                pending.clear()
            if stop():
                stats.interrupted = True
                for fut in pending:
                    fut.cancel()
                pending.clear()
                break
    except KeyboardInterrupt:
        stats.interrupted = True
        for fut in pending:
            fut.cancel()
        raise
    finally:
        stats.seconds = time.perf_counter() - t0
        complete = not stats.interrupted and not halted
        outputs.finish(order, assemble=complete, keep_parts=not complete or stats.shards_failed > 0)
    stats.stopped_strict = stats.stopped_strict or halted
    return stats


def _collect(
    fut: Any,
    shard: Shard,
    stats: BatchStats,
    store: Store | None,
    outputs: Outputs,
    options: TaskOptions,
    report: Callable[[Problem], None],
) -> ShardResult | None:
    """Report, write and save one finished shard; its result, or None if it failed or
    (with --strict) had a bad record and was not saved."""
    try:
        res: ShardResult = fut.result()
    except BaseException as exc:  # worker died, cluster lost, unreadable on the worker
        if isinstance(exc, KeyboardInterrupt):
            raise
        stats.shards_failed += 1
        report(Problem(shard.label, f"shard failed: {type(exc).__name__}: {exc}", "shard"))
        return None
    for p in res.problems:
        (stats.failures if p.kind in FAILURE_KINDS else stats.problems)[p.kind] += 1
        report(p)
    if options.strict and res.problems:
        stats.stopped_strict = True
        return None  # --strict: the shard with the bad record is not saved
    outputs.write(shard, res.claims)
    if store is not None:
        failures = list(res.failures) + [
            (p.where, None, p.message) for p in res.problems if p.kind not in FAILURE_KINDS
        ]
        store.save(res.articles, res.claims, shard=shard.id, failures=failures)
    stats.shards_run += 1
    stats.bytes += shard.nbytes
    stats.articles += res.read
    stats.candidates += len(res.articles)
    stats.claims += len(res.claims)
    stats.pages_skipped += res.pages_skipped
    if res.pid:
        stats.max_rss[res.pid] = max(stats.max_rss.get(res.pid, 0), res.max_rss)
    return res
