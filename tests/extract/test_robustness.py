"""Bad input never crashes the extractor and never makes a claim up (issue 3)."""

from __future__ import annotations

import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extract.articles import Article
from extract.pipeline import extract_claims
from nlp.indices import has_mention
from nlp.normalize import normalize
from nlp.numbers import scan

# Words the extractor reacts to, mixed into random text so that hypothesis reaches the
# interesting paths (an index, a place, a rank, a figure, a change, a year).
VOCAB = [
    "Chỉ số CCHC", "PAR INDEX", "SIPAS", "PAPI", "PCI", "DDCI", "DGI", "ICT", "DTI", "PII",
    "tỉnh", "huyện", "Quảng Ninh", "Hải Hà", "TP.HCM", "Sở Tư pháp", "Bộ TT&TT", "thành phố",
    "xếp thứ", "đứng đầu", "dẫn đầu", "cuối bảng", "lần lượt là", "tiếp theo là", "á quân",
    "đạt", "điểm", "%", "/", "tăng", "giảm", "bậc", "hạng", "so với năm", "năm", "2021", "2022",
    "89,64", "13.218", "1.2.3.4", "(", ")", "(((", ";", ":", ",", ".", "\n", "|", "phấn đấu", "nhóm",
    "khu vực", "trung bình", "chỉ số thành phần", "\u0301", "\u200b", "\x00", "�",
]

tokens = st.one_of(st.sampled_from(VOCAB), st.text(max_size=6), st.integers(0, 200).map(str))
texts = st.lists(tokens, max_size=80).map(" ".join)


def _check(text: str) -> None:
    claims = extract_claims(Article(id="h", text=text))
    norm = normalize(text)
    if not has_mention(norm):
        assert claims == []
    for c in claims:
        assert norm[c.span[0]:c.span[1]] == c.evidence
        assert c.kind in {"result", "target", "derived"}
        assert c.score is not None or c.rank is not None
        if c.kind != "derived" and c.score is not None:
            stated = {f.value for f in scan(c.evidence) if f.kind == "score"} | {
                f.value for f in scan(norm) if f.kind == "score"
            }
            assert c.score in stated, (c, text)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_random_text_never_crashes_or_invents(text):
    _check(text)


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=2000))
def test_binary_junk(data):
    _check(data.decode("latin-1"))


def test_empty_and_non_vietnamese_text():
    for text in ["", " ", "\n\n\n", "The quick brown fox jumps over the lazy dog 2022.",
                 "Lorem ipsum dolor sit amet, 1.2.3.4, (((unbalanced", "PCI Express 4.0 x16 slot, 2022"]:
        assert extract_claims(Article(id="e", text=text)) == []


def test_five_megabytes_on_one_line():
    rng = random.Random(7)
    words = ["xếp", "thứ", "đạt", "89,5%", "(", "1.2.3.4", "năm", "2022", "abc", "tỉnh", "Hà", "Nội"]
    text = " ".join(rng.choice(words) for _ in range(700_000))[:5_000_000]
    assert len(text) >= 3_000_000
    assert extract_claims(Article(id="big", text=text)) == []  # no index is named: nothing


def test_unbalanced_parentheses_and_odd_numbers():
    text = "Năm 2022, Chỉ số CCHC (PAR INDEX (( của tỉnh Hà Nam đạt 1.2.3.4 điểm, xếp thứ 3/63 ((."
    claims = extract_claims(Article(id="p", text=text))
    assert [(c.locality, c.score, c.rank, c.rank_total) for c in claims] == [("Hà Nam", None, 3, 63)]
