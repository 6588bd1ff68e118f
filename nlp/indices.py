"""The index catalog (``corpora/indices.toml``) and finding index mentions in text.

Mentions are found with one compiled regular expression built from the
catalog: acronyms case-sensitively, Vietnamese names case-insensitively,
both on word boundaries, longest alternative first. That single pattern is
also what the batch cascade scans with, so "candidate article" and "has an
index mention" can never disagree.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import ahocorasick

from nlp.resources import corpora_path


@dataclass(frozen=True, slots=True)
class IndexInfo:
    code: str
    name_vi: str
    name_en: str
    abbreviations: tuple[str, ...]
    aliases: tuple[str, ...]
    excluded: tuple[str, ...]
    levels: tuple[str, ...]
    publisher: str
    scale: str
    unit: str
    score_range: tuple[float, float]
    first_year: int


@dataclass(frozen=True, slots=True)
class IndexMention:
    start: int
    end: int
    code: str
    surface: str


def load_catalog(path: Path | None = None) -> dict[str, IndexInfo]:
    """Read the catalog TOML; a malformed entry raises ``ValueError`` naming the file."""
    path = path or corpora_path("indices.toml")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        out: dict[str, IndexInfo] = {}
        for entry in data["index"]:
            info = IndexInfo(
                code=entry["code"],
                name_vi=entry["name_vi"],
                name_en=entry["name_en"],
                abbreviations=tuple(entry.get("abbreviations", ())),
                aliases=tuple(entry.get("aliases", ())),
                excluded=tuple(entry.get("excluded", ())),
                levels=tuple(entry.get("levels", ())),
                publisher=entry.get("publisher", ""),
                scale=entry.get("scale", ""),
                unit=entry.get("unit", ""),
                score_range=tuple(entry.get("score_range", (0.0, 1e9))),
                first_year=int(entry.get("first_year", 0)),
            )
            out[info.code] = info
    except (KeyError, TypeError, tomllib.TOMLDecodeError) as exc:
        raise ValueError(f"{path}: bad index catalog: {exc}") from exc
    return out


@cache
def catalog() -> dict[str, IndexInfo]:
    """The bundled catalog, read once per process."""
    return load_catalog()


def _loose(phrase: str) -> str:
    """A phrase as a regex where spacing, hyphens and commas may vary."""
    parts = re.split(r"(\s+|\s*[-–]\s*|\s*,\s*|&)", phrase)
    out = []
    for part in parts:
        if not part:
            continue
        if part.isspace():
            out.append(r"\s+")
        elif part.strip() in {"-", "–"}:
            out.append(r"\s*[-–]?\s*")
        elif part.strip() == ",":
            out.append(r"\s*,?\s*")
        elif part == "&":
            out.append(r"\s*&\s*")
        else:
            out.append(re.escape(part))
    return "".join(out)


def _acronym(abbr: str) -> str:
    # "PAR INDEX" also matches "PAR-INDEX", "PARINDEX"; the letters keep their case.
    return r"[\s-]?".join(re.escape(word) for word in abbr.split())


@dataclass(frozen=True, slots=True)
class _Matcher:
    pattern: re.Pattern[str]
    codes: tuple[str, ...]  # group number - 1 → index code
    excluded: re.Pattern[str] | None
    anchors: ahocorasick.Automaton  # the first words of every alternative, in the cases they are written


@cache
def _matcher() -> _Matcher:
    alternatives: list[tuple[int, str, str]] = []  # (length, regex, code)
    anchors: set[str] = set()
    excluded: list[str] = []
    for info in catalog().values():
        for abbr in info.abbreviations:
            alternatives.append((len(abbr), _acronym(abbr), info.code))
            anchors.add(abbr.split()[0].split("-")[0])  # acronyms match case-sensitively
        for alias in info.aliases:
            alternatives.append((len(alias), f"(?i:{_loose(alias)})", info.code))
            anchors.update(_case_variants(" ".join(alias.split()[:2])))
        excluded.extend(_loose(e) for e in info.excluded)
    alternatives.sort(key=lambda a: -a[0])
    body = "|".join(f"({rx})" for _, rx, _ in alternatives)
    pattern = re.compile(rf"(?<!\w)(?:{body})(?!\w)")
    excl = re.compile("|".join(excluded)) if excluded else None
    automaton = ahocorasick.Automaton()
    for anchor in anchors:
        automaton.add_word(anchor, len(anchor))
    automaton.make_automaton()
    return _Matcher(pattern, tuple(code for _, _, code in alternatives), excl, automaton)


def mention_pattern() -> re.Pattern[str]:
    """The compiled pattern that recognises an index mention at a position."""
    return _matcher().pattern


def _case_variants(words: str) -> set[str]:
    """How a name's first words are written: "chỉ số", "Chỉ số", "Chỉ Số", "CHỈ SỐ" (and
    an acronym inside it as it is: "chỉ số CCHC"). Scanning for these on the text as it
    is saves lowercasing every article of a batch."""
    low = words.lower()
    first_up = low[:1].upper() + low[1:]
    title = " ".join(w[:1].upper() + w[1:] for w in low.split())
    out = {low, first_up, title, low.upper()}
    if words != low:  # an acronym in the alias keeps its case
        out |= {words, words[:1].upper() + words[1:]}
    return out


def _candidate_starts(text: str, start: int, end: int) -> list[int]:
    """Where a mention may begin: hits of the anchor words (Aho-Corasick, a C loop), so
    the full pattern only runs at a handful of positions."""
    m = _matcher()
    return sorted({start + e - n + 1 for e, n in m.anchors.iter(text[start:end])})


def find_mentions(text: str, start: int = 0, end: int | None = None) -> list[IndexMention]:
    """Every index mention in ``text[start:end]`` (offsets into ``text``), left to right,
    longest first, minus those inside or right after an excluded phrase ("Pacific
    Consultants International (PCI)"). Whether a position is a mention depends only on
    the text around it, never on the range asked for: the cascade and a full run agree."""
    m = _matcher()
    end = len(text) if end is None else end
    found: list[IndexMention] = []
    last_end = start
    for pos in _candidate_starts(text, start, end):
        if pos < last_end:
            continue
        mention = _mention_at(m, text, pos, end)
        if mention is not None:
            found.append(mention)
            last_end = mention.end
    return found


def _mention_at(m: _Matcher, text: str, pos: int, end: int) -> IndexMention | None:
    match = m.pattern.match(text, pos, end)
    if match is None:
        return None
    s, e = match.span()
    blocked = _excluded_spans(m, text, s, e)
    if any(bs <= s and e <= be for bs, be in blocked) or _near_exclusion(text, s, e, blocked):
        return None
    return IndexMention(s, e, m.codes[match.lastindex - 1], match.group())


def has_mention(text: str) -> bool:
    """Whether ``text`` mentions any index: the cascade's article-level test."""
    m = _matcher()
    for e, n in m.anchors.iter(text):
        if _mention_at(m, text, e - n + 1, len(text)) is not None:
            return True
    return False


def _excluded_spans(m: _Matcher, text: str, start: int, end: int) -> list[tuple[int, int]]:
    if m.excluded is None:
        return []
    lo, hi = max(0, start - 60), min(len(text), end + 60)
    return [(x.start() + lo, x.end() + lo) for x in m.excluded.finditer(text[lo:hi])]


def _near_exclusion(text: str, s: int, e: int, blocked: list[tuple[int, int]]) -> bool:
    """"Pacific Consultants International (PCI)": the acronym in brackets right after an
    excluded phrase is that phrase's abbreviation, not the index."""
    for _bs, be in blocked:
        gap = text[be:s]
        if 0 <= s - be <= 3 and gap.strip() in {"", "("}:
            return True
    return False
