"""Vietnamese dates: day-first, written out, and never guessed from a bare year.

Why not a generic date parser: Vietnamese dates are day-first ("05/08/2021" is
5 August), are often written out ("ngày 5 tháng 8 năm 2021", "Thứ Sáu, 7 Tháng
Tư, 2023"), and the assessment years that chiso extracts ("năm 2019", "tháng
4/2023") are *not* dates: a guesser that turns "năm 2019" into 2019-01-01 puts
a fake publication date on an article. So only a full day + month + year is a
date here; anything less is None.

Forms read (any case, NFC text):

* numeric, day first, one separator: "05/08/2021", "5-8-2021", "05.08.2021";
* ISO, year first: "2023-04-07" (also with "/");
* written: "ngày 5 tháng 8 năm 2021", "Ngày 03 tháng 03 năm 2022",
  "7 Tháng Tư, 2023", "tháng Mười Một" (month words in ``corpora/nlp/dates.toml``);
* around them, anything: "Cập nhật: 13:37 | 01/07/2020",
  "Thứ năm, 14/11/2017 - 09:30", "14/11/2017 09:30 GMT+7".
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import dataclass
from functools import cache

from nlp.resources import corpora_path

__all__ = ["find_dates", "find_publication_date", "parse_date"]

#: years outside this range are document numbers or typos, not dates in news text
_YEARS = range(1900, 2101)
#: a line at most this long is a dateline ("Cập nhật: 13:37 | 01/07/2020"), not prose
_DATELINE_MAX = 120


@dataclass(frozen=True, slots=True)
class _Patterns:
    numeric: re.Pattern[str]
    iso: re.Pattern[str]
    written: re.Pattern[str]
    months: dict[str, int]
    weekday_before: re.Pattern[str]
    cue_before: re.Pattern[str]


def _alternation(words: list[str]) -> str:
    """Regex alternation of ``words``, longest first, spaces matching any run of spaces."""
    ordered = sorted(words, key=len, reverse=True)
    return "|".join(r"\s+".join(map(re.escape, word.split())) for word in ordered)


@cache
def _patterns() -> _Patterns:
    with open(corpora_path("nlp", "dates.toml"), "rb") as fh:
        data = tomllib.load(fh)
    months: dict[str, int] = data["months"]
    numeric = re.compile(
        r"(?<![\d/.\-])(?P<d>\d{1,2})(?P<sep>[/.\-])(?P<m>\d{1,2})(?P=sep)(?P<y>\d{4})(?![\d])"
    )
    iso = re.compile(
        r"(?<![\d/.\-])(?P<y>\d{4})(?P<sep>[\-/])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})(?![\d])"
    )
    written = re.compile(
        r"(?<!\d)(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2}|(?:"
        + _alternation(list(months))
        + r")(?!\w))"
        r"(?:\s*,\s*(?:năm\s+)?|\s+năm\s+|\s*/\s*|\s+)(?P<y>\d{4})(?!\d)",
        re.IGNORECASE,
    )
    weekday_before = re.compile(
        r"(?:" + _alternation(list(data["weekdays"])) + r")\s*[,\-–]?\s*(?:ngày\s+)?$",
        re.IGNORECASE,
    )
    cue_before = re.compile(
        r"(?:" + _alternation(data["dateline"]["cues"]) + r")\b[^\n]{0,24}$", re.IGNORECASE
    )
    return _Patterns(numeric, iso, written, months, weekday_before, cue_before)


def _to_date(year: str, month: str, day: str, months: dict[str, int]) -> dt.date | None:
    y = int(year)
    m = int(month) if month.isdigit() else months.get(" ".join(month.lower().split()))
    if m is None or y not in _YEARS:
        return None
    try:
        return dt.date(y, m, int(day))
    except ValueError:
        return None


def find_dates(text: str) -> list[tuple[int, int, dt.date]]:
    """Every full (day, month, year) date in ``text`` as (start, end, date), in order.

    Invalid dates (31/02/2021) and partial ones ("năm 2019", "tháng 4/2023",
    "ngày 07/4") are not reported. Where two forms overlap the earlier, longer one wins.
    """
    p = _patterns()
    found: list[tuple[int, int, dt.date]] = []
    for pattern in (p.written, p.numeric, p.iso):
        for m in pattern.finditer(text):
            date = _to_date(m["y"], m["m"], m["d"], p.months)
            if date is not None:
                found.append((m.start(), m.end(), date))
    found.sort(key=lambda hit: (hit[0], -hit[1]))
    result: list[tuple[int, int, dt.date]] = []
    for hit in found:
        if not result or hit[0] >= result[-1][1]:
            result.append(hit)
    return result


def parse_date(s: str) -> dt.date | None:
    """The date written in ``s`` (the first, if several), or None if there is no full date."""
    dates = find_dates(s)
    return dates[0][2] if dates else None


def find_publication_date(text: str, *, head_chars: int = 600) -> dt.date | None:
    """The date line under the title: the first full date near the top that reads as one.

    Only the first ``head_chars`` characters are looked at, and a date there counts
    if its line is short (a dateline), or it starts its line, or a weekday or a
    cue such as "Cập nhật", "Ngày đăng" stands right before it. A date inside a
    paragraph ("... Thông báo số 4389/TB-VPUBND, ngày 6/6/2022 ...") is the
    story's, not the page's.
    """
    p = _patterns()
    head = text[:head_chars]
    for start, _end, date in find_dates(head):
        line_start = head.rfind("\n", 0, start) + 1
        line_end = text.find("\n", start)
        line_end = len(text) if line_end < 0 else line_end
        before = head[line_start:start]
        if (
            line_end - line_start <= _DATELINE_MAX
            or not before.strip(" \t([-–—|:")
            or p.weekday_before.search(before)
            or p.cue_before.search(before)
        ):
            return date
    return None
