"""The rewrite stage: each named transformation on real framework sentences,
fitting rewrites to the sentence, approvals, the meaning check and idempotence."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings as hsettings, strategies as st

from easyread.approvals import fingerprint, load_approvals
from easyread.content import load_paths
from easyread.glossary import load_glossary
from easyread.nlp import pipeline_for
from easyread.rewrite import (as_framework, as_markdown, lead_in, rewrite_framework, rewrite_text,
                              split_long, take_asides)
from easyread.settings import load_settings

GLOSSARY = textwrap.dedent("""\
    version: 1
    entries:
      - id: intervention
        terms: [intervention]
        category: clinical
        status: approved
        action: replace
        plain: {base: support session, plural: support sessions}
        provenance: [{source: Consultation, section: "8", quote: "too clinical"}]
        examples: {flag: ["We offer interventions."], pass: ["We offer support."]}
      - id: judge
        terms: [judge]
        category: patronising
        status: approved
        action: replace
        plain: {base: decide, past: decided, ing: deciding, third: decides}
        provenance: [{source: Consultation, section: "11", quote: "judge is judgemental"}]
        examples: {flag: ["They judged it."], pass: ["They decided."]}
      - id: remit
        terms: [remit]
        category: jargon
        status: proposed
        action: replace
        plain: {base: job}
        provenance: [{source: Consultation, section: "2", quote: "remit is jargon"}]
        examples: {flag: ["Within their remit."], pass: ["Within their job."]}
      - id: safeguarding
        terms: [safeguarding]
        category: jargon
        status: approved
        action: explain
        explanation: "Safeguarding means keeping people safe from harm."
        provenance: [{source: Consultation, section: "2.6", quote: "jargon"}]
        examples: {flag: ["Safeguarding procedures."], pass: ["Keeping safe."]}
      - id: ethos
        terms: [ethos]
        category: jargon
        status: rejected
        action: replace
        plain: {base: values}
        provenance: [{source: Consultation, section: "10", quote: "ethos", response: "kept"}]
        examples: {flag: ["The ethos of peer support."], pass: ["The values."]}
    phrases:
      - id: stem-draw-on-knowledge-that
        kind: stem
        match: ["An ability to draw on knowledge that"]
        status: approved
        replace: "Peer support workers know that"
        provenance: [{source: Consultation, section: "all", quote: "repetitive"}]
        examples: {flag: ["An ability to draw on knowledge that x"], pass: ["You know."]}
      - id: stem-ability-to
        kind: stem
        match: ["An ability to"]
        status: approved
        replace: "Peer support workers can"
        provenance: [{source: Consultation, section: "all", quote: "repetitive"}]
        examples: {flag: ["An ability to listen"], pass: ["You can listen."]}
      - id: in-relation-to
        kind: wordy
        match: ["in relation to"]
        status: approved
        replace: "about"
        provenance: [{source: GOV.UK-ACF, quote: "use fewer words"}]
        examples: {flag: ["in relation to x"], pass: ["about x"]}
    """)


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    root = tmp_path_factory.mktemp("project")
    (root / "glossary.yml").write_text(GLOSSARY, encoding="utf-8")
    (root / "content").mkdir()
    return root


@pytest.fixture(scope="module")
def glossary(project):
    return load_glossary(project / "glossary.yml")


@pytest.fixture(scope="module")
def settings(project):
    return load_settings(root=project, profile="easy-read")


@pytest.fixture(scope="module")
def nlp(settings, glossary):
    return pipeline_for(settings.model, glossary)


def rewrite_file(project, glossary, settings, body: str, name: str = "02-test.md"):
    path = project / "content" / name
    path.write_text("---\nnumber: 2\ntitle: Test\n---\n\n# 2 Test\n\n## 2.1 Section\n\n" + body,
                    encoding="utf-8")
    framework = load_paths([path])
    return framework, rewrite_framework(framework, glossary, settings, content_dir=project / "content")


# ---------------------------------------------------------------- word-level rules


def test_stem_becomes_plain_sentence_with_full_stop(glossary, nlp):
    # 2.2.3.1 of the draft
    text = ("An ability to draw on knowledge that people with mental health difficulties "
            "are more vulnerable to a range of physical health conditions")
    assert rewrite_text(text, glossary, nlp, limit=99) == (
        "Peer support workers know that people with mental health difficulties "
        "are more vulnerable to a range of physical health conditions.")


def test_lower_case_stem_still_rewritten(glossary, nlp):
    assert rewrite_text("an ability to seek opportunities to increase knowledge and skills",
                        glossary, nlp).startswith("Peer support workers can seek opportunities")


def test_stem_only_at_start_of_a_statement(glossary, nlp):
    text = "They said it shows an ability to listen"
    assert rewrite_text(text, glossary, nlp) == "They said it shows an ability to listen."
    assert rewrite_text("An ability to listen", glossary, nlp, is_statement=False) == "An ability to listen."


def test_article_agreement_a_an(glossary, nlp):
    # 8.1.2: "the rationale for an intervention" -> "a support session"
    out = rewrite_text("An ability to explain the rationale for an intervention", glossary, nlp)
    assert out == "Peer support workers can explain the rationale for a support session."


def test_plural_form_chosen_by_tag(glossary, nlp):
    out = rewrite_text("An ability to offer interventions to people", glossary, nlp)
    assert out == "Peer support workers can offer support sessions to people."


def test_verb_forms_chosen_by_tag(glossary, nlp):
    assert rewrite_text("Staff judged the risk", glossary, nlp) == "Staff decided the risk."
    assert rewrite_text("She judges whether to share", glossary, nlp) == "She decides whether to share."
    assert rewrite_text("Judging when to share is hard", glossary, nlp) == "Deciding when to share is hard."


def test_capital_letter_at_sentence_start(glossary, nlp):
    assert rewrite_text("Interventions can help", glossary, nlp) == "Support sessions can help."


def test_proposed_and_rejected_entries_never_applied(glossary, nlp):
    assert rewrite_text("This is within their remit", glossary, nlp) == "This is within their remit."
    assert rewrite_text("The ethos of peer support", glossary, nlp) == "The ethos of peer support."


def test_wordy_phrase_replaced_anywhere(glossary, nlp):
    # 2.2.1.5
    out = rewrite_text("the importance of families in relation to mental health difficulties",
                       glossary, nlp)
    assert out == "The importance of families about mental health difficulties."


def test_explain_entries_kept_in_bold(glossary, nlp):
    out = rewrite_text("Knowledge of local safeguarding procedures", glossary, nlp)
    assert out == "Knowledge of local **safeguarding** procedures."


def test_no_doubled_words_or_spaces(glossary, nlp):
    out = rewrite_text("We offer support session  interventions", glossary, nlp)
    assert "  " not in out and "sessions support sessions" not in out


# ---------------------------------------------------------------- sentence-level rules


def test_aside_becomes_its_own_sentence():
    # 2.2.3.1: "(for example difficulties with weight gain, diabetes ...)"
    sentence, asides = take_asides("Some people have physical health conditions "
                                   "(for example difficulties with weight gain, diabetes)")
    assert sentence == "Some people have physical health conditions"
    assert asides == ["For example, difficulties with weight gain, diabetes."]


def test_brackets_that_are_not_examples_stay_for_the_editor():
    sentence, asides = take_asides("Recovery is about living a meaningful life (the life they wish to lead)")
    assert asides == [] and sentence.endswith("(the life they wish to lead)")


def test_lead_in_for_example():
    assert lead_in("Peer support workers can maintain boundaries, for example by:") == (
        "Peer support workers can maintain boundaries.", "For example, by:")
    assert lead_in("Peer support workers know that peer support is:") == (
        "Peer support workers know that peer support is:", None)


def test_long_sentence_split_only_where_safe():
    long = ("Peer support workers listen to the person and think about what they need, "
            "and they help the person to find the right kind of support for them")
    assert split_long(long, 15) == [
        "Peer support workers listen to the person and think about what they need.",
        "They help the person to find the right kind of support for them."]
    no_safe_split = "Peer support workers listen to the person and think about what they need and what they want"
    assert split_long(no_safe_split, 15) == [no_safe_split]


def test_competence_with_sub_points_becomes_lead_and_bullets(project, glossary, settings):
    framework, versions = rewrite_file(project, glossary, settings, textwrap.dedent("""\
        - An ability to maintain boundaries, for example by:
          - communicating the limits and boundaries of the role with the people they support
          - not accepting gifts that may be interpreted as attempting to gain preferential treatment
        """))
    (version,) = versions
    assert version.blocks[0].sentences == ["Peer support workers can maintain boundaries.", "For example, by:"]
    assert version.blocks[0].bullets == [
        "Communicating the limits and boundaries of the role with the people they support.",
        "Not accepting gifts that may be interpreted as attempting to gain preferential treatment."]
    rules = [c.rule for c in version.changes]
    assert rules == ["patronising.stem-ability-to", "lead-in"]
    stem = version.changes[0]
    assert (stem.line, stem.column, stem.before) == (10, 3, "An ability to")


def test_nested_points_keep_their_order(project, glossary, settings):
    _, (version,) = rewrite_file(project, glossary, settings, textwrap.dedent("""\
        - An ability to draw on knowledge that recovery is personal, namely that:
          - recovery is self-defined
          - what recovery looks like will vary and that:
            - recovery is about living a meaningful life
          - recovery takes time
        """))
    order = version.sentences()
    assert order.index("Recovery is self-defined.") < order.index("What recovery looks like will vary and that:")
    assert order.index("Recovery is about living a meaningful life.") < order.index("Recovery takes time.")


def test_explanation_follows_first_use_in_a_domain(project, glossary, settings):
    _, versions = rewrite_file(project, glossary, settings, textwrap.dedent("""\
        - An ability to apply local safeguarding procedures
        - An ability to explain safeguarding to a person
        """))
    first, second = versions
    assert first.blocks[1].sentences == ["Safeguarding means keeping people safe from harm."]
    assert "explain-next" in [c.rule for c in first.changes]
    assert "explain-next" not in [c.rule for c in second.changes]
    assert first.explained == ["safeguarding"]


def test_draft_emphasis_dropped_and_recorded(project, glossary, settings):
    _, (version,) = rewrite_file(project, glossary, settings,
                                 "- An ability to build **safe and trusting relationships**\n")
    assert version.markdown() == "Peer support workers can build safe and trusting relationships."
    assert "emphasis" in [c.rule for c in version.changes]


# ---------------------------------------------------------------- approvals


def test_editor_text_wins_and_goes_stale_when_source_changes(project, glossary, settings, tmp_path):
    body = "- An ability to judge whether and when to share lived experience\n"
    framework, _ = rewrite_file(project, glossary, settings, body, name="02-approved.md")
    competence = framework.find("2.1.1")
    approved = project / "content" / "approved"
    approved.mkdir(exist_ok=True)
    (approved / "02.yml").write_text(
        f'"2.1.1":\n  source: {fingerprint(competence)}\n  approved_by: test\n'
        f'  text: |\n    Peer support workers decide when to share their story.\n', encoding="utf-8")
    _, (version,) = rewrite_file(project, glossary, settings, body, name="02-approved.md")
    assert (version.origin, version.status) == ("editor", "approved")
    assert version.markdown() == "Peer support workers decide when to share their story."
    _, (changed,) = rewrite_file(project, glossary, settings, body.replace("judge", "decide"),
                                 name="02-approved.md")
    assert changed.status == "stale"
    (approved / "02.yml").unlink()


def test_approvals_file_errors_name_file_and_line(tmp_path):
    (tmp_path / "approved").mkdir()
    (tmp_path / "approved" / "01.yml").write_text('"1.1":\n  text: no fingerprint\n', encoding="utf-8")
    with pytest.raises(Exception) as error:
        load_approvals(tmp_path)
    assert "01.yml:1" in str(error.value) and "source" in str(error.value)


# ---------------------------------------------------------------- meaning check


def test_meaning_check_catches_a_lossy_rewrite(project, glossary, settings):
    body = "- An ability to recognise distress and respond with compassion\n"
    framework, _ = rewrite_file(project, glossary, settings, body, name="02-lossy.md")
    competence = framework.find("2.1.1")
    approved = project / "content" / "approved"
    approved.mkdir(exist_ok=True)
    (approved / "02-lossy.yml").write_text(
        f'"2.1.1":\n  source: {fingerprint(competence)}\n  text: |\n    Peer support workers are kind.\n',
        encoding="utf-8")
    _, (version,) = rewrite_file(project, glossary, settings, body, name="02-lossy.md")
    (approved / "02-lossy.yml").unlink()
    assert {"recognise", "distress", "respond", "compassion"} <= set(version.losses)


def test_replaced_words_are_accounted_for(project, glossary, settings):
    _, (version,) = rewrite_file(project, glossary, settings,
                                 "- An ability to offer interventions to people\n", name="02-ok.md")
    assert version.losses == []


# ---------------------------------------------------------------- idempotence and output


WORDS = ["An ability to", "intervention", "interventions", "judge", "safeguarding", "remit",
         "in relation to", "people", "support", "(for example", ")", ",", "and", "they", "the",
         "An", "a", "an", "**", ";", ".", "care"]


@hsettings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=25))
def test_rewrite_is_idempotent(glossary, nlp, words):
    text = " ".join(words)
    once = rewrite_text(text, glossary, nlp)
    assert rewrite_text(once, glossary, nlp) == once


@hsettings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(min_size=1, max_size=80))
def test_rewrite_of_arbitrary_text_is_idempotent(glossary, nlp, text):
    once = rewrite_text(text, glossary, nlp)
    assert rewrite_text(once, glossary, nlp) == once


def test_markdown_output_keeps_structure_and_scores_like_source(project, glossary, settings):
    framework, versions = rewrite_file(project, glossary, settings, "- An ability to offer interventions\n",
                                       name="02-md.md")
    markdown = as_markdown(framework, versions)
    assert markdown.startswith("# 2 Test\n\n## 2.1 Section\n\n<!-- 2.1.1 -->\n")
    rewritten = as_framework(versions)
    assert [c.id for c in rewritten.competences()] == ["2.1.1"]
    assert rewritten.find("2.1.1").text.text == "Peer support workers can offer support sessions."


def test_rewrite_command_refuses_to_overwrite_input_and_content(project, tmp_path, monkeypatch):
    from click.testing import CliRunner

    from easyread.cli import main

    draft = tmp_path / "draft.md"
    draft.write_text("Dear Sam,\n\nWe offer interventions in relation to your care.\n", encoding="utf-8")
    monkeypatch.chdir(project)
    runner = CliRunner()
    same = runner.invoke(main, ["rewrite", str(draft), "-o", str(draft)])
    assert same.exit_code == 2 and "E051" in same.output
    assert draft.read_text(encoding="utf-8").startswith("Dear Sam")
    inside = runner.invoke(main, ["rewrite", str(draft), "-o", "content/out.md"])
    assert inside.exit_code == 2 and "E052" in inside.output
    out = tmp_path / "easy.md"
    ok = runner.invoke(main, ["rewrite", str(draft), "-o", str(out)])
    assert ok.exit_code == 0, ok.output
    assert "We offer support sessions about your care." in out.read_text(encoding="utf-8")
    again = runner.invoke(main, ["rewrite", str(draft), "-o", str(out)])
    assert again.exit_code == 2 and "E053" in again.output


# ---------------------------------------------------------------- the Easy Read Markdown reads back (issue 12)

ISSUE_12_DRAFTS = [Path(__file__).parent / "fixtures" / "drafts" / "web-page.md",
                   Path(__file__).parent / "fixtures" / "drafts" / "letter.txt",
                   Path(__file__).parent / "fixtures" / "letters" / "discharge.txt",
                   Path(__file__).parent / "fixtures" / "pages" / "blog-post.html"]


def _easy_read_markdown(paths, glossary, settings) -> str:
    framework = load_paths(paths)
    return as_markdown(framework, rewrite_framework(framework, glossary, settings))


def _without_ids(markdown: str) -> str:
    """The text without the ``<!-- id -->`` markers (ids of the source it was made from)."""
    return "\n".join(line for line in markdown.split("\n") if not (line.startswith("<!-- ") and line.endswith(" -->")))


@pytest.mark.parametrize("path", ISSUE_12_DRAFTS, ids=lambda p: p.name)
def test_rewrite_check_rewrite_gives_the_same_text(path, tmp_path, draft_glossary, settings_for):
    from easyread.analyse import analyse

    settings = settings_for()
    first = _easy_read_markdown([path], draft_glossary, settings)
    source = load_paths([path])
    headings = [s.title for d in source.domains for s in d.sections]
    assert all(f"## {title}" in first for title in headings)   # a draft's headings are kept
    written = tmp_path / "easy-read.md"
    written.write_text(first, encoding="utf-8")
    analysis = analyse(load_paths([written]), draft_glossary, settings)
    assert len(analysis.results) >= len(list(source.competences()))
    assert _without_ids(_easy_read_markdown([written], draft_glossary, settings)) == _without_ids(first)


def test_a_word_letter_rewrites_to_markdown_that_reads_back(tmp_path, draft_glossary, settings_for):
    from word_documents import letter

    settings = settings_for()
    first = _easy_read_markdown([letter(tmp_path / "letter.docx")], draft_glossary, settings)
    assert first.startswith("# Your appointment at the memory clinic\n") and "## What happens next" in first
    assert "- Bring your letter." in first and "### Where to go" in first
    written = tmp_path / "easy-read.md"
    written.write_text(first, encoding="utf-8")
    assert _without_ids(_easy_read_markdown([written], draft_glossary, settings)) == _without_ids(first)


def test_a_framework_rewritten_into_one_file_reads_back_as_the_framework(tmp_path, draft_glossary, settings_for):
    paths = [Path(__file__).resolve().parent.parent / "content" / name
             for name in ("04-self-care-and-support.md", "05-supporting-self-management.md")]
    source = load_paths(paths)
    written = tmp_path / "all.md"
    written.write_text(_easy_read_markdown(paths, draft_glossary, settings_for()), encoding="utf-8")
    again = load_paths([written])
    assert [d.number for d in again.domains] == ["4", "5"]
    assert [c.id for c in again.competences()] == [c.id for c in source.competences()]
