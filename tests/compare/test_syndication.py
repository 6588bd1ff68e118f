"""Syndication: copies of one story are one source (compare.syndication)."""

from __future__ import annotations

from chiso.store import Store
from compare.syndication import claim_blocks, near_duplicate_pairs, store_groups, syndication_groups

STORY = (
    "Chiều 16/4, tại Hà Nội, Ban Chỉ đạo cải cách hành chính của Chính phủ tổ chức hội nghị công bố "
    "Chỉ số cải cách hành chính năm 2023 và Chỉ số hài lòng về sự phục vụ hành chính năm 2023. "
    "Theo kết quả, tỉnh Quảng Ninh tiếp tục dẫn đầu với 92,18%; thành phố Hải Phòng đứng thứ hai "
    "với 91,87%; Hà Nội xếp thứ ba với 91,43%. Bộ trưởng Bộ Nội vụ Phạm Thị Thanh Trà đề nghị các "
    "bộ, ngành, địa phương phân tích kỹ kết quả, chỉ ra những hạn chế, yếu kém để có giải pháp khắc "
    "phục trong thời gian tới, nhất là trong cải cách thủ tục hành chính và chuyển đổi số."
)
OTHER = (
    "Sáng 17/4, UBND tỉnh Quảng Ninh họp báo thông tin về kết quả các bộ chỉ số năm 2023. Phó Chủ "
    "tịch UBND tỉnh cho biết Chỉ số cải cách hành chính của tỉnh đạt 92,18%, đứng đầu cả nước năm "
    "thứ sáu liên tiếp; tỉnh sẽ tiếp tục tập trung xây dựng chính quyền số, nâng cao chất lượng "
    "phục vụ của bộ phận một cửa các cấp và đẩy mạnh thanh toán trực tuyến phí, lệ phí."
)


def test_copy_with_new_header_and_footer_is_one_story():
    docs = {
        "vnn": STORY,
        "btt": "Theo TTXVN | Thời sự. " + STORY + " (Nguồn: Báo Tin tức) Xem thêm: tin liên quan.",
        "bqn": OTHER,
    }
    pairs = near_duplicate_pairs(docs)
    assert [(a, b) for a, b, _ in pairs] == [("btt", "vnn")]
    assert pairs[0][2] > 0.8
    groups = syndication_groups(docs)
    assert groups == {"vnn": "btt", "btt": "btt", "bqn": "bqn"}


def test_shortened_copy_is_contained():
    first_half = STORY[: len(STORY) // 2]
    docs = {"long": STORY, "short": first_half + " Xem tiếp trên báo in."}
    assert syndication_groups(docs) == {"long": "long", "short": "long"}


def test_same_event_different_articles_stay_apart():
    assert syndication_groups({"a": STORY, "b": OTHER}) == {"a": "a", "b": "b"}


def test_groups_are_transitive_and_same_url_joins():
    docs = {"x1": STORY, "x2": "Tin nóng. " + STORY, "x3": "Tin nóng. " + STORY + " Hết.", "y": OTHER,
            "y-amp": "tiêu đề"}
    groups = syndication_groups(docs, urls={"y": "https://a.vn/1", "y-amp": "https://a.vn/1"})
    assert groups["x1"] == groups["x2"] == groups["x3"] == "x1"
    assert groups["y"] == groups["y-amp"] == "y"


def test_blocks_limit_the_comparisons():
    docs = {"a": STORY, "b": "Tin. " + STORY, "c": OTHER}
    assert near_duplicate_pairs(docs, blocks=[["a", "c"], ["b"]]) == []
    assert [p[:2] for p in near_duplicate_pairs(docs, blocks=[["a", "b", "c"]])] == [("a", "b")]
    assert claim_blocks([("a", "PCI", "X", 2020), ("b", "PCI", "X", 2020), ("c", "PCI", "Y", 2020)]) == [
        ["a", "b"]]


def test_tiny_and_empty_texts():
    assert syndication_groups({}) == {}
    assert syndication_groups({"a": "", "b": "ngắn"}) == {"a": "a", "b": "b"}


def test_store_groups_recorded_and_detected(store_path, tmp_path):
    with Store(store_path, read_only=True) as store:
        groups = store_groups(store)
        recorded = store.query("SELECT count(*) AS n FROM syndication")["n"][0]
    assert groups["vnn-par-2023"] == groups["btt-par-2023"] == "btt-par-2023"
    assert groups["dnhn-hp-2023"] == "dnhn-hp-2023"
    assert recorded == 9  # every article with claims
    # a store whose groups were never recorded: detected on the fly, nothing written
    import shutil

    copy = tmp_path / "copy.duckdb"
    shutil.copy(store_path, copy)
    with Store(copy) as store:
        store.set_syndication({})
    with Store(copy, read_only=True) as store:
        assert store_groups(store) == groups
        assert store.query("SELECT count(*) AS n FROM syndication")["n"][0] == 0
