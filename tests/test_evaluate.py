"""Scoring rules: how a gold task finds its predicted task when the text was read by OCR."""

from __future__ import annotations

import pytest

from extractor.evaluate import _near_prefix, is_neutral_agency


@pytest.mark.parametrize(("quote", "text"), [
    ("tổ chức trực phòng cháy, chữa cháy rừng", "tố chức trực phòng cháy, chữa cháy rừng 24/24 giờ"),
    ("Giao Sở Nội vụ chủ trì, phối hợp với", "Giao Sở Nội vụ chủ trì, phối hợp-với Sở Tài chính"),
    ("Thống kê, báo cáo công tác văn thư", "Thống, kê, báo cáo công tác văn thư, lưu trữ"),
    ("bảo đảm ít nhất 30% công chức", "bảo đảm ít nhất 30%% công chức được bồi dưỡng"),
])
def test_ocr_misreadings_still_match(quote, text):
    assert _near_prefix(quote, text)


@pytest.mark.parametrize(("quote", "text"), [
    ("Sở Nội vụ chủ trì rà soát các", "Sở Tài chính chủ trì rà soát các"),
    ("Vụ Tổ chức cán bộ nghiên cứu", "Các bệnh viện trực thuộc Bộ nghiên cứu"),
    ("kiểm tra việc sử dụng kinh phí", "rà soát việc sử dụng kinh phí"),
    ("Tổ chức tập huấn", "Tổ chức kiểm tra"),
])
def test_a_different_task_does_not_match(quote, text):
    assert not _near_prefix(quote, text)


@pytest.mark.parametrize(("name", "neutral"), [
    # agencies nobody names are neutral (gold-format.md), their units joined by a comma or by a space alone
    ("các đơn vị liên quan", True),
    ("các sở, ngành liên quan", True),
    ("các sở ngành liên quan", True),
    ("Các Sở ngành có liên quan", True),
    # a named body, or units with no such qualifier, are scored
    ("Sở Tài chính", False),
    ("các sở, ngành", False),
    ("các sở ngành", False),
])
def test_agencies_nobody_names_are_neutral(name, neutral):
    assert is_neutral_agency(name) is neutral
