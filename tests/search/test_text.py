import pytest

from search.text import TERMS, fold, query_tokens


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Quyết định số 123/QĐ-UBND", "quyet dinh so 123/qd-ubnd"),
        ("Ủy ban nhân dân Phường Ninh Sơn", "uy ban nhan dan phuong ninh son"),
        ("ĐƯỜNG 30/4", "duong 30/4"),
        ("Quyê\u0301t đi\u0323nh", "quyet dinh"),  # decomposed input folds the same as composed
        ("", ""),
    ],
)
def test_fold_matches_unaccented_queries(text, folded):
    assert fold(text) == folded


def test_fold_keeping_case_writes_place_names_as_english_does():
    assert fold("Phường Bời Lời, Đồng Xoài", keep_case=True) == "Phuong Boi Loi, Dong Xoai"


def test_query_tokens_are_distinct_words_or_whole_terms():
    assert query_tokens("Hộ tịch, hộ-tịch") == ["ho", "tich"]
    assert query_tokens("Quyết định 123/QĐ-UBND quyết", pattern=TERMS, limit=12) == ["quyet", "dinh", "123/qd-ubnd"]
