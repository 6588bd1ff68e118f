"""Official reference tables (``corpora/reference/*.csv``): loading, validation, lookup.

The tables are partial and sometimes disagree with themselves (one row per
source when sources differ, see the folder's README), so a lookup returns
every row for a unit, never "the" row. Scores stay Decimals with the digits
the source printed: 90.10 and 90.1 differ in precision, not in value.

A malformed file is an error naming the file and line — a missing column
(line 1), a bad number, an unknown unit, or the same source giving the same
row twice — because a silently skipped official row turns a ``contradicts``
into an ``unverifiable``.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from compare.localities import name_key

COLUMNS = (
    "index",
    "year",
    "level",
    "unit",
    "province",
    "score",
    "score_unit",
    "rank",
    "rank_total",
    "source_url",
)
LEVELS = frozenset({"province", "ministry", "national", "region"})
# score_unit → the top of its scale.
SCALE_MAX: dict[str, Decimal] = {
    "percent": Decimal(100),
    "points_of_100": Decimal(100),
    "points_of_80": Decimal(80),
    "points_of_1": Decimal(1),
}
_SCORE = re.compile(r"\d+(\.\d+)?")
_INDEX = re.compile(r"[A-Z][A-Z0-9_]*")
_FLAGS = ("CONFLICT", "SUSPECT", "ROUNDING")


class ReferenceError(ValueError):
    """A malformed reference file; the message starts with ``path:line:``."""


@dataclass(frozen=True, slots=True)
class ReferenceRow:
    """One official (or officially-quoted) figure set for one unit, index and year."""

    index: str
    year: int
    level: str
    unit: str
    province: str | None
    score: Decimal | None
    score_unit: str
    rank: int | None
    rank_total: int | None
    source_url: str
    note: str = ""
    file: str = ""
    line: int = 0

    @property
    def score_decimals(self) -> int:
        """Decimals the source printed (90.10 → 2)."""
        if self.score is None:
            return 0
        return max(0, -int(self.score.as_tuple().exponent))

    @property
    def flagged(self) -> bool:
        """The curator marked this row CONFLICT, SUSPECT or ROUNDING."""
        return any(flag in self.note.upper() for flag in _FLAGS)

    @property
    def corroborations(self) -> int:
        """How many further URLs the note lists as confirming the row."""
        if "corroborated by:" not in self.note:
            return 0
        return self.note.split("corroborated by:", 1)[1].count("http")

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: the score as a number plus ``score_printed`` with its digits."""
        return {
            "index": self.index,
            "year": self.year,
            "level": self.level,
            "unit": self.unit,
            "province": self.province,
            "score": float(self.score) if self.score is not None else None,
            "score_printed": format(self.score, "f") if self.score is not None else None,
            "score_unit": self.score_unit,
            "rank": self.rank,
            "rank_total": self.rank_total,
            "source_url": self.source_url,
            "note": self.note,
            "file": self.file,
            "line": self.line,
        }


@dataclass(slots=True)
class ReferenceTable:
    """All rows of a reference directory, looked up by (index, year, level, unit)."""

    rows: list[ReferenceRow] = field(default_factory=list)
    _by_key: dict[tuple[str, int, str, str], list[ReferenceRow]] = field(
        default_factory=dict, repr=False
    )

    def __post_init__(self) -> None:
        for row in self.rows:
            key = (row.index, row.year, row.level, name_key(row.unit))
            self._by_key.setdefault(key, []).append(row)

    def lookup(self, index: str, year: int, level: str, unit: str) -> list[ReferenceRow]:
        """Every row for this unit (all sources), in file order; [] when none."""
        return list(self._by_key.get((index, int(year), level, name_key(unit)), ()))

    def indices(self) -> set[str]:
        return {r.index for r in self.rows}

    def units_for(self, index: str) -> set[str]:
        """The score units the table uses for ``index`` (one per index in practice)."""
        return {r.score_unit for r in self.rows if r.index == index}

    def __len__(self) -> int:
        return len(self.rows)


def default_reference_dir() -> Path:
    """``corpora/reference`` of this checkout (``CHISO_CORPORA`` moves ``corpora``)."""
    from nlp.resources import corpora_dir

    return corpora_dir() / "reference"


def load_reference(directory: str | Path | None = None) -> ReferenceTable:
    """Read every ``*.csv`` in ``directory`` (default: the bundled tables)."""
    directory = Path(directory) if directory is not None else default_reference_dir()
    if not directory.is_dir():
        raise ReferenceError(f"{directory}: no such reference directory")
    files = sorted(directory.glob("*.csv"))
    if not files:
        raise ReferenceError(f"{directory}: no reference tables (*.csv) in it")
    rows: list[ReferenceRow] = []
    for path in files:
        rows.extend(read_reference_csv(path))
    return ReferenceTable(rows)


def read_reference_csv(path: str | Path) -> list[ReferenceRow]:
    """Read and validate one reference CSV; raise :class:`ReferenceError` at the
    first problem, naming ``path:line``."""
    path = Path(path)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(_parse(path, handle))


def _parse(path: Path, lines: Iterable[str]) -> Iterator[ReferenceRow]:
    reader = csv.reader(lines)
    header = next(reader, None)
    if header is None:
        raise ReferenceError(f"{path}:1: empty file, expected a header row")
    header = [h.strip() for h in header]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise ReferenceError(f"{path}:1: missing column(s): {', '.join(missing)}")
    position = {name: i for i, name in enumerate(header)}
    seen: dict[tuple[str, int, str, str, str], int] = {}
    for cells in reader:
        line = reader.line_num
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            raise ReferenceError(
                f"{path}:{line}: {len(cells)} fields, the header has {len(header)}"
            )
        raw = {name: unicodedata.normalize("NFC", cells[i].strip()) for name, i in position.items()}
        row = _row(path, line, raw)
        key = (row.index, row.year, row.level, name_key(row.unit), row.source_url)
        if key in seen:
            raise ReferenceError(
                f"{path}:{line}: duplicate row: {row.index} {row.year} {row.unit} from "
                f"{row.source_url} is already on line {seen[key]}"
            )
        seen[key] = line
        yield row


def _row(path: Path, line: int, raw: dict[str, str]) -> ReferenceRow:
    def fail(message: str) -> ReferenceError:
        return ReferenceError(f"{path}:{line}: {message}")

    def integer(column: str, *, required: bool = False) -> int | None:
        text = raw[column]
        if not text:
            if required:
                raise fail(f"empty {column}")
            return None
        if not text.isdigit() or int(text) <= 0:
            raise fail(f"bad number {text!r} in column {column} (a positive integer)")
        return int(text)

    index = raw["index"]
    if not _INDEX.fullmatch(index):
        raise fail(f"bad index code {index!r} (expected e.g. PAR_INDEX, PCI)")
    year = integer("year", required=True)
    assert year is not None
    if not 1990 <= year <= 2100:
        raise fail(f"bad number {raw['year']!r} in column year")
    if raw["level"] not in LEVELS:
        raise fail(f"unknown level {raw['level']!r} (one of {', '.join(sorted(LEVELS))})")
    if not raw["unit"]:
        raise fail("empty unit")
    if raw["score_unit"] not in SCALE_MAX:
        raise fail(
            f"unknown score_unit {raw['score_unit']!r} (one of {', '.join(SCALE_MAX)})"
        )
    score = None
    if raw["score"]:
        if not _SCORE.fullmatch(raw["score"]):
            raise fail(f"bad number {raw['score']!r} in column score (dot decimal, e.g. 86.50)")
        score = Decimal(raw["score"])
        if score > SCALE_MAX[raw["score_unit"]]:
            raise fail(f"score {raw['score']} is above the {raw['score_unit']} scale")
    rank = integer("rank")
    rank_total = integer("rank_total")
    if rank is not None and rank_total is not None and rank > rank_total:
        raise fail(f"rank {rank} is above rank_total {rank_total}")
    if not raw["source_url"].startswith(("http://", "https://")):
        raise fail(f"source_url {raw['source_url']!r} is not an http(s) URL")
    return ReferenceRow(
        index=index,
        year=year,
        level=raw["level"],
        unit=raw["unit"],
        province=raw["province"] or None,
        score=score,
        score_unit=raw["score_unit"],
        rank=rank,
        rank_total=rank_total,
        source_url=raw["source_url"],
        note=raw.get("note", ""),
        file=path.name,
        line=line,
    )
