"""The cascade: a cheap scan decides what the heavy stages look at.

Article level: an article without an index mention states no claim
(:func:`is_candidate`, one Aho-Corasick pass plus a regex check at each hit).
Sentence level: only sentences that mention an index, continue a paragraph
that did, or belong to a list or table under such a sentence carry an
index context; only they go through figures and places. The context is
decided by cheap tests alone, so running the heavy stages on every sentence
(``cascade=False``) yields the same claims.
"""

from __future__ import annotations

import re
from functools import cache

from extract.doc import Doc
from extract.pipeline import stage
from nlp.indices import find_mentions, has_mention
from nlp.numbers import lexicon, phrase_regex

# How far a paragraph carries an index named in an earlier sentence.
CARRY_SENTENCES = 3

@cache
def _figure_hint() -> re.Pattern[str]:
    """Digits, or any rank or change word of the lexicon: a sentence without one states
    no figure, so the heavy stages skip it."""
    lx = lexicon()
    words = [*lx.first, *lx.second, *lx.last, *lx.same, "áp chót"]
    ordinals = phrase_regex(list(lx.ordinals))
    return re.compile(
        rf"\d|{phrase_regex(words)}|(?:thứ|hạng)\s+(?:{ordinals})", re.IGNORECASE
    )
# A sentence shaped like a ranking ("Huyện Hiệp Hòa đạt 75,60 điểm, xếp thứ 3/10") carries
# the article's index into later paragraphs; plain prose with a percentage does not.
_RANKING_SHAPE = re.compile(
    r"(?:xếp|đứng|hạng|vị trí|dẫn đầu|quán quân|á quân|cuối bảng|thứ (?:nhất|nhì|hai|ba|tư|\d))"
    r"|(?:huyện|thị xã|thành phố|TP\.?|tỉnh|Sở|Bộ|Ban|xã|phường|thị trấn|Văn phòng|Cục|Thanh tra"
    r"|Công an|Bảo hiểm|Kho bạc|Quận|Huyện|Thị xã|Thành phố|Tỉnh|Xã|Phường|Thị trấn)\s+[A-ZĐÀ-Ỹ][^.;]{0,80}?"
    r"\d+(?:[.,]\d+)?\s*(?:%|điểm)",
)
_HEADING = re.compile(r"(?:\d{1,2}|[IVX]{1,4}|[a-zđ])[.)]\s+(?!.*(?:\d[.,]\d|%|điểm))\S.*[^.;!?…]$")
_LIST_LINE = re.compile(
    r"\s*(?:\(?\d{1,3}[.)]|[-+•*–·]|\|)\s*\S|.*\|.*\||.*\t.*\t"
    r"|\s*[A-ZĐÀ-Ỹ][^:\n]{1,60}:\s*\d+(?:[.,]\d+)?\s*(?:%|điểm)?\s*(?:\(.{0,40}\))?\s*[.;]?\s*$",
)


def is_candidate(text: str) -> bool:
    """Whether a (normalized) article may state a claim: it mentions an index.

    Word boundaries and case are the catalog's: "Tsitsipas" is not SIPAS,
    "Papillomavirus" is not PAPI, "pCi/L" is not PCI.
    """
    return has_mention(text)


@stage("mentions")
def mentions(doc: Doc) -> None:
    if doc.cascade and not is_candidate(doc.text):
        doc.sentences = []
        return
    for s in doc.sentences:
        s.mentions = find_mentions(doc.text, s.start, s.end)


def _dominant_index(doc: Doc) -> tuple[str, str] | None:
    """The index the article is mostly about (its title counts thrice): what a ranking
    paragraph far from any mention speaks of."""
    from collections import Counter

    counts: Counter[str] = Counter()
    surfaces: dict[str, str] = {}
    for m in find_mentions(doc.article.title or ""):
        counts[m.code] += 3
        surfaces.setdefault(m.code, m.surface)
    for s in doc.sentences:
        for m in s.mentions:
            counts[m.code] += 1
            surfaces.setdefault(m.code, m.surface)
    if not counts:
        return None
    code = counts.most_common(1)[0][0]
    return code, surfaces[code]


@stage("candidates")
def candidates(doc: Doc) -> None:
    """Give each sentence its index context and mark the candidates."""
    dominant = _dominant_index(doc)
    ctx: str | None = None
    ctx_mention = ""
    ctx_line = -1
    since = 0
    in_block = False
    for s in doc.sentences:
        text = doc.text[s.start:s.end]
        if s.mentions:
            ctx, ctx_mention, ctx_line, since = s.mentions[-1].code, s.mentions[-1].surface, s.line, 0
            s.context_index, s.context_mention = s.mentions[0].code, s.mentions[0].surface
            s.carry = "mention"
            in_block = True
        elif ctx is not None:
            since += 1
            same_para = s.line == ctx_line and since <= CARRY_SENTENCES
            line = doc.line_text(s)
            # a list item or table row under the mention; long bullets are prose
            list_like = s.line != ctx_line and in_block and len(line) <= 250 and bool(_LIST_LINE.match(line))
            if same_para or list_like:
                s.context_index, s.context_mention, s.carry = ctx, ctx_mention, "near"
                if list_like:
                    ctx_line = s.line
                    since = 0
            else:
                in_block = False
                line = doc.line_text(s).strip()
                if len(line) <= 160 and (line.endswith(":") or _HEADING.match(line)):
                    # "1. Khối sở, ban, ngành (20 đơn vị)": a heading opens a ranking block
                    s.context_index, s.context_mention, s.carry = ctx, ctx_mention, "near"
                    ctx_line, since, in_block = s.line, 0, True
                elif _RANKING_SHAPE.search(line):
                    # a ranking paragraph: every sentence of it reads in the article's index
                    code, mention = dominant or (ctx, ctx_mention)
                    s.context_index, s.context_mention, s.carry = code, mention, "far"
        has_figure = bool(_figure_hint().search(text))
        s.candidate = (not doc.cascade) or (s.context_index is not None and has_figure)
