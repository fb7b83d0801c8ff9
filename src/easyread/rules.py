"""The checker's rules: metadata as data (``data/rules.yml``), checks as small functions.

Each check looks at one sentence (a ``SentenceView``: the spaCy tokens plus the
profile) and yields ``Hit``s: character ranges in the span's text with the values
its message needs. The engine in ``analyse.py`` turns hits into ``Finding``s with
positions, severities and citations. Adding a rule means: an entry in rules.yml
(with examples it must flag and pass) and a function registered in ``CHECKS``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Callable, Iterator

from ruamel.yaml import YAML
from spacy.tokens import Span as SpacySpan
from wordfreq import zipf_frequency

from .errors import Msg, SettingsError
from .settings import Profile


@dataclass(frozen=True)
class RuleInfo:
    """What rules.yml says about a rule."""

    id: str
    title: str
    message: str
    suggestion: str
    sources: tuple[str, ...]
    flag_examples: tuple[str, ...]
    pass_examples: tuple[str, ...]

    def cite(self) -> str:
        return ", ".join(self.sources)


@lru_cache(maxsize=1)
def rule_info() -> dict[str, RuleInfo]:
    text = resources.files("easyread").joinpath("data/rules.yml").read_text(encoding="utf-8")
    data = YAML(typ="safe", pure=True).load(text)
    return {rule_id: RuleInfo(id=rule_id, title=item["title"], message=item["message"],
                              suggestion=item.get("suggestion", ""),
                              sources=tuple(item["sources"]),
                              flag_examples=tuple(item["examples"]["flag"]),
                              pass_examples=tuple(item["examples"]["pass"]))
            for rule_id, item in data.items()}


# Glossary-driven rules: their metadata comes from the glossary entry itself.
GLOSSARY_RULES = ("jargon", "clinical-wording", "acronym", "patronising", "wordy-phrase")
GLOSSARY_SOURCES = {"jargon": "Consultation, IE-2009, GOV.UK-ACF", "clinical-wording": "Consultation",
                    "acronym": "GOV.UK-ACF, IE-2009, Consultation", "patronising": "Consultation",
                    "wordy-phrase": "GOV.UK-ACF"}


def known_rule_prefixes(glossary_rules: list[str]) -> set[str]:
    """Every rule id and every dotted prefix of one: what settings may name."""
    known = set(rule_info()) | set(GLOSSARY_RULES)
    for rule in glossary_rules:
        parts = rule.split(".")
        known.update(".".join(parts[:i]) for i in range(1, len(parts) + 1))
    return known


def validate_rule_ids(ids: set[str] | frozenset[str], known: set[str], where: str) -> None:
    """Raise for a rule id nobody knows (a typo would silently switch nothing off)."""
    for rule in sorted(ids):
        if rule and rule not in known:
            tops = ", ".join(sorted(k for k in known if "." not in k))
            raise SettingsError(Msg.E040.format(rule=rule, where=where, known=tops))


@dataclass(frozen=True)
class Hit:
    """A rule matched ``text[start:end]`` of a span; ``values`` fill its message."""

    rule: str
    start: int
    end: int
    values: dict[str, object] = field(default_factory=dict, hash=False, compare=False)


@dataclass
class SentenceView:
    """One sentence of one span, with what the checks need to know."""

    sent: SpacySpan
    text: str              # the span's (normalised) text; hit offsets index into it
    profile: Profile
    covered: set[int]      # token indices inside glossary matches (not checked again)

    @property
    def start(self) -> int:
        return self.sent.start_char

    @property
    def end(self) -> int:
        return self.sent.end_char


Check = Callable[[SentenceView], Iterator[Hit]]
CHECKS: dict[str, Check] = {}


def check(rule_id: str) -> Callable[[Check], Check]:
    def register(function: Check) -> Check:
        CHECKS[rule_id] = function
        return function
    return register


WORD_TOKEN = re.compile(r"\w")


def words_in(sent: SpacySpan) -> int:
    return sum(1 for t in sent if WORD_TOKEN.search(t.text) and not t.is_punct)


@check("long-sentence")
def long_sentence(view: SentenceView) -> Iterator[Hit]:
    """GOV.UK-ACF: no more than 10 to 15 words a sentence (25 in plain English)."""
    words = words_in(view.sent)
    if words > view.profile.max_sentence_words:
        end = _trim_end(view.text, view.start, view.end)
        yield Hit("long-sentence", view.start, end,
                  {"words": words, "limit": view.profile.max_sentence_words})


def _trim_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


COORDINATORS = {"and", "or", "but", "so"}


@check("one-idea")
def one_idea(view: SentenceView) -> Iterator[Hit]:
    """GOV.UK-ACF "one idea and one verb": two verbs joined by and/or, or a comma list."""
    tokens = list(view.sent)
    verbs = [t for t in tokens if t.pos_ == "VERB"]
    joins = [t for t in tokens if t.lower_ in COORDINATORS and t.pos_ == "CCONJ"
             and any(n.pos_ in ("VERB", "AUX") or n.lower_ in ("you", "they", "we", "i", "he", "she")
                     for n in tokens[t.i - view.sent.start + 1: t.i - view.sent.start + 3])]
    commas = sum(1 for t in tokens if t.text == ",")
    end = _trim_end(view.text, view.start, view.end)
    if len(verbs) >= 2 and joins:
        yield Hit("one-idea", view.start, end,
                  {"ideas": len(joins) + 1, "why": f"verbs joined by '{joins[0].text}'"})
    elif commas > view.profile.max_list_commas:
        yield Hit("one-idea", view.start, end,
                  {"ideas": commas + 1, "why": f"a list of {commas + 1} items inside one sentence"})


BE_FORMS = {"be", "get"}


@check("passive")
def passive(view: SentenceView) -> Iterator[Hit]:
    """GOV.UK-ACF: use active verbs. A form of 'be'/'get' (adverbs may come between)
    followed by a past participle."""
    tokens = list(view.sent)
    for index, token in enumerate(tokens):
        if token.tag_ != "VBN" or token.lemma_ in BE_FORMS:
            continue
        back = index - 1
        while back >= 0 and (tokens[back].pos_ in ("ADV", "PART") or tokens[back].lower_ == "being"):
            back -= 1
        if back >= 0 and tokens[back].lemma_ in BE_FORMS and tokens[back].pos_ in ("AUX", "VERB"):
            yield Hit("passive", tokens[back].idx, token.idx + len(token.text))


@check("brackets")
def brackets(view: SentenceView) -> Iterator[Hit]:
    """IE-2009: no brackets or semicolons. Asides that explain a word are explain-next."""
    for match in re.finditer(r"\([^()]*\)?|;", view.text[view.start:view.end]):
        start, end = view.start + match.start(), view.start + match.end()
        inner = match.group().strip("();").strip().lower()
        rule = "explain-next" if inner.startswith(EXPLAINING) else "brackets"
        yield Hit(rule, start, end)


EXPLAINING = ("that is", "i.e", "ie ", "meaning", "which means", "also called", "known as", "or ")


NUMBER_WORDS = {"one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6",
                "seven": "7", "eight": "8", "nine": "9", "ten": "10", "eleven": "11",
                "twelve": "12", "twenty": "20", "thirty": "30", "fifty": "50", "hundred": "100",
                "thousand": "1,000", "half": "1/2", "quarter": "1/4", "percent": "%",
                "first": "1st", "second": "2nd", "third": "3rd"}
ORDINAL_WORDS = {"first", "second", "third"}


@check("number-words")
def number_words(view: SentenceView) -> Iterator[Hit]:
    """IE-2009, DoH-2009: write numbers as digits ("1 in 8", not "one in eight")."""
    for token in view.sent:
        word = token.lower_
        if word not in NUMBER_WORDS or word in ORDINAL_WORDS:
            continue
        if token.tag_ != "CD" and word not in ("half", "quarter", "percent"):
            continue
        yield Hit("number-words", token.idx, token.idx + len(token.text),
                  {"digits": NUMBER_WORDS[word]})


ACRONYM = re.compile(r"\b[A-Z][A-Z&]*[A-Z]s?\b")


@check("acronym")
def acronym(view: SentenceView) -> Iterator[Hit]:
    """GOV.UK-ACF, IE-2009: initials not in the glossary (glossary ones are reported there)."""
    for match in ACRONYM.finditer(view.text, view.start, view.end):
        token_index = _token_at(view.sent, match.start())
        if token_index in view.covered:
            continue
        if len(match.group().rstrip("s")) < 2:
            continue
        yield Hit("acronym", match.start(), match.end())


def _token_at(sent: SpacySpan, char: int) -> int | None:
    for token in sent:
        if token.idx <= char < token.idx + len(token.text):
            return token.i
    return None


@check("hard-word")
def hard_word(view: SentenceView) -> Iterator[Hit]:
    """IE-2009 "use easy words people know well": rare words (wordfreq) not in the glossary."""
    limit = view.profile.hard_word_zipf
    for token in view.sent:
        if (token.i in view.covered or not token.is_alpha or token.is_stop or len(token.text) < 4
                or token.pos_ == "PROPN" or token.text.isupper()):
            continue
        frequency = max(word_frequency(token.lower_), word_frequency(token.lemma_.lower()))
        if frequency < limit:
            yield Hit("hard-word", token.idx, token.idx + len(token.text),
                      {"zipf": round(frequency, 2)})


@lru_cache(maxsize=65536)
def word_frequency(word: str) -> float:
    """Zipf frequency in everyday English (wordfreq's 'en' list): 7 = 'the', 3 = rare."""
    return zipf_frequency(word, "en")
