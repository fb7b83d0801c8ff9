"""Stage 3: turn each competence into Easy Read text, using only approved wording.

Easy Read is a translation, not a filter, so this stage only applies what an editor
approved (glossary ``approved`` + ``replace`` entries, approved phrases, the sentence
patterns in ``data/rewrite.yml``) and editor-written text from ``content/approved/``,
which always wins. Every change is recorded (rule, before, after, position), and a
meaning check lists source content words that did not survive.

Named transformations, in order:

- ``stem.*`` / ``wordy-phrase.*`` / glossary ``<rule>.<id>``: word-level edits, all
  found on the original text, then fitted to the sentence and applied together (a/an,
  capitals, plural and verb forms, the section's actor as the stem's subject). A stem
  is found where it reads as a stem: at the start, or after an opening clause;
- ``grammar.*``: the small edits a stem rewrite needs ("and to decide" -> "and decide");
- ``explain``: approved ``explain`` terms in **bold**; ``explain-next``: their
  explanation as the next row, at the first use in a domain, naming the word;
- ``emphasis``: the draft's own bold/italics dropped (Easy Read: bold only for explained words);
- ``lead-in``: "..., for example:" + sub-points -> a lead sentence and a bullet list,
  kept in one row (a list interrupted by a nested list goes on in a row that repeats its lead);
- ``split``, ``aside``, ``list``, ``active``: each sentence through the sentence
  simplifier (simplify.py, data/simplify.yml), recorded by family;
- ``full-stop`` / ``capital``: every sentence starts with a capital and ends with a full
  stop, except headings, salutations and sign-offs, which keep their form.

Never worse: every word-level edit passes the checks in ``data/rewrite.yml`` (names,
acronyms spelled out, doubled words, agreement, mass nouns, clashes) or is not made;
a refused edit is listed for an editor in ``EasyReadVersion.needs_editor``.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Iterator


from . import grammar
from .approvals import Approval, approval_for, load_approvals
from .yamlio import package_data
from .cache import AnalysisCache, code_fingerprint
from .errors import InputError, Msg
from .glossary import Entry, Glossary, inflections
from .model import (Change, Competence, Domain, EasyReadBlock, EasyReadVersion, EditorNote, Framework,
                    Heading, Point, Span)
from .text import normalise_for_matching
from .settings import Settings
from .tagging import Parser, Tagger

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Token

REWRITE_VERSION = "rewrite-4"   # bump when a change gives other text: cached rewrites are keyed by it
# ... and by these files, so a changed rule or simplifier never reuses an old rewrite either.
REWRITE_FILES = ("rewrite.py", "simplify.py", "grammar.py", "text.py", "data/rewrite.yml", "data/simplify.yml")
CONTENT_POS = {"NOUN", "VERB", "ADJ"}
WORD = re.compile(r"[A-Za-z]+")
BOLD_PAIR = re.compile(r"(?<!\*)\*\*([^*\s](?:[^*]*[^*\s])?)\*\*(?!\*)")
FORM_BY_TAG = {"NNS": "plural", "NNPS": "plural", "VBD": "past", "VBN": "participle", "VBG": "ing",
               "VBZ": "third"}
MAX_ROUNDS = 3   # word-level passes until nothing changes (see _Rewriter.words)


# ---------------------------------------------------------------- data


@dataclass(frozen=True)
class Actor:
    """Who does the work of a section: the subject a stem rewrite gets."""

    subject: str
    number: str = "plural"

    @property
    def singular(self) -> bool:
        return self.number == "singular"


@dataclass(frozen=True)
class Patterns:
    """The approved sentence patterns and grammar checks of data/rewrite.yml."""

    lead_ins: tuple[tuple[str, str], ...]
    default_actor: Actor
    modals: frozenset[str]
    stem_openers: tuple[str, ...]
    coordinated_stems: tuple[tuple[str, str, str], ...]   # (match, then after "can", then after "know ...")
    checks: frozenset[str]
    name_joiners: frozenset[str]
    doubled_window: int
    mass_words: frozenset[str]
    head_ends_before: tuple[str, ...]
    quantifiers: tuple[str, ...]
    salutation: re.Pattern[str]
    sign_off: re.Pattern[str]
    reference: re.Pattern[str]
    line_max_words: int
    explanation_pointers: frozenset[str]


def rewrite_data() -> dict:
    """data/rewrite.yml as read (the examples test reads it too)."""
    return package_data("data/rewrite.yml")


@lru_cache(maxsize=1)
def patterns() -> Patterns:
    data = rewrite_data()
    checks = {check["id"]: check for check in data["checks"]}
    mass = data["mass_nouns"]
    return Patterns(
        lead_ins=tuple((p["ending"], p["then"]) for p in data["lead_ins"]),
        default_actor=Actor(**data["actors"]["default"]),
        modals=frozenset(data["actors"]["modals"]),
        stem_openers=tuple(sorted(data["stem_openers"], key=len, reverse=True)),
        coordinated_stems=tuple((c["match"], c["then"], c.get("then_without_modal", ""))
                                for c in data["coordinated_stems"]),
        checks=frozenset(checks),
        name_joiners=frozenset(checks["name"]["joiners"]),
        doubled_window=int(checks["doubled-word"]["window"]),
        mass_words=frozenset(mass["words"]),
        head_ends_before=tuple(mass["head_ends_before"]),
        quantifiers=tuple(sorted(mass["quantifiers"], key=len, reverse=True)),
        salutation=re.compile(data["letter_parts"]["salutation"]),
        sign_off=re.compile(data["letter_parts"]["sign_off"], re.IGNORECASE),
        reference=re.compile(data["letter_parts"]["reference"], re.IGNORECASE),
        line_max_words=int(data["letter_parts"]["line_max_words"]),
        explanation_pointers=frozenset(data["explanation_pointers"]))


# ---------------------------------------------------------------- word-level edits


@dataclass(frozen=True)
class Edit:
    """Replace ``text[start:end]`` by ``after``, because of ``rule``.

    ``also`` are more (start, end, after) ranges that go with it: the article a mass
    noun drops, the verb a singular subject fits. ``kind`` says where it came from
    (stem, wordy, glossary, explain, emphasis, fix); a glossary edit keeps its
    ``entry`` and matched ``tokens`` so the checks can look at its sentence.
    """

    start: int
    end: int
    after: str
    rule: str
    also: tuple[tuple[int, int, str], ...] = ()
    kind: str = ""
    entry: str = ""
    tokens: tuple[int, int] = (0, 0)

    def ranges(self) -> tuple[tuple[int, int, str], ...]:
        return ((self.start, self.end, self.after), *self.also)


@dataclass(frozen=True)
class Refused:
    """An edit a check refused: the words stay as written and an editor is told why."""

    edit: Edit
    check: str
    reason: str


@dataclass
class EditContext:
    """What the checks need to judge an edit: the tagged text, the parse on demand, the actor."""

    doc: "Doc"
    glossary: Glossary
    is_statement: bool
    actor: Actor | None = None
    parser: Callable[[str], "Doc | None"] | None = None
    after_modal: bool = False   # a sub-point of a lead that ends in a modal stem ("... can decide:")
    _parsed: "Doc | None" = field(default=None, repr=False)
    _parse_tried: bool = field(default=False, repr=False)

    @property
    def text(self) -> str:
        return self.doc.text

    def parsed(self) -> "Doc | None":
        """The dependency parse of the same text (token for token), or None if there is none."""
        if not self._parse_tried:
            self._parse_tried = True
            parsed = self.parser(self.doc.text) if self.parser is not None else None
            if parsed is not None and [t.text for t in parsed] == [t.text for t in self.doc]:
                self._parsed = parsed
        return self._parsed


def word_edits(text: str, doc: "Doc", glossary: Glossary, is_statement: bool,
               actor: Actor | None = None, parser: Callable[[str], "Doc | None"] | None = None,
               after_modal: bool = False) -> tuple[list[Edit], list[Refused]]:
    """Every approved word-level edit in ``text`` (``doc`` is its tagged, normalised copy),
    and the edits a check refused.

    Found on the original text so positions point into the source; longer and earlier
    edits win where they overlap. Each glossary edit is then fitted to its sentence
    (form, article, agreement) or refused.
    """
    ctx = EditContext(doc, glossary, is_statement, actor, parser, after_modal)
    candidates = [*_phrase_edits(ctx), *_glossary_candidates(ctx), *_stray_bold(doc.text, glossary)]
    kept: list[Edit] = []
    refused: list[Refused] = []
    for edit in _longest_first(candidates):
        fitted = _fit(edit, ctx) if edit.kind == "glossary" else edit
        (refused if isinstance(fitted, Refused) else kept).append(fitted)
    _fit_quantifiers(kept, refused, ctx)
    _stem_follow_ups(kept, refused, ctx)
    return _without_clashes(kept, refused), refused


def _longest_first(edits: list[Edit]) -> list[Edit]:
    chosen: list[Edit] = []
    for edit in sorted(edits, key=lambda e: (e.start, -(e.end - e.start))):
        if all(edit.end <= c.start or edit.start >= c.end for c in chosen):
            chosen.append(edit)
    return chosen


def _without_clashes(kept: list[Edit], refused: list[Refused]) -> list[Edit]:
    """Edits whose ranges (with their articles and verbs) overlap: the first wins, the other is refused."""
    taken: list[tuple[int, int]] = []
    result: list[Edit] = []
    for edit in sorted(kept, key=lambda e: (e.start, -(e.end - e.start))):
        ranges = [(s, e) for s, e, _ in edit.ranges()]
        if any(s < te and ts < e or (s == e == ts) for s, e in ranges for ts, te in taken):
            refused.append(Refused(edit, "clash", "another change needs the same words"))
            continue
        taken.extend(ranges)
        result.append(edit)
    return result


# -- phrases and stems


def _phrase_edits(ctx: EditContext) -> Iterable[Edit]:
    """Approved phrases, found case-insensitively in the text itself (never in a
    lower-cased copy: "Straße".casefold() is one letter longer, and every place after
    it would be off by one)."""
    text = ctx.text
    for phrase in ctx.glossary.phrases:
        if not phrase.applies:
            continue
        for literal in phrase.match:
            if phrase.kind == "stem":
                if ctx.is_statement:
                    for start, end, at_start in _stem_places(text, literal):
                        yield Edit(start, end, _stem_words(phrase.replace, ctx.actor, at_start),
                                   phrase.rule, kind="stem")
                continue
            for match in re.finditer(re.escape(literal), text, re.IGNORECASE):
                if _boundary(text, match.end()) and (match.start() == 0
                                                     or not text[match.start() - 1].isalnum()):
                    yield Edit(match.start(), match.end(), phrase.replace, phrase.rule, kind="wordy")


def _stem_places(text: str, literal: str) -> Iterator[tuple[int, int, bool]]:
    """Where a stem reads as a stem: at the start (even after spaces or stray asterisks,
    removed too), or right after an opening clause ("Where neglect is suspected, an ability to")."""
    escaped = re.escape(literal)
    start = re.compile(r"[\s*]*" + escaped, re.IGNORECASE).match(text)
    if start and _boundary(text, start.end()):
        yield 0, start.end(), True
        return
    for found in re.finditer(r",\s+(" + escaped + ")", text, re.IGNORECASE):
        opening = text[:found.start()].lstrip(" *")
        if _boundary(text, found.end()) and grammar.starts_with_any(opening, patterns().stem_openers):
            yield found.start(1), found.end(), False
            return


def _stem_words(words: str, actor: Actor | None, at_start: bool) -> str:
    """The stem's approved rewrite with the section's actor as its subject, its verb
    fitted to a singular actor ("The organisation knows that"), lower case mid-sentence."""
    default = patterns().default_actor
    if actor is not None and actor != default and words.lower().startswith(default.subject.lower() + " "):
        rest = words[len(default.subject) + 1:]
        verb, _, tail = rest.partition(" ")
        if actor.singular and not default.singular and verb.lower() not in patterns().modals:
            rest = f"{grammar.third_person(verb)} {tail}".strip()
        words = f"{actor.subject} {rest}"
    if at_start or grammar.is_acronym(words.split(" ", 1)[0]):
        return words
    return words[:1].lower() + words[1:]


def _boundary(text: str, index: int) -> bool:
    return index >= len(text) or not text[index].isalnum()


def _stem_follow_ups(kept: list[Edit], refused: list[Refused], ctx: EditContext) -> None:
    """After "... can": "and the ability to seek" -> "and seek", "and to decide" -> "and decide".

    A bullet that starts with a verb ("continue working and to maintain ...") or that
    goes on from a lead ending in a modal stem ("can decide: when ... and to discuss")
    reads the same way. After a stem that does not end in a modal ("know that"), a
    second stem is listed for an editor.
    """
    stems = sorted((e for e in kept if e.kind == "stem"), key=lambda e: e.start)
    if stems:
        stem_end = stems[0].end
        modal = stems[0].after.split()[-1].lower() in patterns().modals
    elif ctx.is_statement and (ctx.after_modal or _starts_with_bare_verb(ctx.doc)):
        stem_end, modal = 0, True
    else:
        return
    end = _sentence_end(ctx.doc, stem_end)
    if stems:
        kept_or_refused = _coordinated_stems(ctx.text, stem_end, end, modal, stems[0].after)
        kept.extend(e for e in kept_or_refused if isinstance(e, Edit))
        refused.extend(r for r in kept_or_refused if isinstance(r, Refused))
    if modal:
        kept.extend(_infinitives_after_and(ctx.doc, stem_end, end))
    elif stems:
        kept.extend(_stem_infinitives_after_and(ctx.doc, stem_end, end))


def _coordinated_stems(text: str, start: int, end: int, modal: bool, stem: str) -> list[Edit | Refused]:
    found: list[Edit | Refused] = []
    for literal, then, then_without_modal in patterns().coordinated_stems:
        for match in re.finditer(r"(?<!\w)" + re.escape(literal) + r"(?!\w)", text[start:end], re.IGNORECASE):
            after = then if modal else then_without_modal
            edit = Edit(start + match.start(), start + match.end(), after or then, "grammar.coordinated-stem", kind="fix")
            found.append(edit if after else Refused(
                edit, "coordinated-stem", f"after '{stem}' a second 'ability' needs rewording by hand"))
    return found


def _infinitives_after_and(doc: "Doc", start: int, end: int) -> Iterator[Edit]:
    """"and to (actively) respond" -> "and (actively) respond"."""
    for token in doc:
        if start <= token.idx < end and token.lower_ in ("and", "or") and token.i + 2 < len(doc):
            to = doc[token.i + 1]
            verb = next((t for t in doc[to.i + 1:to.i + 4] if t.tag_ != "RB"), None)
            if to.lower_ == "to" and to.tag_ == "TO" and verb is not None and verb.tag_ == "VB":
                yield Edit(to.idx, doc[to.i + 1].idx, "", "grammar.infinitive-after-and", kind="fix")


def _stem_infinitives_after_and(doc: "Doc", start: int, end: int) -> Iterator[Edit]:
    """After a stem with no modal ("know about"): "... and to help" -> "... and can help",
    where no infinitive comes before it that the "to" could go on from. "An ability to
    draw on knowledge of X and to help" holds two abilities; "know that people want to
    work and to rest" holds one, and keeps its "to"."""
    for token in doc:
        if not (start <= token.idx < end and token.lower_ == "and" and token.i + 2 < len(doc)):
            continue
        to, verb = doc[token.i + 1], doc[token.i + 2]
        before = doc[doc.char_span(start, token.idx, alignment_mode="expand").start:token.i] if token.idx > start else []
        if (to.lower_ == "to" and to.tag_ == "TO" and verb.tag_ == "VB"
                and not any(t.tag_ == "TO" or t.lower_ in ("to", "how") for t in before)):
            yield Edit(to.idx, verb.idx, "can ", "grammar.can-after-and", kind="fix")


def _starts_with_bare_verb(doc: "Doc") -> bool:
    first = next((t for t in doc if t.is_alpha), None)
    return first is not None and first.tag_ == "VB"


def _sentence_end(doc: "Doc", index: int) -> int:
    for sentence in doc.sents:
        if sentence.start_char <= index < sentence.end_char or index == 0:
            return sentence.end_char
    return len(doc.text)


# -- glossary entries


def _glossary_candidates(ctx: EditContext) -> Iterable[Edit]:
    from .nlp import SPAN_KEY

    doc = ctx.doc
    entries = {e.id: e for e in ctx.glossary.entries}
    for match in doc.spans[SPAN_KEY]:
        entry = entries[match.label_]
        if entry.applies:
            assert entry.plain is not None
            yield Edit(match.start_char, match.end_char, entry.plain.base, entry.rule, kind="glossary",
                       entry=entry.id, tokens=(match.start, match.end))
        elif entry.explained and not _already_bold(doc.text, match.start_char, match.end_char):
            yield Edit(match.start_char, match.end_char, f"**{match.text}**", f"explain.{entry.id}",
                       kind="explain")


def _fit(edit: Edit, ctx: EditContext) -> Edit | Refused:
    """The plain words in the right form, with capitals and a/an fitted, or the check that refuses them."""
    entry = ctx.glossary.entry(edit.entry)
    assert entry.plain is not None
    doc, (start, end) = ctx.doc, edit.tokens
    written = doc[start:end].text
    refusal = _refusal(edit, entry, ctx)
    if refusal is not None:
        return refusal
    form = _form_for(doc[end - 1], written, entry)
    mass = is_mass(entry)
    also: tuple[tuple[int, int, str], ...] = ()
    if form == "plural" and mass and not _countable_plural(entry):
        verbs = _singular_verbs(ctx, doc[end - 1])
        if isinstance(verbs, str):
            return Refused(edit, "agreement", verbs)
        also, form = verbs, "base"
    after = entry.plain.form(form)
    if _capital_needed(doc, start, written):
        after = after[:1].upper() + after[1:]
    repeated = grammar.repeats_nearby(doc, start, end, grammar.head_word(after, patterns().head_ends_before),
                                      patterns().doubled_window)
    if repeated:
        return Refused(replace(edit, after=after), "doubled-word", f"it would repeat '{repeated}' next to it")
    return _with_article(replace(edit, after=after, also=also), ctx, mass and form == "base")


def _refusal(edit: Edit, entry: Entry, ctx: EditContext) -> Refused | None:
    """The checks that need no fitting: names, acronyms the draft already spells out, and
    a word used as another word class than the entry's ("demanding" for the noun "demand")."""
    start, end = edit.tokens
    name = _name_around(ctx.doc, start, end)
    if name:
        return Refused(edit, "name", f"it is part of the name '{name}'")
    assert entry.plain is not None
    if entry.category == "acronym" and grammar.spelled_out(ctx.text, entry.plain.base):
        return Refused(edit, "spelled-out", f"the draft already spells out '{entry.plain.base}' here")
    written = ctx.doc[start:end].text
    if not _verb_entry(entry) and written.lower() not in grammar.noun_forms(entry.terms):
        return Refused(edit, "word-class", f"'{written}' is not the word '{entry.terms[0]}' that the plain words replace")
    return None


def _verb_entry(entry: Entry) -> bool:
    """The plain words have verb forms (past, -ing, third person): the entry is for a verb."""
    assert entry.plain is not None
    return bool(entry.plain.past or entry.plain.ing or entry.plain.third)


def _name_around(doc: "Doc", start: int, end: int) -> str:
    """The name tokens ``start:end`` sit in: a name span the glossary component marked
    (``doc.spans["names"]``), or a run of capitalised words; never a run of acronyms only."""
    if "names" in doc.spans:
        for name in doc.spans["names"]:   # a run of acronyms only ("MH PSWs") is shorthand, not a name
            if name.start <= start and end <= name.end and not all(grammar.is_acronym(t.text) for t in name):
                return name.text
    if grammar.in_name(doc, start, end, patterns().name_joiners):
        first, last = start, end
        while first > 0 and (doc[first - 1].text[:1].isupper() or doc[first - 1].lower_ in patterns().name_joiners):
            first -= 1
        while last < len(doc) and (doc[last].text[:1].isupper() or doc[last].lower_ in patterns().name_joiners):
            last += 1
        while doc[first].lower_ in patterns().name_joiners:
            first += 1
        while doc[last - 1].lower_ in patterns().name_joiners:
            last -= 1
        return doc[first:last].text
    return ""


def is_mass(entry: Entry) -> bool:
    """The plain wording's head noun is a mass noun (data/rewrite.yml mass_nouns)."""
    assert entry.plain is not None
    return grammar.head_word(entry.plain.base, patterns().head_ends_before) in patterns().mass_words


def _countable_plural(entry: Entry) -> bool:
    """The glossary gives a plural of its own ("kinds of support"), so a plural stays plural."""
    assert entry.plain is not None
    return bool(entry.plain.plural) and entry.plain.plural != entry.plain.base


def _form_for(last: "Token", written: str, entry: Entry) -> str:
    """Which plain form fits: an acronym's number is in its spelling ("PSWs"), a word's in its tag.

    A noun's plain words (no verb forms) take no verb form even where the tagger reads
    the noun as a verb ("knowledge that interventions ..." is tagged VBZ).
    """
    if grammar.is_acronym(written):
        return "plural" if written.endswith("s") else "base"
    assert entry.plain is not None
    if not _verb_entry(entry):
        plural = last.tag_ in ("NNS", "NNPS") or (last.tag_ == "VBZ" and written.lower().endswith("s"))
        return "plural" if plural else "base"
    return FORM_BY_TAG.get(last.tag_, "base")


def _capital_needed(doc: "Doc", start: int, written: str) -> bool:
    """A capital only where a sentence starts: "MH PSWs give" -> "MH peer support workers give"."""
    return written[:1].isupper() and (doc[start].is_sent_start or _sentence_start(doc, start))


def _sentence_start(doc: "Doc", index: int) -> bool:
    return index == 0 or doc[index - 1].text in (".", "!", "?", ":")


def _singular_verbs(ctx: EditContext, noun: "Token") -> tuple[tuple[int, int, str], ...] | str:
    """The verbs a noun made singular must fit ("are" -> "is"), or why that cannot be done."""
    parsed = ctx.parsed()
    if parsed is None:
        return f"'{noun.text}' would become singular and its verb could not be checked"
    token = parsed[noun.i]
    determiner = grammar.plural_determiner(token)
    if determiner:
        return f"'{determiner} {noun.text}' needs a plural, and the plain words have none"
    verbs = grammar.verbs_agreeing_with(token)
    if verbs is None:
        return f"'{noun.text}' would become singular and its verb could not be found"
    pronoun = grammar.plural_pronoun_after(token)
    if pronoun:
        return f"'{pronoun}' later in the sentence may mean '{noun.text}', which would become singular"
    return tuple((v.idx, v.idx + len(v.text), grammar.fit_singular(v)) for v in verbs)


def _with_article(edit: Edit, ctx: EditContext, mass: bool) -> Edit:
    """'a'/'an' fitted to the new words, or dropped before a mass noun ("an intervention" -> "support")."""
    doc, start = ctx.doc, edit.tokens[0]
    article = _article_of(doc, start)
    if article is None:
        return edit
    if mass:
        after = edit.after
        if article.text[:1].isupper():
            after = after[:1].upper() + after[1:]
        if article.i == start - 1:
            return replace(edit, start=article.idx, after=after)
        return replace(edit, also=(*edit.also, (article.idx, doc[article.i + 1].idx, "")))
    if article.i != start - 1:
        return edit
    fitted = grammar.article_for(edit.after)
    fitted = fitted.capitalize() if article.text[:1].isupper() else fitted
    return replace(edit, start=article.idx, after=f"{fitted} {edit.after}")


def _article_of(doc: "Doc", start: int) -> "Token | None":
    """The 'a'/'an' before the match, directly or across adjectives ("an appropriate ...")."""
    index = start - 1
    while index >= 0 and doc[index].pos_ in ("ADJ", "ADV") and index > start - 4:
        index -= 1
    if index >= 0 and doc[index].lower_ in ("a", "an"):
        return doc[index]
    return None


def _fit_quantifiers(kept: list[Edit], refused: list[Refused], ctx: EditContext) -> None:
    """'too much' needs a mass noun: the noun's own rewrite is made singular, or the edit is refused."""
    for edit in [e for e in kept if e.kind == "glossary"]:
        entry = ctx.glossary.entry(edit.entry)
        assert entry.plain is not None
        words = entry.plain.base.lower()
        quantifier = next((q for q in patterns().quantifiers if words == q or words.startswith(q + " ")), None)
        if quantifier is None:
            continue
        problem = _quantifier_problem(edit, quantifier, kept, ctx)
        if problem:
            kept.remove(edit)
            refused.append(Refused(edit, "mass-quantifier", problem))


def _quantifier_problem(edit: Edit, quantifier: str, kept: list[Edit], ctx: EditContext) -> str:
    doc, (start, end) = ctx.doc, edit.tokens
    if start > 0 and doc[start - 1].lower_ in ("a", "an"):
        return f"'{quantifier}' cannot follow '{doc[start - 1].text}'"
    noun = _noun_after(doc, end)
    if noun is None or noun.tag_ not in ("NNS", "NNPS"):
        return ""
    covering = next((e for e in kept if e.kind == "glossary" and e.tokens[0] <= noun.i < e.tokens[1]), None)
    entry = ctx.glossary.entry(covering.entry) if covering else None
    if covering is None or entry is None or not is_mass(entry):
        return f"'{quantifier}' cannot go before the plural '{noun.text}'"
    verbs = _singular_verbs(ctx, noun)
    if isinstance(verbs, str):
        return verbs
    assert entry.plain is not None
    kept[kept.index(covering)] = replace(covering, after=entry.plain.base, also=verbs)
    return ""


def _noun_after(doc: "Doc", index: int) -> "Token | None":
    for token in doc[index:]:
        if token.pos_ in ("ADJ", "ADV") or token.lower_ in ("and", ",", "-"):
            continue
        return token if token.pos_ in ("NOUN", "PROPN") else None
    return None


# -- the draft's own emphasis


def _stray_bold(text: str, glossary: Glossary) -> Iterable[Edit]:
    """Remove every asterisk the draft left in its text (an unclosed bold, a footnote mark).

    Easy Read is bold only for explained words; a stray '**' or '*' would pair with
    theirs and bold the wrong words. A pair around an explained word ("**co-production**",
    the rewrite's own when text is rewritten again) stays. Decided on the text alone,
    not on spaCy's match, which the asterisks themselves can change.
    """
    terms = [t.casefold() for e in glossary.entries if e.explained for t in e.terms]
    forms = {form.casefold() for e in glossary.entries if e.explained for t in e.terms for form in inflections(t)}
    kept: set[int] = set()
    for pair in BOLD_PAIR.finditer(text):
        word = pair.group(1).casefold()
        if word in forms or any(word.startswith(term) and len(word) - len(term) <= 2 for term in terms):
            kept.update((pair.start(), pair.end() - 2))   # "**boundaries**" for "boundary" too
    for found in re.finditer(r"\*+", text):
        if not (found.end() - found.start() == 2 and found.start() in kept):
            yield Edit(found.start(), found.end(), "", "emphasis", kind="emphasis")


def _already_bold(text: str, start: int, end: int) -> bool:
    return text[max(0, start - 2):start] == "**" and text[end:end + 2] == "**"


def apply_edits(text: str, edits: list[Edit]) -> str:
    pieces = sorted((r for edit in edits for r in edit.ranges()), key=lambda r: -r[0])
    for start, end, after in pieces:
        text = text[:start] + after + text[end:]
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


def lead_in(statement: str) -> tuple[str, str | None]:
    """'..., for example:' -> ('... .', 'For example:'); None when no pattern fits."""
    lowered = statement.lower()
    for ending, then in patterns().lead_ins:
        if lowered.endswith(ending):
            lead = statement[: len(statement) - len(ending)].rstrip(" ,")
            return with_full_stop(lead), then
    return statement, None


def split_sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+(?=[A-Z*])", text) if s.strip()]


# ---------------------------------------------------------------- the sentence simplifier


def simplifier() -> Callable:
    """simplify.simplify_sentence (imported when first used; the tests can stand another in)."""
    from .simplify import simplify_sentence

    return simplify_sentence


def protected_ranges(sentence: str) -> list[tuple[int, int]]:
    """What simplify must keep whole: explained words in bold and runs of capitalised words (names)."""
    ranges = [(m.start(), m.end()) for m in BOLD_PAIR.finditer(sentence)]
    joiners = "|".join(sorted(re.escape(j) for j in patterns().name_joiners))
    name = re.compile(rf"(?<!^)\b[A-Z][\w'-]*(?:\s+(?:(?:{joiners})\s+)?[A-Z][\w'-]*)+")
    ranges.extend((m.start(), m.end()) for m in name.finditer(sentence))
    return sorted(ranges)


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
    key = f"{code_fingerprint(REWRITE_VERSION, REWRITE_FILES)}:{settings.fingerprint}:{glossary.fingerprint}"
    done: dict[int, list[EasyReadVersion]] = {}
    todo: list[tuple[Domain, str]] = []
    for domain in framework.domains:
        actors_of(domain)   # a mistake in the actors is an error even when the rewrite is cached
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
    parser = Parser(tagger)   # parses only what asks for one: agreement checks, sentences to simplify
    fresh: list[EasyReadVersion] = []
    for domain, _ in todo:
        actors = actors_of(domain)
        explained_in_domain = _explained_already(domain, glossary)
        versions = []
        for competence in domain.competences_in_order():
            approval = approval_for(approvals, competence)
            if approval is not None:
                version = _from_approval(competence, approval, glossary)
            else:
                rewriter = _Rewriter(competence, tagged, glossary, settings.profile.max_sentence_words, tagger.doc,
                                     parser, actor_for(competence, actors) if domain.is_framework else None)
                kind = paragraph_kind(domain, competence, tagged[competence.text])
                version = rewriter.version(kind)
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
            "picture": version.picture, "pictures": version.pictures,
            "needs_editor": [asdict(n) for n in version.needs_editor], "kind": version.kind}


def _versions_from_json(domain: Domain, items: list[dict]) -> list[EasyReadVersion]:
    competences = {c.id: c for c in domain.competences_in_order()}
    return [EasyReadVersion(competence=competences[item["id"]],
                            blocks=[EasyReadBlock(list(s), list(b)) for s, b in item["blocks"]],
                            changes=[Change(**c) for c in item["changes"]], origin=item["origin"],
                            status=item["status"], explained=list(item["explained"]),
                            losses=list(item["losses"]), picture=item["picture"],
                            pictures=list(item.get("pictures", [])),
                            needs_editor=[EditorNote(**n) for n in item["needs_editor"]],
                            kind=item["kind"])
            for item in items]


# -- the actor of a section


def actors_of(domain: Domain) -> dict[str, Actor]:
    """The front matter's ``actors:`` map (heading number -> who does the work), checked."""
    raw = domain.front_matter.get("actors")
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise _actors_error(domain, "it must be a map from heading numbers to actors")
    numbers = {h.number for h in domain.headings() if h.number}
    actors: dict[str, Actor] = {}
    for key, value in raw.items():
        number = str(key)
        if number not in numbers:
            raise _actors_error(domain, f"{number!r} is not a heading number in this file")
        if (not isinstance(value, dict) or set(value) - {"subject", "number"}
                or not isinstance(value.get("subject"), str) or not value["subject"].strip()
                or value.get("number", "plural") not in ("singular", "plural")):
            raise _actors_error(domain, f"{number!r} needs a subject and a number (singular or plural)")
        actors[number] = Actor(" ".join(value["subject"].split()), value.get("number", "plural"))
    return actors


def _actors_error(domain: Domain, problem: str) -> InputError:
    source = next((c.text.source.text for c in domain.competences_in_order()), "")
    line = next((n for n, text in enumerate(source.split("\n"), 1) if text.startswith("actors:")), None)
    return InputError(Msg.E092.format(problem=problem), path=domain.path, line=line)


def actor_for(competence: Competence, actors: dict[str, Actor]) -> Actor:
    """The actor of the nearest heading above the competence that names one, else the default."""
    heading = competence.heading
    found = [n for n in actors if heading == n or heading.startswith(n + ".")]
    return actors[max(found, key=len)] if found else patterns().default_actor


# -- what kind of paragraph


def paragraph_kind(domain: Domain, competence: Competence, doc: "Doc") -> str:
    """'letter' for a part of a letter kept as written, else 'text'. (A plain-text draft's
    headings are found by content.py and are headings of the model, not paragraphs.)"""
    if domain.is_framework or competence.points:
        return "text"
    lines = _source_lines(competence.text)
    if not lines:
        return "text"
    data = patterns()
    if data.salutation.match(lines[0]) and len(lines) == 1 or data.sign_off.match(lines[0]) \
            or data.reference.match(lines[0]):
        return "letter"
    if Path(domain.path).suffix.lower() != ".txt":
        return "text"
    return "letter" if _reads_as_lines(lines, doc) else "text"


def _source_lines(span: Span) -> list[str]:
    if not span.text:
        return []
    raw = span.source.text[span.offsets[0]:span.offsets[len(span.text)]]
    return [line.strip() for line in raw.splitlines() if line.strip()]


def _reads_as_lines(lines: list[str], doc: "Doc") -> bool:
    """Short lines with no closing punctuation and no verb: a letterhead, an address, a date, a name."""
    short = all(len(line.split()) <= patterns().line_max_words and not line.endswith((".", "!", "?"))
                for line in lines)
    return short and not any(token.pos_ in ("VERB", "AUX") for token in doc)


# -- one competence


@dataclass
class _Rewriter:
    """Everything the rewrite of one competence needs, and what it records on the way."""

    competence: Competence
    tagged: _Tagged
    glossary: Glossary
    limit: int
    tag: Callable[[str], "Doc"]   # the run's Tagger: a text's tagged Doc (each text tagged once)
    parser: "Parser"             # the run's dependency parses (agreement checks and the simplifier)
    actor: Actor | None = None
    changes: list[Change] = field(default_factory=list)
    explained: list[str] = field(default_factory=list)
    notes: list[EditorNote] = field(default_factory=list)
    after_modal: bool = False   # the statement's stem ends in a modal: its sub-points go on from it
    stem: str = ""              # the statement's stem as rewritten ("Supervisors can")

    def version(self, kind: str = "text") -> EasyReadVersion:
        if kind == "letter":
            blocks = [EasyReadBlock(_source_lines(self.competence.text))]
        else:
            blocks = self.blocks()
        return EasyReadVersion(competence=self.competence, blocks=blocks, changes=self.changes,
                               explained=_unique(self.explained), needs_editor=self.notes, kind=kind)

    def blocks(self) -> list[EasyReadBlock]:
        competence = self.competence
        statement = self.words(competence.text, True)
        self.after_modal = self.stem.lower().rsplit(" ", 1)[-1] in patterns().modals
        lead, then = lead_in(statement) if competence.points else (statement, None)
        blocks = self.statement_blocks(lead)
        if then:
            blocks[-1].sentences.append(then)
            self.note("lead-in", statement, " ".join(blocks[-1].sentences))
        if competence.points and blocks[-1].bullets:   # the statement's own list: the points get a row
            blocks.append(EasyReadBlock(list(blocks[-1].sentences)))
        self.add_points(competence.points, blocks, list(blocks[-1].sentences))
        return blocks

    def statement_blocks(self, text: str) -> list[EasyReadBlock]:
        """The statement's sentences, each through the sentence simplifier (simplify.py):
        its sentences, an inline list as bullets, and what it refused for an editor."""
        blocks = [EasyReadBlock([])]
        for sentence in split_sentences(text):
            outcome = self.simplify(sentence)
            if blocks[-1].bullets:
                blocks.append(EasyReadBlock([]))
            blocks[-1].sentences.extend(with_full_stop(capitalise(s)) for s in outcome.sentences)
            blocks[-1].bullets.extend(with_full_stop(capitalise(b)) for b in outcome.bullets)
        return blocks

    def sentences(self, text: str) -> list[str]:
        """A bullet's or a nested point's sentences, through the simplifier too; a sentence
        it would turn into a list stays whole (a bullet holds no list)."""
        result: list[str] = []
        for sentence in split_sentences(text):
            outcome = self.simplify(sentence)
            result.extend(outcome.sentences if not outcome.bullets else [sentence])
        return [with_full_stop(capitalise(s)) for s in result]

    def simplify(self, sentence: str):
        """simplify.py's outcome for one sentence; what it did is a change (counted by its
        family: "split", "aside", ...) and what it refused is listed for an editor.

        The sentence goes in with the capital and full stop it will have (spaCy parses
        "exploring ..." and "Exploring ...", or a sentence with and without its full
        stop, differently), so rewriting the output again changes nothing."""
        sentence = with_full_stop(capitalise(sentence))
        outcome = simplifier()(sentence, nlp=self.parser, limit=self.limit,
                               subject=self.actor.subject if self.actor else None,
                               protected=protected_ranges(sentence))
        for rule in outcome.applied:
            self.note(rule.split(".")[0], sentence, " ".join(outcome.sentences))
        for refusal in outcome.refused:
            self.refuse(Refused(Edit(0, 0, "", refusal.transformation), refusal.transformation,
                                refusal.reason), self.competence.text, sentence, [])
        return outcome

    def add_points(self, points: list[Point], blocks: list[EasyReadBlock], lead: list[str]) -> None:
        """Sub-points become bullets of the row that leads into them, in source order.

        A sub-point with sub-points of its own joins the lead's row when that row has no
        bullets yet, else starts a row that repeats the lead; its own sub-points are its
        bullets. Siblings after it go on in a row that repeats the lead again, so a
        lead-in never loses its list (Easy Read avoids nested lists).
        """
        for index, point in enumerate(points):
            text = self.words(point.text, True)
            if not point.points:
                blocks[-1].bullets.append(" ".join(self.sentences(text)))
                continue
            own = self.sentences(text)
            if blocks[-1].bullets:
                blocks.append(EasyReadBlock(_go_on(lead, own)))
            else:
                blocks[-1].sentences[:] = _go_on(blocks[-1].sentences, own)
            self.add_points(point.points, blocks, own)
            if index < len(points) - 1:
                blocks.append(EasyReadBlock(list(lead)))

    def words(self, span: Span, is_statement: bool) -> str:
        """The span with every approved word-level edit that passes the checks.

        Edits are found on the source (so changes point at it), then the result is
        looked at again until nothing more changes: an edit a check refused in its
        first context is judged again in the rewritten sentence, so rewriting the
        output changes nothing.
        """
        text, doc = span.text, self.tagged[span]
        first: list[Refused] = []
        for round_ in range(MAX_ROUNDS):
            edits, refused = word_edits(text, doc, self.glossary, is_statement, self.actor,
                                        self.parser, self.after_modal)
            first = first if round_ else list(refused)
            kept_notes = [r for r in first if r.edit.kind == "fix"]   # a later round cannot judge these again
            for edit in edits:
                self.record(edit, span, text, first_round=round_ == 0)
            self.explained.extend(_already_explained(doc, self.glossary))
            judged, text = text, apply_edits(text, edits) if edits else tidy(text)
            if not edits or not refused or round_ == MAX_ROUNDS - 1:
                break
            doc = self.tag(text)
        for refusal in refused:
            self.refuse(refusal, span, judged, first)
        for refusal in kept_notes if judged != span.text else []:
            self.refuse(refusal, span, span.text, [])
        if re.search(r"(\*\*|__|(?<!\w)[*_](?=\w))", span.markdown):
            self.note("emphasis", span.markdown, span.text, span)
        return text

    def record(self, edit: Edit, span: Span, text: str, first_round: bool) -> None:
        position = span.position_at(edit.start if first_round else 0)
        self.changes.append(Change(edit.rule, text[edit.start:edit.end], edit.after, position.path,
                                   position.line, position.column, self.competence.id))
        if edit.rule.startswith("explain."):
            self.explained.append(edit.rule.split(".", 1)[1])
        if edit.kind == "stem":
            self.stem = edit.after

    def refuse(self, refusal: Refused, span: Span, judged: str, first: list[Refused]) -> None:
        """An editor's note at the refused words. ``judged`` is the text the check looked
        at; when that is a later round's, the place is the same refusal's in the first round."""
        edit = refusal.edit
        before = judged[edit.start:edit.end] or judged
        start = edit.start
        if judged != span.text:
            same = next((r for r in first if r.check == refusal.check
                         and span.text[r.edit.start:r.edit.end] == before), None)
            if same is not None:
                first.remove(same)
            start = same.edit.start if same is not None else span.text.find(before)
        position = span.position_at(start) if start >= 0 else span.position
        self.notes.append(EditorNote(refusal.check, before, edit.after or before, refusal.reason,
                                     position.path, position.line, position.column, self.competence.id))

    def note(self, rule: str, before: str, after: str, span: Span | None = None) -> None:
        _note(self.changes, self.competence, rule, before, after, span)


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
    """First use of an explained word in a domain: its explanation is the row after the
    one that uses it (not always the first: a long list goes on in later rows), in the
    order the words come."""
    rows = list(version.blocks)
    after: dict[int, list[EasyReadBlock]] = {}
    for entry_id in version.explained:
        if entry_id in seen:
            continue
        entry = glossary.entry(entry_id)
        explanation = named_explanation(entry)
        row = next((n for n, block in enumerate(rows) if _uses(block, entry)), 0)
        after.setdefault(row, []).append(EasyReadBlock([with_full_stop(capitalise(s))
                                                        for s in split_sentences(explanation)]))
        _note(version.changes, version.competence, "explain-next", entry.terms[0], explanation)
        seen.add(entry_id)
    version.blocks[:] = [block for n, row in enumerate(rows) for block in (row, *after.get(n, []))]


def _uses(block: EasyReadBlock, entry: Entry) -> bool:
    """The row shows one of the entry's words in bold (as the rewrite marks an explained word)."""
    bold = {normalise_for_matching(w).lower() for line in (*block.sentences, *block.bullets)
            for w in BOLD_PAIR.findall(line)}
    return any(form.lower() in bold for term in entry.terms for form in inflections(term))


def named_explanation(entry: Entry) -> str:
    """The explanation with the word it explains named: "This stands for ..." -> "NHS stands for ..."."""
    first, _, rest = entry.explanation.partition(" ")
    if first not in patterns().explanation_pointers or not rest:
        return entry.explanation
    term = entry.terms[0]
    return f"{term[:1].upper()}{term[1:]} {rest}"


def _go_on(lead: list[str], own: list[str]) -> list[str]:
    """A sub-point that has points of its own, after its lead: one sentence where the lead
    ends in a colon ("... can set up:" + "Appropriate levels of support." -> "... can set
    up appropriate levels of support."), as the source reads; no colon mid-row."""
    if not (lead and own and lead[-1].endswith(":")):
        return [*lead, *own]
    first = own[0]
    word = first.split(" ", 1)[0]
    if not (grammar.is_acronym(word) or word == "I"):
        first = first[:1].lower() + first[1:]
    return [*lead[:-1], f"{lead[-1][:-1].rstrip()} {first}", *own[1:]]


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
    the approved stems and glossary terms whose plain words the text uses. Editor text
    that is not stale is the editor's own translation of exactly this source (its
    fingerprint says so): it is trusted, and only a stale one is compared again.
    """
    for version in (v for v in versions if v.origin == "rules" or v.status == "stale"):
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
                 is_statement: bool = True, actor: Actor | None = None,
                 model: str | None = None) -> str:
    """Rewrite one piece of text (no sub-points): the unit the idempotence property tests."""
    return " ".join(rewrite_text_version(text, glossary, nlp, limit, is_statement, actor, model).sentences())


def rewrite_text_version(text: str, glossary: Glossary, nlp: "Language", limit: int = 15,
                         is_statement: bool = True, actor: Actor | None = None,
                         model: str | None = None) -> EasyReadVersion:
    """Like ``rewrite_text``, with the changes and the edits refused for an editor.

    ``nlp`` is the pipeline of ``model`` with ``glossary`` (``nlp.pipeline_for``): the
    run's Tagger gives the same one.
    """
    from .settings import DEFAULT_MODEL

    span = Span.plain(text)
    competence = Competence(id="text", text=span)
    tagger = Tagger(model or DEFAULT_MODEL, glossary)

    def tag(words: str) -> "Doc":
        return nlp(normalise_for_matching(words))

    tagged = _Tagged({id(span): tag(text)})
    rewriter = _Rewriter(competence, tagged, glossary, limit, tag, Parser(tagger), actor)
    words = rewriter.words(span, is_statement)
    return EasyReadVersion(competence=competence, blocks=rewriter.statement_blocks(words),
                           changes=rewriter.changes, needs_editor=rewriter.notes)


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
