"""Stage 3, sentence level: split and restructure one long sentence from its dependency parse.

The rewrite stage calls ``simplify_sentence`` for each sentence after its word-level
edits. Easy Read asks for short sentences with one idea and one verb each, examples and
explanations in sentences of their own, lists as bullets and the active voice
(GOV.UK-ACF, IE-2009, DoH-2009); this module does that mechanically, and only where it
is safe. Garbled Easy Read is worse than none, so every transformation is checked on its
own output before it is kept (``_Checker``): each new sentence is parsed again and must
have a subject and a verb, its verbs must agree, no word may be doubled or lost, no
"a" may go before a word like "advice", and names and bold words come out whole. A
transformation that fails is not applied: it is reported as a ``Refusal`` for the editor.

Named transformations, tried in this order on each sentence (``data/simplify.yml`` holds
their frames, linking words, authorities and examples):

- ``aside.*``: words in brackets out into their own sentence after it ("For example,
  ...", "X means ..."), or into the sentence when they are another word for the same thing;
- ``split.semicolon``, ``split.dash``: a semicolon (or a dash before a sentence) becomes a full stop;
- for a sentence over the limit: ``split.known-fact`` ("X know that A" -> "A. X know
  this."), ``split.coordinated-clauses``, ``split.coordinated-verbs`` ("X can A, B and
  C" -> "X can A. They can B. They can C."), ``split.relative-clause``,
  ``split.restrictive-clause`` ("know about factors that ..." -> "Some factors ... X know
  about these factors."), ``split.including``, ``split.participle``,
  ``split.subordinate``, ``split.leading-clause`` ("Although A, B" -> "A. But B."),
  ``split.absolute`` (", with services struggling" -> "Services are struggling."),
  ``split.adverbial`` ("... by doing B" -> "They can do this by doing B."), for the last
  sentence ``list.inline`` (a lead sentence and bullets), and ``split.example``
  (", such as ..." -> "For example, ...");
- ``active.passive-agent`` / ``active.passive-actor``: passive to active.

Every sentence a transformation makes is tried again in its turn. A sentence made from
words in brackets (or from ", for example ...") explains the one before it: it stays
right after the part that holds the word it belongs to (``Marked.anchors``).

Only what needs it is parsed: a sentence within the limit with no brackets or
semicolons comes back unchanged without a parse. The simplifier works on the plain
text: bold marks are taken off (and put back around the same words), and bold words,
protected ranges, links and code are "kept" ranges no cut may pass through.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import TYPE_CHECKING, Iterator, Sequence, Union


from .readability import count_words
from .yamlio import package_data

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Token

Item = Union[int, str]            # a token of the sentence being changed, or a frame word
BOLD = re.compile(r"\*\*(?=[^*\s])([^*]*?[^*\s])\*\*")
MARKUP = re.compile(r"\[[^\]]*\]\([^)]*\)|`[^`]*`|<[^>]*>")   # links, code, HTML: kept whole
NEEDS_PARSE = re.compile(r"[();]|\s(?:[\u2013\u2014]|--?)\s")    # brackets, semicolons, spaced dashes
DASHES = {"-", "--", "\u2013", "\u2014"}
YEAR = re.compile(r"(?:19|20)\d\d(?:[/-]\d\d(?:\d\d)?)?")    # 2023, 2022/23, 2021-22
SUBJECTS = {"nsubj", "nsubjpass", "csubj", "csubjpass", "expl"}
PREFIX_DEPS = SUBJECTS | {"aux", "auxpass", "neg", "mark", "punct", "cc"}
FINITE_TAGS = {"VBZ", "VBP", "VBD", "MD"}
CONTENT_POS = {"NOUN", "PROPN", "VERB", "ADJ", "ADV", "NUM"}
END_PUNCT = ".!?:"
TRIMMED = {",", ";", ":", "-", "--", "\u2013", "\u2014"}
NO_SPACE_BEFORE = (",", ".", ";", ":", "!", "?", ")", "'s", "n't", "'")
EXPLAINING = ("aside.", "split.example")   # their later parts explain the sentence before them
MAX_STEPS = 40            # transformations per sentence: a guard, far above what a sentence needs


@dataclass(frozen=True)
class Refusal:
    """A transformation that was tried, failed a check and was not applied."""

    transformation: str      # e.g. "split.coordinated-verbs"
    reason: str              # editor's words: "could not split safely: ..."


@dataclass(frozen=True)
class Outcome:
    """What became of one sentence."""

    sentences: tuple[str, ...]     # Easy Read sentences, each starts with a capital and ends . ? ! or :
    bullets: tuple[str, ...] = ()  # an inline list turned into a lead sentence (last of sentences, ends ':') + bullets
    applied: tuple[str, ...] = ()  # transformation ids applied, in order
    refused: tuple[Refusal, ...] = ()   # tried, failed a check, NOT applied: listed for the editor


def simplify_sentence(text: str, *, nlp: "Language", limit: int, subject: str | None = None,
                      protected: Sequence[tuple[int, int]] = ()) -> Outcome:
    """Split and restructure one sentence of inline Markdown, never making it worse.

    ``nlp`` is a pipeline with the parser (``nlp.parser_pipeline``); ``limit`` the
    profile's max sentence words; ``subject`` the actor of the section ("Supervisors"),
    None for a draft; ``protected`` character ranges of ``text`` that must come out
    unchanged and unsplit (names, services, explained words).
    """
    if not needs_work(text, limit):
        return Outcome((text,))
    source = Marked.from_markdown(text, protected)
    if source is None:
        return Outcome((text,), refused=(Refusal("simplify", rules().reason("bold")),))
    return _Simplifier(nlp, limit, subject).run(source, text)


def needs_work(text: str, limit: int) -> bool:
    """Over the limit, or holding brackets, a semicolon or a dash between words: only then
    is a sentence parsed."""
    return count_words(text) > limit or bool(NEEDS_PARSE.search(text))


class Parses:
    """The parser pipeline with a memory of the sentences it parsed.

    Give it to ``simplify_sentence`` as ``nlp``. The rewrite stage makes one per run and
    may first parse, in one batch, every sentence that needs it (``prepare``): spaCy
    parses a batch about twice as fast as the same sentences one at a time. It keeps at
    most ``size`` parses (the oldest go first).
    """

    def __init__(self, nlp: "Language", size: int = 4096) -> None:
        self.nlp, self.size = nlp, size
        self.docs: dict[str, "Doc"] = {}
        self.parsed = 0

    def __call__(self, text: str) -> "Doc":
        return next(self.pipe([text]))

    def pipe(self, texts, **kwargs) -> Iterator["Doc"]:
        texts = list(texts)
        missing = list(dict.fromkeys(t for t in texts if t not in self.docs))
        for text, doc in zip(missing, self.nlp.pipe(missing, **kwargs)):
            self.docs[text] = doc
            self.parsed += 1
        found = [self.docs[t] for t in texts]
        while len(self.docs) > self.size:
            del self.docs[next(iter(self.docs))]
        return iter(found)

    def prepare(self, sentences: Sequence[str], limit: int) -> None:
        """Parse, in one batch, the sentences ``simplify_sentence`` will parse first."""
        plain = (Marked.from_markdown(s) for s in sentences if needs_work(s, limit))
        list(self.pipe([m.text for m in plain if m is not None]))


# ---------------------------------------------------------------- the data


@dataclass(frozen=True)
class Linker:
    """A joining word of a subordinate clause and the frame of its new sentence."""

    words: tuple[str, ...]
    frame: str
    clause: str             # own: needs its own subject; non-finite: "while keeping ..."; any
    needs_action: bool      # only after a verb of doing ("do this when ...")


@dataclass(frozen=True)
class Phrase:
    """How a phrase at the end of a sentence opens, and which frame its new sentence takes
    (split.adverbial)."""

    words: tuple[str, ...]
    frame: str              # do: "{subject} {modal} {do} this by ..."; is: "This is part of ..."
    drop: int               # opening words the new sentence leaves out ("as" of "as part of")
    comma: bool             # only after a comma (without one, it may describe the word before it)
    then: str               # "ing": a verb in -ing follows ("by listening"); "verb": it is a clause ("to help")
    nouns: frozenset[str]   # the noun the opening word must lead to ("in an open WAY"); empty: any
    otherwise: str          # the frame when a "do" frame cannot say who does it ("This is to ..."); "": none


@dataclass(frozen=True)
class Rules:
    """data/simplify.yml: transformations (frames, examples), grammar lists, check messages."""

    transformations: dict
    grammar: dict
    checks: dict
    linkers: tuple[Linker, ...]
    phrases: tuple[Phrase, ...]

    def frame(self, transformation: str, key: str = "frame") -> str:
        entry = self.transformations[transformation]
        return entry[key] if key in entry else entry["frames"][key]

    def openings(self, transformation: str) -> tuple[str, ...]:
        return tuple(self.transformations[transformation]["openings"])

    def reason(self, check: str, **values: str) -> str:
        return self.checks[check].format(**values)

    def words(self, name: str) -> frozenset[str]:
        return frozenset(self.grammar[name])

    @property
    def limits(self) -> dict:
        return self.grammar["limits"]


@lru_cache(maxsize=1)
def rules() -> Rules:
    data = package_data("data/simplify.yml")
    linkers = tuple(Linker(tuple(item["words"].split()), item["frame"], item["clause"],
                           bool(item.get("needs_action")))
                    for item in data["transformations"]["split.subordinate"]["linkers"])
    phrases = tuple(Phrase(tuple(item["words"].split()), item["frame"], int(item.get("drop", 0)),
                           bool(item.get("comma")), item.get("then", ""), frozenset(item.get("nouns", ())),
                           item.get("otherwise", ""))
                    for item in data["transformations"]["split.adverbial"]["phrases"])
    return Rules(data["transformations"], data["grammar"], data["checks"], linkers, phrases)


# ---------------------------------------------------------------- text with kept ranges


@dataclass(frozen=True)
class Marked:
    """Plain text, with the ranges that were bold and the ranges no cut may pass through."""

    text: str
    bold: tuple[tuple[int, int], ...] = ()
    keep: tuple[tuple[int, int], ...] = ()     # bold words, protected names, links and code
    anchors: tuple[int, ...] = ()    # where words moved out to a sentence after this one belong
                                     # (the end of the word before their brackets), in order

    @classmethod
    def from_markdown(cls, markdown: str, protected: Sequence[tuple[int, int]] = ()) -> "Marked | None":
        """Take the bold marks off; None when a '*' is left over (marks not in pairs)."""
        plain, to_plain, bold = [], [], []
        position = 0
        for match in BOLD.finditer(markdown):
            _copy(markdown, position, match.start(), plain, to_plain)
            start = len(plain)
            to_plain.extend([len(plain)] * 2)
            _copy(markdown, match.start(1), match.end(1), plain, to_plain)
            bold.append((start, len(plain)))
            to_plain.extend([len(plain)] * 2)
            position = match.end()
        _copy(markdown, position, len(markdown), plain, to_plain)
        to_plain.append(len(plain))
        text = "".join(plain)
        if "*" in text:
            return None
        keep = set(bold) | {(to_plain[a], to_plain[b]) for a, b in protected if 0 <= a < b <= len(markdown)}
        keep |= {(m.start(), m.end()) for m in MARKUP.finditer(text)}
        return cls(text, tuple(bold), tuple(sorted(keep)))

    def markdown(self) -> str:
        text = self.text
        for start, end in sorted(self.bold, reverse=True):
            text = f"{text[:start]}**{text[start:end]}**{text[end:]}"
        return text

    def kept(self) -> Counter[str]:
        """The kept texts; a bold word may gain a capital at the start of a sentence."""
        return Counter(self.text[a:b] if (a, b) not in self.bold else self.text[a].lower() + self.text[a + 1:b]
                       for a, b in self.keep)

    def in_keep(self, index: int) -> bool:
        return any(a <= index < b for a, b in self.keep)

    def is_protected(self, index: int) -> bool:
        """Inside a range whose letters may not change at all (a name, not a bold word)."""
        return any(a <= index < b and (a, b) not in self.bold for a, b in self.keep)


def _copy(source: str, start: int, end: int, out: list[str], positions: list[int]) -> None:
    for index in range(start, end):
        positions.append(len(out))
        out.append(source[index])


class Cut(Exception):
    """A new sentence would cut through a kept range (its text is the message)."""


def compose(source: Marked, doc: "Doc", items: Sequence[Item], end: str = "") -> Marked:
    """A new sentence from tokens of ``doc`` (the parse of ``source.text``) and frame words.

    Neighbouring tokens keep the source's own spacing; a run that reaches the source's
    last word takes its closing punctuation with it, any other sentence gets a full
    stop (or ``end``). Raises ``Cut`` when a kept range would be cut.
    """
    text, bold, keep, anchors = "", [], [], []
    for run in _runs(items, doc):
        if isinstance(run, str):
            piece, span = run, None
        else:
            span = (doc[run[0]].idx, doc[run[1] - 1].idx + len(doc[run[1] - 1].text))
            piece = source.text[span[0]:span[1]]
            if run[0] == 0 and text and _capital_only_for_start(doc[0], source):
                piece = piece[:1].lower() + piece[1:]
        offset = len(text) + len(_space(text, piece))
        text += _space(text, piece) + piece
        if span is not None:
            _carry_marks(source, span, offset, bold, keep)
            anchors += [a - span[0] + offset for a in source.anchors if span[0] < a <= span[1]]
    return _finish(Marked(text, tuple(bold), tuple(keep), tuple(anchors)), end)


def _runs(items: Sequence[Item], doc: "Doc") -> Iterator[str | tuple[int, int]]:
    """Items as runs of neighbouring tokens; a last run that reaches the sentence's last
    word takes its closing punctuation."""
    run: list[int] = []
    for item in items:
        if isinstance(item, int) and run and item == run[-1] + 1:
            run.append(item)
            continue
        if run:
            yield (run[0], run[-1] + 1)
        run = []
        if isinstance(item, int):
            run = [item]
        elif item:
            yield item
    if run:
        ending = _ending(doc)
        yield (run[0], len(doc)) if run[-1] == ending - 1 else (run[0], run[-1] + 1)


def _space(text: str, piece: str) -> str:
    if not text or text.endswith("(") or piece.startswith(NO_SPACE_BEFORE):
        return ""
    return " "


def _carry_marks(source: Marked, span: tuple[int, int], offset: int, bold: list, keep: list) -> None:
    """Copy the kept ranges inside ``span``; ``Cut`` when one is only partly inside."""
    for a, b in source.keep:
        if span[0] <= a and b <= span[1]:
            moved = (a - span[0] + offset, b - span[0] + offset)
            keep.append(moved)
            if (a, b) in source.bold:
                bold.append(moved)
        elif a < span[1] and b > span[0]:
            raise Cut(source.text[a:b])


def _finish(marked: Marked, end: str) -> Marked:
    """A capital at the start (outside kept ranges) and closing punctuation."""
    text = marked.text.rstrip(" ,;-\u2013\u2014")
    if end:
        text = text.rstrip(END_PUNCT) + end
    elif text[-1:] not in END_PUNCT:
        text += "."
    first = next((i for i, char in enumerate(text) if char.isalnum()), None)
    if first is not None and not marked.is_protected(first):
        text = text[:first] + text[first].upper() + text[first + 1:]
    keep = tuple((a, min(b, len(text))) for a, b in marked.keep)
    bold = tuple((a, min(b, len(text))) for a, b in marked.bold)
    return Marked(text, bold, keep, tuple(min(a, len(text)) for a in marked.anchors))


def _capital_only_for_start(token: "Token", source: Marked) -> bool:
    """"Peer" in "Peer support workers ..." has a capital only because it starts the sentence."""
    word = token.text
    return (word[:1].isupper() and word[1:] == word[1:].lower() and word != "I"
            and token.pos_ != "PROPN" and not source.is_protected(token.idx))


def _ending(doc: "Doc") -> int:
    """Index of the sentence's closing punctuation (len(doc) when there is none)."""
    index = len(doc)
    while index > 0 and doc[index - 1].text in (".", "!", "?", ":"):
        index -= 1
    return index


# ---------------------------------------------------------------- candidates


@dataclass(frozen=True)
class Candidate:
    """A transformation's proposal, not yet checked."""

    transformation: str
    parts: tuple[Marked, ...]
    kinds: tuple[str, ...]          # per part: sentence (subject and verb), main (what is left of the
                                    # sentence: a verb if it had one), fragment (a frame), lead,
                                    # punctuation (the same words in the same order)
    bullets: tuple[Marked, ...] = ()
    replaced: frozenset[int] = frozenset()   # source tokens a frame word stands for ("such as")


@dataclass
class Sentence:
    """One sentence being simplified, with its parse."""

    marked: Marked
    doc: "Doc"
    known: bool = False   # what someone knows ("A" of "X know that A"): nobody in it is the actor

    def build(self, items: Sequence[Item], end: str = "") -> Marked:
        return compose(self.marked, self.doc, items, end)

    def without(self, *ranges: Sequence[int]) -> list[Item]:
        """The sentence's tokens minus ``ranges``, tidied; it keeps its own closing
        punctuation when brackets at the end were cut off ("Can you ... (for example ...)?")."""
        drop = {i for r in ranges for i in r}
        end = _ending(self.doc)
        items = _tidy([i for i in range(end) if i not in drop], self.doc)
        if items and end - 1 in drop and self.doc[end - 1].text == ")" and end < len(self.doc):
            return [*items, *range(end, len(self.doc))]
        return list(items)

    def anchored(self, token: "Token") -> "Sentence":
        """The sentence with an anchor after ``token``: words moved out to explain it
        will stay right after the part that holds it (``_replace``)."""
        anchor = token.idx + len(token.text)
        return Sentence(replace(self.marked, anchors=tuple(sorted({*self.marked.anchors, anchor}))), self.doc)

    @property
    def verb_first(self) -> str | None:
        """"VB" for a sentence that starts with its verb and has no subject ("Identify
        barriers ..."), "VBG" for one that starts "Discussing ..."; None for any other.
        Such a sub-point carries on its lead ("Peer support workers can: identify ..."),
        and so may each of its parts, if they start the same way."""
        root = _root(self.doc)
        if root is not None and root.i == 0 and root.tag_ in ("VB", "VBG") and _subject_child(root) is None:
            return root.tag_
        return None


def candidate(transformation: str, sentence: Sentence, parts: Sequence[tuple[Sequence[Item], str]],
              bullets: Sequence[Sequence[Item]] = (), replaced: Sequence[int] = ()) -> Candidate | Refusal:
    """Build every part; a part that would cut a kept range refuses the transformation."""
    try:
        built = tuple(sentence.build(items, ":" if kind == "lead" else "") for items, kind in parts)
        listed = tuple(sentence.build(items) for items in bullets)
    except Cut as cut:
        return Refusal(transformation, rules().reason("cut-name", word=str(cut)))
    return Candidate(transformation, built, tuple(kind for _, kind in parts), listed, frozenset(replaced))


def _tidy(items: list[int], doc: "Doc") -> list[int]:
    """No comma, dash or joining word at either end, no two commas in a row (quotes and
    brackets stay: they have a pair)."""
    while items and (doc[items[0]].text in TRIMMED or doc[items[0]].dep_ == "cc"):
        items = items[1:]
    while items and (doc[items[-1]].text in TRIMMED or doc[items[-1]].dep_ == "cc"):
        items = items[:-1]
    return [i for n, i in enumerate(items)
            if not (doc[i].text == "," and n + 1 < len(items) and doc[items[n + 1]].is_punct)]


def _span(start: int, end: int) -> list[int]:
    return list(range(start, end))


def _subtree(token: "Token") -> list[int]:
    return [t.i for t in token.subtree]


def _root(doc: "Doc") -> "Token | None":
    return next((t for t in doc if t.dep_ == "ROOT"), None)


def _subject_child(verb: "Token") -> "Token | None":
    return next((c for c in verb.children if c.dep_ in SUBJECTS), None)


def _subject_of(verb: "Token") -> "Token | None":
    """The subject of a verb, or of the verb it is joined to ("can A and B": A's subject)."""
    while True:
        found = _subject_child(verb)
        if found is not None or verb.dep_ not in ("conj", "xcomp") or verb.head is verb:
            return found
        verb = verb.head


def _words(doc: "Doc", items: Sequence[int]) -> str:
    return " ".join(doc[i].text for i in items)


def _is_plural(token: "Token") -> bool:
    if token.lower_ in ("they", "them", "we", "us", "these", "those"):
        return True
    return (token.tag_ in ("NNS", "NNPS") or "Plur" in token.morph.get("Number")
            or any(c.dep_ == "conj" for c in token.children))


# ---------------------------------------------------------------- the subject of a new sentence


def repeat_subject(sentence: Sentence, subject: "Token", previous: Sequence[int],
                   actor: str | None, transformation: str) -> list[Item] | Refusal:
    """The subject for a new sentence: a pronoun when it can only mean the subject, else the
    noun phrase again (short ones only), else a refusal.

    ``previous`` are the tokens of the sentence before the new one that are not repeated
    in it: "they" is unclear when they hold another plural ("... help people. They ...").
    """
    doc = sentence.doc
    if subject.pos_ == "PRON":
        return [subject.text if subject.text == "I" else subject.lower_]
    phrase = _subtree(subject)
    text = _words(doc, phrase)
    if actor and text.lower() == actor.lower():
        phrase_items: list[Item] = [actor]
    else:
        phrase_items = _definite(doc, phrase)
    plural = _is_plural(subject)
    others = [i for i in previous if isinstance(i, int) and i not in phrase and _is_plural(doc[i])
              and (doc[i].pos_ in ("NOUN", "PROPN") or doc[i].lower_ in ("they", "them"))]
    if plural and not others:
        return [rules().grammar["plural_pronoun"]]
    if count_words(text) <= rules().limits["subject_words"] and not any(doc[i].pos_ in ("VERB", "AUX") for i in phrase):
        return phrase_items
    return Refusal(transformation, rules().reason("unclear-subject", word=text))


def _definite(doc: "Doc", phrase: list[int]) -> list[Item]:
    """"A person" said again is "the person"."""
    swap = rules().grammar["determiners_for_repeat"]
    first = doc[phrase[0]]
    if first.dep_ == "det" and first.lower_ in swap:
        return [swap[first.lower_], *phrase[1:]]
    return list(phrase)


# ---------------------------------------------------------------- verb forms


def present(lemma: str, plural: bool) -> str:
    """The present tense for a subject: "help" / "helps", "are" / "is"."""
    grammar = rules().grammar
    if plural:
        return grammar["plural_present"].get(lemma, lemma)
    if lemma in grammar["third_person"]:
        return grammar["third_person"][lemma]
    if re.search(r"(s|sh|ch|x|z|o)$", lemma):
        return lemma + "es"
    if re.search(r"[^aeiou]y$", lemma):
        return lemma[:-1] + "ies"
    return lemma + "s"


def past(verb: "Token") -> str | None:
    """The past tense of a past participle ("written" -> "wrote"); None when not sure."""
    table = rules().grammar["past"]
    lemma = verb.lemma_.lower()
    if lemma in table:
        return table[lemma]
    return verb.lower_ if verb.lower_.endswith("ed") else None


# ---------------------------------------------------------------- transformations: asides


def asides(sentence: Sentence, ctx: "_Simplifier") -> Iterator[Candidate | Refusal]:
    """Words in brackets, last first (so several asides keep their order after the sentence)."""
    for left, right in reversed(_brackets(sentence)):
        inner = _span(left + 1, right)
        if inner:
            yield _aside(sentence, left, right, inner)


def _brackets(sentence: Sentence) -> list[tuple[int, int]]:
    """Innermost bracket pairs (no brackets inside), by token index, outside kept ranges.
    An outer pair is taken on the next pass, once its inner one is out."""
    pairs, opened = [], None
    for token in sentence.doc:
        if sentence.marked.in_keep(token.idx):
            continue
        if token.text == "(":
            opened = token.i
        elif token.text == ")" and opened is not None:
            pairs.append((opened, token.i))
            opened = None
    return pairs


def _aside(sentence: Sentence, left: int, right: int, inner: list[int]) -> Candidate | Refusal:
    doc = sentence.doc
    if left > 0:    # a sentence made of the brackets' words belongs after the word before them
        sentence = sentence.anchored(doc[left - 1])
    words = " ".join(doc[i].lower_ for i in inner)
    main = sentence.without(_span(left, right + 1))
    for transformation in ("aside.example", "aside.meaning"):
        opening = _opening(words, rules().openings(transformation))
        if opening is not None:
            rest = _tidy(inner[opening:], doc)
            return _framed_aside(sentence, transformation, main, rest, left, inner[:opening])
    acronym = _acronym_aside(sentence, left, right, inner, main)
    if acronym is not None:
        return acronym
    if _other_word(sentence, left, inner):
        return candidate("aside.other-word", sentence, [(sentence.without([left, right]), "main")])
    return _sentence_aside(sentence, main, inner)


def _opening(words: str, openings: Sequence[str]) -> int | None:
    """How many tokens of ``words`` an opening takes ("for example ," -> 3), or None."""
    for opening in openings:
        spaced = opening.replace(",", " ,").replace("  ", " ").strip()
        if words == spaced or words.startswith(spaced + " "):
            return len(spaced.split())
    return None


def _framed_aside(sentence: Sentence, transformation: str, main: list[Item], rest: list[int],
                  left: int, opening: list[int]) -> Candidate | Refusal:
    frame = rules().frame(transformation)
    slots: dict[str, list[Item]] = {"words": list(rest)}
    kind = "fragment"
    if "{thing}" in frame:
        thing = _thing_before(sentence, left)
        if thing is None:
            return Refusal(transformation, rules().reason("unclear-thing", word=_words(sentence.doc, rest)))
        slots["thing"], kind = thing, "sentence"
    return candidate(transformation, sentence, [(main, "main"), (fill(frame, slots), kind)],
                     replaced=opening)


def _thing_before(sentence: Sentence, left: int) -> list[Item] | None:
    """The noun phrase just before the brackets, without its "the"/"a" ("honest feedback").

    Only when it is clearly the thing explained: the sentence's only noun phrase before
    the brackets, or one the draft marked (bold, quotes, initials). In "inclusion is a
    feature of recovery (that is, being involved ...)" the brackets explain inclusion,
    not the nearest noun.
    """
    doc = sentence.doc
    if left == 0 or doc[left - 1].pos_ not in ("NOUN", "PROPN"):
        return None
    chunks = [c for c in doc.noun_chunks if c.end <= left]
    chunk = next((c for c in chunks if c.end == left), None)
    if chunk is None:
        return None
    marked = (any(sentence.marked.in_keep(t.idx) for t in chunk) or any(t.text in ("'", '"') for t in doc[chunk.start - 1:left])
              or _is_initials(doc[left - 1].text))
    if len(chunks) > 1 and not marked:
        return None
    start = chunk.start - 1 if chunk.start and doc[chunk.start - 1].text in ("'", '"') else chunk.start
    items = [i for i in range(start, left) if doc[i].dep_ not in ("det", "poss", "case")]
    if sum(doc[i].text in ("'", '"') for i in items) % 2:
        return None    # a quote without its pair
    return list(items) if items and items[-1] == left - 1 else None


def _acronym_aside(sentence: Sentence, left: int, right: int, inner: list[int],
                   main: list[int]) -> Candidate | Refusal | None:
    """ "HR (human resources)" or "Human Resources (HR)": "HR means human resources." """
    doc = sentence.doc
    frame = rules().frame("aside.acronym")
    if len(inner) == 1 and _is_initials(doc[inner[0]].text):
        letters = _strip_plural(doc[inner[0]].text)
        words = _words_with_initials(doc, left, letters)
        if words:
            return candidate("aside.acronym", sentence,
                             [(main, "main"), (fill(frame, {"initials": inner, "words": words}), "sentence")])
    if left > 0 and _is_initials(doc[left - 1].text):
        letters = _strip_plural(doc[left - 1].text)
        if _initials(doc, inner) == letters:
            return candidate("aside.acronym", sentence,
                             [(main, "main"), (fill(frame, {"initials": [left - 1], "words": inner}), "sentence")])
    return None


def _is_initials(word: str) -> bool:
    core = _strip_plural(word)
    return len(core) >= 2 and core.isalpha() and core.isupper()


def _strip_plural(word: str) -> str:
    return word[:-1] if word.endswith("s") and word[:-1].isupper() else word


def _initials(doc: "Doc", items: Sequence[int]) -> str:
    small = {"and", "of", "the", "for", "in", "&"}
    return "".join(doc[i].text[0].upper() for i in items if doc[i].lower_ not in small and doc[i].is_alpha)


def _words_with_initials(doc: "Doc", left: int, letters: str) -> list[int]:
    """The words just before the brackets whose initials spell ``letters``."""
    for start in range(left - 1, max(-1, left - 3 * len(letters)), -1):
        if _initials(doc, range(start, left)) == letters and doc[start].is_alpha:
            return list(range(start, left))
    return []


def _other_word(sentence: Sentence, left: int, inner: list[int]) -> bool:
    """ "plan (and rehearse)", "barriers (or gaps)": the same kind of word, joined by and/or."""
    doc = sentence.doc
    entry = rules().transformations["aside.other-word"]
    return (left > 0 and doc[inner[0]].lower_ in entry["openings"] and 1 < len(inner) <= entry["max_words"] + 1
            and not any(_subject_child(doc[i]) is not None for i in inner))


def _sentence_aside(sentence: Sentence, main: list[int], inner: list[int]) -> Candidate | Refusal:
    """A whole sentence in brackets (or a "because ..."/"so that ..." clause) goes after."""
    doc = sentence.doc
    for linker in rules().linkers:
        if linker.clause == "own" and _starts_with(doc, inner, linker.words):
            rest = inner[len(linker.words):]
            return candidate("aside.sentence", sentence,
                             [(main, "main"), (fill(linker.frame, {"words": rest}), "sentence")])
    heads = [doc[i] for i in inner if doc[i].head.i not in inner or doc[i].head.i == doc[i].i]
    if len(heads) == 1 and _subject_child(heads[0]) is not None and _finite(heads[0]):
        return candidate("aside.sentence", sentence, [(main, "main"), (inner, "sentence")])
    return _aside_in_commas(sentence, inner)


def _aside_in_commas(sentence: Sentence, inner: list[int]) -> Candidate | Refusal:
    """Any other aside stays where it is, between commas instead of brackets
    ("communication (both written and verbal) with" -> "communication, both written and verbal, with")."""
    doc = sentence.doc
    left, right = inner[0] - 1, inner[-1] + 1
    glued = not doc[left - 1].whitespace_ or (right + 1 < len(doc) and not doc[right].whitespace_
                                               and doc[right + 1].is_alpha)
    words = [i for i in inner if doc[i].is_alpha and len(doc[i].text) > 1]
    heads = [doc[i] for i in inner if doc[i].head.i not in inner or doc[i].head.i == i]
    naming = any(h.pos_ in ("NOUN", "PROPN", "PRON", "NUM") for h in heads)   # "life (the life they wish)": a list?
    if left == 0 or glued or naming or not words or any(_subject_child(doc[i]) is not None for i in inner):
        return Refusal("aside.commas", rules().reason("unknown-aside", word=_words(doc, inner)))
    if right + 1 < _ending(doc) and _blurs(doc, inner, right):
        return Refusal("aside.commas", rules().reason("long-aside", word=_words(doc, inner)))
    before = [] if doc[left - 1].text in TRIMMED else [","]
    after = [] if right + 1 >= _ending(doc) or doc[right + 1].text in TRIMMED else [","]
    items: list[Item] = [*range(0, left), *before, *inner, *after, *range(right + 1, len(doc))]
    return candidate("aside.commas", sentence, [(items, "punctuation")])


def _blurs(doc: "Doc", inner: list[int], right: int) -> bool:
    """An aside in the middle of a sentence that commas would blur into it: one with
    commas of its own, one followed by a comma ("co-production (involving ... services),
    social inclusion and equality" would read as one list), or a long one (data:
    aside.commas max_words)."""
    return (any(doc[i].text == "," for i in inner) or doc[right + 1].text == ","
            or count_words(_words(doc, inner)) > rules().transformations["aside.commas"]["max_words"])


def _starts_with(doc: "Doc", items: Sequence[int], words: Sequence[str]) -> bool:
    return len(items) > len(words) and all(doc[i].lower_ == w for i, w in zip(items, words))


def _finite(verb: "Token") -> bool:
    return verb.tag_ in FINITE_TAGS or any(c.dep_ in ("aux", "auxpass") and c.tag_ in FINITE_TAGS
                                           for c in verb.children)


def fill(frame: str, slots: dict[str, list[Item]]) -> list[Item]:
    """A frame from the data with its {slots} filled ("This is because {words}")."""
    items: list[Item] = []
    for piece in re.split(r"(\{\w+\})", frame):
        if piece.startswith("{"):
            items.extend(slots.get(piece[1:-1], []))
        elif piece.strip():
            items.append(piece.strip())
    return items


# ---------------------------------------------------------------- transformations: splits


def semicolons(sentence: Sentence, ctx: "_Simplifier") -> Iterator[Candidate | Refusal]:
    """"A; B" -> "A. B."; and "A – B" when B is a sentence of its own ("... since 2017 – this is a fall")."""
    doc = sentence.doc
    for transformation, cuts in (("split.semicolon", _cuts(sentence, lambda t: t.text == ";")),
                                 ("split.dash", _cuts(sentence, _spaced_dash))):
        if cuts:
            bounds = [-1, *cuts, _ending(doc)]
            parts = [(_tidy(_span(a + 1, b), doc), "sentence") for a, b in zip(bounds, bounds[1:])]
            yield candidate(transformation, sentence, [p for p in parts if p[0]])


def _cuts(sentence: Sentence, where) -> list[int]:
    return [t.i for t in sentence.doc if where(t) and not sentence.marked.in_keep(t.idx)]


def _spaced_dash(token: "Token") -> bool:
    """A dash between words ("2017 – this"), not a hyphen ("long-term")."""
    return token.text in DASHES and token.i > 0 and bool(token.doc[token.i - 1].whitespace_) and bool(token.whitespace_)


def known_facts(sentence: Sentence, ctx: "_Simplifier") -> Iterator[Candidate | Refusal]:
    """"X know that A." -> "A. X know this."

    Only after a verb that takes what follows as true (data: the transformation's
    `verbs`: "know", "understand"), so that saying A on its own keeps the meaning; and
    only when the main clause is nothing but its subject, helping verbs and that verb
    ("If they can, X know that ..." is left alone; "In our report, we showed that ..." is
    fine). A said first may not hold "they" or
    "them" (it could mean X, named only after it), nor "their" before a noun it could
    stand for.
    """
    doc = sentence.doc
    root = _root(doc)
    entry = rules().transformations["split.known-fact"]
    if root is None or root.lemma_.lower() not in entry["verbs"] or not has_subject_and_verb(doc):
        return
    if any(c.dep_ not in ("nsubj", "aux", "advmod", "npadvmod", "prep", "punct") for c in root.lefts):
        return    # "If they can, X know that ...": a condition would be left behind
    after = [c for c in root.rights if c.dep_ != "punct"]
    if len(after) != 1 or after[0].dep_ != "ccomp":
        return
    clause = after[0]
    words = _subtree(clause)
    if (doc[words[0]].lower_ != "that" or doc[words[0]].dep_ != "mark" or words[0] != root.i + 1
            or words[-1] + 1 < _ending(doc) or any(c.dep_ == "conj" for c in clause.children)):
        return
    subject = _subject_child(root)
    pronoun = _unbound_pronoun(doc, words[1:], speaker=subject is not None and subject.lower_ in ("we", "i", "you"))
    if pronoun is not None:
        yield Refusal("split.known-fact", rules().reason("unclear-subject", word=pronoun.text))
        return
    pointer = _points_back(doc, _span(0, root.i + 1))
    if pointer is not None:
        yield Refusal("split.known-fact", rules().reason("points-back", word=pointer.text))
        return
    main = _span(0, root.i + 1) + fill(entry["frame"], {})
    yield candidate("split.known-fact", sentence, [(_tidy(words[1:], doc), "sentence"), (main, "sentence")])


def _points_back(doc: "Doc", items: Sequence[int]) -> "Token | None":
    """A word among ``items`` that points back to a sentence before this one ("this
    understanding", "they"; data: grammar.pointing_words). A transformation that puts a
    new sentence before these words would take them away from what they mean. "This year"
    means now, wherever it is (data: grammar.times_now)."""
    pointing, now = rules().words("pointing_words"), rules().words("times_now")
    return next((doc[i] for i in items if doc[i].lower_ in pointing and doc[i].pos_ in ("PRON", "DET")
                 and not (doc[i].dep_ == "det" and doc[i].head.lemma_.lower() in now)), None)


def _unbound_pronoun(doc: "Doc", words: list[int], speaker: bool = False) -> "Token | None":
    """The first "they", "them" or "their" in ``words`` that could mean the main subject
    (said only after them), else None: "they" and "them" always could, unless that
    subject is "we", "I" or "you" (a ``speaker``); "their", and then "they", not when a
    noun before it in ``words`` could be what it stands for (a plural or a person)."""
    grammar = rules().grammar
    for n, i in enumerate(words):
        token = doc[i]
        if token.lower_ not in rules().transformations["split.known-fact"]["pronouns"]:
            continue
        if token.lower_ in ("they", "them", "he", "she", "him") and not speaker:
            return token
        before = [doc[j] for j in words[:n] if doc[j].pos_ in ("NOUN", "PROPN")]
        if not any(t.tag_ in ("NNS", "NNPS") or t.lemma_.lower() in grammar["people"] for t in before):
            return token
    return None


def examples(sentence: Sentence, ctx: "_Simplifier") -> Iterator[Candidate | Refusal]:
    """"..., such as general wards." -> "... . For example, general wards." (openings from the data).

    Only at the end of the sentence, after a comma, and only examples with no
    preposition but "of" in them: in "places, such as wards for long periods", "for
    long periods" may belong to the main sentence. After "such as", the parse must agree
    that the example runs to the end.
    """
    doc = sentence.doc
    end = _ending(doc)
    entry = rules().transformations["split.example"]
    if sentence.marked.text.endswith(":"):
        return    # "..., for example when:" leads into a list
    for comma in doc[:end]:
        if comma.text != "," or sentence.marked.in_keep(comma.idx):
            continue
        words = _span(comma.i + 1, end)
        taken = _opening(" ".join(doc[i].lower_ for i in words), entry["openings"])
        if taken is None:
            continue
        rest = _tidy(words[taken:], doc)
        if not rest or any(doc[i].tag_ == "IN" and doc[i].lower_ not in entry["inner_prepositions"] for i in rest):
            continue
        if doc[words[0]].lower_ == "such" and doc[words[1]].right_edge.i < end - 1:
            continue
        main = sentence.without(_span(comma.i, end))
        yield candidate("split.example", sentence.anchored(doc[comma.i - 1]),
                        [(main, "main"), (fill(entry["frame"], {"words": rest}), "fragment")], replaced=words[:taken])


def coordination(sentence: Sentence, ctx: "_Simplifier") -> Iterator[Candidate | Refusal]:
    """ "X can A, B and C" and "X does A, and Y does B": one sentence per part."""
    for head in sentence.doc:
        if head.dep_ == "conj" or head.pos_ not in ("VERB", "AUX"):
            continue
        chain = _chain(head, ("VERB", "AUX"))
        if len(chain) < 2:
            continue
        own = [_subject_child(v) is not None for v in chain[1:]]
        if all(own):
            yield _split_clauses(sentence, chain)
        elif not any(own):
            yield _split_verbs(sentence, chain, ctx)


def _chain(head: "Token", pos: tuple[str, ...]) -> list["Token"]:
    """A word and every word joined to it by "and", "or" or a comma, in reading order
    ("recognise", "respond", "offer")."""
    found, todo = [], [head]
    while todo:
        token = todo.pop()
        found.append(token)
        todo.extend(c for c in token.children if c.dep_ == "conj" and c.pos_ in pos)
    return sorted(found, key=lambda t: t.i)


def _parts_of_chain(doc: "Doc", chain: list["Token"], first_start: int) -> tuple[list[list[int]], list[int]] | None:
    """Each joined word's own words (one unbroken run each), and the joining words.

    None when the parse does not cut cleanly: a part in pieces, or words up to the end
    of the sentence that belong to no part (they belong to all of them: "A and B when ...").
    """
    subtrees = [set(_subtree(t)) for t in chain]
    parts = []
    for index, token in enumerate(chain):
        start = first_start if index == 0 else token.left_edge.i
        later = set().union(*subtrees[index + 1:])
        mine = [i for i in range(start, token.right_edge.i + 1) if i not in later]
        while mine and _joining(doc[mine[0]]):
            mine.pop(0)
        while mine and _joining(doc[mine[-1]]):
            mine.pop()
        if not mine or mine != list(range(mine[0], mine[-1] + 1)):
            return None
        parts.append(mine)
    covered = set().union(*map(set, parts))
    rest = [i for i in range(first_start, _ending(doc)) if i not in covered]
    if any(not _joining(doc[i]) for i in rest):
        return None
    return parts, rest


def _joining(token: "Token") -> bool:
    return (token.is_punct and token.text not in "()") or token.dep_ in ("cc", "preconj")


def _split_clauses(sentence: Sentence, chain: list["Token"]) -> Candidate | Refusal | None:
    doc = sentence.doc
    transformation = "split.coordinated-clauses"
    found = _parts_of_chain(doc, chain, chain[0].left_edge.i)
    if found is None:
        return Refusal(transformation, rules().reason("shared-words"))
    parts, joins = found
    joining = {doc[i].lower_ for i in joins if doc[i].dep_ == "cc"}
    keep = set(rules().transformations[transformation]["keep_joining"])
    if not joining or not joining <= keep | {"and"}:
        return None
    prefix = _span(0, chain[0].left_edge.i)
    if prefix:
        return None   # "know that A and that B": the verbs' transformation repeats the prefix
    that = _second_that(doc, parts)
    if that is not None:
        return Refusal(transformation, rules().reason("unclear-join", word=that.text))
    built = []
    for index, part in enumerate(parts):
        kept = [i for i in joins if doc[i].lower_ in keep and index and i < part[0]][-1:]
        built.append((kept + part, "sentence"))
    return candidate(transformation, sentence, built)


def _second_that(doc: "Doc", parts: list[list[int]]) -> "Token | None":
    """A later part that starts with "that" after a part with a "that"-clause: "we
    highlighted that A, but that change needs ..." may say what else was highlighted
    ("but that B"), which "But that change needs ..." would turn into "this change"."""
    for before, part in zip(parts, parts[1:]):
        first = doc[part[0]]
        if first.lower_ == "that" and any(doc[i].lower_ == "that" and doc[i].dep_ == "mark" for i in before):
            return first
    return None


def _split_verbs(sentence: Sentence, chain: list["Token"], ctx: "_Simplifier") -> Candidate | Refusal | None:
    doc = sentence.doc
    transformation = "split.coordinated-verbs"
    first = chain[0]
    start = _verb_phrase_start(first)
    found = _parts_of_chain(doc, chain, start)
    if found is None:
        return Refusal(transformation, rules().reason("shared-words"))
    parts, joins = found
    if {doc[i].lower_ for i in joins if doc[i].dep_ == "cc"} != {"and"}:
        return None    # "or" is a choice; "but" joins clauses
    groups = _groups(chain, parts)
    prefix = _span(0, start)
    subject = _subject_of(first)
    repeated = [i for i in prefix if subject is None or i not in _subtree(subject)]
    if len(groups) < 2 or count_words(_words(doc, repeated)) > rules().limits["repeated_words"]:
        return None    # a long prefix said again would not make shorter sentences
    unclear = _unclear_join(chain, parts)
    if unclear is not None:
        return Refusal(transformation, rules().reason("unclear-join", word=unclear.text))
    if any(doc[i].dep_ == "neg" for i in prefix):
        return Refusal(transformation, rules().reason("negative"))
    return _verb_sentences(sentence, transformation, prefix, groups, first, ctx)


def verb_form(verb: "Token") -> str:
    """How a verb is built: "to" + base, modal + base, finite, base, -ing or past participle."""
    helpers = {c.tag_ for c in verb.lefts if c.dep_ in ("aux", "auxpass")}
    if "TO" in helpers:
        return "to"
    if "MD" in helpers:
        return "modal"
    return {"VBZ": "finite", "VBP": "finite", "VBD": "finite", "VB": "base", "VBG": "ing"}.get(verb.tag_, "other")


FORMS_THAT_JOIN = {"modal": {"base", "to", "modal"}, "finite": {"finite", "modal"}, "base": {"base", "to"},
                   "to": {"base", "to"}, "ing": {"ing"}}


def _unclear_join(chain: list["Token"], parts: list[list[int]]) -> "Token | None":
    """The first joined verb whose place in the sentence is unsure, or None.

    Unsure: its form does not fit the first verb ("can consider ... and remembering");
    it may belong to a clause that ends just before it ("know that transitions can be
    distressing, and may be times of ..."); it may be a noun ("range of care and support
    a person receives", "health and wellbeing"); or its only complement is a clause
    with no "that" after a verb that does not take one.
    """
    doc = chain[0].doc
    fits = FORMS_THAT_JOIN.get(verb_form(chain[0]), set())
    for verb, before in zip(chain[1:], parts):
        if verb_form(verb) not in fits or _inner_clause_at_end(doc, before, verb_form(verb)):
            return verb
        if verb_form(verb) == "to" and any(doc[i].tag_ == "TO" and doc[i].dep_ == "aux" for i in before):
            return verb    # "help people to have choice ... and to live well": which "to" does it join?
        complements = [c for c in verb.rights if c.dep_ not in ("punct", "cc", "conj")]
        if complements and all(c.dep_ == "ccomp" and _finite(c) and not any(m.dep_ == "mark" for m in c.children)
                               for c in complements) and verb.lemma_.lower() not in rules().words("stative_verbs"):
            return verb
    return None


def _inner_clause_at_end(doc: "Doc", part: list[int], form: str) -> bool:
    """The part ends with a clause of its own ("... that transitions can be distressing"),
    and the next verb could continue it."""
    if form in ("to", "ing"):
        return False
    last = doc[part[-1]]
    for token in doc[part[0]:part[-1] + 1]:
        if (token.dep_ in ("ccomp", "advcl", "relcl", "acl") and _subject_child(token) is not None
                and token.right_edge.i >= last.i and token.i != part[0]):
            return True
    return False


def _verb_phrase_start(verb: "Token") -> int:
    """Where a verb's own words start: after its subject, auxiliaries and "to"."""
    before = [c for c in verb.lefts if c.dep_ not in PREFIX_DEPS]
    fixed = [c.i for c in verb.lefts if c.dep_ in PREFIX_DEPS]
    own = [c.left_edge.i for c in before if not fixed or c.i > max(fixed)]
    return min(own) if own else verb.i


def _groups(chain: list["Token"], parts: list[list[int]]) -> list[list[int]]:
    """Join a verb with no words of its own after it to the next one, with the joining
    words between them ("recognise and respond to distress" stays one part)."""
    groups: list[list[int]] = []
    start: int | None = None
    for index, (verb, part) in enumerate(zip(chain, parts)):
        begin = part[0] if start is None else start
        if not _has_own_object(verb, part) and index + 1 < len(chain):
            start = begin
            continue
        groups.append(part if start is None else list(range(begin, part[-1] + 1)))
        start = None
    return groups


def _has_own_object(verb: "Token", part: list[int]) -> bool:
    """A verb with words of its own after it; "respond to" (a bare preposition) shares the next one's."""
    return any(c.i in part and c.dep_ not in ("punct", "cc", "prt") and not (c.dep_ == "prep" and not list(c.children))
               for c in verb.rights)


def _verb_sentences(sentence: Sentence, transformation: str, prefix: list[int], groups: list[list[int]],
                    first: "Token", ctx: "_Simplifier") -> Candidate | Refusal:
    """Sentence 1 keeps the prefix; each later one repeats it with the subject said again."""
    doc = sentence.doc
    subject = _subject_of(first)
    parts: list[tuple[Sequence[Item], str]] = [(prefix + groups[0], "sentence")]
    previous = groups[0]
    for group in groups[1:]:
        group = [i for i in group if not (doc[i].lower_ == "to" and doc[i].dep_ == "aux" and i == group[0])]
        new_prefix: list[Item] = list(prefix)
        if subject is not None and subject.i in prefix:
            said = repeat_subject(sentence, subject, previous, ctx.actor, transformation)
            if isinstance(said, Refusal):
                return said
            phrase = set(_subtree(subject))
            at = min(phrase)
            new_prefix = [i for i in prefix if i < at] + said + [i for i in prefix if i > max(phrase)]
        parts.append((new_prefix + group, "sentence"))
        previous = group
    return candidate(transformation, sentence, parts)


def relative_clauses(sentence: Sentence, ctx: "_Simplifier") -> Iterator[Candidate | Refusal]:
    """"the recovery approach, which focuses on hope" -> "This recovery approach focuses on hope." """
    doc = sentence.doc
    for clause in doc:
        if clause.dep_ != "relcl" or clause.head.pos_ not in ("NOUN", "PROPN"):
            continue
        words = _subtree(clause)
        pronoun = doc[words[0]]
        if not (pronoun.tag_ in ("WDT", "WP") and pronoun.dep_ in ("nsubj", "nsubjpass")
                and words[0] > 0 and doc[words[0] - 1].text == ","):
            continue
        if not _ends_clause(doc, words) or not _main_argument(clause.head):
            continue
        noun = clause.head
        frame = rules().frame("split.relative-clause", "plural" if _is_plural(noun) else "singular")
        thing = _noun_words(noun)
        new = fill(frame, {"thing": thing}) + words[1:]
        main = sentence.without(_cut(doc, words))
        yield candidate("split.relative-clause", sentence, [(main, "main"), (new, "sentence")])


def restrictive_clauses(sentence: Sentence, ctx: "_Simplifier") -> Iterator[Candidate | Refusal]:
    """"X know about factors that can affect recovery." -> "Some factors can affect recovery.
    X know about these factors."

    Only a clause that says which things (no comma), right after a plural noun the main
    verb takes, whose "that"/"which"/"who" is its subject, and that ends the sentence. The
    thing is said first ("Some ..."), so the main sentence can name it ("these factors")
    without losing which ones are meant. Not in a sentence with no subject of its own: a
    sub-point carries on its lead ("... can help them to: identify barriers that ..."),
    and "Some barriers ..." would not.
    """
    doc = sentence.doc
    if not has_subject_and_verb(doc):
        return
    for clause in doc:
        noun = clause.head
        if clause.dep_ != "relcl" or noun.pos_ != "NOUN" or noun.tag_ != "NNS" or clause.left_edge.i != noun.i + 1:
            continue
        pronoun = doc[clause.left_edge.i]
        words = _subtree(clause)
        if not (pronoun.tag_ in ("WDT", "WP") and pronoun.dep_ in ("nsubj", "nsubjpass")
                and words[-1] + 1 >= _ending(doc) and _taken_by_main_verb(noun)):
            continue
        subject = _subject_of(_root(doc))
        thing = _plain_noun_phrase(noun)
        if thing is None or (subject is not None and subject.lemma_.lower() == noun.lemma_.lower()):
            continue    # "Some peer support workers ... Peer support workers support these ..."
        if _late_modifier(clause):
            yield Refusal("split.restrictive-clause", rules().reason("unclear-join", word=doc[clause.right_edge.i].text))
            continue
        frames = rules().transformations["split.restrictive-clause"]["frames"]
        described = fill(frames["described"], {"thing": thing}) + words[1:]
        main = [i for i in sentence.without(words) if i not in range(noun.left_edge.i, noun.i + 1)
                or i == noun.left_edge.i]
        pointer = _points_back(doc, main)
        if pointer is not None:
            yield Refusal("split.restrictive-clause", rules().reason("points-back", word=pointer.text))
            continue
        at = main.index(noun.left_edge.i)
        main[at:at + 1] = fill(frames["named"], {"thing": thing})
        yield candidate("split.restrictive-clause", sentence, [(described, "sentence"), (main, "main")])


def _taken_by_main_verb(noun: "Token") -> bool:
    """The object of the main verb (or of a verb it governs: "help people to find ..."),
    or of a preposition right after it ("know about factors"). Not "Workers are people
    who ...": there the clause says who they are."""
    verb = noun.head.head if noun.dep_ == "pobj" else noun.head
    if noun.dep_ not in ("dobj", "pobj") or (noun.dep_ == "pobj" and noun.head.dep_ != "prep"):
        return False
    root = _root(noun.doc)
    return root is not None and any(verb.i == v.i for v in _governed(root))


def _late_modifier(clause: "Token") -> bool:
    """A verb of the clause has a phrase after its object ("practices that could lead to a
    breach during our visits"): the phrase may belong to the main verb ("highlight ...
    during our visits"), and said in the clause's own sentence it would belong to that."""
    for verb in _chain(clause, ("VERB", "AUX")):
        after = [c for c in verb.rights if c.dep_ not in ("punct", "cc", "conj")]
        if any(c.dep_ in ("prep", "advmod", "advcl", "npadvmod", "agent") for c in after[1:]):
            return True
    return False


def _plain_noun_phrase(noun: "Token") -> list[int] | None:
    """The noun with its describing words, without "the" or "any" ("potential barriers");
    None when it has words that could not follow "some" or "these" (a possessive, a
    number, "and"/"or"), anything after it besides the clause, or when the words just
    before it are not the word that takes it ("a range of NICE recommended therapies")."""
    doc = noun.doc
    words = list(range(noun.left_edge.i, noun.i + 1))
    if words[0] == 0 or doc[words[0] - 1].i != noun.head.i:
        return None
    allowed = set(rules().transformations["split.restrictive-clause"]["determiners"])
    if any(c.dep_ not in ("relcl",) for c in noun.rights):
        return None
    kept = []
    for i in words:
        token = doc[i]
        if token.dep_ == "det":
            if token.lower_ not in allowed or i != words[0]:
                return None
            continue
        if token.dep_ in ("poss", "nummod", "case", "predet") or token.is_punct:
            return None
        kept.append(i)
    return kept


def _main_argument(noun: "Token") -> bool:
    """A noun the main clause's verb takes ("use the recovery approach"), or the object
    of its first preposition ("know about local services"). Anywhere else ("a position
    on reducing restrictive practice, which ...", "get access to support through the
    App, including ..."), the words after the comma may describe another noun."""
    if noun.dep_ == "pobj":
        prep, verb = noun.head, noun.head.head
        if any(c.i < prep.i and c.dep_ in ("dobj", "prep", "dative", "attr") for c in verb.rights):
            return False
    elif noun.dep_ in ("dobj", "nsubj", "nsubjpass", "attr", "dative"):
        verb = noun.head
    else:
        return False
    while verb.dep_ in ("conj", "xcomp") and verb.head is not verb:
        verb = verb.head
    return verb.dep_ == "ROOT" and verb.pos_ in ("VERB", "AUX")


def _ends_clause(doc: "Doc", words: list[int]) -> bool:
    """The clause runs to the end of the sentence or to a comma."""
    after = words[-1] + 1
    return after >= _ending(doc) or doc[after].text == ","


def _cut(doc: "Doc", words: list[int]) -> list[int]:
    """A clause with the comma before it, and the comma after it when the sentence goes on."""
    before = [words[0] - 1] if words[0] > 0 and doc[words[0] - 1].text == "," else []
    after = words[-1] + 1
    return before + words + ([after] if after < _ending(doc) and doc[after].text == "," else [])


def _noun_words(noun: "Token") -> list[Item]:
    """The noun with the words that name it ("mental health service", not "the"), as one
    phrase in the case it has inside a sentence."""
    naming = [c.left_edge.i for c in noun.lefts if c.dep_ in ("compound", "amod")]
    start = min(naming + [noun.i])
    words = noun.doc[start:noun.i + 1]
    return [words.text if noun.pos_ == "PROPN" else words.text.lower()]


def including(sentence: Sentence, ctx: "_Simplifier") -> Iterator[Candidate | Refusal]:
    """", including X, Y and Z" -> "These services include X, Y and Z." """
    doc = sentence.doc
    for word in doc:
        if word.lower_ != "including" or word.dep_ != "prep" or word.i == 0 or doc[word.i - 1].text != ",":
            continue
        words = _subtree(word)
        if not _ends_clause(doc, words) or count_words(_words(doc, words)) < 3 or doc[words[1]].pos_ == "ADP":
            continue    # "including about ...": no object to include; "including being:": no content
        head = word.head
        if head.pos_ in ("NOUN", "PROPN") and _main_argument(head):
            key = "plural" if _is_plural(head) else "singular"
            frame = fill(rules().frame("split.including", key), {"thing": _noun_words(head)})
        elif head.pos_ == "VERB":
            frame = fill(rules().frame("split.including", "clause"), {})
        else:
            continue
        main = sentence.without(_cut(doc, words))
        yield candidate("split.including", sentence, [(main, "main"), (frame + words[1:], "sentence")])


def participles(sentence: Sentence, ctx: "_Simplifier") -> Iterator[Candidate | Refusal]:
    """"..., leading to delays" -> "This leads to delays."; "..., paying attention to X" ->
    "They pay attention to X." when the subject is someone who does things.

    Only at the end of the sentence: in the middle, "-ing" may describe the word before
    it ("personal recovery, focusing on the person, is ..."). A verb of result (data:
    grammar.result_verbs) is said of the whole sentence ("This"); any other is what
    the main subject does, and only a person, a team or an organisation does things
    ("Bed availability ... leads to" would be wrong).
    """
    doc = sentence.doc
    root = _root(doc)
    for verb in doc:
        words = _subtree(verb)
        if not (verb.tag_ == "VBG" and verb.dep_ == "advcl" and verb.left_edge.i == verb.i
                and verb.i > 0 and doc[verb.i - 1].text == "," and words[-1] + 1 >= _ending(doc)
                and has_subject_and_verb(doc)
                and not any(doc[i].dep_ == "conj" and doc[i].lower_.endswith("ing") for i in words)):
            continue    # "..., thinking about X and remembering": the "-ing" list would be half changed
        main = sentence.without([verb.i - 1] + words)
        if verb.lemma_.lower() in rules().words("result_verbs"):
            this = fill(rules().frame("split.participle", "result"), {})
            yield candidate("split.participle", sentence,
                            [(main, "main"), (this + [present(verb.lemma_.lower(), False)] + words[1:], "sentence")])
            continue
        subject = _subject_of(verb.head)
        main_subject = _subject_of(root) if root is not None else None
        if subject is None or main_subject is None or subject.i != main_subject.i or not _does_things(subject, ctx):
            continue
        said = repeat_subject(sentence, subject, main, ctx.actor, "split.participle")
        if isinstance(said, Refusal):
            yield said
            continue
        modal = _modal(verb.head)
        form = verb.lemma_.lower() if modal else present(verb.lemma_.lower(), _is_plural(subject))
        yield candidate("split.participle", sentence, [(main, "main"), (said + modal + [form] + words[1:], "sentence")])


def _does_things(subject: "Token", ctx: "_Simplifier") -> bool:
    """A person, a group of people or an organisation (data: grammar.people), or the section's actor."""
    if subject.lower_ in ("i", "we", "you", "they", "he", "she"):
        return True
    actor = ctx.actor_head() if ctx.actor else None
    lemma = subject.lemma_.lower()
    return lemma in rules().words("people") or (actor is not None and lemma == actor.lemma_.lower())


def _modal(verb: "Token") -> list[Item]:
    """The modal verb of a clause ("can", "should"), looking through joined verbs."""
    while True:
        modal = [c.lower_ for c in verb.children if c.tag_ == "MD"]
        if modal or verb.dep_ not in ("conj", "xcomp") or verb.head is verb:
            return list(modal[:1])
        verb = verb.head


def subordinates(sentence: Sentence, ctx: "_Simplifier") -> Iterator[Candidate | Refusal]:
    """"X, because Y" -> "X. This is because Y." (linking words and frames from the data)."""
    doc = sentence.doc
    for clause in doc:
        if clause.dep_ != "advcl" or clause.left_edge.i <= clause.head.i:
            continue
        words = _subtree(clause)
        linker = next((k for k in rules().linkers if _starts_with(doc, words, k.words)), None)
        if linker is None or not _ends_clause(doc, words) or not _fits_linker(clause, linker):
            continue
        main_verb = clause.head
        if linker.needs_action and not _has_own_object(main_verb, [c.i for c in main_verb.rights if c.i < words[0]]):
            continue    # "decide when ...": the clause is what is decided
        slots: dict[str, list[Item]] = {"words": words[len(linker.words):]}
        if "{subject}" in linker.frame:
            doer = _doer(sentence, main_verb, words, ctx, "split.subordinate")
            if doer is None or isinstance(doer, Refusal):
                yield doer    # None: "The impact ... will do this while ...": only someone does things
                continue
            slots.update(doer)
        main = sentence.without(_cut(doc, words))
        yield candidate("split.subordinate", sentence, [(main, "main"), (fill(linker.frame, slots), "sentence")])


def leading_clauses(sentence: Sentence, ctx: "_Simplifier") -> Iterator[Candidate | Refusal]:
    """"Although A, B." -> "A. But B."; "Because A, B." -> "A. So B." (linkers from the data).

    Only a clause with its own subject and verb that opens the sentence and ends at a
    comma, on the main verb. "While" with a verb in -ing ("While you are waiting, ...")
    means "at the same time", not "but": left alone.
    """
    doc = sentence.doc
    root = _root(doc)
    if root is None:
        return
    for clause in root.lefts:
        words = _subtree(clause)
        while words and doc[words[-1]].text == ",":
            words.pop()    # the parse may give the clause its comma
        if clause.dep_ != "advcl" or words[0] != 0 or doc[words[-1] + 1].text != ",":
            continue
        linker = next((k for k in rules().transformations["split.leading-clause"]["linkers"]
                       if _starts_with(doc, words, k["words"].split())), None)
        if linker is None or _subject_child(clause) is None or not _finite(clause) or clause.tag_ == "VBG":
            continue
        rest = _tidy(_span(words[-1] + 2, _ending(doc)), doc)
        if not rest:
            continue
        own = words[len(linker["words"].split()):]
        yield candidate("split.leading-clause", sentence,
                        [(own, "sentence"), (fill(linker["frame"], {"main": rest}), "sentence")])


def absolutes(sentence: Sentence, ctx: "_Simplifier") -> Iterator[Candidate | Refusal]:
    """"X continues, with services struggling to meet demand." -> "X continues. Services are
    struggling to meet demand." ("with" + a noun + what it is doing or how it is).

    Only after a comma, at the end of the sentence, on the main verb. "Be" takes the
    main verb's tense and the noun's number; a verb of being ("each session lasting an
    hour") takes its own present tense instead ("Each session lasts an hour").
    """
    doc = sentence.doc
    root = _root(doc)
    if root is None or not has_subject_and_verb(doc):
        return
    end = _ending(doc)
    for word in root.rights:
        if (word.dep_ != "prep" or word.lower_ not in rules().transformations["split.absolute"]["words"]
                or doc[word.i - 1].text != "," or word.right_edge.i != end - 1):
            continue
        found = _noun_and_state(word)
        if found is None:
            continue
        noun, state = found
        plural = _is_plural(noun)
        past_tense = root.tag_ == "VBD" or any(c.tag_ == "VBD" for c in root.children if c.dep_ in ("aux", "auxpass"))
        if state.tag_ == "VBG" and state.lemma_.lower() in rules().words("stative_verbs"):
            if past_tense:
                continue
            verb: list[Item] = [present(state.lemma_.lower(), plural)]
            rest = _span(state.i + 1, end)
        else:
            if not past_tense and any(YEAR.fullmatch(doc[i].text) for i in _span(noun.i + 1, end)):
                yield Refusal("split.absolute", rules().reason("unsure-tense", word=state.text))
                continue    # "posts vacant in 2022/23": "are" or "were"?
            verb = [("were" if plural else "was") if past_tense else present("be", plural)]
            rest = _span(noun.i + 1, end)
        main = sentence.without(_span(word.i - 1, end))
        new = fill(rules().frame("split.absolute"), {"subject": _span(word.i + 1, noun.i + 1), "be": verb, "words": rest})
        yield candidate("split.absolute", sentence, [(main, "main"), (new, "sentence")])


def _noun_and_state(word: "Token") -> tuple["Token", "Token"] | None:
    """After "with": the noun ("services") and the word that says what it is doing or how
    it is ("struggling", "vacant"), right after the noun's own words; None for anything else."""
    doc = word.doc
    verb = next((c for c in word.children if c.dep_ == "pcomp" and c.tag_ == "VBG"), None)
    noun = _subject_child(verb) if verb is not None else next((c for c in word.children if c.dep_ == "pobj"), None)
    if noun is None or noun.pos_ not in ("NOUN", "PROPN") or noun.left_edge.i != word.i + 1:
        return None
    if verb is None:
        verb = next((c for c in noun.rights if c.dep_ in ("acl", "amod") and c.tag_ in ("VBG", "JJ")), None)
    if verb is None:
        return None
    between = [t for t in doc[noun.i + 1:verb.i] if not (t.dep_ == "advmod" and t.head.i == verb.i)]
    return (noun, verb) if not between else None


def _doer(sentence: Sentence, main_verb: "Token", moved: list[int], ctx: "_Simplifier",
          transformation: str) -> dict[str, list[Item]] | Refusal | None:
    """The slots of a "{subject} {modal} {do} this ..." frame: the main verb's subject said
    again, its modal verb and "do" agreeing with the subject. None when the subject is not
    someone who does things or the main verb is not one action ("do this" would be unclear)."""
    subject = _subject_of(main_verb)
    if subject is None or not _active_main_verb(main_verb) or not _does_things(subject, ctx):
        return None
    said = repeat_subject(sentence, subject, sentence.without(moved), ctx.actor, transformation)
    if isinstance(said, Refusal):
        return said
    modal = _modal(main_verb)
    return {"subject": said, "modal": modal,
            "do": ["do" if modal else present("do", _is_plural(subject) or said == ["they"])]}


def adverbials(sentence: Sentence, ctx: "_Simplifier") -> Iterator[Candidate | Refusal]:
    """"X can do A by doing B" -> "X can do A. They can do this by doing B."; "..., as part
    of their care plan" -> "This is part of their care plan." (openings and frames from the data).

    Only a phrase that hangs on the main verb (or a verb it governs: "help people to plan
    ... by ...") and ends the sentence: the parse says it tells how, why or as what the
    whole action is done. A "do" frame also needs someone who does things and one verb of
    doing (``_doer``): "They do this" after "know" or after two joined verbs is unclear.
    """
    doc = sentence.doc
    root = _root(doc)
    if root is None or root.pos_ not in ("VERB", "AUX") or not (has_subject_and_verb(doc) or sentence.verb_first):
        return
    end = _ending(doc)
    for verb in _governed(root):
        for child in verb.rights:
            words = _subtree(child)
            phrase = next((p for p in rules().phrases if _opens(doc, child, words, p)), None)
            if phrase is None or words[-1] != end - 1:
                continue
            if phrase.frame == "is" and _names_someone(child):
                continue    # ", as part of the team": who does it, not what the action is
            frame = rules().frame("split.adverbial", phrase.frame)
            slots: dict[str, list[Item]] = {"words": words[phrase.drop:]}
            if phrase.frame == "do":
                if root.lemma_.lower() == "do":
                    continue    # "They do this by ..." is the frame itself
                doer = None if root.lemma_.lower() in rules().words("stative_verbs") else _doer(
                    sentence, root, words, ctx, "split.adverbial")
                if isinstance(doer, Refusal) or (doer is None and not phrase.otherwise):
                    yield doer
                    continue
                if doer is None:    # no one to say again ("Explore the reasons, to work out ...")
                    frame = rules().frame("split.adverbial", phrase.otherwise)
                else:
                    slots.update(doer)
            main = sentence.without(_cut(doc, words))
            yield candidate("split.adverbial", sentence, [(main, "main"), (fill(frame, slots), "sentence")])


def _names_someone(phrase: "Token") -> bool:
    """The phrase's noun, or the whole that "part of" names ("part of the team"), is a
    person, a group or an organisation (data: grammar.people). ("A role of a worker" is
    the worker's role: fine.)"""
    people = rules().words("people")
    for noun in (c for c in phrase.children if c.dep_ == "pobj"):
        owners = [o for p in noun.children if p.dep_ == "prep" and p.lower_ == "of" and noun.lower_ == "part"
                  for o in p.children if o.dep_ == "pobj"]
        if any(t.lemma_.lower() in people for t in [noun, *owners]):
            return True
    return False


def _governed(root: "Token") -> list["Token"]:
    """The main verb (with the verbs that share its words: "acknowledge and discuss") and
    the verbs it governs in a chain ("can help people to plan")."""
    found = _one_action(root)
    while True:
        nxt = next((c for c in found[-1].rights if c.dep_ == "xcomp" and c.pos_ == "VERB"), None)
        if nxt is None:
            return found
        found.append(nxt)


def _opens(doc: "Doc", child: "Token", words: list[int], phrase: Phrase) -> bool:
    """``child``'s words open as ``phrase`` says ("by" + a verb in -ing, ", to" + a verb)."""
    if not _starts_with(doc, words, phrase.words) or words[0] <= child.head.i:
        return False
    if phrase.comma and doc[words[0] - 1].text != ",":
        return False
    if phrase.then == "verb":
        return child.dep_ == "advcl" and child.tag_ == "VB"
    if child.dep_ != "prep":
        return False
    after = doc[words[len(phrase.words)]]
    if phrase.then == "ing":
        return after.tag_ == "VBG" and after.head.i == child.i
    objects = [c for c in child.children if c.dep_ == "pobj"]
    return not phrase.nouns or any(o.lemma_.lower() in phrase.nouns for o in objects)


def _active_main_verb(verb: "Token") -> bool:
    """The sentence's one main verb, not passive: "they do this" can only mean what it does.
    After "We visit people, and we require ...", "this" could be either."""
    while verb.dep_ == "xcomp" and verb.head is not verb:
        verb = verb.head
    joined = any(c.dep_ == "conj" for c in verb.children)
    return (verb.dep_ == "ROOT" and not any(c.dep_ == "auxpass" for c in verb.children)
            and (not joined or len(_one_action(verb)) > 1))


def _one_action(verb: "Token") -> list["Token"]:
    """The verb and the verbs joined to it that share all their words ("acknowledge and
    discuss these feelings"): one action. Just ``[verb]`` when a joined verb has words
    of its own ("listen to people and help them")."""
    chain = _chain(verb, ("VERB",))
    for joined in chain[:-1]:
        if any(c.i > joined.i and c.dep_ not in ("cc", "punct", "conj", "prt") for c in joined.children):
            return [verb]
    return chain


def _fits_linker(clause: "Token", linker: Linker) -> bool:
    """The clause is of the kind the linker's frame needs, after a verb it suits."""
    own = _subject_child(clause) is not None and _finite(clause)
    if verb_form(clause) not in ("finite", "modal", "ing") or clause.pos_ not in ("VERB", "AUX"):
        return False    # "if relevant, to identify ...": no clause of its own
    if linker.clause == "own" and not own:
        return False
    if linker.clause == "non-finite" and (own or clause.tag_ != "VBG"):
        return False
    main = clause.head
    return not linker.needs_action or (main.pos_ == "VERB" and main.lemma_.lower() not in rules().words("stative_verbs")
                                       and main.lemma_.lower() != "do")   # "They do this when ..." is the frame itself


def inline_lists(sentence: Sentence, ctx: "_Simplifier") -> Iterator[Candidate | Refusal]:
    """"... with dignity, respect, kindness and care." -> "... with:" and four bullets;
    "... by having a talk, taking their concerns seriously and validating them." -> "... by:"
    and three bullets (verbs in -ing after a preposition: each is a thing done)."""
    doc = sentence.doc
    for head in doc:
        doing = head.tag_ == "VBG" and head.dep_ == "pcomp"
        if (head.pos_ not in ("NOUN", "PROPN") and not doing) or head.dep_ == "conj":
            continue
        chain = _doings(head) if doing else _chain(head, ("NOUN", "PROPN"))
        if len(chain) < 3:
            continue
        found = _parts_of_chain(doc, chain, head.left_edge.i)
        if found is None:
            continue
        items, joins = found
        if {doc[i].lower_ for i in joins if doc[i].dep_ == "cc"} != {"and"}:
            continue
        if not doing and any(doc[i].pos_ in ("VERB", "AUX") for item in items for i in item):
            continue    # "knowledge, skills and confidence to manage ...": the last words may belong to all
        lead = _span(0, head.left_edge.i)
        if not 3 <= count_words(_words(doc, lead)) <= ctx.limit or sentence.marked.text.endswith(":"):
            continue
        yield candidate("list.inline", sentence, [(lead, "lead")], items)


def _doings(head: "Token") -> list["Token"]:
    """Verbs in -ing listed after a preposition ("by having ..., taking ... and validating
    ..."), in reading order; the parse often hangs the second on the first as a clause
    of its own (", taking ..."), so those count too. Empty when one is not in -ing."""
    found, todo = [], [head]
    while todo:
        token = todo.pop()
        found.append(token)
        todo.extend(c for c in token.children if c.pos_ == "VERB" and (
            c.dep_ == "conj" or (c.dep_ == "advcl" and c.i > 0 and c.doc[c.i - 1].text == ",")))
    return sorted(found, key=lambda t: t.i) if all(t.tag_ == "VBG" for t in found) else []


# ---------------------------------------------------------------- transformations: passive


def passives(sentence: Sentence, ctx: "_Simplifier") -> Iterator[Candidate | Refusal]:
    """"X is written by the team" -> "The team writes X"; with the section's actor when no "by"."""
    root = _root(sentence.doc)
    if root is None or root.tag_ != "VBN":
        return
    patient = next((c for c in root.children if c.dep_ == "nsubjpass"), None)
    agent = next((c for c in root.children if c.dep_ == "agent"), None)
    if patient is None or not any(c.dep_ == "auxpass" for c in root.children):
        return
    if any(c.dep_ == "conj" and c.pos_ in ("VERB", "AUX") for c in root.children):
        return   # "this can be provided ..., but must be undertaken ...": the second verb keeps the subject
    if agent is not None:
        doer = next((c for c in agent.children if c.dep_ == "pobj"), None)
        if doer is not None:
            yield _active(sentence, root, patient, _subtree(doer), _is_plural(doer), agent, "active.passive-agent")
    elif ctx.actor and not sentence.known:   # "confidentiality is breached" is no task of the actor
        actor = ctx.actor_head()
        if actor is not None and patient.pos_ != "PRON" and patient.lemma_.lower() != actor.lemma_.lower():
            yield _active(sentence, root, patient, [ctx.actor], _is_plural(actor), None, "active.passive-actor")


def _active(sentence: Sentence, verb: "Token", patient: "Token", doer: list[Item], plural: bool,
            agent: "Token | None", transformation: str) -> Candidate | Refusal | None:
    doc = sentence.doc
    object_case = rules().grammar["object_case"]
    patient_words = _subtree(patient)
    if patient_words[0] != verb.left_edge.i:
        return None   # something before the subject: leave it
    helpers = [c for c in verb.lefts if c.i > patient_words[-1]]
    if any(h.dep_ not in ("aux", "auxpass", "neg") for h in helpers):
        return None   # "is always written": an adverb to place; left alone
    form = _active_verb(verb, helpers, plural)
    if form is None:
        return Refusal(transformation, rules().reason("unsure-past", word=verb.text))
    after = [c for c in verb.rights if agent is None or c.i != agent.i]
    particles = [c.i for c in after if c.dep_ == "prt" or (c.dep_ == "prep" and not list(c.children))]
    rest = [i for c in after if c.i not in particles for i in _subtree(c)]
    doer = [_nominative(doc, i) for i in doer]
    patient_items: list[Item] = [object_case.get(doc[i].lower_, i) if doc[i].pos_ == "PRON" else i
                                 for i in patient_words]
    items = doer + form + particles + patient_items + _tidy(sorted(rest), doc)
    return candidate(transformation, sentence, [(items, "sentence")])


def _nominative(doc: "Doc", item: Item) -> Item:
    if isinstance(item, str) or doc[item].pos_ != "PRON":
        return item
    subject_case = {v: k for k, v in rules().grammar["object_case"].items()}
    return subject_case.get(doc[item].lower_, item)


def _active_verb(verb: "Token", helpers: list["Token"], plural: bool) -> list[Item] | None:
    """The active form: "can be written" -> "can write", "is written" -> "writes",
    "has been written" -> "has written", "was written" -> "wrote"."""
    lemma = verb.lemma_.lower()
    modal = [h.lower_ for h in helpers if h.tag_ == "MD"]
    negative = [h.lower_ for h in helpers if h.dep_ == "neg"]
    perfect = [h for h in helpers if h.lemma_.lower() == "have"]
    passive = [h for h in helpers if h.dep_ == "auxpass"]
    if not passive:
        return None
    if modal:
        return [*modal, *negative, lemma] if not perfect else None
    if perfect:
        return [present("have", plural), *negative, verb.lower_]
    if negative:
        return None
    if passive[0].lower_ in ("is", "are", "am"):
        return [present(lemma, plural)]
    if passive[0].lower_ in ("was", "were"):
        done = past(verb)
        return [done] if done else None
    return None


# ---------------------------------------------------------------- the checks


class _Checker:
    """Never worse: the checks every candidate must pass before it is kept."""

    def __init__(self, simplifier: "_Simplifier") -> None:
        self.simplifier = simplifier

    def verdict(self, found: Candidate, source: Sentence) -> str | None:
        """None when the candidate is safe, else the editor's reason."""
        reason = self._kept(found, source)
        if reason:
            return reason
        if source.marked.text.endswith(":") and not found.parts[-1].text.endswith(":"):
            return rules().reason("lead-last")
        said = [p.text.casefold() for p in found.parts]
        if len(set(said)) < len(said):
            return rules().reason("repeated")
        texts = [p.text for p in found.parts] + [b.text for b in found.bullets]
        docs = self.simplifier.parse_all(texts)
        part_docs = docs[:len(found.parts)]
        for part, kind, doc in zip(found.parts, found.kinds, part_docs):
            reason = self._sentence(part, kind, doc, source, found)
            if reason:
                return reason
        for check in (_new_agreement, _new_doubled, _new_mass_noun):
            reason = check(source.doc, docs)
            if reason:
                return reason
        return _lost_word(source.doc, docs, found.replaced)

    @staticmethod
    def _kept(found: Candidate, source: Sentence) -> str | None:
        kept: Counter[str] = Counter()
        for part in found.parts + found.bullets:
            kept += part.kept()
            if part.markdown().count("**") % 2:
                return rules().reason("bold")
        missing = source.marked.kept() - kept
        return rules().reason("cut-name", word=next(iter(missing))) if missing else None

    def _sentence(self, part: Marked, kind: str, doc: "Doc", source: Sentence, found: Candidate) -> str | None:
        if count_words(part.text) < 3 <= count_words(source.marked.text):
            return rules().reason("too-short", sentence=part.text)
        if part.text.count("(") != part.text.count(")"):
            return rules().reason("brackets", sentence=part.text)
        if kind != "lead" and _unfinished(doc) and not _unfinished(source.doc):
            return rules().reason("unfinished", sentence=part.text)
        if kind in ("fragment", "punctuation"):
            return None
        if kind == "lead":
            first = found.bullets[0].text.rstrip(".") if found.bullets else ""
            doc = self.simplifier.parse(part.text.rstrip(":") + " " + first[:1].lower() + first[1:] + ".")
            if not has_subject_and_verb(doc):
                return rules().reason("no-list-lead")
            return None
        if has_subject_and_verb(doc) or (source.verb_first and Sentence(part, doc).verb_first == source.verb_first):
            return None
        if kind == "main" and not has_subject_and_verb(source.doc):
            return None    # the rest of a sentence that had no main verb either ("Helping people (...)")
        return rules().reason("no-verb", sentence=part.text)


def has_subject_and_verb(doc: "Doc") -> bool:
    """Every sentence the parser sees has a finite verb with a subject, and is a main
    clause: not "If these are ...", not "How these are ..." (unless it asks a question)."""
    roots = [t for t in doc if t.dep_ == "ROOT"]
    question = doc.text.rstrip().endswith("?")
    return bool(roots) and all(
        _subject_child(r) is not None and _finite(r) and not any(c.dep_ == "mark" for c in r.children)
        for r in roots) and (question or doc[0].tag_ not in ("WRB", "WP", "WDT"))


def _unfinished(doc: "Doc") -> bool:
    """The sentence stops on a word that needs more after it ("the factors that contribute to.");
    "this" standing for a thing ("They know this.") is finished."""
    words = [t for t in doc if not t.is_punct]
    if not words or (words[-1].tag_ == "DT" and words[-1].dep_ != "det" and words[-1].lower_ in ("this", "these")):
        return False
    return words[-1].tag_ in ("IN", "DT", "CC", "TO", "PRP$", "WDT", "WRB")


def agreement_problems(doc: "Doc") -> list[str]:
    """Subjects whose verb does not agree in number ("support ... are", "workers helps")."""
    found = []
    for token in doc:
        if token.dep_ not in ("nsubj", "nsubjpass") or token.tag_ in ("WDT", "WP"):
            continue
        verb = _finite_form(token.head)
        if verb is None or token.lower_ in ("i", "you") or token.head.lemma_.lower() == "mean":
            continue    # "CTOs means ...": a word, named
        plural = _is_plural(token)
        singular = token.tag_ in ("NN", "NNP") or token.lower_ in ("he", "she", "it", "this", "that")
        if (plural and verb.tag_ == "VBZ") or (singular and not plural and verb.tag_ == "VBP"):
            found.append(token.text)
    return found


def _finite_form(verb: "Token") -> "Token | None":
    if verb.tag_ in ("VBZ", "VBP"):
        return verb
    return next((c for c in verb.children if c.dep_ in ("aux", "auxpass") and c.tag_ in ("VBZ", "VBP")), None)


def doubled_words(doc: "Doc") -> list[str]:
    """The same word twice close together ("decide or decide", "helping to help")."""
    words = [t for t in doc if t.is_alpha]
    found = []
    for index, token in enumerate(words):
        for other in words[index + 1:index + 3]:
            same = token.lower_ == other.lower_ and other.i - token.i == 1
            close = (token.pos_ in ("VERB", "NOUN", "ADJ") and other.pos_ == token.pos_
                     and token.lemma_.lower() == other.lemma_.lower())
            if same or close:
                found.append(token.text)
    return found


def mass_noun_articles(doc: "Doc") -> list[str]:
    """"a" or "an" before a word like "advice" (data: grammar.mass_nouns)."""
    mass = rules().words("mass_nouns")
    return [t.head.text for t in doc
            if t.lower_ in ("a", "an") and t.dep_ == "det" and t.head.tag_ == "NN" and t.head.lemma_.lower() in mass]


def _new(problems, source: "Doc", docs: list["Doc"]) -> str | None:
    before = Counter(problems(source))
    after: Counter[str] = Counter()
    for doc in docs:
        after += Counter(problems(doc))
    extra = after - before
    return next(iter(extra), None)


def _new_agreement(source: "Doc", docs: list["Doc"]) -> str | None:
    word = _new(agreement_problems, source, docs)
    return rules().reason("agreement", word=word) if word else None


def _new_doubled(source: "Doc", docs: list["Doc"]) -> str | None:
    word = _new(doubled_words, source, docs)
    return rules().reason("doubled", word=word) if word else None


def _new_mass_noun(source: "Doc", docs: list["Doc"]) -> str | None:
    word = _new(mass_noun_articles, source, docs)
    return rules().reason("mass-noun", word=word) if word else None


def _lost_word(source: "Doc", docs: list["Doc"], replaced: frozenset[int]) -> str | None:
    """Every content word of the source is still there (as itself or another form of it),
    except the few a frame word stands for."""
    pool = [t for doc in docs for t in doc]
    for token in source:
        if token.pos_ not in CONTENT_POS or not (token.is_alpha or token.like_num) or token.i in replaced:
            continue
        match = next((t for t in pool if t.lower_ == token.lower_), None) or next(
            (t for t in pool if t.lemma_.lower() == token.lemma_.lower()), None)
        if match is None:
            return rules().reason("lost-word", word=token.text)
        pool.remove(match)
    return None


# ---------------------------------------------------------------- the loop


TRANSFORMATIONS = (
    # (function, when): "always", "long" (over the limit), "last-long" (the last sentence, over the limit)
    (asides, "always"),         # first: its sentence goes after the whole sentence, so a later
    (semicolons, "always"),     # part starting "This ..." still follows what "this" means
    (known_facts, "long"),
    (coordination, "long"),
    (relative_clauses, "long"),
    (restrictive_clauses, "long"),
    (including, "long"),
    (participles, "long"),
    (subordinates, "long"),
    (leading_clauses, "long"),
    (absolutes, "long"),
    (adverbials, "long"),
    (inline_lists, "last-long"),
    (examples, "long"),         # after the list: "..., such as A, B, C and D" is better as bullets
    (passives, "always"),
)


@dataclass
class _Work:
    """A sentence of the result: finished, or still to be tried."""

    marked: Marked
    done: bool = False
    refused: list[Refusal] = field(default_factory=list)
    explains: bool = False    # moved out of the sentence before it to explain it ("For example, ...")
    known: bool = False       # what someone knows, split off by split.known-fact (and its parts)


def _replace(work: list[_Work], index: int, found: Candidate) -> None:
    """Put a candidate's parts in place of ``work[index]`` (the sentence it changed).

    An aside's later parts explain the sentence before them ("For example, ..."); they,
    and the sentences already explaining the changed one, go right after the part that
    holds the word they belong to (its anchor), so that a split never puts a sentence
    between a word and its example. If the anchors cannot tell, they go after all parts.
    """
    aside = found.transformation.startswith(EXPLAINING)
    fact = found.transformation == "split.known-fact"
    items = [_Work(p, done=kind == "lead", explains=aside and n > 0,
                   known=work[index].known or (fact and n == 0))
             for n, (p, kind) in enumerate(zip(found.parts, found.kinds))]
    end = index + 1
    while end < len(work) and work[end].explains:
        end += 1
    explaining = [w for w in items if w.explains] + work[index + 1:end]
    main = [w for w in items if not w.explains]
    owners = [n for n, w in enumerate(main) for _ in w.marked.anchors]
    if len(owners) != len(explaining):
        owners = [len(main) - 1] * len(explaining)
    placed = []
    for n, item in enumerate(main):
        placed.append(item)
        placed += [e for e, owner in zip(explaining, owners) if owner == n]
    work[index:end] = placed


class _Simplifier:
    """One call of ``simplify_sentence``: its settings and the parses it made."""

    def __init__(self, nlp: "Language", limit: int, actor: str | None) -> None:
        self.nlp, self.limit, self.actor = nlp, limit, actor
        self.docs: dict[str, "Doc"] = {}
        self.checker = _Checker(self)

    def parse(self, text: str) -> "Doc":
        return self.parse_all([text])[0]

    def parse_all(self, texts: list[str]) -> list["Doc"]:
        missing = list(dict.fromkeys(t for t in texts if t not in self.docs))
        for text, doc in zip(missing, self.nlp.pipe(missing)):
            self.docs[text] = doc
        return [self.docs[t] for t in texts]

    def actor_head(self) -> "Token | None":
        """The main noun of the section's actor ("organisation" of "The organisation")."""
        nouns = [t for t in self.parse(self.actor or "") if t.pos_ in ("NOUN", "PROPN", "PRON")]
        return nouns[-1] if nouns else None

    def run(self, source: Marked, text: str) -> Outcome:
        work = [_Work(source)]
        bullets: tuple[Marked, ...] = ()
        applied: list[str] = []
        index = 0
        while index < len(work) and len(applied) < MAX_STEPS:
            item = work[index]
            if item.done:
                index += 1
                continue
            last = index == len(work) - 1 and not bullets
            result = self._first_safe(Sentence(item.marked, self.parse(item.marked.text), item.known), last)
            if isinstance(result, Candidate):
                _replace(work, index, result)
                bullets = result.bullets or bullets
                applied.append(result.transformation)
            else:
                item.done, item.refused = True, result
                index += 1
        return self._outcome(work, bullets, applied, text)

    def _first_safe(self, sentence: Sentence, last: bool) -> Candidate | list[Refusal]:
        long = count_words(sentence.marked.text) > self.limit
        refused: list[Refusal] = []
        for transform, when in TRANSFORMATIONS:
            if (when == "long" and not long) or (when == "last-long" and not (long and last)):
                continue
            for result in transform(sentence, self):
                if result is None:
                    continue
                if isinstance(result, Refusal):
                    refused.append(result)
                    continue
                reason = self.checker.verdict(result, sentence) or self._list_left_behind(result, last)
                if reason is None:
                    return result
                refused.append(Refusal(result.transformation, reason))
        return refused

    def _list_left_behind(self, found: Candidate, last: bool) -> str | None:
        """A long sentence ending in a list can only become bullets as the last sentence;
        a split that leaves one before another sentence is refused, so that simplifying
        that sentence again on its own (where it would be last) changes nothing."""
        ends = [n for n, kind in enumerate(found.kinds) if kind != "lead"]
        for n in ends[:-1] if last else ends:
            part = found.parts[n]
            if count_words(part.text) <= self.limit:
                continue
            sentence = Sentence(part, self.parse(part.text))
            if any(isinstance(c, Candidate) and self.checker.verdict(c, sentence) is None
                   for c in inline_lists(sentence, self)):
                return rules().reason("list-left", sentence=part.text)
        return None

    def _outcome(self, work: list[_Work], bullets: tuple[Marked, ...], applied: list[str], text: str) -> Outcome:
        refused = [r for w in work if needs_work(w.marked.text, self.limit) for r in w.refused]
        if not applied:
            return Outcome((text,), refused=tuple(dict.fromkeys(refused)))
        return Outcome(tuple(w.marked.markdown() for w in work), tuple(b.markdown() for b in bullets),
                       tuple(applied), tuple(dict.fromkeys(refused)))
