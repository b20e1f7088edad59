import pytest

from search.text import fold


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
