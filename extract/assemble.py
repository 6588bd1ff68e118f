"""The claims stage: figures → (index, locality, year, kind) claims.

Each candidate sentence is read left to right as a stream of events
(index mentions, places, figures, separators). Figures gather into a
*group* that belongs to one index and one locality; a new place after
figures, a new index after figures, or a ";" starts the next group. A group
then becomes claims:

- ``result`` (or ``target`` when a goal cue governs the clause) with the
  group's score, rank and rank total, for each year the group is about;
- ``derived`` from each stated change ("tăng 0,58 điểm", "tụt 4 hạng so với
  năm 2019") applied to the group's current figures.

What DESIGN.md says is not a claim is filtered here, figure by figure:
regional ranks, sub-indices, averages, groups, streaks, approximate values
and figures whose subject is something else ("tỷ lệ hồ sơ … đạt 99,87%").
Claims with the same identity are merged across sentences.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import cache

from extract.claims import Claim
from extract.doc import Doc, Locality, PlaceRef, Sentence
from extract.pipeline import stage
from nlp.indices import catalog
from nlp.numbers import Figure, lexicon, phrase_regex

PERCENT_INDICES = frozenset({"PAR_INDEX", "SIPAS", "DGI"})
# merge the evidence of one claim stated in several sentences when they are this close
EVIDENCE_JOIN_CHARS = 600


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
def _cue_patterns() -> dict[str, re.Pattern[str]]:
    cues = lexicon().cues
    out = {}
    for name, phrases in cues.items():
        if name == "total_nouns":
            continue
        out[name] = re.compile(rf"(?<!\w)(?:{phrase_regex(phrases)})(?!\w)", re.IGNORECASE)
    return out


_APPROX_BEFORE = re.compile(
    r"(?:trên|hơn|gần|khoảng|xấp xỉ|dưới|tới|đến|từ|ngưỡng|mức|chừng|ước|ít nhất|tối thiểu|tối đa)\s*$",
    re.IGNORECASE,
)
_SCORE_VERB = re.compile(
    r"(?:đạt|được|với|là|bằng|:|\(|điểm số|số điểm|tổng điểm|giá trị|kết quả|chỉ số)\s*$",
    re.IGNORECASE,
)
_SHARE_OF = re.compile(
    r"\s*(?:các\s+|số\s+)?(?:lãnh\s+đạo|cán\s+bộ|công\s+chức|viên\s+chức|hồ\s+sơ|xã|phường|đơn\s+vị|cơ\s+quan"
    r"|người|doanh\s+nghiệp|hộ|thủ\s+tục|TTHC|trường|giáo\s+viên|văn\s+bản|dịch\s+vụ|học\s+sinh|chỉ\s+tiêu"
    r"|phiếu|ý\s+kiến|thôn|bản|khu\s+phố|tổ\s+chức|CBCCVC|GRDP|GDP|dân\s+số|tổng|sở|ngành|địa\s+phương|bộ"
    r"|tỉnh|huyện|cấp|người\s+dân)(?!\w)",
    re.IGNORECASE,
)
# "năm thứ 7", "lần thứ 3", "người đứng đầu": not ranks. Case matters: "Tam Kỳ xếp thứ 3".
_NOT_RANK_BEFORE = re.compile(
    r"(?<!\w)(?:[Nn]ăm|[Ll]ần|khóa|kỳ|quý|tuần|ngày|tháng|đợt|giai đoạn|nhiệm kỳ|Đại hội|hội nghị|phiên"
    r"|[Nn]gười|cán bộ|lãnh đạo)\s*$"
)
_RANK_CONTEXT_BEFORE = re.compile(
    r"(?:xếp|đứng|hạng|vị trí|ở|giữ|lên|xuống|leo|tụt|vươn|là|đạt|:|\(|,|và|còn|sau|thì)\s*$",
    re.IGNORECASE,
)
_GROUP_NUMBER = re.compile(r"(?<!\w)(?:nhóm|top|tốp)\s+(?:đầu\s+|dẫn\s+đầu\s+)?(\d{1,2})(?!\d)", re.IGNORECASE)
_NOT_A_RANKING_AFTER = re.compile(
    r"\s*(?:của\s+(?:tỉnh|huyện|thị\s+xã|thành\s+phố|đơn\s+vị|địa\s+phương)|từ\s+trước|từ\s+khi|kể\s+từ|trong\s+(?:các|những|nhiều)\s+năm"
    r"|trong\s+lịch\s+sử|từ\s+năm)",
    re.IGNORECASE,
)
_COUNTED_GROUP_BEFORE = re.compile(
    r"(?<!\w)(?:(?:cho|các|những|có)\s+\d+|các|những|nhiều)\s+(?:sở|đơn\s+vị|huyện|địa\s+phương|tỉnh|cơ\s+quan|xã|bộ)",
    re.IGNORECASE,
)
_STREAK_BEFORE = re.compile(r"(?:nhiều|mấy|\d+|các)\s+năm\s+(?:liền|liên\s+tiếp|liên\s+tục|qua)\s*$|liên\s+tục\s*$", re.IGNORECASE)
_ALONG_WITH = re.compile(r"(?:cùng|kèm|kèm\s+theo|bên\s+cạnh)\s+(?:với\s+)?(?:báo\s+cáo|bộ\s+chỉ\s+số)?\s*$", re.IGNORECASE)
_RESTATED = re.compile(r"\s*,?\s*(?:tương\s+(?:đương|ứng)(?:\s+với)?|tức\s+là|tức|hay|bằng|\(|quy\s+đổi)\s*$", re.IGNORECASE)
_LINKER = re.compile(
    r"^[\s,]*(?:(?:năm\s+)?(?:19|20)\d\d\s+)?(?:(?:tiếp\s+tục|vẫn|lần\s+lượt|chính|đều|cũng|năm\s+nay|đó)\s+)*"
    r"(?:(?:cả\s+nước|toàn\s+quốc|bảng\s+xếp\s+hạng|bảng|khối|năm\s+nay)\s+)?"
    r"(?:là|thuộc\s+về|gồm|:|gọi\s+tên|tiếp\s+theo\s+là|sau\s+đó\s+là|kế\s+đến\s+là)[\s:]*$",
    re.IGNORECASE,
)
# "đứng đầu bảng xếp hạng Vietnam ICT Index": a figure right before an index names that index
_FIGURE_OF_NEXT_INDEX = re.compile(
    r"^\s*(?:về|trong|tại|ở|của|với)?\s*(?:bảng\s+xếp\s+hạng|xếp\s+hạng|chỉ\s+số|bộ\s+chỉ\s+số)?\s*$",
    re.IGNORECASE,
)
_CLAUSE_BREAK = re.compile(r";|(?<!\w)trong đó(?!\w)|(?<!\w)riêng(?!\w)", re.IGNORECASE)
_TIE = re.compile(r"(?<!\w)(?:đồng hạng|cùng xếp|cùng đứng|cùng đạt|đều xếp|đều đứng|đồng xếp)(?!\w)", re.IGNORECASE)
_PREV_YEAR = re.compile(r"(?<!\w)năm\s+(?:trước|ngoái|liền\s+trước)(?!\w)", re.IGNORECASE)


@stage("claims")
def claims(doc: Doc) -> None:
    drafts: dict[tuple, Draft] = {}
    order: list[tuple] = []
    totals = _TotalsInForce(doc)
    block_index: str | None = None
    state: dict = {}  # running facts of the ranking being read ("last_rank")
    years = _YearContext(doc)
    for s in doc.sentences:
        carried_year = years.step(s)
        if s.context_index is None or not s.candidate:
            totals.step(s, [], carried_year)
            continue
        stated = _block_totals(doc, s)
        block_totals = totals.step(s, stated, carried_year)
        state["drafts"] = drafts
        if s.context_index != block_index:
            block_index, state = s.context_index, {}
        if stated:
            state.pop("last_rank", None)
        for d in _sentence_drafts(doc, s, carried_year, block_totals, state):
            key = (d.index, d.locality.name, d.locality.type, d.year, d.kind)
            if key not in drafts:
                drafts[key] = d
                order.append(key)
            else:
                _merge(drafts[key], d)
    doc.claims = [_to_claim(doc, drafts[k]) for k in order if _has_figure(drafts[k])]


class _TotalsInForce:
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

    def step(self, s: Sentence, stated: list[tuple[Figure, bool]], year: int | None) -> list[Total]:
        from extract.cascade import _HEADING

        if s.line != self.line:
            self.line, self.line_totals = s.line, []
            line = self.doc.line_text(s).strip()
            if s.context_index and len(line) <= 160 and (_HEADING.match(line) or line.endswith(":")):
                if _HEADING.match(line):
                    self.free[s.context_index] = []  # a new section: its own sizes
                stated = [(f, True) for f, _wide in stated]  # "1. Khối sở, ban, ngành (20 đơn vị)"
        self.line_totals = [Total(f, None) for f, _wide in stated] + self.line_totals
        if s.context_index is not None:
            # a table's size is that of the year it was stated for: the year written
            # closest before it ("DTI năm 2022 của … 63 tỉnh"), else the one in force
            wide = [Total(f, _year_before(s, f.start, year)) for f, is_wide in stated if is_wide]
            self.free[s.context_index] = wide + self.free.get(s.context_index, [])
        return self.line_totals + self.free.get(s.context_index or "", [])


def _year_before(s: Sentence, pos: int, default: int | None) -> int | None:
    years = [y for y in s.years if y.role == "year" and y.end <= pos]
    return int(years[-1].value) if years else default


@dataclass(frozen=True, slots=True)
class Total:
    figure: Figure
    year: int | None  # None: any year (stated in the same paragraph)


class _YearContext:
    """The assessment year in force before each sentence: the last year stated earlier on
    the same line, else the year of the header a list or table hangs under, else the
    article's default."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.line = -1
        self.line_year: int | None = None
        self.block_year: int | None = None
        self.prev: Sentence | None = None

    def step(self, s: Sentence) -> int | None:
        from extract.cascade import _LIST_LINE

        if s.line != self.line:
            if self.prev is not None and self.doc.text[self.prev.start:self.prev.end].rstrip().endswith(":"):
                self.block_year = self.line_year if self.line_year is not None else self.block_year
            elif not _LIST_LINE.match(self.doc.line_text(s)):
                self.block_year = None
            self.line, self.line_year = s.line, None
        carried = self.line_year if self.line_year is not None else self.block_year
        stated = [f for f in s.years if f.role == "year"]
        if stated:
            self.line_year = int(stated[-1].value)
        self.prev = s
        return carried if carried is not None else self.doc.default_year


def _has_figure(d: Draft) -> bool:
    return d.score is not None or d.rank is not None


def _block_totals(doc: Doc, s: Sentence) -> list[tuple[Figure, bool]]:
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
# with these the "tại 12 huyện" of a sentence is the ranking's scope, not a location
_RANKING_SCOPE_STRONG = re.compile(r"đánh\s+giá|xếp\s+hạng|công\s+bố|đo\s+lường|chấm\s+điểm", re.IGNORECASE)
_RANKING_SCOPE_AFTER = re.compile(r"[^.;]{0,40}?(?:được|tham\s+gia)\s+(?:đánh\s+giá|xếp\s+hạng|chấm\s+điểm|khảo\s+sát)", re.IGNORECASE)


def _events(doc: Doc, s: Sentence) -> list[tuple[int, str, object]]:
    ev: list[tuple[int, str, object]] = []
    for m in s.mentions:
        ev.append((m.start, "index", m))
    for r in s.places:
        ev.append((r.start, "place", r))
    for f in s.figures:
        if f.kind in {"score", "rank", "change", "total", "item"}:
            ev.append((f.start, "fig", f))
    text = doc.text
    for m in _CLAUSE_BREAK.finditer(text, s.start, s.end):
        ev.append((m.start(), "break", m))
    for m in _cue_patterns()["other_indices"].finditer(text, s.start, s.end):
        ev.append((m.start(), "other", m))
    ev.sort(key=lambda e: (e[0], {"index": 0, "place": 1, "other": 1, "break": 2, "fig": 3}[e[1]]))
    return ev


def _sentence_drafts(
    doc: Doc, s: Sentence, carried_year: int | None, block_totals: list[Total], state: dict
) -> list[Draft]:
    text = doc.text
    if text.count("|", s.start, s.end) >= 2 or text.count("\t", s.start, s.end) >= 2:
        return _table_row_drafts(doc, s, carried_year, block_totals)
    groups: list[Group] = []
    cur = Group(s.context_index, s.context_mention, start=s.start)
    respectively = _RESPECTIVELY.search(text, s.start, s.end) is not None
    last_fig_end = s.start
    last_index_end: int | None = None
    for pos, kind, obj in _events(doc, s):
        if kind == "break":
            groups.append(cur)
            cur = Group(cur.index, cur.mention, locs=list(cur.locs), start=pos, indices=list(cur.indices),
                        inherited=True)
        elif kind == "other":
            if cur.figures:
                groups.append(cur)
            cur = Group(None, "", locs=list(cur.locs), start=pos)
        elif kind == "index":
            m = obj
            if cur.index is None and _ALONG_WITH.search(text, max(s.start, m.start - 30), m.start):
                continue  # "PGI … công bố cùng báo cáo năng lực cạnh tranh cấp tỉnh": the other ranking's subject stays
            if cur.figures:
                moved = []
                last = cur.figures[-1]
                if last.kind == "rank" and len(cur.locs) < 2 and _FIGURE_OF_NEXT_INDEX.match(text[last.end:m.start]):
                    moved = [cur.figures.pop()]
                if cur.figures:
                    groups.append(cur)
                cur = Group(m.code, m.surface, locs=list(cur.locs), figures=moved, start=m.start,
                            inherited=True)
            elif (
                cur.index is not None and cur.index != m.code and last_index_end is not None
                and re.fullmatch(r"[\s,()]*(?:và|,|&|cùng|hay)[\s,()]*(?:chỉ\s+số\s+)?", text[last_index_end:m.start], re.IGNORECASE)
            ):
                cur.indices.append((m.code, m.surface))  # "PAR INDEX và SIPAS vào top 5"
            else:
                cur.index, cur.mention, cur.indices = m.code, m.surface, []
            last_index_end = m.end
            last_fig_end = max(last_fig_end, m.end)
        elif kind == "place":
            r: PlaceRef = obj
            if r.locality is None:
                continue
            if cur.figures and all(f.kind == "item" for f in cur.figures) and not cur.locs:
                cur.locs = [r]  # "2. Hải Phòng: 91,87%"
                continue
            if cur.figures:
                between = text[last_fig_end:r.start]
                if (cur.inherited or all(x.generic for x in cur.locs)) and _LINKER.match(between) and not r.generic:
                    cur.locs, cur.inherited = [r], False  # "dẫn đầu là Quảng Ninh", "xếp thứ nhất: Sở Nội vụ"
                    continue
                groups.append(cur)
                cur = Group(cur.index, cur.mention, locs=[r], start=r.start)
            elif cur.locs and cur.inherited:
                cur.locs, cur.inherited = [r], False
            elif cur.locs:
                prev = cur.locs[-1].locality
                if (
                    prev and r.locality.name == prev.province and prev.name != prev.province
                    and re.fullmatch(r"[\s,(–-]*(?:tỉnh\s*)?", text[cur.locs[-1].end:r.start])
                ):
                    continue  # "huyện Yên Thế, tỉnh Bắc Giang": the parent qualifies
                if prev and prev.name == r.locality.province and r.locality.name != prev.name and r.generic is False:
                    cur.locs[-1] = r  # "tỉnh Quảng Ninh, huyện Hải Hà"
                    continue
                between = text[cur.locs[-1].end:r.start]
                if re.fullmatch(r"\s*(?:,|và|cùng|với)\s*", between):
                    cur.locs.append(r)
                else:
                    cur.locs = [r]
            else:
                cur.locs = [r]
            if r.generic is False or not cur.locs:
                cur.start = min(cur.start, r.start) if cur.figures else r.start
        else:
            f: Figure = obj
            if f.kind == "rank" and _never_a_rank(text, s, f):
                continue
            restated = _RESTATED.match(text, last_fig_end, f.start) or respectively
            if (
                f.kind in {"rank", "score"} and any(x.kind == f.kind for x in cur.figures)
                and len(cur.locs) == 1 and not restated
            ):
                groups.append(cur)
                cur = Group(cur.index, cur.mention, start=cur.start, indices=list(cur.indices))
            cur.figures.append(f)
            last_fig_end = f.end
    groups.append(cur)
    groups = _ordered(doc, s, groups, state)
    drafts: list[Draft] = []
    for g in groups:
        paired = _paired(doc, s, g)
        for sub in paired or [g]:
            drafts.extend(_group_drafts(doc, s, sub, carried_year, block_totals, state))
    return drafts


_RESPECTIVELY = re.compile(r"(?<!\w)lần\s+lượt(?!\w)", re.IGNORECASE)
_SEQUENCE = re.compile(
    r"(?<!\w)(?:tiếp\s+theo(?:\s+là)?|tiếp\s+đến(?:\s+là)?|kế\s+đến(?:\s+là)?|kế\s+tiếp(?:\s+là)?"
    r"|sau\s+đó\s+là|theo\s+sau\s+là|xếp\s+sau(?:\s+là)?|các\s+vị\s+trí\s+tiếp\s+theo(?:\s+là)?)(?!\w)",
    re.IGNORECASE,
)


def _paired(doc: Doc, s: Sentence, g: Group) -> list[Group] | None:
    """"A, B và C lần lượt đạt x, y và z": one group per locality, figures in order."""
    if len(g.locs) < 2 or not _RESPECTIVELY.search(doc.text, s.start, s.end):
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


def _ordered(doc: Doc, s: Sentence, groups: list[Group], state: dict) -> list[Group]:
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


def _continues_sequence(doc: Doc, s: Sentence, g: Group) -> bool:
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


def _table_row_drafts(
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
        d.rank, d.rank_total = rank, _block_total_for(block_totals, g, year, exclude=(s.start, s.end))
    return [d]


_PLURAL_HEAD = re.compile(
    r"(?:\d+|hai|ba|bốn|năm|các|những)\s+(?:vị\s+trí|địa\s+phương|đơn\s+vị|tỉnh|sở|huyện)\s*$", re.IGNORECASE
)


def _never_a_rank(text: str, s: Sentence, f: Figure) -> bool:
    """"năm thứ 8 liên tiếp", "Ba vị trí cuối bảng": figures that look like ranks but
    are streaks or name a group; dropped before they can split a group."""
    before = text[max(s.start, f.start - 20):f.start]
    if _NOT_RANK_BEFORE.search(before[-14:]):
        return True
    return f.form in {"first", "last"} and bool(_PLURAL_HEAD.search(before))


def _clause_start(doc: Doc, s: Sentence, g: Group, f: Figure) -> int:
    start = max(s.start, g.start)
    for m in _CLAUSE_BREAK.finditer(doc.text, s.start, f.start):
        start = max(start, m.end())
    return start


def _target_clause(doc: Doc, s: Sentence, g: Group) -> bool:
    first = min((f.start for f in g.figures), default=s.end)
    scope = doc.text[s.start:first]
    return bool(_cue_patterns()["target"].search(scope))


def _group_drafts(
    doc: Doc, s: Sentence, g: Group, carried_year: int | None, block_totals: list[Total],
    state: dict,
) -> list[Draft]:
    """Claims of one group, for its index and any index sharing its figures."""
    out = []
    for index, mention in [(g.index, g.mention), *g.indices]:
        g.index, g.mention = index, mention
        out.extend(_group_index_drafts(doc, s, g, carried_year, block_totals, state))
    return out


def _group_index_drafts(
    doc: Doc, s: Sentence, g: Group, carried_year: int | None, block_totals: list[Total],
    state: dict,
) -> list[Draft]:
    if g.index is None or not g.figures:
        return []
    if s.carry == "far" and not any(not r.generic for r in g.locs):
        return []  # a paragraph far from the index mention must name its locality
    info = catalog().get(g.index)
    text = doc.text
    cues = _cue_patterns()
    target = _target_clause(doc, s, g)
    score: Figure | None = None
    rank: Figure | None = None
    rank_total: int | None = None
    changes: list[Figure] = []
    figs = [f for f in g.figures if f.kind != "item"]
    items = [f for f in g.figures if f.kind == "item"]
    group_num = None
    if target:
        lo = max(s.start, g.start)
        hi = max(f.end for f in g.figures)
        for m in _GROUP_NUMBER.finditer(text, lo, hi):
            group_num = (m.start(), m.end(), int(m.group(1)))
            break
    for f in figs:
        clause = _clause_start(doc, s, g, f)
        before = text[clause:f.start]
        if f.kind == "score":
            if _bad_score(doc, s, g, f, clause, before, target, info):
                continue
            if f.unit is None and re.search(r"(?:tổng\s+điểm|số\s+điểm|điểm\s+số|điểm)\s*(?:là|đạt)?\s*$", text[max(s.start, f.start - 16):f.start], re.IGNORECASE):
                f = replace(f, unit="điểm")
            if score is None:
                score = f
            elif g.index in PERCENT_INDICES and f.unit == "%" and score.unit != "%":
                score = f  # points and percent both given: the percentage is the index value
        elif f.kind == "rank":
            if rank is not None and not (rank.form in {"first", "second", "last"} and f.form == "num"):
                continue
            if not _good_rank(doc, s, g, f, clause, before, group_num):
                continue
            rank = f
            rank_total = f.total
            if rank_total is None:
                rank_total = _adjacent_total(doc, s, f)
        elif f.kind == "change":
            if f.approx or f.value is None:
                continue
            if cues["average"].search(before[-30:]):
                continue
            changes.append(f)
    if group_num is not None and rank is None:
        rank = Figure("rank", group_num[0], group_num[1], group_num[2], form="group")
    if rank is None and items and _item_is_rank(doc, s, g, items[0]):
        rank = Figure("rank", items[0].start, items[0].end, items[0].value, form="item")
    if rank is None and not target and g.locs and state.get("last_rank") is not None and _continues_sequence(doc, s, g):
        rank = Figure("rank", g.locs[0].start, g.locs[0].end, state["last_rank"] + 1, form="sequence")
    if rank is not None and rank.value is not None and not target:
        state["last_rank"] = int(rank.value)
    years = _group_years(doc, s, g, carried_year)
    if rank is not None and rank_total is None and not target and years:
        rank_total = _block_total_for(block_totals, g, years[0])
    rank_value = rank.value if rank is not None else None
    if rank is not None and rank.form == "last":
        rank_value = rank_total if rank_value is None else rank_value
    if rank is not None and rank.form == "penultimate":
        rank_value = rank_total - 1 if rank_total else None
    if rank is not None and rank.form in {"first", "second", "last"} and not any(not r.generic for r in g.locs):
        if doc.text[s.start:s.end].rstrip().endswith(":"):
            rank, rank_value = None, None
    if score is None and rank_value is None:
        if not changes:
            return []
        return _derived_from_earlier(doc, s, g, changes, carried_year, state)
    if not years:
        return []
    locs = [r.locality for r in g.locs if r.locality is not None] or (
        [doc.subject[""]] if "" in doc.subject else []
    )
    if not locs:
        return []
    if len(locs) > 1 and not _TIE.search(text[s.start:s.end]) and rank is not None:
        # "Sở Tư pháp, huyện Lạng Giang dẫn đầu": each leads its own table
        if len({loc.type for loc in locs}) < len(locs) or score is not None:
            locs = locs[-1:]
    if len(locs) > 1 and rank is None:
        locs = locs[-1:]
    kind = "target" if target else "result"
    span = (s.start, s.end)
    by_year = _figures_by_year(doc, s, g, years, info, target)
    if by_year is not None and len(locs) == 1:
        return [
            Draft(g.index, g.mention, locs[0], year, kind, score=sc.value if sc else None,
                  score_unit=sc.unit if sc else None, score_max=sc.maximum if sc else None,
                  rank=int(rk.value) if rk else None, rank_total=rk.total if rk else None,
                  spans=[span], decimals=sc.decimals if sc else 0)
            for year, sc, rk in by_year
        ]
    drafts = []
    for loc in locs:
        loc = _national_namesake(loc, g.index, rank_total, years[0])
        for year in years:
            d = Draft(g.index, g.mention, loc, year, kind, spans=[span])
            if score is not None:
                d.score, d.score_unit, d.score_max, d.decimals = (
                    score.value, score.unit, score.maximum, score.decimals
                )
            if rank_value is not None:
                d.rank, d.rank_total = int(rank_value), rank_total
            if d.score is not None or d.rank is not None:
                drafts.append(d)
        if kind == "result" and len(years) == 1:
            drafts.extend(_derived(doc, s, g, loc, years[0], score, rank_value, rank_total, changes, span))
    return drafts


def _figures_by_year(doc, s, g, years, info, target) -> list[tuple[int, Figure | None, Figure | None]] | None:
    """"Năm 2020 và 2021, tỉnh lần lượt đạt 70,37 điểm và 66,58 điểm, xếp thứ 3/63 và 16/63":
    one score and one rank per year, in order."""
    if len(years) < 2 or not _RESPECTIVELY.search(doc.text, s.start, s.end):
        return None
    scores = [f for f in g.figures if f.kind == "score"
              and (info is None or info.score_range[0] <= f.value <= info.score_range[1])]
    ranks = [f for f in g.figures if f.kind == "rank" and f.form == "num"]
    if len(scores) not in (0, len(years)) or len(ranks) not in (0, len(years)) or not (scores or ranks):
        return None
    return [(y, scores[i] if scores else None, ranks[i] if ranks else None) for i, y in enumerate(years)]


def _bad_score(doc, s, g, f: Figure, clause: int, before: str, target: bool, info) -> bool:
    text = doc.text
    cues = _cue_patterns()
    if f.unit is None and f.maximum is None:
        head = text[max(s.start, f.start - 14):f.start]
        listed = re.search(r"(?:và|,)\s*$", head) and _RESPECTIVELY.search(text, s.start, s.end)
        if f.decimals == 0 or not (_SCORE_VERB.search(head) or listed):
            return True
    if info is not None and not (info.score_range[0] <= f.value <= info.score_range[1]):
        return True
    if f.maximum is not None and f.value > f.maximum:
        return True
    if _APPROX_BEFORE.search(text[max(s.start, f.start - 12):f.start]) and not target:
        return True
    if cues["average"].search(before) or cues["subindex"].search(before):
        return True
    if cues["non_index_subjects"].search(text[_last_anchor(doc, s, g, _sentence_clause_start(doc, s, f), f):f.start]):
        return True
    if not any(not r.generic for r in g.locs) and re.match(r"\s*khối\s", text[_sentence_clause_start(doc, s, f):f.start]):
        return True  # "…; khối huyện, thị xã, thành phố đạt 80,66%": a bloc's average
    after = text[f.end:f.end + 20]
    if re.search(r"(?:chiếm|ước\s+chiếm|thang\s+điểm|tối\s+đa|thang)[^\d]{0,30}$", text[max(s.start, f.start - 45):f.start], re.IGNORECASE):
        return True  # "chiếm 18,3% GRDP", "thang điểm 100"
    if re.search(r"\d+\s*%\s*" + _SHARE_OF.pattern.lstrip(r"\s*"), text[_sentence_clause_start(doc, s, f):f.start], re.IGNORECASE):
        return True  # "100% sở, ngành, địa phương có DCI trên 60 điểm": every unit, not one
    if f.unit == "%" and _SHARE_OF.match(after):
        return True  # "100% lãnh đạo", "98% hồ sơ": a share of something, not an index value
    if re.match(r"\s*(?:so với|cao hơn|thấp hơn)", after) and not re.match(r"\s*so với\s+(?:năm|cùng)", after):
        return False
    return bool(re.match(r"\s+(?:hồ sơ|thủ tục|TTHC|xã|huyện|đơn vị|người|doanh nghiệp|lượt|tỷ|triệu)(?!\w)", after, re.IGNORECASE))


def _last_anchor(doc: Doc, s: Sentence, g: Group, clause: int, f: Figure) -> int:
    """The end of the last index mention or place before ``f``: what the figure is about."""
    anchor = clause
    for m in s.mentions:
        if m.end <= f.start:
            anchor = max(anchor, m.end)
    for r in g.locs:
        # "tỷ lệ hồ sơ … của tỉnh X đạt": after "của" the place is the owner, not the subject
        if r.end <= f.start and not re.search(r"của\s*$", doc.text[max(s.start, r.start - 8):r.start]):
            anchor = max(anchor, r.end)
    return anchor


def _good_rank(doc, s, g, f: Figure, clause: int, before: str, group_num) -> bool:
    text = doc.text
    cues = _cue_patterns()
    if cues["non_index_subjects"].search(text[_last_anchor(doc, s, g, clause, f):f.start]):
        return False
    if group_num is not None and f.form == "first" and group_num[0] <= f.start <= group_num[1] + 60:
        return False  # "nhóm 20 tỉnh, thành phố đứng đầu"
    near_before = text[max(s.start, f.start - 14):f.start]
    if _NOT_RANK_BEFORE.search(near_before):
        return False
    if re.match(r"\s*,?\s*(?:ngày\s+)?\d{1,2}\s*[/-]\s*\d{1,2}", text[f.end:f.end + 14]) and f.form == "word":
        return False  # "Thứ Ba, 16/04/2024" is a weekday
    surface = text[f.start:f.end].lower()
    if f.form in {"num", "word"} and surface.startswith("thứ") and not _RANK_CONTEXT_BEFORE.search(near_before):
        # a bare "thứ 2" needs a rank verb or a list shape before it ("Thứ Sáu, 7/4" is a day)
        if not re.search(r"[\w)]\s*$", near_before) or text[f.start:f.start + 1] == "T":
            return False
    after = text[f.end:min(s.end, f.end + 45)]
    stop = re.search(r"[;),]|\svà\s|\d", after)
    window = after[: stop.start()] if stop else after
    if cues["regional"].search(window) or cues["streak"].search(text[f.end:min(s.end, f.end + 25)]):
        return False
    if cues["regional"].search(before[-40:]) and not re.search(r"cả nước|toàn quốc|63", before[-40:]):
        return False
    if cues["group"].search(text[max(s.start, f.start - 8):f.start]):
        return False
    if f.form in {"first", "last"}:
        if _GROUP_NUMBER.search(text, max(clause, f.start - 50), f.start):
            return False  # "nằm trong nhóm 5 đơn vị có chỉ số thấp nhất"
        if _NOT_A_RANKING_AFTER.match(text, f.end):
            return False  # "kết quả cao nhất từ trước tới nay"
        if not any(r.start < f.start for r in g.locs if not r.generic) and _COUNTED_GROUP_BEFORE.search(
            text, max(_sentence_clause_start(doc, s, f), f.start - 90), f.start
        ):
            return False  # "cho 3 sở, ngành và 3 huyện … có kết quả DDCI dẫn đầu"
    if _STREAK_BEFORE.search(text, max(s.start, f.start - 30), f.start) and not [
        y for y in s.years if y.role == "year"
    ]:
        return False  # "nhiều năm liền dẫn đầu": a streak with no year is no claim
    sentence_head = text[_sentence_clause_start(doc, s, f):f.start]
    if cues["regional"].search(sentence_head) and not re.search(r"cả\s+nước|toàn\s+quốc|63", sentence_head + text[f.end:f.end + 30]):
        return False  # "Trong khu vực ĐBSCL, tỉnh đứng thứ 4"
    return not cues["subindex"].search(before)


def _sentence_clause_start(doc: Doc, s: Sentence, f: Figure) -> int:
    start = s.start
    for m in _CLAUSE_BREAK.finditer(doc.text, s.start, f.start):
        start = m.end()
    return start


def _adjacent_total(doc: Doc, s: Sentence, rank: Figure) -> int | None:
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


def _block_total_for(
    totals: list[Total], g: Group, year: int | None, *, exclude: tuple[int, int] = (0, 0)
) -> int | None:
    """The size of the ranking a group's locality is ranked in, from the totals in force
    (newest first) for its year, matched by the kind of unit counted."""
    unique: list[Figure] = []
    for t in totals:
        f = t.figure
        if t.year is not None and year is not None and t.year != year:
            continue
        if exclude[0] <= f.start < exclude[1]:
            continue  # a table row's own cells ("3 | Thị xã Trảng Bàng") count nothing
        if not any(u.start == f.start for u in unique):
            unique.append(f)
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


def _item_is_rank(doc: Doc, s: Sentence, g: Group, item: Figure) -> bool:
    """"1. Quảng Ninh: 92,18%" — a list number is a rank when a place, not an index
    name, follows it."""
    nxt = [r for r in g.locs if r.start >= item.end]
    if not nxt or nxt[0].generic:
        return False
    if any(item.end <= m.start < nxt[0].start for m in s.mentions):
        return False
    return nxt[0].start - item.end <= 3


def _group_years(doc: Doc, s: Sentence, g: Group, carried: int | None) -> list[int]:
    """The assessment year(s) a group speaks of: a year (or "2019 và 2020") stated
    before its figures in the sentence, else after, else carried, else the default."""
    text = doc.text
    first = min(f.start for f in g.figures)
    years = [f for f in s.years if f.role == "year"]
    sets: list[list[Figure]] = []
    for y in years:
        if sets and re.fullmatch(r"[\s,()]*(?:và|,|-|–)?[\s,()]*(?:năm\s+)?", text[sets[-1][-1].end:y.start]):
            sets[-1].append(y)
        else:
            sets.append([y])
    before = [ys for ys in sets if ys[-1].end <= first]
    chosen: list[Figure] | None = before[-1] if before else None
    if chosen is None:
        after = [ys for ys in sets if ys[0].start >= first]
        if after:
            chosen = after[0]
    if chosen is not None:
        return sorted({int(y.value) for y in chosen})
    base = carried if carried is not None else doc.default_year
    if base is None:
        return []
    if _PREV_YEAR.search(text[s.start:first]) and not re.search(r"so\s+với\s+năm\s+(?:trước|ngoái)", text[s.start:first], re.IGNORECASE):
        return [base - 1]
    return [base]


def _derived(doc, s, g, loc, year, score, rank_value, rank_total, changes, span) -> list[Draft]:
    if not changes:
        return []
    base = next((c.base for c in changes if c.base is not None), None)
    by_base: dict[int, Draft] = {}
    for c in changes:
        b = c.base if c.base is not None else base
        earlier = b if isinstance(b, int) else year - 1
        if earlier >= year or earlier < year - 10:
            continue
        d = by_base.setdefault(earlier, Draft(g.index, g.mention, loc, earlier, "derived", spans=[span]))
        if c.target == "score" and score is not None and d.score is None:
            if c.unit == "%" and score.unit != "%" and g.index not in PERCENT_INDICES:
                continue
            if c.unit is None and score.unit is not None:
                continue  # "tăng 0,1783" goes with a bare DTI value, not with points
            decimals = max(score.decimals, _decimals(doc.text[c.start:c.end]))
            d.score = round(score.value - c.value, decimals)
            d.score_unit, d.score_max, d.decimals = score.unit, score.maximum, decimals
        elif c.target == "rank" and rank_value is not None and d.rank is None:
            earlier_rank = int(rank_value + c.value)
            if earlier_rank >= 1 and (rank_total is None or earlier_rank <= rank_total):
                d.rank, d.rank_total = earlier_rank, rank_total
    return [d for d in by_base.values() if d.score is not None or d.rank is not None]


def _derived_from_earlier(doc, s, g, changes, carried_year, state) -> list[Draft]:
    """A change whose current value was stated in an earlier sentence: apply it to that
    sentence's result for the same index, locality and year."""
    locs = [r.locality for r in g.locs if r.locality is not None]
    years = _group_years(doc, s, g, carried_year)
    if len(locs) != 1 or len(years) != 1:
        return []
    key = (g.index, locs[0].name, locs[0].type, years[0], "result")
    current = state.get("drafts", {}).get(key)
    if current is None:
        return []
    score = None
    if current.score is not None:
        score = Figure("score", 0, 0, current.score, unit=current.score_unit, maximum=current.score_max,
                       decimals=current.decimals)
    return _derived(doc, s, g, locs[0], years[0], score, current.rank, current.rank_total, changes,
                    (s.start, s.end))


def _decimals(s: str) -> int:
    m = re.search(r"\d+[.,](\d+)", s)
    return len(m.group(1)) if m else 0


def _national_namesake(loc: Locality, index: str, total: int | None, year: int) -> Locality:
    """In a ranking of provinces, "TP. Huế" (until 2024) and a bare provincial city
    standing for its province mean the province."""
    info = catalog().get(index)
    provincial = (total is not None and total >= 60) or (info is not None and info.levels == ("province",))
    if provincial and loc.type == "thành phố" and loc.province and loc.name != loc.province:
        if loc.name == "Huế" and year <= 2024 or loc.name == loc.province:
            from extract.context import province_locality

            return province_locality(loc.province)
    return loc


def _merge(a: Draft, b: Draft) -> None:
    if a.score is None and b.score is not None:
        a.score, a.score_unit, a.score_max, a.decimals = b.score, b.score_unit, b.score_max, b.decimals
    elif a.score is not None and b.score is not None and a.index in PERCENT_INDICES:
        if b.score_unit == "%" and a.score_unit != "%":
            a.score, a.score_unit, a.score_max = b.score, b.score_unit, b.score_max
    if a.rank is None and b.rank is not None:
        a.rank, a.rank_total = b.rank, b.rank_total
    elif a.rank == b.rank and a.rank_total is None:
        a.rank_total = b.rank_total
    for sp in b.spans:
        if sp not in a.spans:
            a.spans.append(sp)


def _to_claim(doc: Doc, d: Draft) -> Claim:
    spans = sorted(d.spans)
    start, end = spans[0]
    for _a, b in spans[1:]:
        if b - start <= EVIDENCE_JOIN_CHARS:
            end = max(end, b)
    return Claim(
        article_id=doc.article.id,
        url=doc.article.url,
        index=d.index,
        index_mention=d.mention,
        locality=d.locality.name,
        locality_type=d.locality.type,
        province=d.locality.province,
        year=d.year,
        score=d.score,
        score_unit=d.score_unit,
        score_max=d.score_max,
        rank=d.rank,
        rank_total=d.rank_total,
        kind=d.kind,
        evidence=doc.text[start:end],
        span=(start, end),
    )
