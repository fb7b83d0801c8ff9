"""text.py: the one normaliser, phrase matcher and sentence splitter every stage shares."""

from __future__ import annotations

from pathlib import Path

import pytest

from easyread.content import load_paths
from easyread.glossary import Phrase
from easyread.text import PhraseMatcher, normalise_for_matching, sentence_bounds, split_sentences

ROOT = Path(__file__).resolve().parents[1]
STEM = Phrase(id="stem-ability-to", kind="stem", match=("An ability to",), status="approved",
              replace="Peer support workers can")
LONGER = Phrase(id="stem-draw-on", kind="stem", match=("An ability to draw on knowledge that",),
                status="approved", replace="Peer support workers know that")
WORDY = Phrase(id="in-relation-to", kind="wordy", match=("in relation to",), status="approved", replace="about")


# ---------------------------------------------------------------- normalising


def test_normalising_keeps_the_length_and_makes_words_comparable():
    word = "co\u2011production \u2013 \u201cthe\u201d person\u2019s\u00a0plan\u200b"
    plain = normalise_for_matching(word)
    assert len(plain) == len(word)
    assert plain == 'co-production - "the" person\'s plan '


# ---------------------------------------------------------------- phrases


def test_a_stem_is_found_at_the_start_of_a_statement_only():
    matcher = PhraseMatcher([STEM])
    assert [(m.start, m.end) for m in matcher.find("An ability to listen", True)] == [(0, 13)]
    assert matcher.find("An ability to listen", False) == []          # a sub-point
    assert matcher.find("They have an ability to listen", True) == []  # not at the start


def test_a_stem_after_a_stray_bold_mark_is_found_there():
    """Issue 15: '- **An ability to listen' was rewritten but never flagged; one matcher, one answer."""
    text = "**An ability to listen to people."
    (found,) = PhraseMatcher([STEM]).find(text, True)
    assert text[found.start:found.end] == "An ability to"


def test_the_longer_phrase_wins_and_matches_never_overlap():
    text = "An ability to draw on knowledge that people recover in relation to hope"
    found = PhraseMatcher([STEM, LONGER, WORDY]).find(text, True)
    assert [(m.phrase.id, text[m.start:m.end]) for m in found] == [
        ("stem-draw-on", "An ability to draw on knowledge that"), ("in-relation-to", "in relation to")]


@pytest.mark.parametrize("text", ["Straße: we talk in relation to care.", "İstanbul: IN RELATION TO care."])
def test_places_come_from_the_text_itself_not_a_lower_cased_copy(text):
    (found,) = PhraseMatcher([WORDY]).find(text, True)
    assert text[found.start:found.end].lower() == "in relation to"


def test_only_whole_words_match():
    assert PhraseMatcher([WORDY]).find("within relation tone", True) == []


# ---------------------------------------------------------------- sentences


def test_sentences_end_at_stops_but_not_before_lower_case_words():
    text = 'We listen. We help, e.g. with forms. "Can I?" she asked. Done!  Next (a). end'
    assert split_sentences(text) == ["We listen.", "We help, e.g. with forms.", '"Can I?" she asked.', "Done!",
                                     "Next (a). end"]
    assert all(text[a:b] == s for (a, b), s in zip(sentence_bounds(text), split_sentences(text)))


def test_the_splitter_agrees_with_spacys_sentencizer_on_the_framework(nlp):
    """The plain-text splitter (approvals, report, rewrite) and the checker's sentencizer cut
    the same sentences: both end a sentence at text.SENTENCE_ENDS."""
    framework = load_paths([ROOT / "content"])
    texts = [span.text for competence in framework.competences() for span in competence.spans()]
    differ = []
    for text, doc in zip(texts, nlp.pipe(normalise_for_matching(t) for t in texts)):
        spacy_cut = [text[s.start_char:s.end_char].strip() for s in doc.sents if text[s.start_char:s.end_char].strip()]
        if spacy_cut != split_sentences(text):
            differ.append((text, spacy_cut, split_sentences(text)))
    assert differ == []
