"""Ranking sizes: which total ("/63", "trong 20 đơn vị", "xếp hạng 17 sở, ban, ngành")
a rank is out of.

DESIGN.md: a total stated once for a ranking block applies to every rank in that block.
A total that is the ranking's own scope holds for the article, by index, kind of unit
and year; one glued to a single rank holds for its paragraph; a heading's holds until
the next heading.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extract.doc import Doc, Sentence
from extract.drafts import Group
from nlp.numbers import Figure, scan

# The newest sizes kept in force: an article states a handful; a pathological page stating
# thousands would otherwise make every lookup scan them all (quadratic in its length).
KEPT = 32


class TotalsInForce:
    """Ranking sizes in force for a sentence.

    A total stated on its own ("UBND tỉnh công bố kết quả xếp hạng 18 sở, ngành và 10
    huyện, thành phố", "bảng xếp hạng 63 tỉnh, thành phố", a heading "(20 đơn vị)") is the
    size of that index's table for the rest of the article, by kind of unit. A total glued
    to one rank ("đứng cuối trong 17 bộ", "xếp thứ 10 trong 12 huyện") speaks for its
    paragraph only. A heading's total gives way to the next heading's.
    """

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.line = -1
        self.line_totals: list[Total] = []
        self.free: dict[str, list[Total]] = {}
        self.every: list[Total] = []  # "các bộ chỉ số được đánh giá đối với 19 sở … và 13 địa phương"

    def step(self, s: Sentence, stated: list[tuple[Figure, bool]], year: int | None) -> list[Total]:
        from extract.cascade import _HEADING

        if s.line != self.line:
            self.line, self.line_totals = s.line, []
            line = self.doc.line_text(s).strip()
            if s.context_index and len(line) <= 160 and (_HEADING.match(line) or line.endswith(":")):
                if _HEADING.match(line):
                    self.free[s.context_index] = []  # a new section: its own sizes
                stated = [(f, True) for f, _wide in stated]  # "1. Khối sở, ban, ngành (20 đơn vị)"
        if s.context_index is None and _EVERY_INDEX.search(self.doc.text, s.start, s.end):
            s.figures = s.figures or scan(self.doc.text, s.start, s.end)
            every = [Total(f, _year_before(s, f.start, year)) for f, wide in stated_totals(self.doc, s) if wide]
            self.every = (every + self.every)[:KEPT]
        self.line_totals = ([
            Total(f, None, None if wide else _index_before(s, f.start)) for f, wide in stated
        ] + self.line_totals)[:KEPT]
        if s.context_index is not None:
            # a table's size is that of the year it was stated for: the year written
            # closest before it ("DTI năm 2022 của … 63 tỉnh"), else the one in force
            wide = [Total(f, _year_before(s, f.start, year)) for f, is_wide in stated if is_wide]
            self.free[s.context_index] = (wide + self.free.get(s.context_index, []))[:KEPT]
        return self.line_totals + self.free.get(s.context_index or "", []) + self.every


def _year_before(s: Sentence, pos: int, default: int | None) -> int | None:
    years = [y for y in s.years if y.role == "year" and y.end <= pos]
    return int(years[-1].value) if years else default


def _index_before(s: Sentence, pos: int) -> str | None:
    """The index a glued total speaks of: the one named last before it; None when it comes
    before every index the sentence names ("dẫn đầu 63 tỉnh về SIPAS … và PCI …")."""
    codes = [m.code for m in s.mentions if m.end <= pos]
    return codes[-1] if codes else (None if s.mentions else s.context_index)


@dataclass(frozen=True, slots=True)
class Total:
    figure: Figure
    year: int | None  # None: any year (stated in the same paragraph)
    index: str | None = None  # glued to one index's rank ("SIPAS xếp thứ 5/63"): that index only


def stated_totals(doc: Doc, s: Sentence) -> list[tuple[Figure, bool]]:
    """The ranking sizes a sentence states, each with whether it stands free ("xếp hạng
    17 sở, ban, ngành và 8 đơn vị cấp huyện", "trong 20 đơn vị được đánh giá") or is glued
    to one rank ("đứng cuối trong 17 bộ", "xếp thứ 10 trong 12 huyện")."""
    ranks = [f for f in s.figures if f.kind == "rank"]
    out = []
    for f in s.figures:
        if f.kind != "total":
            continue
        before = doc.text[max(s.start, f.start - 20):f.start].lower()
        if f.value < 3 or re.search(
            r"(?:cho|còn|thêm|tặng|khen|sáp nhập|với|nhóm|top|tốp|tốp đầu|top đầu|nhóm đầu)\s*$", before
        ):
            continue
        glued = f.form == "cuối" or any(0 <= f.start - r.end <= 4 for r in ranks)
        if glued:
            out.append((f, False))
            continue
        after_and = re.search(r"\svà\s*$", before) and out and out[-1][0].end >= f.start - 12
        wide = (
            bool(after_and and out[-1][1])  # "của 20 sở, ban, ngành và 27 huyện": same scope
            or f.form in _RANKING_PREPS
            or (
                _RANKING_SCOPE_BEFORE.search(doc.text, s.start, f.start) is not None
                and (
                    not re.search(r"(?:tại|ở|trên\s+địa\s+bàn|thuộc)\s*$", before)
                    or _RANKING_SCOPE_STRONG.search(doc.text, s.start, f.start) is not None
                )
            )
            or _RANKING_SCOPE_AFTER.match(doc.text, f.end) is not None
        )
        out.append((f, wide))
    return out


# A size that is the ranking's own ("đánh giá 18 sở, ban, ngành", "trong 20 đơn vị được
# đánh giá", "bảng xếp hạng 63 tỉnh") holds for the whole article; one that is not
# ("doanh nghiệp tại 63 tỉnh, thành phố") only for its paragraph.
_RANKING_PREPS = frozenset({"xếp hạng", "trong", "trong số", "trong tổng số", "đối với", "giữa", "trên tổng số"})


_RANKING_SCOPE_BEFORE = re.compile(
    r"(?:đánh\s+giá|xếp\s+hạng|chấm\s+điểm|công\s+bố|phê\s+duyệt|xác\s+định|kết\s+quả|gồm|chỉ\s+số)",
    re.IGNORECASE,
)


# a sentence about all the indices of the article at once states sizes for each of them
_EVERY_INDEX = re.compile(r"\b(?:các|những|cả)\s+(?:bộ\s+)?chỉ\s+số(?!\s+thành\s+phần)", re.IGNORECASE)


# with these the "tại 12 huyện" of a sentence is the ranking's scope, not a location
_RANKING_SCOPE_STRONG = re.compile(r"đánh\s+giá|xếp\s+hạng|công\s+bố|đo\s+lường|chấm\s+điểm", re.IGNORECASE)


_RANKING_SCOPE_AFTER = re.compile(r"[^.;]{0,40}?(?:được|tham\s+gia)\s+(?:đánh\s+giá|xếp\s+hạng|chấm\s+điểm|khảo\s+sát)", re.IGNORECASE)


def adjacent_total(doc: Doc, s: Sentence, rank: Figure) -> int | None:
    for f in s.figures:
        if f.kind == "total" and 0 <= f.start - rank.end <= 4:
            return int(f.value)
        if f.kind == "total" and rank.form == "last" and 0 <= rank.start - f.end <= 4:
            return int(f.value)
    return None


_NOUN_TYPES = (
    (re.compile(r"(?<!\w)bộ(?!\w)|ngang bộ"), {"bộ"}),
    (re.compile(r"(?<!\w)(?:sở|ban|ngành|cơ quan)(?!\w)"), {"sở"}),
    (re.compile(r"(?<!\w)(?:tỉnh|thành)(?!\w)"), {"tỉnh", "thành phố"}),
    (re.compile(r"(?<!\w)(?:huyện|thị xã|thị|quận|cấp huyện)(?!\w)"), {"huyện", "thị xã", "thành phố", "quận"}),
    (re.compile(r"(?<!\w)(?:xã|phường|thị trấn)(?!\w)"), {"xã", "phường", "thị trấn"}),
)


def _noun_types(noun: str) -> set[str] | None:
    """The locality types a counted noun covers ("17 sở, ban, ngành" → sở); None for
    "đơn vị", "địa phương" (any)."""
    kinds: set[str] = set()
    for rx, types in _NOUN_TYPES:
        if rx.search(noun):
            kinds |= types
    if "thành phố" in noun and "tỉnh" not in noun:
        kinds |= {"thành phố"}
    return kinds or None


def block_total_for(
    totals: list[Total], g: Group, year: int | None, *, exclude: tuple[int, int] = (0, 0)
) -> int | None:
    """The size of the ranking a group's locality is ranked in, from the totals in force
    (newest first) for its year, matched by the kind of unit counted."""
    by_start: dict[int, Figure] = {}  # a total in force twice (line and article) counts once
    for t in totals:
        f = t.figure
        if t.year is not None and year is not None and t.year != year:
            continue
        if t.index is not None and t.index != g.index:
            continue
        if exclude[0] <= f.start < exclude[1]:
            continue  # a table row's own cells ("3 | Thị xã Trảng Bàng") count nothing
        by_start.setdefault(f.start, f)
    unique = list(by_start.values())
    if not unique:
        return None
    loc = next((r.locality for r in g.locs if r.locality is not None), None)
    if loc is None:
        return int(unique[0].value) if len(unique) == 1 else None
    anyone = None
    for f in unique:
        kinds = _noun_types(f.noun)
        if kinds is None:
            anyone = anyone if anyone is not None else int(f.value)
            continue
        if loc.type in kinds:
            return int(f.value)
    return anyone if len({u.value for u in unique}) == 1 or anyone is not None else None
