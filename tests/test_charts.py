"""The report's charts: inline SVG that is deterministic, accessible and self-contained."""

from __future__ import annotations

import re

import matplotlib
import pytest

from easyread import charts

LABELS = ["1 Values of peer support", "2 Practice issues for peer support workers in teams", "3 Empty"]
BEFORE = [[12.5, 14.0, 16.2, 13.1], [15.0, 18.2, 11.0], []]
AFTER = [[4.0, 5.5, 6.1, 3.2], [9.0, 7.7], []]
RULES_BEFORE = [{"long-sentence": 4, "hard-word": 2, "readability": 4}, {"long-sentence": 3, "passive": 1}, {}]
RULES_AFTER = [{"readability": 1}, {"long-sentence": 1}, {}]


@pytest.fixture(scope="module")
def grade_svg():
    return charts.grade_distribution(LABELS, BEFORE, AFTER, 5.0)


@pytest.fixture(scope="module")
def rule_svg():
    return charts.findings_by_rule(LABELS, RULES_BEFORE, RULES_AFTER)


def test_same_data_gives_the_same_bytes(grade_svg, rule_svg):
    assert charts.grade_distribution(LABELS, BEFORE, AFTER, 5.0) == grade_svg
    assert charts.findings_by_rule(LABELS, RULES_BEFORE, RULES_AFTER) == rule_svg
    for svg in (grade_svg, rule_svg):
        assert "<dc:date>" not in svg and "<metadata>" not in svg and "Matplotlib" not in svg


def test_inline_svg_has_a_title_as_its_name_and_no_fixed_size(grade_svg):
    opening = grade_svg[:grade_svg.index(">") + 1]
    assert grade_svg.startswith("<svg") and 'role="img"' in opening
    assert 'aria-labelledby="grades-title"' in opening and "viewBox" in opening
    assert ' width="' not in opening and ' height="' not in opening
    assert re.search(r'<title id="grades-title">Reading grade per domain[^<]*</title>', grade_svg)


def test_ids_are_prefixed_so_two_charts_share_none(grade_svg, rule_svg):
    grade_ids = re.findall(r'\sid="([^"]+)"', grade_svg)
    rule_ids = re.findall(r'\sid="([^"]+)"', rule_svg)
    assert all(i.startswith("grades-") for i in grade_ids) and all(i.startswith("rules-") for i in rule_ids)
    assert len(set(grade_ids)) == len(grade_ids) and not set(grade_ids) & set(rule_ids)
    for svg, ids in ((grade_svg, set(grade_ids)), (rule_svg, set(rule_ids))):
        refs = re.findall(r'url\(#([^)]+)\)|href="#([^"]+)"', svg)
        assert refs and all((a or b) in ids for a, b in refs)   # every reference still resolves


def test_text_is_drawn_as_paths_so_no_system_font_changes_it(rule_svg):
    assert "<text" not in rule_svg and "DejaVuSans" in rule_svg


def test_global_matplotlib_settings_are_left_alone():
    before = dict(matplotlib.rcParams)
    charts.grade_distribution(LABELS[:1], BEFORE[:1], AFTER[:1], 5.0)
    assert dict(matplotlib.rcParams) == before


def test_rule_colours_rank_rules_and_share_grey_beyond_the_palette(rule_svg):
    colours = charts.rule_colours([*RULES_BEFORE, *RULES_AFTER])
    assert list(colours) == ["long-sentence", "readability", "hard-word", "passive"]
    assert list(colours.values()) == list(charts.PALETTE[:4])
    for colour in colours.values():
        assert colour.lower() in rule_svg.lower()
    many = [{f"rule-{i:02d}": 20 - i for i in range(len(charts.PALETTE) + 3)}]
    assigned = charts.rule_colours(many)
    assert list(assigned.values())[:len(charts.PALETTE)] == list(charts.PALETTE)
    assert set(list(assigned.values())[len(charts.PALETTE):]) == {charts.OTHER_COLOUR}


def test_a_single_domain_and_an_empty_domain_still_draw():
    svg = charts.grade_distribution(["Draft letter"], [[]], [[]], 5.0)
    assert svg.startswith("<svg") and svg.rstrip().endswith("</svg>")
    assert charts.findings_by_rule(["Draft letter"], [{}], [{}]).startswith("<svg")


def test_labels_cannot_inject_markup():
    hostile = ['9 <script>alert("x")</script> --> <b>']
    svg = charts.findings_by_rule(hostile, [{"<i>rule</i>": 2}], [{}])
    assert "<script" not in svg and "<b>" not in svg and "<i>" not in svg and "-->" not in svg


def test_a_dollar_sign_in_a_heading_is_words_not_tex():
    """A domain heading like "Costs in $ (see $\\frac{a}{$ x)" once crashed matplotlib's TeX parser."""
    svg = charts.grade_distribution(["2 Other $\\frac{a}{$ x"], [[12.0, 14.0]], [[4.0]], 5.0)
    assert svg.startswith("<svg")
