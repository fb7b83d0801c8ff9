"""The measuring definitions of bench/ (how sentences, rows and samples are taken), and the outside texts.

The bench scripts print the figures issues 10, 15 and 16 are judged by; these tests pin
down what those figures count, without timing anything and without running easyread.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from before_simplify import split_long, take_asides  # noqa: E402
import picture_sample  # noqa: E402  (bench/ is not a package: its modules import each other by name)
import samples  # noqa: E402
import textstats  # noqa: E402

pytestmark = pytest.mark.slow   # runs the bench scripts through the command line

OUTSIDE = ROOT / "tests" / "fixtures" / "outside"


def test_blocks_are_paragraphs_and_list_items_without_headings():
    markdown = "# Title\n\nA lead-in that\nwraps:\n\n- first item\n- second item\n\n1. numbered\n"
    assert textstats.blocks(markdown) == ["A lead-in that wraps:", "first item", "second item", "numbered"]


def test_sentences_split_at_a_stop_before_a_capital_and_keep_abbreviations_whole():
    found = textstats.sentences(["They **listen**. Then they help, e.g. with forms. (This is key.)", "a point"])
    assert found == ["They listen.", "Then they help, e.g. with forms.", "(This is key.)", "a point"]


def test_sentence_figures_count_short_sentences_brackets_and_long_words():
    figures = textstats.SentenceFigures.of(["We talk.", "We listen (carefully) to everybody."])
    assert (figures.sentences, figures.short_share, figures.longest) == (2, 1.0, 5)
    assert figures.bracket_share == 0.5
    # "carefully" and "everybody" have 3 syllables: 2 of 7 words
    assert figures.long_words_per_100 == pytest.approx(100 * 2 / 7)


def test_percentile_interpolates_like_issue_10():
    assert textstats.percentile(list(range(1, 11)), 90) == pytest.approx(9.1)
    assert textstats.percentile([7], 90) == 7


@pytest.mark.parametrize("source, easy_read, kept", [
    ("An ability to draw on knowledge of the local codes of ethics and conduct that apply",
     "Peer support workers know about the local codes of ethics and conduct that apply.", True),
    ("An ability to draw on knowledge of the local codes of ethics and conduct that apply",
     "Peer support workers know the rules they work by.", False),
    ("An ability to listen", "Peer support workers listen.", None),
])
def test_tail_kept_is_the_source_after_8_words_found_word_for_word(source, easy_read, kept):
    assert textstats.tail_kept(source, easy_read) is kept


def test_a_seeded_sample_is_the_same_every_time_and_keeps_document_order():
    items = list(range(100))
    first = samples.seeded_sample(items, 10)
    assert first == samples.seeded_sample(items, 10) == sorted(first)
    assert len(set(first)) == 10
    assert samples.seeded_sample(items[:5], 10) == items[:5]


PAGE = """<div class="competence" data-competence="1.2">
  <div class="row"><div class="picture"><img src="static/pictures/1F91D.svg" alt="Two hands"></div>
  <div class="words"><p>Lead-in:</p><ul><li>one</li><li>two</li></ul><p class="note">What it means.</p></div></div>
  <div class="row"><div class="picture"><img src="static/pictures/2764.svg" alt=""></div>
  <div class="words"><p>They listen. They help. They care. They stay.</p></div></div>
</div><div class="row"><p>Not a competence row.</p></div>"""


def test_rows_are_read_from_the_built_html_with_their_picture_and_reading_order():
    parser = picture_sample.RowParser("domain-1.html")
    parser.feed(PAGE)
    first, second = parser.rows
    assert (first.competence, first.picture, first.alt) == ("1.2", "1F91D", "Two hands")
    assert first.lines == ["Lead-in:", "- one", "- two", "What it means."]
    assert first.list_items == [["one", "two"]] and first.sentences_outside_lists == 2
    assert second.default_picture and second.sentences == 4 and second.words == 8
    assert picture_sample.neighbours(parser.rows) == (0, 0)


def test_every_outside_text_has_its_source_in_the_readme():
    readme = (OUTSIDE / "README.md").read_text(encoding="utf-8")
    texts = [p.name for p in OUTSIDE.iterdir() if p.name != "README.md"]
    assert texts and all(f"## {name}" in readme for name in texts)


def test_the_clinic_letter_holds_the_wording_issues_10_and_13_test():
    letter = (OUTSIDE / "clinic-letter.txt").read_text(encoding="utf-8")
    for wording in ("care coordinator", "referral", "deterioration in your mental state", "clinically indicated",
                    "Care Programme Approach", "recovery journey", "liaise", "Early Intervention in Psychosis service",
                    "Community Mental Health Team (CMHT)", "Dear Ms Patel,", "Yours sincerely,"):
        assert wording in letter, wording
    assert letter.count("MH PSWs") == 1 and letter.count("CMHT") >= 2
    assert not letter.splitlines()[0].endswith(".")
    assert 150 <= len(re.findall(r"\w+", letter)) <= 250


# ---------------------------------------------------------------- the baseline before simplify.py


def test_aside_becomes_its_own_sentence():
    # 2.2.3.1: "(for example difficulties with weight gain, diabetes ...)"
    sentence, asides = take_asides("Some people have physical health conditions "
                                   "(for example difficulties with weight gain, diabetes)")
    assert sentence == "Some people have physical health conditions"
    assert asides == ["For example, difficulties with weight gain, diabetes."]


def test_brackets_that_are_not_examples_stay_for_the_editor():
    sentence, asides = take_asides("Recovery is about living a meaningful life (the life they wish to lead)")
    assert asides == [] and sentence.endswith("(the life they wish to lead)")


def test_long_sentence_split_only_where_safe():
    long = ("Peer support workers listen to the person and think about what they need, "
            "and they help the person to find the right kind of support for them")
    assert split_long(long, 15) == [
        "Peer support workers listen to the person and think about what they need.",
        "They help the person to find the right kind of support for them."]
    no_safe_split = "Peer support workers listen to the person and think about what they need and what they want"
    assert split_long(no_safe_split, 15) == [no_safe_split]


def test_a_long_sentence_is_never_split_inside_brackets():
    # an outside report (CQC, Monitoring the Mental Health Act 2022/23): "(92%; 10,575)"
    sentence = ("Most requests were made for patients recorded as having no capacity to consent to "
                "treatment (92%; 10,575), and they were reviewed; the rest were not")
    assert split_long(sentence, 15) == [
        "Most requests were made for patients recorded as having no capacity to consent to treatment "
        "(92%; 10,575).", "They were reviewed.", "The rest were not."]
