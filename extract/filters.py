"""What DESIGN.md says is not a claim, figure by figure.

A score or a rank only counts when nothing around it says it belongs to something else:
a region or bloc ("thứ 3 khu vực ĐBSCL"), a sub-index ("chỉ số thành phần"), an average,
a group ("nhóm 20", "tốp 10"), a streak ("năm thứ 7 liên tiếp"), a share of units ("100%
xã"), another subject ("tỷ lệ hồ sơ … đạt 99,87%"), an approximate value ("trên 80%").
"""

from __future__ import annotations

import re

from extract.doc import Doc, Sentence
from extract.drafts import RESPECTIVELY, Group, cue_patterns, sentence_clause_start
from nlp.numbers import Figure

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
    r"|phiếu|ý\s+kiến|thôn|bản|khu\s+phố|tổ\s+chức|CBCCVC|GRDP|GDP|dân\s+số|tổng|sở|ngành|địa\s+phương|bộ|DN"
    r"|tỉnh|huyện|cấp|người\s+dân)(?!\w)",
    re.IGNORECASE,
)


# "năm thứ 7", "lần thứ 3", "người đứng đầu": not ranks. Case matters: "Tam Kỳ xếp thứ 3".
NOT_RANK_BEFORE = re.compile(
    r"(?<!\w)(?:[Nn]ăm|[Ll]ần|khóa|kỳ|quý|tuần|ngày|tháng|đợt|giai đoạn|nhiệm kỳ|Đại hội|hội nghị|phiên"
    r"|[Nn]gười|cán bộ|lãnh đạo)\s*$"
)


_RANK_CONTEXT_BEFORE = re.compile(
    r"(?:xếp|đứng|hạng|vị trí|ở|giữ|lên|xuống|leo|tụt|vươn|là|đạt|:|\(|,|và|còn|sau|thì)\s*$",
    re.IGNORECASE,
)


GROUP_NUMBER = re.compile(r"(?<!\w)(?:nhóm|top|tốp)\s+(?:đầu\s+|dẫn\s+đầu\s+)?(\d{1,2})(?!\d)", re.IGNORECASE)


_NOT_A_RANKING_AFTER = re.compile(
    r"\s*(?:của\s+(?:tỉnh|huyện|thị\s+xã|thành\s+phố|đơn\s+vị|địa\s+phương)|từ\s+trước|từ\s+khi|kể\s+từ|trong\s+(?:các|những|nhiều)\s+năm"
    r"|trong\s+lịch\s+sử|từ\s+năm)",
    re.IGNORECASE,
)


_COUNTED_GROUP_BEFORE = re.compile(
    r"(?<!\w)(?:(?:cho|các|những|có|của)\s+\d+|các|những|nhiều|[Hh]ai|[Bb]a|[Bb]ốn|[Nn]ăm|[Ss]áu|[Mm]ười)"
    r"\s+(?:sở|đơn\s+vị|huyện|địa\s+phương|tỉnh|cơ\s+quan|xã|bộ)",
    re.IGNORECASE,
)


# a habit with no year ("3 năm liền Đà Nẵng dẫn đầu", "luôn dẫn đầu") is no claim; "năm thứ 5
# liên tiếp" next to a stated ranking is, and is left alone
_STREAK_BEFORE = re.compile(
    r"(?:nhiều|mấy|\d+|các|hai|ba|bốn|năm)\s+năm\s+(?:liền|liên\s+tiếp|liên\s+tục)(?!\s+(?:qua|gần\s+đây))"
    r"|(?<!\w)(?:luôn|liên\s+tục)(?!\w)",
    re.IGNORECASE,
)


_PLURAL_HEAD = re.compile(
    r"(?:\d+|hai|ba|bốn|năm|các|những)\s+(?:vị\s+trí|địa\s+phương|đơn\s+vị|tỉnh|sở|huyện)\s*$", re.IGNORECASE
)


_GAP = re.compile(r"(?<!\w)(?:khoảng\s+cách|chênh\s+lệch|cách\s+biệt)(?!\w)", re.IGNORECASE)


def never_a_rank(text: str, s: Sentence, f: Figure) -> bool:
    """"năm thứ 8 liên tiếp", "Ba vị trí cuối bảng": figures that look like ranks but
    are streaks or name a group; dropped before they can split a group."""
    before = text[max(s.start, f.start - 20):f.start]
    if NOT_RANK_BEFORE.search(before[-14:]):
        return True
    return f.form in {"first", "last"} and bool(_PLURAL_HEAD.search(before))


def bad_score(doc, s, g, f: Figure, clause: int, before: str, target: bool, info) -> bool:
    text = doc.text
    cues = cue_patterns()
    if f.unit is None and f.maximum is None:
        head = text[max(s.start, f.start - 14):f.start]
        listed = re.search(r"(?:và|,)\s*$", head) and RESPECTIVELY.search(text, s.start, s.end)
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
    if _GAP.search(text, sentence_clause_start(doc, s, f), f.start):
        return True  # "Khoảng cách giữa bộ cao nhất với bộ thấp nhất là 20,77%"
    if cues["non_index_subjects"].search(text[_last_anchor(doc, s, g, sentence_clause_start(doc, s, f), f):f.start]):
        return True
    if not any(not r.generic for r in g.locs) and re.match(r"\s*khối\s", text[sentence_clause_start(doc, s, f):f.start]):
        return True  # "…; khối huyện, thị xã, thành phố đạt 80,66%": a bloc's average
    after = text[f.end:f.end + 20]
    if re.search(r"(?:chiếm|ước\s+chiếm|thang\s+điểm|tối\s+đa|thang)[^\d]{0,30}$", text[max(s.start, f.start - 45):f.start], re.IGNORECASE):
        return True  # "chiếm 18,3% GRDP", "thang điểm 100"
    if _belongs_to_what_follows(doc, s, f):
        return True
    if f.unit == "%" and re.search(r"(?:có|chiếm|khoảng)\s*$", text[max(s.start, f.start - 10):f.start], re.IGNORECASE):
        return True  # "có 45% DN đưa quà": a survey share
    if re.search(r"\d+\s*%\s*" + _SHARE_OF.pattern.lstrip(r"\s*"), text[sentence_clause_start(doc, s, f):f.start], re.IGNORECASE):
        return True  # "100% sở, ngành, địa phương có DCI trên 60 điểm": every unit, not one
    if f.unit == "%" and _SHARE_OF.match(after):
        return True  # "100% lãnh đạo", "98% hồ sơ": a share of something, not an index value
    if re.match(r"\s*(?:so với|cao hơn|thấp hơn)", after) and not re.match(r"\s*so với\s+(?:năm|cùng)", after):
        return False
    return bool(re.match(r"\s+(?:hồ sơ|thủ tục|TTHC|xã|huyện|đơn vị|người|doanh nghiệp|lượt|tỷ|triệu)(?!\w)", after, re.IGNORECASE))


def _belongs_to_what_follows(doc: Doc, s: Sentence, f: Figure) -> bool:
    """"đứng cuối Chỉ số thành phần cải cách thủ tục hành chính", "dẫn đầu thu ngân sách cả
    nước": words right after a figure that name a sub-index or another subject."""
    text = doc.text
    after = text[f.end:min(s.end, f.end + 40)]
    stop = re.search(r"[,;.()]|\s(?:và|tăng|giảm)\s", after)
    window = after[: stop.start()] if stop else after
    # an index mention or the ranking's size ("trên tổng số 63 tỉnh") ends what the figure is of
    end = min(
        [m.start for m in s.mentions if m.start >= f.end]
        + [t.start for t in s.figures if t.kind == "total" and t.start >= f.end],
        default=f.end + len(window),
    )
    window = window[: end - f.end]
    cues = cue_patterns()
    if _QUOTED_TOPIC.match(window):
        return True  # 'xếp thứ 3 cả nước về "Chi phí thời gian"': a sub-index, named in quotes
    return bool(cues["subindex"].search(window) or cues["non_index_subjects"].search(window))


_QUOTED_TOPIC = re.compile(r"\s*(?:cả\s+nước\s+|toàn\s+quốc\s+)?(?:về|ở|tại)\s+(?:nội\s+dung\s+)?[\"“”']\w")


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


def good_rank(doc, s, g, f: Figure, clause: int, before: str, group_num) -> bool:
    text = doc.text
    cues = cue_patterns()
    if cues["non_index_subjects"].search(text[_last_anchor(doc, s, g, clause, f):f.start]):
        return False
    if group_num is not None and f.form == "first" and group_num[0] <= f.start <= group_num[1] + 60:
        return False  # "nhóm 20 tỉnh, thành phố đứng đầu"
    near_before = text[max(s.start, f.start - 14):f.start]
    if NOT_RANK_BEFORE.search(near_before):
        return False
    if re.match(r"\s*,?\s*(?:ngày\s+)?\d{1,2}\s*[/-]\s*\d{1,2}", text[f.end:f.end + 14]) and f.form == "word":
        return False  # "Thứ Ba, 16/04/2024" is a weekday
    surface = text[f.start:f.end].lower()
    if surface.startswith("thứ") and re.search(r"(?:lớn|nhỏ|đông|giàu|nghèo|mạnh|dài|rộng)\s*$", near_before):
        return False  # "thành phố lớn thứ 3 cả nước"
    if f.form in {"num", "word"} and surface.startswith("thứ") and not _RANK_CONTEXT_BEFORE.search(near_before):
        # a bare "thứ 2" needs a rank verb or a list shape before it ("Thứ Sáu, 7/4" is a day)
        if not re.search(r"[\w)]\s*$", near_before) or text[f.start:f.start + 1] == "T":
            return False
    if _belongs_to_what_follows(doc, s, f) or _GAP.search(text, sentence_clause_start(doc, s, f), f.start):
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
        if GROUP_NUMBER.search(text, max(clause, f.start - 50), f.start):
            return False  # "nằm trong nhóm 5 đơn vị có chỉ số thấp nhất"
        if _NOT_A_RANKING_AFTER.match(text, f.end):
            return False  # "kết quả cao nhất từ trước tới nay"
        if not any(r.start < f.start for r in g.locs if not r.generic) and _COUNTED_GROUP_BEFORE.search(
            text, max(sentence_clause_start(doc, s, f), f.start - 90), f.start
        ):
            return False  # "cho 3 sở, ngành và 3 huyện … có kết quả DDCI dẫn đầu"
    if _STREAK_BEFORE.search(text, sentence_clause_start(doc, s, f), f.start) and not [
        y for y in s.years if y.role == "year"
    ]:
        return False  # "3 năm liền Đà Nẵng dẫn đầu", "luôn dẫn đầu": a streak with no year is no claim
    sentence_head = text[sentence_clause_start(doc, s, f):f.start]
    if cues["regional"].search(sentence_head) and not re.search(r"cả\s+nước|toàn\s+quốc|63", sentence_head + text[f.end:f.end + 30]):
        return False  # "Trong khu vực ĐBSCL, tỉnh đứng thứ 4"
    return not cues["subindex"].search(before)
