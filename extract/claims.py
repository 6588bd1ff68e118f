"""The Claim record: one stated figure of one index for one locality and year.

The field names and their order are DESIGN.md's data contract; the store,
the exports and ``compare`` all read them. A claim is identified by
(article_id, index, locality, year, kind): a score and a rank stated for the
same thing live in one claim.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any, Literal

Kind = Literal["result", "target", "derived"]
KINDS: tuple[str, ...] = ("result", "target", "derived")


@dataclass(slots=True)
class Claim:
    article_id: str
    url: str
    index: str
    index_mention: str
    locality: str
    locality_type: str
    province: str | None
    year: int
    score: float | None
    score_unit: str | None
    score_max: float | None
    rank: int | None
    rank_total: int | None
    kind: str
    evidence: str
    span: tuple[int, int]

    @property
    def key(self) -> tuple[str, str, str, int, str]:
        """What makes a claim one claim (DESIGN.md: one per article, index, locality, year, kind)."""
        return (self.article_id, self.index, self.locality, self.year, self.kind)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["span"] = [int(self.span[0]), int(self.span[1])]
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Claim:
        names = [f.name for f in fields(cls)]
        missing = [n for n in names if n not in d]
        if missing:
            raise ValueError(f"claim lacks fields: {', '.join(missing)}")
        values = {n: d[n] for n in names}
        values["span"] = tuple(values["span"])
        return cls(**values)


CLAIM_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Claim))
