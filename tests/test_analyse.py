"""The check stage on drafts it has never seen: exact rule, line and column of every
finding (through front matter, list markers, bold text and multi-line items), scores
and verdicts under both profiles, inline switches, the cache, the parallel paths, and
the glossary's own Easy Read explanations."""

from __future__ import annotations

from pathlib import Path

import pytest

from easyread import analyse as analyse_module
from easyread.analyse import analyse
from easyread.cache import AnalysisCache
from easyread.content import load_paths
from easyread.glossary import load_glossary
from easyread.model import Framework

ROOT = Path(__file__).resolve().parents[1]
DRAFTS = ROOT / "tests" / "fixtures" / "drafts"


def places(analysis) -> list[tuple[str, int, int, int, int, str]]:
    return [(f.rule, f.line, f.column, f.end_line, f.end_column, f.text) for f in analysis.findings()]


def run(drafts, name, draft_glossary, settings_for, profile="easy-read", **kwargs):
    return analyse(load_paths([drafts / name]), draft_glossary, settings_for(profile), **kwargs)


def assert_at_its_place(finding) -> None:
    """The file really has the finding's text at its line and column."""
    lines = Path(finding.path).read_text(encoding="utf-8").split("\n")
    first, *rest = finding.text.split("\n")
    assert lines[finding.line - 1][finding.column - 1:].startswith(first), finding
    if not rest:
        assert (finding.end_line, finding.end_column) == (finding.line, finding.column + len(first)), finding
    else:
        assert finding.end_line == finding.line + len(rest)
        assert lines[finding.end_line - 1][:finding.end_column - 1].endswith(rest[-1]), finding


# ---------------------------------------------------------------- drafts: exact places


def test_letter_in_plain_text(drafts, draft_glossary, settings_for):
    analysis = run(drafts, "letter.txt", draft_glossary, settings_for)
    assert places(analysis) == [
        ("passive", 3, 43, 3, 58, "is being looked"),
        ("number-words", 5, 21, 5, 24, "two"),
        ("acronym.cbt", 5, 50, 5, 53, "CBT"),
        ("acronym", 6, 9, 6, 13, "PALS"),
        ("negative", 8, 1, 8, 7, "Do not"),
        ("no-full-stop", 8, 28, 8, 29, "e"),
        ("hard-word", 10, 7, 10, 16, "sincerely"),   # 3 syllables, not on the Dale-Chall list (issue 13)
    ]
    # "Dear Sam," and "Yours sincerely, Jo Bloggs" are not statements that need a full stop
    assert [(r.competence.id, r.verdict, r.reasons) for r in analysis.results] == [
        ("p1", "passes", []), ("p2", "passes", []), ("p3", "fails", ["acronym"]),
        ("p4", "fails", ["no-full-stop"]), ("p5", "passes", [])]
    cbt = analysis.findings()[2]
    assert (cbt.severity, cbt.message, cbt.suggestion, cbt.source) == (
        "error", "'CBT' is a set of initials; use plain words", "talking therapy",
        "IE-2009: explain what letters stand for")


def test_letter_under_plain_english(drafts, draft_glossary, settings_for):
    analysis = run(drafts, "letter.txt", draft_glossary, settings_for, "plain-english")
    assert [(f.rule, f.line, f.column, f.severity) for f in analysis.findings()] == [
        ("passive", 3, 43, "warning"), ("acronym.cbt", 5, 50, "warning"), ("acronym", 6, 9, "warning"),
        ("no-full-stop", 8, 28, "warning")]
    assert all(r.passes for r in analysis.results)


def test_web_page_with_front_matter_bold_and_a_multi_line_item(drafts, draft_glossary, settings_for):
    analysis = run(drafts, "web-page.md", draft_glossary, settings_for)
    assert places(analysis) == [
        ("passive", 13, 11, 13, 21, "be offered"),
        ("clinical-wording.crisis-intervention", 13, 24, 13, 43, "crisis intervention"),
        ("clinical-wording.intervention", 15, 5, 15, 18, "Interventions"),
        ("readability", 15, 5, 15, 56, "Interventions** are explained in order to help you."),
        ("passive", 15, 21, 15, 34, "are explained"),
        ("wordy-phrase", 15, 35, 15, 46, "in order to"),
    ]
    # the multi-line item: one competence whose statement runs over two lines
    item = analysis.results[2]
    assert (item.competence.id, item.competence.text.text) == (
        "p3", "You may be offered a crisis intervention by the team if you need it.")
    assert (item.competence.position.line, item.competence.position.column) == (13, 3)
    by_id = {r.competence.id: r for r in analysis.results}
    assert list(by_id) == ["p1", "p2", "p3", "p4"]
    # the plural was matched, so the plural plain wording is suggested; the longer term wins
    assert [(f.rule, f.suggestion) for f in by_id["p3"].findings + by_id["p4"].findings
            if f.rule.startswith("clinical")] == [
        ("clinical-wording.crisis-intervention", "help in a crisis"),
        ("clinical-wording.intervention", "kinds of support")]
    assert [(r.verdict, r.reasons, r.scores.describe()) for r in analysis.results] == [
        ("passes", [], "reading age about 7 (median grade 2.4)"),
        ("passes", [], "reading age about 10 (median grade 4.5)"),
        ("fails", ["clinical-wording"], "reading age about 10 (median grade 5.2)"),
        ("fails", ["clinical-wording"], "reading age about 13 (median grade 7.8)")]


def test_paragraph_of_acronyms_numbers_passives_and_glossary_forms(drafts, draft_glossary, settings_for):
    analysis = run(drafts, "acronyms.md", draft_glossary, settings_for)
    assert places(analysis) == [
        ("readability", 1, 1, 1, 172, (DRAFTS / "acronyms.md").read_text().strip()),
        ("acronym", 1, 5, 1, 8, "NHS"),
        ("acronym.cbt", 1, 16, 1, 19, "CBT"),
        ("number-words", 1, 23, 1, 26, "one"),
        ("number-words", 1, 30, 1, 34, "four"),
        ("jargon.person-centred", 1, 43, 1, 57, "Person-centred"),
        ("jargon.co-production", 1, 68, 1, 81, "co production"),
        ("passive", 1, 89, 1, 100, "were agreed"),
        ("number-words", 1, 125, 1, 130, "Three"),
    ]
    # a term twice in one paragraph is one finding, at its first place, with its count (issue 13)
    person = analysis.findings()[5]
    assert (person.count, person.message) == (
        2, "'Person-centred' is jargon; use plain words (2 times in this paragraph)")
    explained = analysis.findings()[6]
    assert (explained.severity, explained.message) == (
        "info", "'co production' is explained in the word bank; keep it in bold")


def test_framework_draft_with_stems_sub_points_and_a_continued_line(drafts, draft_glossary, settings_for):
    analysis = run(drafts, "framework.md", draft_glossary, settings_for)
    assert places(analysis) == [
        ("patronising.stem-ability-to", 10, 3, 10, 16, "An ability to"),
        ("one-idea", 10, 3, 10, 71, "An ability to listen to people and to **reflect back** what they say"),
        ("readability", 10, 3, 10, 71, "An ability to listen to people and to **reflect back** what they say"),
        ("no-full-stop", 10, 70, 10, 71, "y"),
        ("long-sentence", 11, 3, 11, 113, "An ability to use **open questions** (that is, questions that need "
                                           "more than a yes or no answer), for example:"),
        ("patronising.stem-ability-to", 11, 3, 11, 16, "An ability to"),
        ("readability", 11, 3, 11, 113, "An ability to use **open questions** (that is, questions that need "
                                         "more than a yes or no answer), for example:"),
        ("explain-next", 11, 40, 11, 99, "(that is, questions that need more than a yes or no answer)"),
        ("clinical-wording.intervention", 13, 44, 13, 57, "interventions"),
        ("hard-word", 14, 29, 14, 37, "nebulous"),
    ]
    assert [(f.competence_id, f.line) for f in analysis.findings()][-2:] == [("3.1.2", 13), ("3.1.2", 14)]
    assert [(r.competence.id, r.reasons) for r in analysis.results] == [
        ("3.1.1", ["no-full-stop", "patronising"]),
        ("3.1.2", ["clinical-wording", "long-sentence", "patronising"])]
    plain = run(drafts, "framework.md", draft_glossary, settings_for, "plain-english")
    assert [(r.competence.id, r.verdict) for r in plain.results] == [("3.1.1", "passes"), ("3.1.2", "fails")]


def test_every_finding_is_at_its_place_in_drafts_and_in_the_framework(drafts, draft_glossary, settings_for):
    framework = load_paths(sorted(str(p) for p in drafts.glob("*.[mt][dx]*")) + [str(ROOT / "content")])
    analysis = analyse(framework, draft_glossary, settings_for())
    assert len(analysis.findings()) > 1000
    for finding in analysis.findings():
        assert_at_its_place(finding)


# ---------------------------------------------------------------- scores and verdicts


def test_scores_per_sentence_and_per_competence(check_text):
    analysis = check_text("Thank you for your letter. We will call you soon.\n\nHello.\n")
    first, second = analysis.results
    assert [s.words for s in first.sentence_scores] == [5, 5]
    thank_you = first.sentence_scores[0]
    # worked by hand: 5 words, 6 syllables, 22 characters with the full stop
    assert (thank_you.grade, thank_you.reading_ease, thank_you.coleman_liau, thank_you.ari, thank_you.fog) == (
        0.52, 100.24, 2.64, 1.79, 2.0)
    assert thank_you.describe() == "reading age about 7 (median grade 1.9)"
    assert (first.scores.words, first.scores.sentences, first.scores.words_per_sentence) == (10, 2, 5.0)
    assert first.scores.describe() == "reading age about 5 (median grade 0.1)"
    assert second.scores.describe() == "not scored (only 1 word)"
    assert (second.verdict, second.scores.grade) == ("passes", None)


def test_readability_finding_names_the_level_and_the_limit(check_text, empty_glossary):
    text = "Organisational considerations necessitate comprehensive documentation procedures."
    easy = [f for f in check_text(text, glossary=empty_glossary).findings() if f.rule == "readability"]
    assert [(f.severity, f.message) for f in easy] == [
        ("warning", "Reading level: reading age about 47 (median grade 41.8): 4 of 4 formulas above grade 5 "
                    "(Flesch-Kincaid 39.9, Coleman-Liau 51.8, ARI 41.2, Gunning Fog 42.4); "
                    "Flesch reading ease -180, below 0")]
    plain = [f for f in check_text(text, "plain-english", glossary=empty_glossary).findings()
             if f.rule == "readability"]
    assert [f.message for f in plain] == [
        "Reading level: reading age about 47 (median grade 41.8): 4 of 4 formulas above grade 12 "
        "(Flesch-Kincaid 39.9, Coleman-Liau 51.8, ARI 41.2, Gunning Fog 42.4); Flesch reading ease -180, below 50"]


def test_readability_needs_most_formulas_to_agree(check_text, settings_for, empty_glossary):
    # Flesch-Kincaid alone puts this above grade 5; Coleman-Liau and ARI do not.
    text = "A diagnosis is the name a doctor gives to an illness."
    scores = check_text(text, glossary=empty_glossary).results[0].scores
    assert scores.above(5.0) == {"Flesch-Kincaid": 5.86, "Gunning Fog": 8.04}
    assert [f for f in check_text(text, glossary=empty_glossary).findings() if f.rule == "readability"] == []


def test_summary_counts_per_profile(drafts, draft_glossary, settings_for):
    framework = load_paths([drafts / "letter.txt", drafts / "web-page.md"])
    easy = analyse(framework, draft_glossary, settings_for()).summary()
    plain = analyse(framework, draft_glossary, settings_for("plain-english")).summary()
    assert (easy["profile"], easy["competences"], easy["passing"], easy["findings"]) == ("easy-read", 9, 5, 13)
    assert (plain["profile"], plain["competences"], plain["passing"], plain["findings"]) == (
        "plain-english", 9, 7, 9)
    assert easy["by_rule"] == {"acronym": 2, "clinical-wording": 2, "hard-word": 1, "negative": 1,
                               "no-full-stop": 1, "number-words": 1, "passive": 3, "readability": 1,
                               "wordy-phrase": 1}
    assert easy["by_severity"] == {"error": 5, "warning": 8}
    assert (easy["median_grade"], easy["median_words_per_sentence"], easy["words"]) == (2.5, 7.0, 87)


# ---------------------------------------------------------------- switching rules off


def test_inline_comments_switch_rules_off_for_a_file_a_line_and_the_next_line(drafts, draft_glossary,
                                                                            settings_for):
    analysis = run(drafts, "disable.md", draft_glossary, settings_for)
    assert places(analysis) == [("acronym", 8, 5, 8, 7, "GP"), ("passive", 8, 30, 8, 39, "were read")]


def test_inline_comment_without_rules_switches_everything_off(check_text):
    analysis = check_text("The NHS will call. <!-- easyread-disable-line -->\n\nThe GP will call.\n")
    assert [(f.rule, f.line) for f in analysis.findings()] == [("acronym", 3)]


def test_settings_switch_rules_off_by_prefix(check_text, settings_for):
    text = "We value co-production. CBT helps. The NHS helps.\n"
    everything = [f.rule for f in check_text(text).findings()]
    assert everything == ["readability", "jargon.co-production", "acronym.cbt", "acronym"]
    no_acronyms = check_text(text, settings=settings_for(disable=["acronym", "readability"])).findings()
    assert [f.rule for f in no_acronyms] == ["jargon.co-production"]
    one_entry = check_text(text, settings=settings_for(disable=["acronym.cbt", "readability"])).findings()
    assert [f.rule for f in one_entry] == ["jargon.co-production", "acronym"]


# ---------------------------------------------------------------- the cache


def _counting(monkeypatch) -> list[int]:
    """Count the texts that reach spaCy (the run's Tagger tags each new text once)."""
    from easyread.tagging import Tagger

    seen: list[int] = []
    real = Tagger.docs

    def counting(self, texts):
        texts = list(texts)
        before = self.tagged
        docs = real(self, texts)
        if self.tagged > before:
            seen.append(self.tagged - before)
        return docs
    monkeypatch.setattr(Tagger, "docs", counting)
    return seen


def test_second_run_comes_from_the_cache_and_is_identical(tmp_path, drafts, draft_glossary, settings_for,
                                                          monkeypatch):
    framework = load_paths([drafts / "web-page.md", drafts / "framework.md"])
    first = analyse(framework, draft_glossary, settings_for(), AnalysisCache(tmp_path / "cache"))
    assert len(list((tmp_path / "cache").glob("analysis-*.json"))) == 3   # spans, competences, whole
    seen = _counting(monkeypatch)
    second = analyse(framework, draft_glossary, settings_for(), AnalysisCache(tmp_path / "cache"))
    assert seen == []
    assert second.findings() == first.findings()
    assert [(r.scores, r.sentence_scores, r.verdict) for r in second.results] == [
        (r.scores, r.sentence_scores, r.verdict) for r in first.results]


def test_only_changed_text_is_analysed_again(tmp_path, draft_glossary, settings_for, monkeypatch):
    page = tmp_path / "page.md"
    page.write_text("We help people.\n\nThe NHS helps.\n", encoding="utf-8")
    analyse(load_paths([page]), draft_glossary, settings_for(), AnalysisCache(tmp_path / "cache"))
    page.write_text("We help people.\n\nThe GP helps.\n", encoding="utf-8")
    seen = _counting(monkeypatch)
    analysis = analyse(load_paths([page]), draft_glossary, settings_for(), AnalysisCache(tmp_path / "cache"))
    assert seen == [1]
    assert [(f.rule, f.line, f.text) for f in analysis.findings()] == [("acronym", 3, "GP")]


def test_a_changed_profile_or_glossary_never_reuses_results(tmp_path, drafts, draft_glossary, empty_glossary,
                                                            settings_for, monkeypatch):
    framework = load_paths([drafts / "acronyms.md"])
    cache = AnalysisCache(tmp_path / "cache")
    analyse(framework, draft_glossary, settings_for(), cache)
    seen = _counting(monkeypatch)
    plain = analyse(framework, draft_glossary, settings_for("plain-english"), AnalysisCache(tmp_path / "cache"))
    bare = analyse(framework, empty_glossary, settings_for(), AnalysisCache(tmp_path / "cache"))
    assert seen == [1, 1]
    assert "number-words" not in {f.rule for f in plain.findings()}
    assert [f.rule for f in bare.findings() if f.rule.startswith("acronym")] == ["acronym", "acronym"]


def test_the_same_text_twice_in_a_run_is_analysed_once(tmp_path, draft_glossary, settings_for, monkeypatch):
    page = tmp_path / "page.md"
    page.write_text("The NHS helps.\n\nThe NHS helps.\n", encoding="utf-8")
    seen = _counting(monkeypatch)
    analysis = analyse(load_paths([page]), draft_glossary, settings_for())
    assert seen == [1]
    assert [(f.rule, f.line, f.column) for f in analysis.findings()] == [("acronym", 1, 5), ("acronym", 3, 5)]


def test_a_damaged_cache_file_is_rebuilt(tmp_path, drafts, draft_glossary, settings_for):
    framework = load_paths([drafts / "letter.txt"])
    expected = analyse(framework, draft_glossary, settings_for()).findings()
    (tmp_path / "cache").mkdir()
    analyse(framework, draft_glossary, settings_for(), AnalysisCache(tmp_path / "cache"))
    for file in (tmp_path / "cache").glob("*.json"):
        file.write_text("{not json", encoding="utf-8")
    assert analyse(framework, draft_glossary, settings_for(), AnalysisCache(tmp_path / "cache")).findings() == expected


# ---------------------------------------------------------------- one tagger per run


def test_a_shared_tagger_tags_each_text_once_for_every_analysis(drafts, draft_glossary, settings_for):
    from easyread.tagging import Tagger

    framework = load_paths([drafts / "framework.md", drafts / "web-page.md", drafts / "letter.txt"])
    tagger = Tagger(settings_for().model, draft_glossary)
    words: list[int] = []

    class Progress:
        def expect(self, total):
            words.append(-total)

        def __call__(self, done):
            words.append(done)
    first = analyse(framework, draft_glossary, settings_for(), progress=Progress(), tagger=tagger)
    tagged = tagger.tagged
    plain = analyse(framework, draft_glossary, settings_for("plain-english"), tagger=tagger)
    assert tagger.tagged == tagged > 0            # a second analysis of the same text tags nothing
    assert [r.competence.id for r in plain.results] == [r.competence.id for r in first.results]
    assert sum(words) == 0                         # the progress bar ends at what it was told to expect


# ---------------------------------------------------------------- the glossary's own explanations


def _explained_entries():
    glossaries = [ROOT / "tests" / "fixtures" / "drafts" / "glossary.yml", ROOT / "glossary.yml"]
    found = []
    for path in glossaries:
        if path.exists():
            glossary = load_glossary(path)
            found.extend(pytest.param(glossary, entry, id=f"{path.parent.name}/{entry.id}")
                         for entry in glossary.entries if entry.explanation)
    return found


@pytest.mark.parametrize(("glossary", "entry"), _explained_entries())
def test_glossary_explanations_pass_the_easy_read_profile(glossary, entry, check_text):
    """An explanation may use its own term (it explains it); anything else at error level fails."""
    findings = check_text(entry.explanation, glossary=glossary, path=f"<{entry.id} explanation>").findings()
    errors = [f"{f.rule} {f.text!r}: {f.message}" for f in findings
              if f.severity == "error" and f.rule != entry.rule]
    assert errors == []


def test_the_real_glossary_is_checked_when_it_exists():
    ids = [p.id for p in _explained_entries()]
    assert "drafts/co-production" in ids
    if (ROOT / "glossary.yml").exists():
        assert any(i.startswith("main/") or not i.startswith("drafts/") for i in ids)


def test_an_empty_framework_gives_an_empty_analysis(draft_glossary, settings_for):
    analysis = analyse(Framework([]), draft_glossary, settings_for())
    assert (analysis.findings(), analysis.results, analysis.summary()["median_grade"]) == ([], [], None)


def test_the_cache_key_changes_with_the_code_and_rule_data(monkeypatch):
    first = analyse_module.code_fingerprint()
    assert first == analyse_module.code_fingerprint()
    monkeypatch.setattr(analyse_module, "CODE_VERSION", "analyse-next")
    analyse_module.code_fingerprint.cache_clear()
    try:
        assert analyse_module.code_fingerprint() != first
        monkeypatch.setattr(analyse_module, "CODE_FILES", analyse_module.CODE_FILES[:-1])
        analyse_module.code_fingerprint.cache_clear()
        without_rules_yml = analyse_module.code_fingerprint()
        monkeypatch.undo()
        analyse_module.code_fingerprint.cache_clear()
        assert without_rules_yml != analyse_module.code_fingerprint() == first
    finally:
        analyse_module.code_fingerprint.cache_clear()


@pytest.mark.parametrize(("text", "written"), [("Straße: we talk in relation to care.", "in relation to"),
                                              ("İstanbul: we talk IN RELATION TO care.", "IN RELATION TO")])
def test_phrases_are_found_at_their_place_after_letters_that_change_case_length(check_text, text, written):
    from easyread.glossary import Glossary, Phrase

    glossary = Glossary("<phrases>", phrases=[Phrase(id="in-relation-to", kind="wordy", match=("in relation to",),
                                                     status="approved", replace="about")])
    findings = check_text(text, glossary=glossary).findings()
    assert [(f.rule, f.column, f.text, f.suggestion) for f in findings if f.rule.startswith("wordy")] == [
        ("wordy-phrase.in-relation-to", text.index(written) + 1, written, "about")]
