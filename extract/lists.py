"""Figures laid out as lists and tables rather than sentences.

"A, B và C lần lượt đạt x, y và z" (respectively), "tiếp theo là A (x) và B (y)"
(ranks by order after a stated one), "ba vị trí dẫn đầu lần lượt thuộc về A, B, C",
numbered lines "1. Quảng Ninh: 92,18%", and pipe or tab tables under a header row.
"""

from __future__ import annotations

import re

from extract.doc import Doc, Sentence
from extract.drafts import RESPECTIVELY, Draft, Group
from extract.totals import Total, block_total_for
from nlp.indices import catalog
from nlp.numbers import Figure

_SEQUENCE = re.compile(
    r"(?<!\w)(?:tiếp\s+theo(?:\s+là)?|tiếp\s+đến(?:\s+là)?|kế\s+đến(?:\s+là)?|kế\s+tiếp(?:\s+là)?"
    r"|sau\s+đó\s+là|theo\s+sau\s+là|xếp\s+sau(?:\s+là)?|các\s+vị\s+trí\s+tiếp\s+theo(?:\s+là)?)(?!\w)",
    re.IGNORECASE,
)


def split_respectively(doc: Doc, s: Sentence, g: Group) -> list[Group] | None:
    """"A, B và C lần lượt đạt x, y và z": one group per locality, figures in order."""
    if len(g.locs) < 2 or not RESPECTIVELY.search(doc.text, s.start, s.end):
        return None
    scores = [f for f in g.figures if f.kind == "score"]
    ranks = [f for f in g.figures if f.kind == "rank" and f.form in {"num", "word"}]
    n = len(g.locs)
    if len(scores) not in (0, n) or len(ranks) not in (0, n) or not (scores or ranks):
        return None
    others = [f for f in g.figures if f not in scores and f not in ranks]
    out = []
    for i, loc in enumerate(g.locs):
        figs = ([scores[i]] if scores else []) + ([ranks[i]] if ranks else []) + others
        out.append(Group(g.index, g.mention, locs=[loc], figures=figs, start=g.start, indices=list(g.indices)))
    return out


_ORDER_MARK = re.compile(
    r"(?<!\w)(?:lần\s+lượt\s+(?:là|thuộc\s+về|gồm)|lần\s+lượt\s*:|theo\s+thứ\s+tự\s+là|tiếp\s+theo\s+là)(?!\w)\s*:?",
    re.IGNORECASE,
)


_ORDER_HEAD_FIRST = re.compile(
    r"(?:dẫn\s+đầu|đứng\s+đầu|cao\s+nhất|vị\s+trí\s+dẫn\s+đầu|top\s+\d+|tốp\s+\d+|nhóm\s+\d+|\d+\s+vị\s+trí\s+đầu)",
    re.IGNORECASE,
)


def ordered(doc: Doc, s: Sentence, groups: list[Group], state: dict) -> list[Group]:
    """"Ba vị trí dẫn đầu lần lượt thuộc về A (x), B và C": ranks by order of mention,
    starting at 1 after a first-place head, or after the rank of the unit named in
    "xếp sau X" / "các vị trí tiếp theo"."""
    text = doc.text
    mark = _ORDER_MARK.search(text, s.start, s.end)
    if mark is None:
        return groups
    head = text[s.start:mark.start()]
    if re.search(r"cuối|thấp\s+nhất|đội\s+sổ", head, re.IGNORECASE):
        return groups
    if re.search(r"xếp\s+sau|sau\s+đó|tiếp\s+theo|vị\s+trí\s+tiếp", head + mark.group(), re.IGNORECASE):
        start = state.get("last_rank")
        start = None if start is None else start + 1
    elif m := re.search(r"(?:vị\s+trí|hạng|thứ)\s+(?:thứ\s+)?(\d{1,3})\s+(?:đến|tới|-)", head, re.IGNORECASE):
        start = int(m.group(1))
    elif _ORDER_HEAD_FIRST.search(head):
        start = 1
    else:
        return groups
    if start is None:
        return groups
    out: list[Group] = []
    rank = start
    for g in groups:
        # "Các vị trí thứ 2 đến thứ 5 lần lượt thuộc về …": those ranks are the head's
        g.figures = [f for f in g.figures if not (f.kind == "rank" and f.end <= mark.start())]
        locs = [r for r in g.locs if r.start >= mark.end() and not r.generic]
        if not locs or any(f.kind == "rank" and f.form in {"num", "word"} for f in g.figures):
            out.append(g)
            continue
        figs = [f for f in g.figures if f.kind != "rank"]
        for i, loc in enumerate(locs):
            fig = Figure("rank", loc.start, loc.end, rank, form="order")
            out.append(Group(g.index, g.mention, locs=[loc], figures=([fig] + (figs if i == len(locs) - 1 else [])),
                             start=g.start, indices=list(g.indices)))
            rank += 1
    state["last_rank"] = rank - 1
    return out


def continues_sequence(doc: Doc, s: Sentence, g: Group) -> bool:
    """"Tiếp theo là Sở Tư pháp (88,40 điểm) và Thanh tra tỉnh (87,96 điểm)": ranks by order
    after a stated one."""
    lo = max(s.start, g.start - 40)
    head = doc.text[lo:g.locs[0].start]
    if _SEQUENCE.search(head):
        return True
    return bool(re.search(r"(?:\)|điểm|%)\s*(?:,|và)\s*$", head)) and bool(
        _SEQUENCE.search(doc.text, s.start, g.locs[0].start)
    )


_HEADER_ROLES = (
    ("stt", re.compile(r"^(?:stt|tt|số\s+tt|số\s+thứ\s+tự)$", re.IGNORECASE)),
    ("rank", re.compile(r"xếp\s+hạng|thứ\s+hạng|^hạng|vị\s+trí|thứ\s+tự|xếp\s+thứ", re.IGNORECASE)),
    ("score", re.compile(r"điểm|chỉ\s+số|kết\s+quả|giá\s+trị|%|tỷ\s+lệ", re.IGNORECASE)),
    ("name", re.compile(r"địa\s+phương|tỉnh|đơn\s+vị|bộ|cơ\s+quan|sở|huyện|tên|xã|phường", re.IGNORECASE)),
)


def _cells(line: str) -> list[str]:
    sep = "|" if line.count("|") >= line.count("\t") else "\t"
    cells = [c.strip() for c in line.split(sep)]
    if cells and not cells[0]:
        cells = cells[1:]
    if cells and not cells[-1]:
        cells = cells[:-1]
    return cells


def _table_header(doc: Doc, s: Sentence) -> tuple[dict[str, int], str | None] | None:
    """The column roles of the table a row belongs to, read from the header line above it."""
    from nlp.numbers import parse_number

    pos = doc.text.rfind("\n", 0, s.start)
    for _ in range(60):
        if pos <= 0:
            return None
        prev = doc.text.rfind("\n", 0, pos)
        line = doc.text[prev + 1:pos]
        pos = prev
        if "|" not in line and "\t" not in line:
            if line.strip():
                return None
            continue
        cells = _cells(line)
        if any(parse_number(c) is not None for c in cells) or all(re.fullmatch(r"[-:=+\s]*", c) for c in cells):
            continue  # another row, or the |---|---| rule under the header
        roles: dict[str, int] = {}
        unit = None
        for i, cell in enumerate(cells):
            for role, rx in _HEADER_ROLES:
                if role not in roles and rx.search(cell):
                    roles[role] = i
                    if role == "score":
                        unit = "%" if "%" in cell else ("điểm" if "điểm" in cell.lower() else None)
                    break
        return roles, unit
    return None


def table_row_drafts(
    doc: Doc, s: Sentence, carried_year: int | None, block_totals: list[Total]
) -> list[Draft]:
    """One ranking-table row ("2 | TP. Hồ Chí Minh | 55,85 | 2") → a claim, its columns
    named by the header row; the index, year and total come from the text above."""
    from nlp.numbers import parse_number

    header = _table_header(doc, s)
    if header is None or s.context_index is None:
        return []
    roles, unit = header
    line = doc.text[s.start:s.end]
    cells = _cells(line)
    place = next((r for r in s.places if not r.generic and r.locality is not None), None)
    if place is None:
        return []

    def cell(role: str) -> str | None:
        i = roles.get(role)
        return cells[i] if i is not None and i < len(cells) else None

    rank = None
    for role in ("rank", "stt"):
        value = cell(role)
        if value and re.fullmatch(r"\d{1,3}", value):
            rank = int(value)
            break
    score = None
    raw = cell("score")
    num = parse_number(raw.rstrip("%").strip()) if raw else None
    info = catalog().get(s.context_index)
    if num is not None and (info is None or info.score_range[0] <= num.value <= info.score_range[1]):
        score = num
        if raw and raw.endswith("%"):
            unit = "%"
    if score is None and rank is None:
        return []
    year = carried_year if carried_year is not None else doc.default_year
    if year is None:
        return []
    g = Group(s.context_index, s.context_mention, locs=[place])
    d = Draft(s.context_index, s.context_mention, place.locality, year, "result", spans=[(s.start, s.end)])
    if score is not None:
        d.score, d.score_unit, d.decimals = score.value, unit, score.decimals
    if rank is not None:
        d.rank, d.rank_total = rank, block_total_for(block_totals, g, year, exclude=(s.start, s.end))
    return [d]


def figures_by_year(doc, s, g, years, info, target) -> list[tuple[int, Figure | None, Figure | None]] | None:
    """"Năm 2020 và 2021, tỉnh lần lượt đạt 70,37 điểm và 66,58 điểm, xếp thứ 3/63 và 16/63":
    one score and one rank per year, in order."""
    if len(years) < 2 or not RESPECTIVELY.search(doc.text, s.start, s.end):
        return None
    scores = [f for f in g.figures if f.kind == "score"
              and (info is None or info.score_range[0] <= f.value <= info.score_range[1])]
    ranks = [f for f in g.figures if f.kind == "rank" and f.form == "num"]
    if len(scores) not in (0, len(years)) or len(ranks) not in (0, len(years)) or not (scores or ranks):
        return None
    return [(y, scores[i] if scores else None, ranks[i] if ranks else None) for i, y in enumerate(years)]


def item_is_rank(doc: Doc, s: Sentence, g: Group, item: Figure) -> bool:
    """"1. Quảng Ninh: 92,18%" — a list number is a rank when a place, not an index
    name, follows it."""
    nxt = [r for r in g.locs if r.start >= item.end]
    if not nxt or nxt[0].generic:
        return False
    if any(item.end <= m.start < nxt[0].start for m in s.mentions):
        return False
    return nxt[0].start - item.end <= 3
