"""The working records of the claims stage and the helpers every part of it shares.

A :class:`Group` gathers the figures a sentence states for one index and one locality;
a :class:`Draft` is a claim being assembled, merged across sentences before it becomes
a :class:`~extract.claims.Claim`. Cue patterns come from ``corpora/extract/lexicon.toml``.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import cache

from extract.doc import Doc, Locality, PlaceRef, Sentence
from nlp.numbers import Figure, lexicon, phrase_regex

PERCENT_INDICES = frozenset({"PAR_INDEX", "SIPAS", "DGI"})


@dataclass(slots=True)
class Group:
    index: str | None
    mention: str
    locs: list[PlaceRef] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    start: int = 0  # where the group's clause starts (cue scope)
    indices: list[tuple[str, str]] = field(default_factory=list)  # more indices sharing the figures
    inherited: bool = False  # locs carried over a ";" or an index change, not named for it


@dataclass(slots=True)
class Draft:
    index: str
    mention: str
    locality: Locality
    year: int
    kind: str
    score: float | None = None
    score_unit: str | None = None
    score_max: float | None = None
    rank: int | None = None
    rank_total: int | None = None
    spans: list[tuple[int, int]] = field(default_factory=list)
    decimals: int = 0


@cache
def cue_patterns() -> dict[str, re.Pattern[str]]:
    cues = lexicon().cues
    out = {}
    for name, phrases in cues.items():
        if name == "total_nouns":
            continue
        out[name] = re.compile(rf"(?<!\w)(?:{phrase_regex(phrases)})(?!\w)", re.IGNORECASE)
    return out


CLAUSE_BREAK = re.compile(r";|(?<!\w)trong đó(?!\w)|(?<!\w)riêng(?!\w)", re.IGNORECASE)


RESPECTIVELY = re.compile(r"(?<!\w)lần\s+lượt(?!\w)", re.IGNORECASE)


# What a figure is about is said within this many characters before it; no check
# looks farther back, which also keeps a 5 MB line of figures linear.
CONTEXT_CHARS = 300


def _breaks(doc: Doc, s: Sentence) -> list[int]:
    """Where the clauses of a sentence start (after ";", "trong đó", "riêng"), found once."""
    if s.breaks is None:
        s.breaks = [m.end() for m in CLAUSE_BREAK.finditer(doc.text, s.start, s.end)]
    return s.breaks


def sentence_clause_start(doc: Doc, s: Sentence, f: Figure) -> int:
    """Where the clause holding ``f`` starts (no farther back than CONTEXT_CHARS)."""
    breaks = _breaks(doc, s)
    i = bisect.bisect_right(breaks, f.start) - 1
    start = breaks[i] if i >= 0 else s.start
    return max(start, f.start - CONTEXT_CHARS)


def clause_start(doc: Doc, s: Sentence, g: Group, f: Figure) -> int:
    """The clause start, or the start of the group's own stretch if later."""
    return max(sentence_clause_start(doc, s, f), g.start)
