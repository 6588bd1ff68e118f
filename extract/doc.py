"""The document that flows through the extraction pipeline.

Like a spaCy ``Doc``: one object holds the normalized text and everything
the stages add to it, always as character offsets into that text, so the
evidence of every claim can point back at the exact sentence.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from extract.articles import Article
from nlp.indices import IndexMention
from nlp.numbers import Figure


@dataclass(frozen=True, slots=True)
class Locality:
    """A resolved locality, as the Claim contract wants it."""

    name: str
    type: str
    province: str | None


@dataclass(slots=True)
class PlaceRef:
    """A locality named (or referred to: "huyện", "tỉnh", "địa phương") in a sentence."""

    start: int
    end: int
    locality: Locality | None  # None: a reference nobody could resolve
    written_type: str | None  # the unit word as written, if any
    generic: bool = False  # "huyện", "tỉnh" standing for the article's subject
    candidates: tuple[Locality, ...] = ()


@dataclass(slots=True)
class Sentence:
    start: int
    end: int
    line: int  # index of the text line (paragraph) it sits on
    mentions: list[IndexMention] = field(default_factory=list)
    candidate: bool = False  # runs through the heavy stages
    figures: list[Figure] = field(default_factory=list)
    years: list[Figure] = field(default_factory=list)  # every sentence, cheap
    places: list[PlaceRef] = field(default_factory=list)
    # context carried in from earlier sentences (index, year, block total…)
    context_index: str | None = None
    context_mention: str = ""
    carry: str = ""  # "mention" (names an index), "near" (same paragraph/list), "far"
    breaks: list[int] | None = None  # clause starts, computed on first use


@dataclass(slots=True)
class Doc:
    article: Article
    text: str
    sentences: list[Sentence] = field(default_factory=list)
    subject: dict[str, Locality] = field(default_factory=dict)  # by locality type, "" = main
    province: str | None = None  # the province the article is about, if one
    default_year: int | None = None
    cascade: bool = True
    claims: list = field(default_factory=list)
    line_starts: list[int] = field(default_factory=list)  # offset where each line begins

    def sentence_text(self, s: Sentence) -> str:
        return self.text[s.start:s.end]

    def line_text(self, s: Sentence, limit: int = 500) -> str:
        """The line (paragraph, list item, table row) a sentence sits on, cut to ``limit``
        characters: every test on a line looks at its head, and a 5 MB line must not be
        copied for each of its sentences."""
        start = self.line_starts[s.line] if s.line < len(self.line_starts) else 0
        end = self.text.find("\n", start, start + limit)
        return self.text[start:end if end >= 0 else min(len(self.text), start + limit)]
