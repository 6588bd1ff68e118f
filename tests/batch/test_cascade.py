"""The cascade loses no claim: the same claims with it and without it, per article and
through the batch engine, on the samples, the dev set and the baomoi articles that
mention an index. And the traps ("Tsitsipas", "Papillomavirus", "pCi/L") never reach
the NLP."""

from __future__ import annotations

import json
import tarfile
from pathlib import Path

import pytest

from chiso.engines import Outputs, SerialEngine, TaskOptions, run_batch
from chiso.inputs import Article, read
from extract.pipeline import extract_claims
from tests.conftest import CORPORA, shared_path

# A deliberately broad, case-insensitive net (plain substring tests on the lowercased text:
# an IGNORECASE regex is three times slower over 35,000 articles).
BROAD = ("chỉ số", "pci", "papi", "sipas", "par index", "par-index", "parindex", "cchc", "ddci",
         "dgi", "ict index", "ict-index")


def mentions_an_index(text: str) -> bool:
    low = text.lower()
    return any(key in low for key in BROAD)


def bundled_inputs() -> list[Path]:
    return [CORPORA / "samples", *sorted((CORPORA / "gold").glob("*.articles.jsonl"))]


def bundled_articles() -> list[Article]:
    out = [a for a in read(bundled_inputs()) if isinstance(a, Article)]
    assert len(out) >= 5
    return out


def _mismatches(articles: list[Article]) -> list[str]:
    bad = []
    for a in articles:
        with_cascade = extract_claims(a, cascade=True)
        without = extract_claims(a, cascade=False)
        if with_cascade != without:
            bad.append(f"{a.id}: {len(with_cascade)} claims with the cascade, {len(without)} without")
    return bad


def test_same_claims_with_and_without_cascade_on_samples_and_dev_set():
    articles = bundled_articles()
    assert _mismatches(articles) == []
    assert sum(len(extract_claims(a)) for a in articles) > 0  # not vacuous


def test_engine_cascade_switch_gives_the_same_output(tmp_path: Path):
    outs = []
    for cascade in (True, False):
        out = tmp_path / f"cascade-{cascade}.jsonl"
        stats = run_batch(bundled_inputs(), engine=SerialEngine(),
                          options=TaskOptions(cascade=cascade), outputs=Outputs(str(out)))
        assert stats.exit_code == 0 and stats.claims > 0
        outs.append(out.read_bytes())
    assert outs[0] == outs[1]


def test_word_boundary_traps_are_not_candidates(write_jsonl, tmp_path: Path):
    texts = [
        "Tsitsipas thắng Medvedev ở chung kết và lên số 3 thế giới với 6.540 điểm.",
        "Virus Papillomavirus (HPV) gây ung thư cổ tử cung; tỷ lệ tiêm phòng đạt 80%.",
        "Nồng độ radon trong nhà vượt 4 pCi/L, gấp đôi mức khuyến cáo năm 2022.",
        "Công ty PCI (Pacific Consultants International) bị điều tra vụ hối lộ ODA năm 2006.",
    ]
    path = write_jsonl("traps.jsonl", [json.dumps({"id": f"t{i}", "text": t}, ensure_ascii=False)
                                       for i, t in enumerate(texts)])
    out = tmp_path / "o.jsonl"
    stats = run_batch([path], engine=SerialEngine(), outputs=Outputs(str(out)))
    assert (stats.articles, stats.candidates, stats.claims) == (4, 0, 0)


def baomoi_index_articles() -> list[Article]:
    """The baomoi articles that mention an index, by a deliberately broad search."""
    path = shared_path("corpora", "text-baomoi-magizbox", "baomoi_vn_news_data.tar.xz")
    picked = []
    with tarfile.open(path, "r|xz") as tf:
        for member in tf:
            if not member.isfile() or not member.name.endswith(".txt"):
                continue
            data = tf.extractfile(member).read()
            if mentions_an_index(data.decode("utf-8", "replace")):
                picked.append((member.name, data))
    from chiso.inputs import Raw, parse

    out = [parse(Raw(name, "txt", data, Path(name).stem)) for name, data in picked]
    return [a for a in out if isinstance(a, Article)]


@pytest.mark.slow
def test_same_claims_with_and_without_cascade_on_baomoi_index_articles():
    articles = baomoi_index_articles()
    assert len(articles) > 500  # "chỉ số" alone is common; PCI, PAPI, CCHC are rarer
    assert _mismatches(articles) == []
    par = next(a for a in articles if a.id == "22413696")  # the PAR INDEX 2016 article
    assert {c.index for c in extract_claims(par)} >= {"PAR_INDEX"}
