"""Tests for glossary.py, the glossary JSON Schema and ``easyread glossary check``.

Broken glossaries are made by breaking a copy of the small valid fixture
(tests/fixtures/glossary/small.yml) one problem at a time; each case names the line
the problem must be reported on (by a piece of text on that line) and the exact
message from errors.Msg. The same copies are run through the JSON Schema, so the
schema editors use and the checker cannot drift apart.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner
from ruamel.yaml import YAML

from easyread import glossary as g
from easyread.cli import main
from easyread.text import normalise_for_matching
from easyread.errors import GlossaryError, Msg
from easyread.settings import DEFAULT_MODEL

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "glossary.yml"
SMALL = Path(__file__).parent / "fixtures" / "glossary" / "small.yml"
SMALL_TEXT = SMALL.read_text(encoding="utf-8")

needs_shipped = pytest.mark.skipif(not SHIPPED.exists(), reason="glossary.yml is not there yet")


def run_check(*args: str):
    """``easyread glossary check ARGS`` in-process: (exit code, stdout, stderr)."""
    result = CliRunner().invoke(main, ["glossary", "check", *args])
    return result.exit_code, result.stdout, result.stderr


def line_of(text: str, marker: str) -> int:
    """1-based line of the first line of ``text`` that contains ``marker``."""
    return next(i for i, line in enumerate(text.split("\n"), 1) if marker in line)


@pytest.fixture(scope="module")
def schema() -> dict:
    text = resources.files("easyread").joinpath("schemas/glossary.schema.json").read_text(encoding="utf-8")
    return json.loads(text)


def schema_errors(schema: dict, text: str) -> list[str]:
    data = YAML(typ="safe", pure=True).load(text)
    return [e.message for e in jsonschema.Draft202012Validator(schema).iter_errors(data)]


# ---------------------------------------------------------------- valid glossaries


def test_small_fixture_is_valid_for_the_checker_and_the_schema(schema):
    code, out, err = run_check(str(SMALL))
    assert (code, err) == (0, "")
    assert out.strip() == f"{SMALL}: 6 entries and 1 phrases, no problems"
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema_errors(schema, SMALL_TEXT) == []


@pytest.mark.slow
@needs_shipped
def test_shipped_glossary_passes_the_checker_and_the_schema(schema, monkeypatch):
    monkeypatch.chdir(ROOT)
    code, out, err = run_check()  # no FILE: the project's glossary.yml
    assert code == 0, err
    assert "no problems" in out
    assert schema_errors(schema, SHIPPED.read_text(encoding="utf-8")) == []


@needs_shipped
def test_every_shipped_entry_has_flag_and_pass_examples():
    loaded = g.load_glossary(SHIPPED)
    assert len(loaded.entries) >= 60
    for item in [*loaded.entries, *loaded.phrases]:
        assert item.examples.flag and item.examples.pass_, item.id
        assert all(text.strip() for text in (*item.examples.flag, *item.examples.pass_)), item.id


def test_loaded_entries_keep_their_fields_and_lines():
    loaded = g.load_glossary(SMALL)
    judge = loaded.entry("judge")
    assert judge.line == line_of(SMALL_TEXT, "id: judge")
    assert judge.plain == g.PlainWording(base="decide", past="decided", ing="deciding", third="decides")
    assert judge.plain.form("plural") == "decide"  # falls back to base
    assert judge.rule == "jargon.judge" and judge.applies
    assert loaded.entry("remit").match == "lower" and not loaded.entry("remit").applies
    assert loaded.entry("co-production").explained
    assert loaded.entry("intervention").provenance[0] == g.Provenance(
        source="Consultation", section="8", quote="interventions is very clinical", respondent=4)
    assert loaded.phrases[0].rule == "patronising.stem-ability-to"


# ---------------------------------------------------------------- broken copies


@dataclass(frozen=True)
class Broken:
    """A copy of small.yml with ``edits`` applied; ``problems`` are (marker, message):
    the problem must be on the line containing ``marker``. ``schema``: the JSON Schema
    must reject the copy too (cross-entry checks are beyond a schema)."""

    edits: tuple[tuple[str, str], ...]
    problems: tuple[tuple[str, str], ...]
    schema: bool = True

    def text(self) -> str:
        text = SMALL_TEXT
        for old, new in self.edits:
            assert old in text, old
            text = text.replace(old, new, 1)
        return text


LONG_QUOTE = "interventions is very clinical " * 6
ENTRY_FIELDS = ", ".join(sorted(g.ENTRY_FIELDS))
BROKEN = {
    "unknown-field": Broken(
        ((" terms: [intervention]\n", " terms: [intervention]\n    synonyms: [help]\n"),),
        (("synonyms:", Msg.E022.format(entry="intervention", field="synonyms", allowed=ENTRY_FIELDS)),)),
    "missing-required-field": Broken(
        (("    category: clinical\n    status: approved\n    action: replace\n    plain: {base: support,",
          "    status: approved\n    action: replace\n    plain: {base: support,"),),
        (("id: intervention", Msg.E023.format(entry="intervention", field="category")),)),
    "wrong-type-terms": Broken(
        (("terms: [intervention]", "terms: {one: intervention}"),),
        (("terms: {one", Msg.E024.format(entry="intervention", field="terms",
                                         expected="a list of words or phrases")),)),
    "wrong-type-empty-plural": Broken(
        (("plain: {base: support, plural: support}", "plain: {base: support, plural: }"),),
        (("plural: }", Msg.E024.format(entry="intervention", field="plain.plural", expected="text")),)),
    "wrong-type-respondent": Broken(
        (("respondent: 4", "respondent: four"),),
        (("respondent: four", Msg.E024.format(entry="intervention", field="provenance.respondent",
                                              expected="a whole number")),)),
    "wrong-type-id": Broken(
        (("id: remit", "id: Remit_Word"),),
        (("id: Remit_Word", Msg.E024.format(entry="Remit_Word", field="id",
                                            expected="lowercase letters, digits and hyphens")),)),
    "bad-enum-status": Broken(
        (("status: proposed", "status: maybe"),),
        (("status: maybe", Msg.E025.format(entry="remit", field="status",
                                           allowed=", ".join(g.STATUSES), value="maybe")),)),
    "bad-enum-category": Broken(
        (("category: acronym", "category: abbreviation"),),
        (("category: abbreviation", Msg.E025.format(entry="cbt", field="category",
                                                    allowed=", ".join(g.CATEGORY_RULES), value="abbreviation")),)),
    "bad-enum-source": Broken(
        (("source: IE-2009", "source: Wikipedia"),),
        (("source: Wikipedia", Msg.E025.format(entry="cbt", field="provenance source",
                                               allowed=", ".join(g.SOURCES), value="Wikipedia")),)),
    "duplicate-id": Broken(
        (("id: crisis-intervention", "id: intervention"),),
        (("terms: [crisis intervention]", ""),), schema=False),  # message filled in below
    "shared-form-case-and-spacing": Broken(
        (("terms: [remit]", 'terms: [remit, "Co   Production"]'),),
        (("id: remit", Msg.E027.format(entry="remit", form="Co Production", other="co-production",
                                       other_line=line_of(SMALL_TEXT, "id: co-production"))),),
        schema=False),
    "shared-form-non-breaking-hyphen": Broken(
        (("terms: [remit]", 'terms: [remit, "Co\u2011Production"]'),),
        # terms are normalised as they are loaded (as the text is before matching)
        (("id: remit", Msg.E027.format(entry="remit", form="Co-Production", other="co-production",
                                       other_line=line_of(SMALL_TEXT, "id: co-production"))),),
        schema=False),
    "approved-replace-without-plain": Broken(
        (("    plain: {base: talking therapy}\n", ""),),
        (("id: cbt", Msg.E028.format(entry="cbt")),)),
    "approved-replace-with-blank-plain": Broken(
        (("plain: {base: talking therapy}", 'plain: " "'),),
        (("id: cbt", Msg.E028.format(entry="cbt")),)),
    "explain-without-explanation": Broken(
        (('    explanation: "Co-production means working together. People who use services help to plan them."\n',
          ""),),
        (("id: co-production", Msg.E030.format(entry="co-production")),)),
    "rewrite-cycle": Broken(
        (("terms: [CBT]", "terms: [support]"), ("plain: {base: talking therapy}", "plain: {base: an intervention}")),
        (("id: intervention", Msg.E029.format(entry="intervention", plain="support", term="support", other="cbt")),
         ("id: cbt", Msg.E029.format(entry="cbt", plain="an intervention", term="intervention",
                                     other="intervention"))),
        schema=False),
    "missing-pass-example": Broken(
        (('      pass: ["We offer support."]\n', ""),),
        (("    examples:", Msg.E031.format(entry="intervention", kind="pass", verb="pass")),)),
    "misspelt-example-kind": Broken(
        (('      pass: ["We offer support."]', '      passes: ["We offer support."]'),),
        (("    examples:", Msg.E031.format(entry="intervention", kind="pass", verb="pass")),
         ("passes:", Msg.E022.format(entry="intervention", field="examples.passes", allowed="flag, pass")))),
    "no-examples": Broken(
        (('    examples:\n      flag: ["We offer interventions."]\n      pass: ["We offer support."]\n', ""),),
        (("id: intervention", Msg.E023.format(entry="intervention", field="examples")),)),
    "over-long-quote": Broken(
        (('quote: "interventions is very clinical"', f'quote: "{LONG_QUOTE}"'),),
        (("quote: \"interventions is very clinical interventions",
          Msg.E034.format(entry="intervention", length=len(LONG_QUOTE.strip()), limit=g.QUOTE_LIMIT)),)),
    "misspelt-top-level-key": Broken(
        (("phrases:", "phrase:"),),
        (("phrase:", Msg.E022.format(entry="(top level)", field="phrase", allowed=", ".join(sorted(g.TOP_FIELDS)))),)),
}


def _expected(name: str, case: Broken, text: str) -> list[tuple[int, str]]:
    expected = [(line_of(text, marker), message) for marker, message in case.problems]
    if name == "duplicate-id":
        first = line_of(text, "id: intervention")
        expected = [(line_of(text, "terms: [crisis intervention]") - 1,
                     Msg.E026.format(entry="intervention", first_line=first))]
    return expected


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_broken_copy_is_reported_on_its_line_with_exit_code_2(name, tmp_path, schema):
    case = BROKEN[name]
    text = case.text()
    path = tmp_path / "glossary.yml"
    path.write_text(text, encoding="utf-8")
    expected = _expected(name, case, text)

    _glossary, problems = g.check_glossary(path)
    assert [(p.line, p.message) for p in problems] == expected

    code, out, err = run_check(str(path))
    assert code == 2 and out == ""
    for line, message in expected:
        assert f"{path}:{line}: error: {message}" in err.splitlines()
    assert err.splitlines()[-1] == f"easyread: {len(expected)} problem(s) in {path}"

    with pytest.raises(GlossaryError) as raised:
        g.load_glossary(path)
    assert (raised.value.line, raised.value.message) == expected[0]
    if case.schema:
        assert schema_errors(schema, text), "the JSON Schema accepted a broken glossary"


# Problems that stop the reading altogether: raised at once, one line of output.
FATAL = {
    "not-yaml": ('quote: "interventions is very clinical"', "quote: interventions: very clinical",
                 "interventions: very clinical", Msg.E020.format(why="mapping values are not allowed here")),
    "tab": ("    status: approved\n    action: replace\n    plain: {base: support,",
            "    status: approved\n\taction: replace\n    plain: {base: support,",
            "\taction", Msg.E021.format()),
    "not-a-glossary": ("entries:", "items:", None, Msg.E032.format()),
}


@pytest.mark.parametrize("name", sorted(FATAL))
def test_unreadable_glossary_is_one_error_with_its_line(name, tmp_path):
    old, new, marker, message = FATAL[name]
    text = SMALL_TEXT.replace(old, new, 1)
    path = tmp_path / "glossary.yml"
    path.write_text(text, encoding="utf-8")
    line = line_of(text, marker) if marker else 1
    code, out, err = run_check(str(path))
    assert (code, out) == (2, "")
    assert err.strip() == f"easyread: {path}:{line}: error: {message}"


@pytest.mark.parametrize("content", ["", "\n  \n"])
def test_empty_glossary_says_it_is_empty(content, tmp_path):
    path = tmp_path / "glossary.yml"
    path.write_text(content, encoding="utf-8")
    code, _out, err = run_check(str(path))
    assert code == 2
    assert err.strip() == f"easyread: {path}: error: {Msg.E003.format()}"


def test_comments_only_glossary_is_not_a_glossary(tmp_path):
    path = tmp_path / "glossary.yml"
    path.write_text("# entries will come\n", encoding="utf-8")
    code, _out, err = run_check(str(path))
    assert code == 2 and err.strip() == f"easyread: {path}:1: error: {Msg.E032.format()}"


def test_missing_glossary_names_the_file(tmp_path):
    path = tmp_path / "nowhere.yml"
    code, _out, err = run_check(str(path))
    assert code == 2 and err.strip() == f"easyread: {path}: error: {Msg.E005.format()}"


# ---------------------------------------------------------------- the schema and the code agree


def test_schema_enums_and_fields_are_the_constants_in_glossary_py(schema):
    entry = schema["$defs"]["entry"]["properties"]
    phrase = schema["$defs"]["phrase"]["properties"]
    provenance = entry["provenance"]["items"]
    plain_map = next(o for o in entry["plain"]["oneOf"] if o["type"] == "object")
    assert entry["category"]["enum"] == list(g.CATEGORY_RULES)
    assert entry["status"]["enum"] == phrase["status"]["enum"] == list(g.STATUSES)
    assert entry["action"]["enum"] == list(g.ACTIONS)
    assert entry["match"]["enum"] == list(g.MATCHES) and entry["match"]["default"] == g.MATCHES[0]
    assert phrase["kind"]["enum"] == list(g.PHRASE_RULES)
    assert provenance["properties"]["source"]["enum"] == list(g.SOURCES)
    assert provenance["properties"]["quote"]["maxLength"] == g.QUOTE_LIMIT
    assert set(provenance["properties"]) == g.PROVENANCE_FIELDS
    assert list(plain_map["properties"]) == list(g.PLAIN_FORMS)
    assert set(entry) == g.ENTRY_FIELDS and set(phrase) == g.PHRASE_FIELDS
    assert schema["$defs"]["entry"]["required"] == list(g.ENTRY_REQUIRED)
    assert schema["$defs"]["phrase"]["required"] == list(g.PHRASE_REQUIRED)
    assert set(schema["properties"]) == g.TOP_FIELDS
    assert set(entry["examples"]["properties"]) == set(g.EXAMPLE_KINDS)
    assert entry["id"]["pattern"] == phrase["id"]["pattern"] == g.ID_PATTERN.pattern


def test_every_schema_field_has_a_description_for_editor_completion(schema):
    def walk(node, where):
        if isinstance(node, dict):
            for name, sub in node.get("properties", {}).items():
                assert sub.get("description"), f"{where}.{name}"
            for key, sub in node.items():
                if key not in ("if", "then"):  # conditions, not fields an editor types
                    walk(sub, f"{where}.{key}")
        elif isinstance(node, list):
            for i, sub in enumerate(node):
                walk(sub, f"{where}[{i}]")
    walk(schema, "$")


def test_format_doc_points_editors_at_the_schema():
    doc = (ROOT / "docs" / "glossary-format.md").read_text(encoding="utf-8")
    hint = re.search(r"# yaml-language-server: \$schema=(\S+)", doc)
    assert hint, "docs/glossary-format.md should show the yaml-language-server line"
    assert (ROOT / hint.group(1)).resolve() == (ROOT / "src/easyread/schemas/glossary.schema.json").resolve()


# ---------------------------------------------------------------- matching (spaCy)


@pytest.fixture(scope="module")
def nlp():
    from easyread.nlp import pipeline_for
    return pipeline_for(DEFAULT_MODEL, g.load_glossary(SMALL))


def matches(nlp, text: str) -> list[tuple[str, str]]:
    """(matched text, entry id) for each glossary match, after the same normalisation
    the check and rewrite stages apply."""
    from easyread.nlp import SPAN_KEY
    normalised = normalise_for_matching(text)
    assert len(normalised) == len(text)  # offsets into the source stay valid
    doc = nlp(normalised)
    return [(text[s.start_char:s.end_char], s.label_) for s in doc.spans[SPAN_KEY]]


@pytest.mark.parametrize("text, found", [
    ("We offer interventions.", [("interventions", "intervention")]),
    ("She judged it well.", [("judged", "judge")]),
    ("An ability to judge risk.", [("judge", "judge")]),
    ("He judges what to share.", [("judges", "judge")]),
])
def test_lemma_matching_finds_other_word_forms(nlp, text, found):
    assert matches(nlp, text) == found


@pytest.mark.parametrize("text, found", [
    ("CBT can help.", [("CBT", "cbt")]),
    ("We offer cbt here.", [("cbt", "cbt")]),
    ("Courses on CBTs.", []),           # lower: exact words, no plural
    ("It is outside my remit.", [("remit", "remit")]),
    ("Their remits differ.", []),       # lower: no lemmas
])
def test_lower_matching_is_exact_words_any_case(nlp, text, found):
    assert matches(nlp, text) == found


def test_a_term_inside_a_longer_term_is_reported_once_as_the_longer(nlp):
    assert matches(nlp, "She knows about crisis interventions and other interventions.") == [
        ("crisis interventions", "crisis-intervention"), ("interventions", "intervention")]


def test_non_breaking_hyphen_and_curly_quotes_still_match(nlp):
    text = "We value \u201cco\u2011production\u201d and \u2018coproduction\u2019, and co\u00a0production."
    assert matches(nlp, text) == [("co\u2011production", "co-production"),
                                  ("coproduction", "co-production"),
                                  ("co\u00a0production", "co-production")]


def test_every_example_of_the_small_glossary_behaves(nlp):
    """Each entry's flag examples contain a match for it, its pass examples none."""
    for entry in g.load_glossary(SMALL).entries:
        for text in entry.examples.flag:
            assert entry.id in [label for _, label in matches(nlp, text)], (entry.id, text)
        for text in entry.examples.pass_:
            assert entry.id not in [label for _, label in matches(nlp, text)], (entry.id, text)


@pytest.mark.slow
@needs_shipped
def test_every_example_of_the_shipped_glossary_behaves():
    """The curated examples are the entries' own tests (proselint's examples.py): each
    flag example contains a match for its entry, each pass example none."""
    from easyread.nlp import pipeline_for
    shipped = g.load_glossary(SHIPPED)
    nlp = pipeline_for(DEFAULT_MODEL, shipped)
    wrong = []
    for entry in shipped.entries:
        for kind, texts in (("flag", entry.examples.flag), ("pass", entry.examples.pass_)):
            for text in texts:
                found = entry.id in [label for _, label in matches(nlp, text)]
                if found != (kind == "flag"):
                    wrong.append(f"{entry.id} ({kind}): {text}")
    assert not wrong, wrong


# ---------------------------------------------------------------- proper names (issue 13)


@pytest.fixture(scope="module")
def shipped():
    return g.load_glossary(SHIPPED)


@pytest.fixture(scope="module")
def shipped_nlp(shipped):
    from easyread.nlp import pipeline_for
    return pipeline_for(DEFAULT_MODEL, shipped)


def names_in(nlp, text: str) -> list[str]:
    from easyread.nlp import NAMES_KEY
    doc = nlp(normalise_for_matching(text))
    return [span.text for span in doc.spans[NAMES_KEY]]


def check_shipped(text: str, shipped) -> list:
    """Findings of the real checker (easy-read) for ``text`` as a draft, with the shipped glossary."""
    from easyread.analyse import analyse
    from easyread.content import parse_markdown
    from easyread.model import Framework, SourceFile
    from easyread.settings import load_settings

    settings = load_settings(root=ROOT, profile="easy-read", glossary=SHIPPED)
    domain = parse_markdown(SourceFile.from_text("draft.md", text))
    return analyse(Framework([domain]), shipped, settings).findings()


@needs_shipped
def test_a_term_inside_a_name_is_neither_flagged_nor_rewritten(shipped, shipped_nlp):
    from easyread.rewrite import rewrite_text
    text = "You can get help from the Early Intervention in Psychosis service."
    assert names_in(shipped_nlp, text) == ["Early Intervention in Psychosis"]
    rules = [f.rule for f in check_shipped(text, shipped)]
    assert "clinical-wording.intervention" not in rules
    assert "jargon.early-intervention-in-psychosis" in rules     # the name itself, explained
    assert "Early Intervention in Psychosis" in rewrite_text(text, shipped, shipped_nlp)


@needs_shipped
def test_the_same_term_outside_a_name_is_flagged_and_rewritten(shipped, shipped_nlp):
    from easyread.rewrite import rewrite_text
    text = "We offer an early intervention to young people."
    rules = [f.rule for f in check_shipped(text, shipped)]
    assert "clinical-wording.intervention" in rules
    assert "intervention" not in rewrite_text(text, shipped, shipped_nlp).lower()


@needs_shipped
def test_a_kept_name_is_never_rewritten_and_explained_by_its_own_entry(shipped, shipped_nlp):
    from easyread.rewrite import rewrite_text
    text = "You have rights under the Mental Health Act."
    assert names_in(shipped_nlp, text) == ["Mental Health Act"]
    assert [f.rule for f in check_shipped(text, shipped) if "." in f.rule] == [
        "jargon.mental-health-act"]
    assert "the Mental Health Act" in rewrite_text(text, shipped, shipped_nlp)


@needs_shipped
@pytest.mark.parametrize("text, name", [
    ("Ask the Bradford Recovery Support Service for a leaflet.", "Bradford Recovery Support Service"),
    ("Tees, Esk and Wear Valleys NHS Foundation Trust runs it.", "Esk and Wear Valleys NHS Foundation Trust"),
    ("Improving Access to Psychological Therapies helps.", "Improving Access to Psychological Therapies"),
])
def test_a_capitalised_run_ending_in_a_name_head_or_of_proper_nouns_is_a_name(shipped, shipped_nlp, text, name):
    assert name in names_in(shipped_nlp, text)
    inside = {w.lower() for w in name.split()}
    flagged = [f.text.lower() for f in check_shipped(text, shipped)
               if f.rule.split(".")[0] in ("jargon", "clinical-wording", "wordy-phrase", "hard-word")]
    assert not inside & set(flagged), flagged


@needs_shipped
def test_a_sentence_first_word_and_ordinary_capitals_are_not_names(shipped_nlp):
    assert names_in(shipped_nlp, "Recovery support can help you.") == []
    assert names_in(shipped_nlp, "Ask the Early Intervention in Psychosis team.") == ["Early Intervention in Psychosis"]


@needs_shipped
def test_initials_inside_a_name_are_still_written_in_full(shipped_nlp):
    from easyread.nlp import SPAN_KEY
    doc = shipped_nlp("Career progression will be reviewed by the HEE Implementation group.")
    assert [s.label_ for s in doc.spans[SPAN_KEY]] == ["hee"]


def _glossary_with(tmp_path, extra_top: str = "", entry_extra: str = "") -> Path:
    text = SMALL_TEXT.replace("    terms: [intervention]\n", "    terms: [intervention]\n" + entry_extra, 1)
    path = tmp_path / "glossary.yml"
    path.write_text(text.replace("entries:\n", extra_top + "entries:\n", 1), encoding="utf-8")
    return path


def test_names_keep_and_name_heads_are_loaded(tmp_path):
    path = _glossary_with(tmp_path, "keep: [Mental Health Act]\nname-heads: [Service, Trust]\n",
                          '    names: ["Early Intervention in Psychosis"]\n')
    loaded, problems = g.check_glossary(path)
    assert problems == []
    assert loaded.keep == ("Mental Health Act",) and loaded.name_heads == ("Service", "Trust")
    assert loaded.names() == ("Mental Health Act", "Early Intervention in Psychosis")


def test_an_entry_name_must_contain_the_entry_term(tmp_path):
    path = _glossary_with(tmp_path, entry_extra='    names: ["Care Quality Commission"]\n')
    problems = g.check_glossary(path)[1]
    assert [(p.line, p.message) for p in problems] == [
        (line_of(path.read_text(), "names:"),
         Msg.E035.format(entry="intervention", name="Care Quality Commission"))]


def test_an_other_sense_must_contain_the_entry_term(tmp_path):
    path = _glossary_with(tmp_path, entry_extra='    other-senses: ["police action", "police intervention"]\n')
    problems = g.check_glossary(path)[1]
    assert [(p.line, p.message) for p in problems] == [
        (line_of(path.read_text(), "other-senses:"), Msg.E038.format(entry="intervention", name="police action"))]


@needs_shipped
def test_a_term_in_one_of_its_other_senses_is_neither_flagged_nor_explained(shipped, shipped_nlp):
    """'capacity' is mental capacity; 'above capacity' is how many beds there are."""
    from easyread.rewrite import rewrite_text_version
    beds = "Bed availability in many services is running close to or above capacity."
    assert "jargon.capacity" not in [f.rule for f in check_shipped(beds, shipped)]
    assert "explain.capacity" not in [c.rule for c in rewrite_text_version(beds, shipped, shipped_nlp).changes]
    person = "Decisions will be influenced by judgements about the person's capacity."
    assert "jargon.capacity" in [f.rule for f in check_shipped(person, shipped)]
    assert "explain.capacity" in [c.rule for c in rewrite_text_version(person, shipped, shipped_nlp).changes]


def test_a_name_kept_twice_is_reported_on_its_second_line(tmp_path):
    path = _glossary_with(tmp_path, "keep:\n  - Mental Health Act\n  - mental health act\n")
    problems = g.check_glossary(path)[1]
    assert [(p.line, p.message) for p in problems] == [
        (line_of(path.read_text(), "  - mental health act"),
         Msg.E036.format(where="keep", name="mental health act", first_line=line_of(path.read_text(), "  - Mental")))]


def test_keep_must_be_a_list_of_names(tmp_path):
    path = _glossary_with(tmp_path, "keep: Mental Health Act\n")
    problems = g.check_glossary(path)[1]
    assert [p.message for p in problems] == [
        Msg.E024.format(entry="(top level)", field="keep", expected="a list of names")]


def test_a_replacement_may_hold_a_term_inside_a_name(tmp_path):
    """EIP -> "Early Intervention in Psychosis" is no rewrite chain: names are never rewritten."""
    acronym = ('  - id: eip\n    terms: [EIP]\n    match: lower\n    category: acronym\n    status: approved\n'
               '    action: replace\n    plain: "Early Intervention in Psychosis"\n'
               '    provenance: [{source: GOV.UK-ACF}]\n    examples: {flag: ["the EIP team"], pass: ["a team"]}\n')
    text = SMALL_TEXT.replace("entries:\n", "entries:\n" + acronym, 1)
    path = tmp_path / "glossary.yml"
    path.write_text(text, encoding="utf-8")
    assert any(p.message.startswith(Msg.E029.format(entry="eip", plain="x", term="y", other="z")[:20])
               for p in g.check_glossary(path)[1])
    path.write_text(text.replace("entries:\n", 'keep: ["Early Intervention in Psychosis"]\nentries:\n', 1),
                    encoding="utf-8")
    assert g.check_glossary(path)[1] == []


def test_a_participle_falls_back_to_the_past_form():
    assert g.PlainWording("show", past="showed", participle="shown").form("participle") == "shown"
    assert g.PlainWording("check", past="checked").form("participle") == "checked"
    assert g.PlainWording("help").form("participle") == "help"


@needs_shipped
def test_the_clinic_letter_words_of_issue_13_are_flagged_with_plain_words_or_an_explanation(shipped):
    """A clinic letter written as a new user would (tests/fixtures/hardwords/clinic-letter.txt)."""
    from easyread.analyse import analyse
    from easyread.content import load_paths
    from easyread.settings import load_settings

    letter = Path(__file__).parent / "fixtures" / "hardwords" / "clinic-letter.txt"
    settings = load_settings(root=ROOT, profile="easy-read", glossary=SHIPPED)
    findings = analyse(load_paths([str(letter)]), shipped, settings).findings()
    by_entry = {f.rule.split(".", 1)[1]: f for f in findings if "." in f.rule and not f.rule.startswith("acronym")}
    for entry_id in ("referral", "care-coordinator", "deterioration", "mental-state", "clinically-indicated",
                     "care-programme-approach", "recovery-journey", "liaise"):
        entry = shipped.entry(entry_id)
        assert entry_id in by_entry, entry_id
        assert entry.explanation and (entry.plain or entry.action == "explain"), entry_id
    assert "clinical-wording.intervention" not in {f.rule for f in findings}   # inside the service's name
