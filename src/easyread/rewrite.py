"""Stage 3: turn each competence into Easy Read text, using only approved wording.

Easy Read is a translation, not a filter, so this stage only applies what an editor
approved (glossary ``approved`` + ``replace`` entries, approved phrases, the sentence
patterns in ``data/rewrite.yml``) and editor-written text from ``content/approved/``,
which always wins. Every change is recorded (rule, before, after, position), and a
meaning check lists source content words that did not survive.

Named transformations, in order:

- ``stem.*`` / ``wordy-phrase.*`` / glossary ``<rule>.<id>``: word-level edits, all
  found on the original text, then applied together (a/an, capitals, plural and verb
  forms fitted to the sentence);
- ``explain``: approved ``explain`` terms in **bold**; ``explain-next``: their
  explanation as the next sentence, at the first use in a domain;
- ``emphasis``: the draft's own bold/italics dropped (Easy Read: bold only for explained words);
- ``aside``: "(for example ...)" becomes its own following sentence;
- ``lead-in``: "..., for example:" + sub-points -> a lead sentence and a bullet list;
- ``split``: an over-long sentence split at a semicolon or ", and they ...";
- ``full-stop`` / ``capital``: every sentence starts with a capital and ends with a full stop.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from ruamel.yaml import YAML

from .approvals import Approval, approval_for, load_approvals
from .cache import AnalysisCache
from .text import normalise_for_matching
from .glossary import Entry, Glossary
from .model import (Change, Competence, Domain, EasyReadBlock, EasyReadVersion, Framework, Heading,
                    Point, Span)
from .settings import Settings
from .tagging import Tagger

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

REWRITE_VERSION = "rewrite-2"   # bump when a change gives other text: cached rewrites are keyed by it
CONTENT_POS = {"NOUN", "VERB", "ADJ"}
VOWEL_SOUND_EXCEPTIONS = {"hour", "honest", "honour", "heir"}
CONSONANT_SOUND_EXCEPTIONS = ("uni", "use", "usu", "eur", "one", "once")
WORD = re.compile(r"[A-Za-z]+")
BOLD_PAIR = re.compile(r"(?<!\*)\*\*([^*\s](?:[^*]*[^*\s])?)\*\*(?!\*)")
FORM_BY_TAG = {"NNS": "plural", "NNPS": "plural", "VBD": "past", "VBN": "participle", "VBG": "ing",
               "VBZ": "third"}


@dataclass(frozen=True)
class Edit:
    """Replace ``text[start:end]`` by ``after``, because of ``rule``."""

    start: int
    end: int
    after: str
    rule: str


@dataclass(frozen=True)
class Patterns:
    """The approved sentence patterns of data/rewrite.yml."""

    lead_ins: tuple[tuple[str, str], ...]
    asides: tuple[tuple[str, str], ...]
    split_pronouns: frozenset[str]


@lru_cache(maxsize=1)
def patterns() -> Patterns:
    text = resources.files("easyread").joinpath("data/rewrite.yml").read_text(encoding="utf-8")
    data = YAML(typ="safe", pure=True).load(text)
    return Patterns(
        lead_ins=tuple((p["ending"], p["then"]) for p in data["lead_ins"]),
        asides=tuple((p["opening"], p["then"]) for p in data["asides"]),
        split_pronouns=frozenset(data["split_pronouns"]))


# ---------------------------------------------------------------- word-level edits


def word_edits(text: str, doc: "Doc", glossary: Glossary, is_statement: bool) -> list[Edit]:
    """Every approved word-level edit in ``text`` (``doc`` is its tagged, normalised copy).

    Found on the original text so positions point into the source; longer and
    earlier edits win where they overlap.
    """
    edits = list(_phrase_edits(doc.text, glossary, is_statement))
    edits.extend(_glossary_edits(doc, glossary))
    edits.extend(_stray_bold(doc.text, glossary))
    chosen: list[Edit] = []
    for edit in sorted(edits, key=lambda e: (e.start, -(e.end - e.start))):
        if all(edit.end <= c.start or edit.start >= c.end for c in chosen):
            chosen.append(edit)
    return chosen


def _phrase_edits(text: str, glossary: Glossary, is_statement: bool) -> Iterable[Edit]:
    """Approved phrases, found case-insensitively in ``text`` itself (never in a
    lower-cased copy: "Straße".casefold() is one letter longer, and every place after
    it would be off by one)."""
    for phrase in glossary.phrases:
        if not phrase.applies:
            continue
        for literal in phrase.match:
            pattern = re.compile(re.escape(literal), re.IGNORECASE)
            if phrase.kind == "stem":   # at the start, even after spaces or stray asterisks (removed too)
                stem = re.compile(r"[\s*]*" + pattern.pattern, re.IGNORECASE).match(text)
                if is_statement and stem and _boundary(text, stem.end()):
                    yield Edit(0, stem.end(), phrase.replace, phrase.rule)
                continue
            for match in pattern.finditer(text):
                if _boundary(text, match.end()) and (match.start() == 0
                                                     or not text[match.start() - 1].isalnum()):
                    yield Edit(match.start(), match.end(), phrase.replace, phrase.rule)


def _boundary(text: str, index: int) -> bool:
    return index >= len(text) or not text[index].isalnum()


def _glossary_edits(doc: "Doc", glossary: Glossary) -> Iterable[Edit]:
    from .nlp import SPAN_KEY

    entries = {e.id: e for e in glossary.entries}
    for match in doc.spans[SPAN_KEY]:
        entry = entries[match.label_]
        if entry.applies:
            yield _replacement(doc, match.start, match.end, entry)
        elif entry.explained and not _already_bold(doc.text, match.start_char, match.end_char):
            yield Edit(match.start_char, match.end_char, f"**{match.text}**", f"explain.{entry.id}")


def _stray_bold(text: str, glossary: Glossary) -> Iterable[Edit]:
    """Remove every asterisk the draft left in its text (an unclosed bold, a footnote mark).

    Easy Read is bold only for explained words; a stray '**' or '*' would pair with
    theirs and bold the wrong words. A pair around an explained word ("**co-production**",
    the rewrite's own when text is rewritten again) stays. Decided on the text alone,
    not on spaCy's match, which the asterisks themselves can change.
    """
    terms = [t.casefold() for e in glossary.entries if e.explained for t in e.terms]
    kept: set[int] = set()
    for pair in BOLD_PAIR.finditer(text):
        word = pair.group(1).casefold()
        if any(word.startswith(term) and len(word) - len(term) <= 2 for term in terms):  # plurals too
            kept.update((pair.start(), pair.end() - 2))
    for found in re.finditer(r"\*+", text):
        if not (found.end() - found.start() == 2 and found.start() in kept):
            yield Edit(found.start(), found.end(), "", "emphasis")


def _already_bold(text: str, start: int, end: int) -> bool:
    return text[max(0, start - 2):start] == "**" and text[end:end + 2] == "**"


def _replacement(doc: "Doc", start: int, end: int, entry: Entry) -> Edit:
    """The plain words in the right form, with a/an and a capital letter fitted."""
    assert entry.plain is not None
    last = doc[end - 1]
    after = entry.plain.form(FORM_BY_TAG.get(last.tag_, "base"))
    before = doc[start:end].text
    if before[:1].isupper() and not before.isupper() or (before.isupper() and _sentence_start(doc, start)):
        after = after[:1].upper() + after[1:]
    start_char = doc[start].idx
    if start > 0 and doc[start - 1].lower_ in ("a", "an"):
        article = doc[start - 1]
        fitted = _article_for(after)
        fitted = fitted.capitalize() if article.text[:1].isupper() else fitted
        return Edit(article.idx, last.idx + len(last.text), f"{fitted} {after}", entry.rule)
    return Edit(start_char, last.idx + len(last.text), after, entry.rule)


def _sentence_start(doc: "Doc", index: int) -> bool:
    return index == 0 or doc[index - 1].text in (".", "!", "?", ":")


def _article_for(word: str) -> str:
    """'a' or 'an' by the sound of the next word (spelling rules with the usual exceptions)."""
    lower = word.lower().lstrip("*")
    if lower.startswith(tuple(VOWEL_SOUND_EXCEPTIONS)):
        return "an"
    if lower.startswith(CONSONANT_SOUND_EXCEPTIONS):
        return "a"
    return "an" if lower[:1] in "aeiou" else "a"


def apply_edits(text: str, edits: list[Edit]) -> str:
    for edit in sorted(edits, key=lambda e: -e.start):
        text = text[:edit.start] + edit.after + text[edit.end:]
    return tidy(text)


def tidy(text: str) -> str:
    """One space between words, no doubled words, no space before punctuation."""
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"\b(\w{3,})(?: \1\b)+", r"\1", text, flags=re.IGNORECASE)
    return re.sub(r" ([,.;:!?])", r"\1", text)


# ---------------------------------------------------------------- sentence-level rules


def capitalise(sentence: str) -> str:
    for index, char in enumerate(sentence):
        if char.isalpha():
            return sentence[:index] + char.upper() + sentence[index + 1:]
        if char not in "*'\"(":
            break
    return sentence


def with_full_stop(sentence: str) -> str:
    sentence = sentence.rstrip()
    if not sentence or sentence[-1] in ".!?:":
        return sentence
    return sentence.rstrip(",;-\u2013\u2014 ") + "."   # "can -" -> "can.", never "can ."


def take_asides(sentence: str) -> tuple[str, list[str]]:
    """ "... (for example X) ..." -> the sentence without it, and "For example, X."

    Repeated until nothing changes: taking an inner aside out of
    "(for example X (for example Y))" exposes the outer one, which a second rewrite
    would otherwise take (rewriting must be idempotent). Outer asides come first,
    as they are read first.
    """
    asides: list[str] = []
    while True:
        sentence, found = _take_innermost_asides(sentence)
        if not found:
            return tidy(sentence), asides
        asides = found + asides


def _take_innermost_asides(sentence: str) -> tuple[str, list[str]]:
    asides = []
    for match in list(re.finditer(r"\s*\(([^()]*)\)", sentence))[::-1]:
        if not sentence[:match.start()].strip():
            continue  # an aside with nothing before it is not an aside
        inner = match.group(1).strip()
        for opening, then in patterns().asides:
            if inner.lower().startswith(opening):
                rest = inner[len(opening):].strip(" ,")
                if any(char.isalnum() for char in rest):   # "(for example .)" is no example
                    asides.insert(0, with_full_stop(tidy(f"{then} {rest}")))
                    sentence = sentence[:match.start()] + sentence[match.end():]
                break
    return tidy(sentence), asides


def split_long(sentence: str, limit: int) -> list[str]:
    """Split at a semicolon or ', and <pronoun>' when the sentence is over the limit."""
    if len(sentence.split()) <= limit:
        return [sentence]
    pronouns = "|".join(sorted(patterns().split_pronouns))
    parts = re.split(rf";\s+|,\s+(?:and|but)\s+(?=(?:{pronouns})\b)", sentence, flags=re.IGNORECASE)
    if len(parts) == 1:
        return [sentence]
    return [with_full_stop(capitalise(p.strip())) for p in parts if p.strip()]


def lead_in(statement: str) -> tuple[str, str | None]:
    """'..., for example:' -> ('... .', 'For example:'); None when no pattern fits."""
    lowered = statement.lower()
    for ending, then in patterns().lead_ins:
        if lowered.endswith(ending):
            lead = statement[: len(statement) - len(ending)].rstrip(" ,")
            return with_full_stop(lead), then
    return statement, None


def sentences_of(text: str, limit: int) -> list[str]:
    """A rewritten statement as Easy Read sentences: asides out, split, full stops."""
    text, asides = take_asides(text)
    result: list[str] = []
    for sentence in re.split(r"(?<=[.!?])\s+(?=[A-Z*])", text):
        if sentence.strip():
            result.extend(split_long(with_full_stop(capitalise(sentence.strip())), limit))
    return result + asides


# ---------------------------------------------------------------- competences


@dataclass
class _Tagged:
    """The spaCy docs of every span, by span identity."""

    docs: dict[int, "Doc"]

    def __getitem__(self, span: Span) -> "Doc":
        return self.docs[id(span)]


def rewrite_framework(framework: Framework, glossary: Glossary, settings: Settings,
                      approvals: dict[str, Approval] | None = None,
                      content_dir: Path | None = None,
                      cache: AnalysisCache | None = None,
                      tagger: Tagger | None = None) -> list[EasyReadVersion]:
    """The Easy Read version of every competence, in order.

    Rewritten per domain (explanations follow the first use in a domain), and cached
    per domain by its text, its approvals, the settings and the glossary, so an
    unchanged domain needs no spaCy at all.
    """
    if approvals is None:
        approvals = load_approvals(content_dir) if content_dir is not None else {}
    cache = cache or AnalysisCache.disabled()
    key = f"{REWRITE_VERSION}:{settings.fingerprint}:{glossary.fingerprint}"
    done: dict[int, list[EasyReadVersion]] = {}
    todo: list[tuple[Domain, str]] = []
    for domain in framework.domains:
        domain_key = _domain_key(domain, approvals)
        cached = cache.get(key, domain_key, False, decode=lambda data: _versions_from_json(domain, data["versions"]))
        if cached is not None:
            done[id(domain)] = cached
        else:
            todo.append((domain, domain_key))
    if todo:
        _rewrite_domains(todo, glossary, settings, approvals, done, tagger or Tagger(settings.model, glossary))
        for domain, domain_key in todo:
            cache.put(key, domain_key, False, {"versions": [_version_json(v) for v in done[id(domain)]]})
        cache.save()
    return [v for domain in framework.domains for v in done[id(domain)]]


def _rewrite_domains(todo: list[tuple[Domain, str]], glossary: Glossary, settings: Settings,
                     approvals: dict[str, Approval], done: dict[int, list[EasyReadVersion]],
                     tagger: Tagger) -> None:
    spans = [s for domain, _ in todo for c in domain.competences_in_order() for s in c.spans()]
    tagged = _Tagged({id(s): d for s, d in zip(spans, tagger.docs(s.text for s in spans))})
    fresh: list[EasyReadVersion] = []
    for domain, _ in todo:
        explained_in_domain = _explained_already(domain, glossary)
        versions = []
        for competence in domain.competences_in_order():
            approval = approval_for(approvals, competence)
            if approval is not None:
                version = _from_approval(competence, approval, glossary)
            else:
                version = rewrite_competence(competence, tagged, glossary, settings)
                _explain_next(version, glossary, explained_in_domain)
            explained_in_domain.update(version.explained)
            versions.append(version)
        done[id(domain)] = versions
        fresh.extend(versions)
    check_meaning(fresh, tagged, tagger, glossary)


def _explained_already(domain: Domain, glossary: Glossary) -> set[str]:
    """Glossary entries whose explanation the domain's text already holds (Easy Read
    text rewritten again): their explanation is not added a second time."""
    words = " ".join(re.findall(r"\w+", " ".join(s.text for c in domain.competences_in_order()
                                                  for s in c.spans()).casefold()))
    return {entry.id for entry in glossary.entries if entry.explanation
            and " ".join(re.findall(r"\w+", entry.explanation.casefold())) in words}


def _domain_key(domain: Domain, approvals: dict[str, Approval]) -> str:
    """Everything a domain's rewrite depends on besides settings and glossary (a file
    may hold several domains: its number tells them apart)."""
    source = next((c.text.source.text for c in domain.competences_in_order()), "")
    used = [repr(a) for c in domain.competences_in_order() if (a := approval_for(approvals, c)) is not None]
    return "\0".join([domain.path, domain.number, source, *used])


def _version_json(version: EasyReadVersion) -> dict[str, object]:
    return {"id": version.competence_id, "blocks": [[b.sentences, b.bullets] for b in version.blocks],
            "changes": [asdict(c) for c in version.changes], "origin": version.origin,
            "status": version.status, "explained": version.explained, "losses": version.losses,
            "picture": version.picture, "pictures": version.pictures}


def _versions_from_json(domain: Domain, items: list[dict]) -> list[EasyReadVersion]:
    competences = {c.id: c for c in domain.competences_in_order()}
    return [EasyReadVersion(competence=competences[item["id"]],
                            blocks=[EasyReadBlock(list(s), list(b)) for s, b in item["blocks"]],
                            changes=[Change(**c) for c in item["changes"]], origin=item["origin"],
                            status=item["status"], explained=list(item["explained"]),
                            losses=list(item["losses"]), picture=item["picture"],
                            pictures=list(item.get("pictures", [])))
            for item in items]


def rewrite_competence(competence: Competence, tagged: _Tagged, glossary: Glossary,
                       settings: Settings) -> EasyReadVersion:
    limit = settings.profile.max_sentence_words
    changes: list[Change] = []
    explained: list[str] = []
    statement = _rewrite_span(competence, competence.text, tagged, glossary, True, changes, explained)
    lead, then = lead_in(statement) if competence.points else (statement, None)
    first = EasyReadBlock(sentences_of(lead, limit))
    if then:
        first.sentences.append(then)
        _note(changes, competence, "lead-in", statement, " ".join(first.sentences))
    blocks = [first]
    _add_points(competence.points, blocks, competence, tagged, glossary, changes, explained, limit)
    return EasyReadVersion(competence=competence, blocks=blocks, changes=changes,
                           explained=_unique(explained))


def _add_points(points: list[Point], blocks: list[EasyReadBlock], competence: Competence,
                tagged: _Tagged, glossary: Glossary, changes: list[Change], explained: list[str],
                limit: int) -> None:
    """Sub-points become bullets of the last row, in source order. A sub-point that
    opens with a stem ("an ability to ...") gets the approved plain opening too. A sub-point with its
    own sub-points starts a new row (Easy Read avoids nested lists); the siblings after
    it continue in a row of their own, so nothing moves out of order."""
    for point in points:
        text = _rewrite_span(competence, point.text, tagged, glossary, True, changes, explained)
        if not point.points:
            blocks[-1].bullets.append(with_full_stop(capitalise(text)))
            continue
        _drop_empty_last(blocks)
        blocks.append(EasyReadBlock(sentences_of(text, limit)))
        _add_points(point.points, blocks, competence, tagged, glossary, changes, explained, limit)
        blocks.append(EasyReadBlock([]))
    _drop_empty_last(blocks)


def _drop_empty_last(blocks: list[EasyReadBlock]) -> None:
    if len(blocks) > 1 and not blocks[-1].sentences and not blocks[-1].bullets:
        blocks.pop()


def _rewrite_span(competence: Competence, span: Span, tagged: _Tagged, glossary: Glossary,
                  is_statement: bool, changes: list[Change], explained: list[str]) -> str:
    doc = tagged[span]
    edits = word_edits(span.text, doc, glossary, is_statement)
    for edit in edits:
        position = span.position_at(edit.start)
        changes.append(Change(edit.rule, span.text[edit.start:edit.end], edit.after, position.path,
                              position.line, position.column, competence.id))
        if edit.rule.startswith("explain."):
            explained.append(edit.rule.split(".", 1)[1])
    explained.extend(_already_explained(doc, glossary))
    if re.search(r"(\*\*|__|(?<!\w)[*_](?=\w))", span.markdown):
        _note(changes, competence, "emphasis", span.markdown, span.text, span)
    return apply_edits(span.text, edits)


def _already_explained(doc: "Doc", glossary: Glossary) -> list[str]:
    from .nlp import SPAN_KEY

    entries = {e.id: e for e in glossary.entries}
    return [m.label_ for m in doc.spans[SPAN_KEY]
            if entries[m.label_].explained and _already_bold(doc.text, m.start_char, m.end_char)]


def _note(changes: list[Change], competence: Competence, rule: str, before: str, after: str,
          span: Span | None = None) -> None:
    position = (span or competence.text).position
    changes.append(Change(rule, before, after, position.path, position.line, position.column,
                          competence.id))


def _explain_next(version: EasyReadVersion, glossary: Glossary, seen: set[str]) -> None:
    """First use of an explained word in a domain: its explanation is the next row."""
    for entry_id in version.explained:
        if entry_id in seen:
            continue
        entry = glossary.entry(entry_id)
        version.blocks.insert(1, EasyReadBlock(sentences_of(entry.explanation, 99)))
        _note(version.changes, version.competence, "explain-next", entry.terms[0], entry.explanation)
        seen.add(entry_id)


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _from_approval(competence: Competence, approval: Approval, glossary: Glossary) -> EasyReadVersion:
    status = "stale" if approval.is_stale(competence) else "approved"
    bold = {normalise_for_matching(w).lower() for w in re.findall(r"\*\*([^*]+)\*\*", approval.text)}
    explained = [e.id for e in glossary.entries
                 if e.explanation and any(t.lower() in bold for t in e.terms)]
    return EasyReadVersion(competence=competence, blocks=approval.blocks(), origin="editor",
                           status=status, explained=explained, picture=approval.picture,
                           pictures=approval.row_pictures())


# ---------------------------------------------------------------- meaning check


def content_lemmas(doc: "Doc") -> set[str]:
    return {t.lemma_.lower() for t in doc if t.pos_ in CONTENT_POS and t.is_alpha and not t.is_stop}


def check_meaning(versions: list[EasyReadVersion], tagged: _Tagged, tagger: Tagger,
                  glossary: Glossary) -> None:
    """List source content words (noun, verb, adjective, by lemma) missing from the output.

    Words an approved rewrite replaced are accounted for: the recorded changes, and
    for editor-written text the approved stems and glossary terms whose plain words
    the editor used. Anything else is a possible loss of meaning for an editor to see.
    """
    for version in versions:
        # the Easy Read sentences' Docs: the same the check of the Easy Read text reads (tagged once)
        output = tagger.docs(version.sentences())
        kept = {w for doc in output for w in content_lemmas(doc) | {t.lower_ for t in doc}}
        accounted = _accounted_words(version, " ".join(doc.text for doc in output).lower(), glossary)
        missing: list[str] = []
        for span in version.competence.spans():
            for token in tagged[span]:
                lemma = token.lemma_.lower()
                if (token.pos_ in CONTENT_POS and token.is_alpha and not token.is_stop
                        and lemma not in kept and token.lower_ not in kept
                        and token.lower_ not in accounted and lemma not in accounted):
                    missing.append(lemma)
        version.losses = _unique(missing)


def _accounted_words(version: EasyReadVersion, output: str, glossary: Glossary) -> set[str]:
    words = {w.lower() for change in version.changes for w in WORD.findall(change.before)}
    source = " ".join(span.text for span in version.competence.spans()).lower()
    for phrase in glossary.phrases:
        for literal in phrase.match:
            if phrase.applies and literal.lower() in source:
                words.update(w.lower() for w in WORD.findall(literal))
    for entry in glossary.entries:
        if entry.status == "approved" and entry.plain is not None and any(
                form.lower() in output for form in entry.plain.all_forms()):
            words.update(w.lower() for term in entry.terms for w in WORD.findall(term))
    return words


def rewrite_text(text: str, glossary: Glossary, nlp: "Language", limit: int = 15,
                 is_statement: bool = True) -> str:
    """Rewrite one piece of text (no sub-points): the unit the idempotence property tests."""
    doc = nlp(normalise_for_matching(text))
    edits = word_edits(text, doc, glossary, is_statement)
    return " ".join(sentences_of(apply_edits(text, edits), limit))


# ---------------------------------------------------------------- the rewritten document


def as_markdown(framework: Framework, versions: list[EasyReadVersion]) -> str:
    """The Easy Read text as Markdown in the source's structure (headings, then rows).

    Each competence starts with an ``<!-- id -->`` comment so an editor can find it
    and copy it into ``content/approved/``. A framework's competences are list items
    (its later rows indented paragraphs of the item), so the text reads back as a
    framework; a draft keeps its title and headings, and writes a paragraph as
    paragraphs and a list item as a list item, so the text can be checked and
    rewritten again.
    """
    by_id = {v.competence_id: v for v in versions}
    lines: list[str] = []
    for domain in framework.domains:
        for depth, heading in enumerate_headings(domain):
            if heading.number and (heading.position is not None or heading is domain):
                lines += [f"{'#' * min(heading.number.count('.') + 1, 3)} {heading.number} {heading.title}".rstrip(), ""]
            elif not heading.number and heading.title and heading.position is not None:
                lines += [f"{'#' * depth} {heading.title}", ""]
            for competence in heading.competences:
                lines += [f"<!-- {competence.id} -->", _competence_markdown(by_id[competence.id], domain), ""]
    return "\n".join(lines).rstrip() + "\n"


def enumerate_headings(domain: Domain) -> Iterable[tuple[int, "Heading"]]:
    """(Markdown heading level, heading): the domain 1, its sections 2, subsections 3."""
    yield 1, domain
    for section in domain.sections:
        yield 2, section
        for subsection in section.subsections:
            yield 3, subsection


def _competence_markdown(version: EasyReadVersion, domain: Domain) -> str:
    """A framework competence (or a draft's list item) as one list item, else its rows."""
    if not (domain.is_framework or version.competence.list_item):
        return version.markdown()
    out: list[str] = []
    for index, block in enumerate(version.blocks):
        if block.sentences:
            prefix = "- " if index == 0 else "\n  "
            out.append(prefix + " ".join(block.sentences))
        out.extend(f"  - {bullet}" for bullet in block.bullets)
    return "\n".join(out) if out else "- "


def as_framework(versions: list[EasyReadVersion], path: str = "<easy-read>") -> Framework:
    """The Easy Read text as a Framework, so the checker can score it like the source."""
    domains: dict[str, Domain] = {}
    for version in versions:
        source_domain = version.competence.text.source.path
        number = version.competence.heading.split(".")[0]   # a framework stays a framework
        domain = domains.setdefault(source_domain, Domain(number=number, title="", path=f"{path}:{source_domain}"))
        sentences = version.sentences()
        first = Span.plain(sentences[0] if sentences else "", path=domain.path)
        points = [Point(Span.plain(s, path=domain.path)) for s in sentences[1:]]
        domain.competences.append(Competence(id=version.competence_id, text=first, points=points,
                                             heading=version.competence.heading))
    return Framework(list(domains.values()))
