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

Claims with the same identity are merged across sentences. The parts live beside
this module: ``filters.py`` (what DESIGN.md says is not a claim: regional ranks,
sub-indices, averages, groups, streaks, approximate values, other subjects),
``totals.py`` (which total a rank is out of), ``lists.py`` (respectively-lists, ranks
by order, numbered lines, tables) and ``drafts.py`` (the working records).
"""

from __future__ import annotations

import re
from dataclasses import replace

from extract.claims import Claim
from extract.doc import Doc, Locality, PlaceRef, Sentence
from extract.drafts import (
    CLAUSE_BREAK,
    PERCENT_INDICES,
    RESPECTIVELY,
    Draft,
    Group,
    clause_start,
    cue_patterns,
)
from extract.filters import GROUP_NUMBER, bad_score, good_rank, never_a_rank
from extract.lists import (
    continues_sequence,
    figures_by_year,
    item_is_rank,
    ordered,
    split_respectively,
    table_row_drafts,
)
from extract.pipeline import stage
from extract.totals import Total, TotalsInForce, adjacent_total, block_total_for, stated_totals
from nlp.indices import catalog
from nlp.numbers import Figure

# merge the evidence of one claim stated in several sentences when they are this close
EVIDENCE_JOIN_CHARS = 600


_ALONG_WITH = re.compile(r"(?:cùng|kèm|kèm\s+theo|bên\s+cạnh)\s+(?:với\s+)?(?:báo\s+cáo|bộ\s+chỉ\s+số)?\s*$", re.IGNORECASE)


_RESTATED = re.compile(r"\s*,?\s*(?:tương\s+(?:đương|ứng)(?:\s+với)?|tức\s+là|tức|hay|bằng|\(|quy\s+đổi)\s*$", re.IGNORECASE)


_LINKER = re.compile(
    r"^[\s,]*(?:(?:năm\s+)?(?:19|20)\d\d\s+)?(?:(?:tiếp\s+tục|vẫn|lần\s+lượt|chính|đều|cũng|năm\s+nay|đó)\s+)*"
    r"(?:(?:cả\s+nước|toàn\s+quốc|bảng\s+xếp\s+hạng|bảng|khối(?:\s+[\w,]+){0,4}?|năm\s+nay)\s+)?"
    r"(?:là|thuộc\s+về|gồm|:|gọi\s+tên|tiếp\s+theo\s+là|sau\s+đó\s+là|kế\s+đến\s+là)[\s:]*$",
    re.IGNORECASE,
)


# "đứng đầu bảng xếp hạng Vietnam ICT Index": a figure right before an index names that index
_FIGURE_OF_NEXT_INDEX = re.compile(
    r"^\s*(?:cả\s+nước|toàn\s+quốc)?\s*(?:về|trong|tại|ở|của|với)?\s*(?:bảng\s+xếp\s+hạng|xếp\s+hạng|chỉ\s+số|bộ\s+chỉ\s+số)?\s*$",
    re.IGNORECASE,
)


_TIE = re.compile(r"(?<!\w)(?:đồng hạng|cùng xếp|cùng đứng|cùng đạt|đều xếp|đều đứng|đồng xếp)(?!\w)", re.IGNORECASE)


_PREV_YEAR = re.compile(r"(?<!\w)năm\s+(?:trước|ngoái|liền\s+trước)(?!\w)", re.IGNORECASE)


@stage("claims")
def claims(doc: Doc) -> None:
    drafts: dict[tuple, Draft] = {}
    order: list[tuple] = []
    totals = TotalsInForce(doc)
    block_index: str | None = None
    state: dict = {}  # running facts of the ranking being read ("last_rank")
    years = _YearContext(doc)
    for s in doc.sentences:
        carried_year = years.step(s)
        if s.context_index is None or not s.candidate:
            totals.step(s, [], carried_year)
            continue
        stated = stated_totals(doc, s)
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
    for m in CLAUSE_BREAK.finditer(text, s.start, s.end):
        ev.append((m.start(), "break", m))
    for m in cue_patterns()["other_indices"].finditer(text, s.start, s.end):
        ev.append((m.start(), "other", m))
    ev.sort(key=lambda e: (e[0], {"index": 0, "place": 1, "other": 1, "break": 2, "fig": 3}[e[1]]))
    return ev


_SHARED_LEAD = re.compile(r"[\s,]*(?:và|cùng)?\s*(?:về\s+)?(?:chỉ\s+số\s+)?", re.IGNORECASE)


def _sentence_drafts(
    doc: Doc, s: Sentence, carried_year: int | None, block_totals: list[Total], state: dict
) -> list[Draft]:
    text = doc.text
    if text.count("|", s.start, s.end) >= 2 or text.count("\t", s.start, s.end) >= 2:
        return table_row_drafts(doc, s, carried_year, block_totals)
    groups: list[Group] = []
    cur = Group(s.context_index, s.context_mention, start=s.start)
    respectively = RESPECTIVELY.search(text, s.start, s.end) is not None
    last_fig_end = s.start
    last_index_end: int | None = None
    lead: Figure | None = None  # a "dẫn đầu" said once for several indices
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
                    lead = moved[0] if moved[0].form in {"first", "last"} else None
                elif lead is not None and _SHARED_LEAD.fullmatch(text, last.end, m.start):
                    moved = [lead]  # "dẫn đầu cả nước về PAR INDEX với 92,18% và SIPAS với 90,61%"
                else:
                    lead = None
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
            if f.kind == "rank" and never_a_rank(text, s, f):
                continue
            restated = _RESTATED.match(text, last_fig_end, f.start) or respectively
            if (
                f.kind in {"rank", "score"} and any(x.kind == f.kind for x in cur.figures)
                and len(cur.locs) == 1 and not restated and f.form != "held"
            ):
                groups.append(cur)
                cur = Group(cur.index, cur.mention, start=cur.start, indices=list(cur.indices))
            cur.figures.append(f)
            last_fig_end = f.end
    groups.append(cur)
    groups = ordered(doc, s, groups, state)
    drafts: list[Draft] = []
    for g in groups:
        respectively = split_respectively(doc, s, g)
        for sub in respectively or [g]:
            drafts.extend(_group_drafts(doc, s, sub, carried_year, block_totals, state))
    return drafts


def _target_clause(doc: Doc, s: Sentence, g: Group) -> bool:
    """A goal cue ("phấn đấu", "mục tiêu") governs the figures that follow it closely, inside
    the same quotation; a cue in another sentence joined by the splitter does not."""
    first = min((f.start for f in g.figures), default=s.end)
    lo = max(s.start, first - TARGET_REACH)
    quote = max(doc.text.rfind(q, lo, first) for q in ("“", "\"", "”"))
    scope = doc.text[max(lo, quote + 1):first]
    return bool(cue_patterns()["target"].search(scope))


# how far before its figures a goal cue still governs them
TARGET_REACH = 200


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
    cues = cue_patterns()
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
        for m in GROUP_NUMBER.finditer(text, lo, hi):
            group_num = (m.start(), m.end(), int(m.group(1)))
            break
    for f in figs:
        clause = clause_start(doc, s, g, f)
        before = text[clause:f.start]
        if f.kind == "score":
            if bad_score(doc, s, g, f, clause, before, target, info):
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
            if not good_rank(doc, s, g, f, clause, before, group_num):
                continue
            rank = f
            rank_total = f.total
            if rank_total is None:
                rank_total = adjacent_total(doc, s, f)
        elif f.kind == "change":
            if f.approx or f.value is None:
                continue
            if cues["average"].search(before[-30:]):
                continue
            changes.append(f)
    if group_num is not None and rank is None:
        rank = Figure("rank", group_num[0], group_num[1], group_num[2], form="group")
    if rank is None and items and item_is_rank(doc, s, g, items[0]):
        rank = Figure("rank", items[0].start, items[0].end, items[0].value, form="item")
    if rank is None and not target and g.locs and state.get("last_rank") is not None and continues_sequence(doc, s, g):
        rank = Figure("rank", g.locs[0].start, g.locs[0].end, state["last_rank"] + 1, form="sequence")
    if rank is not None and rank.value is not None and not target:
        state["last_rank"] = int(rank.value)
    years = _group_years(doc, s, g, carried_year)
    if rank is not None and rank_total is None and not target and years:
        rank_total = block_total_for(block_totals, g, years[0])
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
    by_year = figures_by_year(doc, s, g, years, info, target)
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
