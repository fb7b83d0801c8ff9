"""The checker's rules: metadata as data (``data/rules.yml``), checks as small functions.

Each sentence check looks at one sentence (a ``SentenceView``: the spaCy tokens plus
the profile) and yields ``Hit``s: character ranges in the span's text with the values
its message needs. ``no-full-stop`` looks at a whole span, and ``readability`` at a
whole competence (in ``analyse.py``). The engine in ``analyse.py`` turns hits into
``Finding``s with positions, severities and citations. Adding a rule means: an entry
in rules.yml (with examples it must flag and pass) and a function registered here.

False positives cost more than misses (proselint's "lintscore"): an editor who sees
"carer" called a hard word, or "Part II" called initials, stops reading the report.
So each check states what it deliberately lets through.

This module imports neither spaCy nor wordfreq at import time: the report formats
need ``rule_info`` on runs that find everything in the cache.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Callable, Iterator

from .errors import Msg, SettingsError
from .glossary import CATEGORY_RULES, PHRASE_RULES, load_yaml
from .readability import count_words, easy_words, syllables
from .settings import Profile

if TYPE_CHECKING:
    from spacy.tokens import Span as SpacySpan, Token


@dataclass(frozen=True)
class Example:
    """Text a rule must flag, and the exact text of each finding it must give."""

    text: str
    finds: tuple[str, ...]


@dataclass(frozen=True)
class RuleInfo:
    """What rules.yml says about a rule."""

    id: str
    title: str
    message: str
    suggestion: str
    sources: tuple[str, ...]
    flag_examples: tuple[Example, ...]
    pass_examples: tuple[str, ...]
    data: dict[str, object] = field(default_factory=dict, hash=False, compare=False)

    def cite(self) -> str:
        return ", ".join(self.sources)


RULE_FIELDS = {"title", "message", "suggestion", "sources", "examples"}


@lru_cache(maxsize=1)
def rule_info() -> dict[str, RuleInfo]:
    """Every rule in rules.yml; fields other than the standard ones are the rule's data."""
    text = resources.files("easyread").joinpath("data/rules.yml").read_text(encoding="utf-8")
    data = load_yaml(text)
    return {rule_id: RuleInfo(
        id=rule_id, title=item["title"], message=item["message"],
        suggestion=item.get("suggestion", ""), sources=tuple(item["sources"]),
        flag_examples=tuple(Example(e["text"], tuple(e["finds"])) for e in item["examples"]["flag"]),
        pass_examples=tuple(item["examples"]["pass"]),
        data={k: v for k, v in item.items() if k not in RULE_FIELDS})
        for rule_id, item in data.items()}


# Glossary-driven rules: their ids and messages come from data/glossary-rules.yml.
GLOSSARY_RULES = tuple(dict.fromkeys([*CATEGORY_RULES.values(), *PHRASE_RULES.values()]))
# Rules checked on a whole competence rather than a sentence or a span (see analyse.py).
COMPETENCE_RULES = ("readability",)
# A finding of a rule refined after the checks, across a file (see analyse.py).
SUB_RULES = ("acronym.explained",)


def known_rule_prefixes(glossary_rules: list[str]) -> set[str]:
    """Every rule id and every dotted prefix of one: what settings may name."""
    known = set(rule_info()) | set(GLOSSARY_RULES) | set(SUB_RULES)
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

    sent: "SpacySpan"
    text: str              # the span's (normalised) text; hit offsets index into it
    profile: Profile
    covered: set[int]      # token indices inside glossary matches (not checked again)
    tokens: list["Token"] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.tokens = list(self.sent)   # listed once: iterating a spaCy span makes new objects

    @property
    def start(self) -> int:
        return self.sent.start_char

    @property
    def end(self) -> int:
        return self.sent.end_char

    @property
    def sentence(self) -> str:
        return self.text[self.start:self.end]

    def trimmed_end(self) -> int:
        """The sentence's end without trailing spaces."""
        end = self.end
        while end > self.start and self.text[end - 1].isspace():
            end -= 1
        return end


Check = Callable[[SentenceView], Iterator[Hit]]
CHECKS: dict[str, Check] = {}   # rule id -> the function that finds it (one may find two rules)


def check(*rule_ids: str) -> Callable[[Check], Check]:
    def register(function: Check) -> Check:
        for rule_id in rule_ids:
            CHECKS[rule_id] = function
        return function
    return register


def checks_for(enabled: Callable[[str], bool]) -> list[Check]:
    """The sentence checks that find at least one enabled rule, each once, in order."""
    return list(dict.fromkeys(function for rule_id, function in CHECKS.items() if enabled(rule_id)))


# ---------------------------------------------------------------- sentences


@check("long-sentence")
def long_sentence(view: SentenceView) -> Iterator[Hit]:
    """GOV.UK-ACF: no more than 10 to 15 words a sentence (25 in plain English).

    Words are counted as the readability scores count them ("non-judgemental" and
    "don't" are one word each), so the two never disagree.
    """
    words = count_words(view.sentence)
    if words > view.profile.max_sentence_words:
        yield Hit("long-sentence", view.start, view.trimmed_end(),
                  {"words": words, "limit": view.profile.max_sentence_words})


COORDINATORS = {"and", "or", "but", "so"}
SUBJECTS = {"i", "you", "we", "they", "he", "she"}


@check("one-idea")
def one_idea(view: SentenceView) -> Iterator[Hit]:
    """GOV.UK-ACF "one idea and one verb": two clauses joined by and/or/but, or a list.

    A join counts when a verb comes before it and a new verb (or "you", "we", ...)
    starts right after it. Two verbs for one action ("give and receive support",
    "define, lead and own") are one idea, and so are two nouns before one verb
    ("families and carers feel").
    """
    tokens = view.tokens
    joins = [t for i, t in enumerate(tokens) if _joins_clauses(tokens, i)]
    commas = [i for i, t in enumerate(tokens) if t.text == ","]
    if joins:
        yield Hit("one-idea", view.start, view.trimmed_end(),
                  {"ideas": len(joins) + 1, "why": f"clauses joined by '{joins[0].text}'"})
    elif len(commas) > view.profile.max_list_commas:
        items = len(commas) + 1 + any(t.lower_ in COORDINATORS for t in tokens[commas[-1]:])
        yield Hit("one-idea", view.start, view.trimmed_end(),
                  {"ideas": items, "why": f"a list of {items} items inside one sentence"})


def _joins_clauses(tokens: list["Token"], index: int) -> bool:
    token = tokens[index]
    if token.lower_ not in COORDINATORS or token.pos_ != "CCONJ" or index + 1 >= len(tokens):
        return False
    before = [t for t in tokens[:index] if not t.is_punct]
    if not before or before[-1].pos_ in ("VERB", "AUX") or not any(t.pos_ == "VERB" for t in before):
        return False
    first = tokens[index + 1]
    second = tokens[index + 2] if index + 2 < len(tokens) else None
    return (first.pos_ in ("VERB", "AUX") or first.lower_ in SUBJECTS
            or (first.pos_ in ("PART", "ADV") and second is not None and second.pos_ in ("VERB", "AUX")))


BE_FORMS = {"be", "get"}


@check("passive")
def passive(view: SentenceView) -> Iterator[Hit]:
    """GOV.UK-ACF: use active verbs. A form of 'be'/'get' (adverbs may come between)
    followed by a past participle. "You are kind" and "we have sent" pass."""
    tokens = view.tokens
    for index, token in enumerate(tokens):
        if token.tag_ != "VBN" or token.lemma_ in BE_FORMS:
            continue
        back = index - 1
        while back >= 0 and (tokens[back].pos_ in ("ADV", "PART") or tokens[back].lower_ == "being"):
            back -= 1
        if back >= 0 and tokens[back].lemma_ in BE_FORMS and tokens[back].pos_ in ("AUX", "VERB"):
            yield Hit("passive", tokens[back].idx, token.idx + len(token.text))


ASIDE = re.compile(r"\([^()]*\)?|;")
DASH = re.compile(r"\s(?:[\u2013\u2014]|--?)\s")
EXPLAINING = ("that is", "i.e", "ie ", "meaning", "which means", "also called", "also known as",
              "known as", "in other words", "a ", "an ")   # "statement (a note about ...)" defines
TERM_WORDS = 4        # "respect – being ...": a dash after at most this many words defines a term
SYNONYM_WORDS = 4     # "(or gaps)": a short "or ..." in brackets is another word for the same thing


@check("brackets", "explain-next")
def brackets(view: SentenceView) -> Iterator[Hit]:
    """IE-2009: no brackets, semicolons or dashed asides. Asides that explain a word
    (GOV.UK-ACF) are reported as ``explain-next``: brackets that start "that is",
    "meaning", "a ..." (a definition), "or ..." (a short other word), and
    "term – explanation"."""
    sentence, start = view.sentence, view.start
    for match in ASIDE.finditer(sentence):
        inner = match.group().strip("();").strip().lower()
        explains = inner.startswith(EXPLAINING) or (
            inner.startswith("or ") and count_words(inner) <= SYNONYM_WORDS)
        yield Hit("explain-next" if explains else "brackets", start + match.start(), start + match.end())
    dashes = list(DASH.finditer(sentence))
    if len(dashes) >= 2:
        yield Hit("brackets", start + dashes[0].start() + 1, start + dashes[1].end() - 1)
    elif dashes and count_words(sentence[:dashes[0].start()]) <= TERM_WORDS:
        end = len(sentence.rstrip().rstrip(".!?"))
        yield Hit("explain-next", start + dashes[0].start() + 1, start + end)



UNITS = {"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
         "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
         "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
         "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
         "seventy": 70, "eighty": 80, "ninety": 90}
SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000}
NUMBER_WORDS = {**UNITS, **SCALES}
ONE_AS_PRONOUN_AFTER = {"no", "any", "every", "each", "the", "this", "that", "which", "loved",
                        "little", "young", "dear", "another", "only", "right", "wrong", "last"}
ONE_AS_PRONOUN_BEFORE = {"another", "'s", "who", "whose", "else"}
WORD_RUN = re.compile(r"[A-Za-z]+")
PERCENT = re.compile(r"\b\d+(?:\.\d+)?\s?(?:%|per ?cent\b)|\b\d+/\d+\b")


@check("number-words")
def number_words(view: SentenceView) -> Iterator[Hit]:
    """IE-2009, DoH-2009: numbers as digits ("1 in 8", not "one in eight"), and no
    percentages or fractions. "one" only counts as a number where the tagger says so
    and it is not a pronoun ("your loved one", "no one")."""
    sentence, start = view.sentence, view.start
    for first, last, value in _number_runs(sentence):
        if value == 1 and not _is_number_one(view, start + first):
            continue
        yield Hit("number-words", start + first, start + last,
                  {"advice": "write numbers as digits", "digits": f"{value:,}"})
    for match in PERCENT.finditer(sentence):
        yield Hit("number-words", start + match.start(), start + match.end(),
                  {"advice": "percentages and fractions are hard to picture; say '1 in 4', 'most' or 'some'",
                   "digits": _one_in(match.group())})


def _number_runs(sentence: str) -> Iterator[tuple[int, int, int]]:
    """Runs of number words ("two hundred and fifty", "twenty-five") and their value."""
    words = list(WORD_RUN.finditer(sentence))
    index = 0
    while index < len(words):
        if words[index].group().lower() not in NUMBER_WORDS:
            index += 1
            continue
        run = [words[index]]
        index += 1
        while index < len(words):
            gap = sentence[run[-1].end():words[index].start()]
            word = words[index].group().lower()
            if gap in (" ", "-") and word in NUMBER_WORDS:
                run.append(words[index])
                index += 1
            elif (gap == " " and word == "and" and run[-1].group().lower() in SCALES
                  and index + 1 < len(words) and words[index + 1].group().lower() in UNITS
                  and sentence[words[index].end():words[index + 1].start()] == " "):
                run.extend(words[index:index + 2])
                index += 2
            else:
                break
        yield run[0].start(), run[-1].end(), _value([w.group().lower() for w in run])


def _value(words: list[str]) -> int:
    total, current = 0, 0
    for word in words:
        if word in UNITS:
            current += UNITS[word]
        elif word == "hundred":
            current = (current or 1) * 100
        elif word in SCALES:
            total += (current or 1) * SCALES[word]
            current = 0
    return total + current


def _is_number_one(view: SentenceView, char: int) -> bool:
    tokens = view.tokens
    position = next((i for i, t in enumerate(tokens) if t.idx == char), None)
    if position is None:
        return False
    token = tokens[position]
    before = tokens[position - 1].lower_ if position > 0 else ""
    after = tokens[position + 1].lower_ if position + 1 < len(tokens) else ""
    return (token.tag_ == "CD" and before not in ONE_AS_PRONOUN_AFTER
            and after not in ONE_AS_PRONOUN_BEFORE)


def _one_in(text: str) -> str:
    """25% -> "about 1 in 4", where a percentage is close to one of a whole number."""
    number = re.match(r"\d+(?:\.\d+)?", text)
    if not number or "/" in text:
        return ""
    percent = float(number.group())
    if not 0 < percent <= 50:
        return ""
    n = round(100 / percent)
    return f"about 1 in {n}" if abs(100 / n - percent) <= percent * 0.1 else ""


ACRONYM = re.compile(r"\b[A-Z][A-Z&]*[A-Z]s?\b")
ROMAN = re.compile(r"^X{0,3}(?:IX|IV|V?I{0,3})$")
ROMAN_OR_INITIALS = {"IV", "VI", "XL"}   # intravenous, visually impaired: numerals only after "Part"
LEAD_WORDS = {"a", "an", "the", "and", "or", "but", "in", "on", "at", "to", "of", "for", "with", "by",
              "your", "our", "their", "my", "his", "her", "its", "this", "that", "these", "those", "any"}
EMPHASIS_ZIPF = 5.0        # "NOT", "PLEASE": an everyday word in capitals is emphasis, not initials
EMPHASIS_RUN_ZIPF = 4.0    # in a run of capitals ("URGENT APPOINTMENT") common words are emphasis


@check("acronym")
def acronym(view: SentenceView) -> Iterator[Hit]:
    """GOV.UK-ACF, IE-2009: initials not in the glossary (glossary ones are reported there).

    Not initials: Roman numerals ("Part II"), and everyday words in capitals for
    emphasis ("do NOT", "PLEASE NOTE"), which have a vowel and are common words.
    Initials with no vowel (NHS, GP) are always initials.
    """
    matches = list(ACRONYM.finditer(view.text, view.start, view.end))
    for position, match in enumerate(matches):
        if _token_at(view.tokens, match.start()) in view.covered:
            continue
        word = match.group()
        if _roman_numeral(word, view.text[:match.start()]):
            continue
        in_run = any(_adjacent(view.text, a, b) for a, b in
                     ((matches[position - 1] if position else None, match),
                      (match, matches[position + 1] if position + 1 < len(matches) else None)))
        if _emphasis(word, in_run):
            continue
        yield Hit("acronym", match.start(), match.end())


def _roman_numeral(word: str, before: str) -> bool:
    """"Part II", "Henry VIII"; "IV" only after a name or a word like "Stage" ("an IV drip")."""
    if not ROMAN.match(word):
        return False
    previous = before.split()[-1] if before.split() else ""
    named = previous[:1].isupper() and previous.lower() not in LEAD_WORDS
    return word not in ROMAN_OR_INITIALS or named


def _adjacent(text: str, first: "re.Match[str] | None", second: "re.Match[str] | None") -> bool:
    return first is not None and second is not None and not text[first.end():second.start()].strip()


def _emphasis(word: str, in_run: bool) -> bool:
    lower = word.lower()
    if not lower.isalpha() or not re.search(r"[aeiouy]", lower) or (len(lower) < 3 and lower != "ok"):
        return False
    return word_frequency(lower) >= (EMPHASIS_RUN_ZIPF if in_run else EMPHASIS_ZIPF)


def _token_at(tokens: list["Token"], char: int) -> int | None:
    for token in tokens:
        if token.idx <= char < token.idx + len(token.text):
            return token.i
    return None


@check("hard-word")
def hard_word(view: SentenceView) -> Iterator[Hit]:
    """IE-2009 "use easy words people know well": would a reader of this profile know the word?

    Two tests, both with thresholds in the profile:

    - rare (both profiles): the word's most frequent form is rarer than
      ``hard-word-zipf`` in everyday English (wordfreq). A word is as easy as its
      lemma, its American spelling (wordfreq's English list is mostly American:
      "organisational" is rarer there than "organizational"), or the everyday word
      inside it ("unhelpful", "lateness").
    - long and not everyday (easy-read: ``hard-word-syllables`` = 3): a word of three
      or more syllables (counted as the readability scores count them) that is not in
      the Dale-Chall list of familiar words (readability.easy_words: the list textstat
      ships, also Gunning Fog's), nor a regular inflection of one, nor among the most
      frequent English words (``everyday-zipf``).
      Newspaper frequency alone lets "assessment", "appropriate" and "significant"
      through; Easy Read readers need more than that.

    Never hard: glossary terms (the glossary reports or explains them), words inside a
    proper name (``doc.spans["names"]``), names, initials, stop words, short words, and
    the everyday UK words rules.yml lists ("carer", which the American list underrates).
    """
    profile = view.profile
    everyday = _everyday_words()
    named = _name_tokens(view)
    for token in view.tokens:
        if (token.i in view.covered or token.i in named or not token.is_alpha or token.is_stop
                or len(token.text) < 4 or token.pos_ == "PROPN" or token.text.isupper()):
            continue
        lower, lemma = token.lower_, token.lemma_.lower()
        if lower in everyday or lemma in everyday:
            continue
        frequency = everyday_frequency(lower, lemma)
        if frequency < profile.hard_word_zipf or _long_and_unfamiliar(lower, lemma, frequency, profile):
            yield Hit("hard-word", _compound_start(token), token.idx + len(token.text),
                      {"zipf": round(frequency, 2)})


def _compound_start(token: "Token") -> int:
    """Where a hyphenated word starts: "co-ordinator" is reported whole, not as "ordinator"."""
    doc, start = token.doc, token.i
    while (start >= 2 and doc[start - 1].text == "-" and not doc[start - 1].whitespace_
           and not doc[start - 2].whitespace_ and doc[start - 2].is_alpha):
        start -= 2
    return doc[start].idx


def _name_tokens(view: SentenceView) -> set[int]:
    doc = view.sent.doc
    names = doc.spans["names"] if "names" in doc.spans else ()
    return {i for name in names for i in range(name.start, name.end)}


def _long_and_unfamiliar(word: str, lemma: str, frequency: float, profile: Profile) -> bool:
    return (profile.hard_word_syllables > 0 and frequency < profile.everyday_zipf
            and not familiar_word(word, lemma) and syllables(word) >= profile.hard_word_syllables)


@lru_cache(maxsize=1)
def _everyday_words() -> frozenset[str]:
    return frozenset(str(w).lower() for w in rule_info()["hard-word"].data.get("everyday", []))


# Regular endings the Dale-Chall rules accept on a familiar word: plurals and verb
# forms (-s, -es, -ies, -d, -ed, -ied, -ing), comparatives (-r, -er, -est, -ier,
# -iest) and -ly. Each is tried with the base as it is, with a silent "e" put back
# ("making"), and with a doubled last letter taken off ("stopped").
INFLECTIONS = (("ies", "y"), ("ied", "y"), ("ier", "y"), ("iest", "y"), ("ily", "y"),
               ("es", ""), ("s", ""), ("ed", ""), ("d", ""), ("ing", ""), ("er", ""),
               ("r", ""), ("est", ""), ("ly", ""))


@lru_cache(maxsize=65536)
def familiar_word(word: str, lemma: str = "") -> bool:
    """Is the word, its lemma, its American spelling or a regular inflection on the Dale-Chall list?"""
    easy = easy_words()
    forms = {word, lemma} - {""}
    forms |= {pattern.sub(replacement, form) for form in list(forms) for pattern, replacement in BRITISH}
    if any(form in easy or any(base in easy for base in _bases(form)) for form in forms):
        return True
    return any(familiar_word(part) for form in forms for part in _affixed(form))


def _affixed(form: str) -> Iterator[str]:
    """"unhelpful" -> "helpful" -> "help": the everyday prefixes and suffixes of ``everyday_frequency``."""
    for prefix in PREFIXES:
        if form.startswith(prefix) and len(form) - len(prefix) >= 4:
            yield form[len(prefix):]
    for suffix in SUFFIXES:
        if form.endswith(suffix) and len(form) - len(suffix) >= 4:
            yield form[:-len(suffix)]


def _bases(form: str) -> Iterator[str]:
    for ending, replacement in INFLECTIONS:
        if form.endswith(ending) and len(form) - len(ending) >= 2:
            stem = form[: -len(ending)] + replacement
            yield stem
            yield stem + "e"
            if len(stem) > 2 and stem[-1] == stem[-2]:
                yield stem[:-1]


BRITISH = ((re.compile(r"is(e|ed|es|ing|ation|ations|ational|er|ers)$"), r"iz\1"),
           (re.compile(r"yse(d|s)?$"), r"yze\1"),
           (re.compile(r"(?<=[a-z]{2})our(s|ed|ing|able|ful|ite|ites|hood|hoods)?$"), r"or\1"),
           (re.compile(r"tre(s)?$"), r"ter\1"),
           (re.compile(r"ogue(s)?$"), r"og\1"),
           (re.compile(r"dgement"), "dgment"),
           (re.compile(r"^scept"), "skept"),
           (re.compile(r"ll(ed|ing|er|ers)$"), r"l\1"),
           (re.compile(r"(?<=[hpcn])ae"), "e"),
           (re.compile(r"^oe|(?<=rh)oe"), "e"),
           (re.compile(r"ence$"), "ense"),
           (re.compile(r"mme(s)?$"), r"m\1"))
PREFIXES = ("un",)
SUFFIXES = ("ly", "ness", "ful")
AFFIX_COST = 0.5   # "unhelpful" is a little harder than "helpful", not as hard as its own frequency says


@lru_cache(maxsize=65536)
def everyday_frequency(word: str, lemma: str = "") -> float:
    """The Zipf frequency of a word's most frequent form (see ``hard_word``)."""
    forms = {word, lemma} - {""}
    forms |= {pattern.sub(replacement, form) for form in list(forms) for pattern, replacement in BRITISH}
    best = max(word_frequency(form) for form in forms)
    for form in list(forms):
        for prefix in PREFIXES:
            if form.startswith(prefix) and len(form) - len(prefix) >= 4:
                best = max(best, everyday_frequency(form[len(prefix):]) - AFFIX_COST)
        for suffix in SUFFIXES:
            if form.endswith(suffix) and len(form) - len(suffix) >= 4:
                best = max(best, everyday_frequency(form[:-len(suffix)]) - AFFIX_COST)
    return best


@lru_cache(maxsize=65536)
def word_frequency(word: str) -> float:
    """Zipf frequency in everyday English (wordfreq's 'en' list): 7 = 'the', 3 = rare."""
    from wordfreq import zipf_frequency  # loads its word list (0.1 s) only when needed

    return zipf_frequency(word, "en")


@lru_cache(maxsize=1)
def _wordy_phrases() -> tuple[re.Pattern[str], dict[str, str]]:
    phrases = {str(k).lower(): str(v) for k, v in rule_info()["wordy-phrase"].data.get("phrases", {}).items()}
    alternatives = "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))
    return re.compile(rf"\b(?:{alternatives})\b", re.IGNORECASE), phrases


@check("wordy-phrase")
def wordy_phrase(view: SentenceView) -> Iterator[Hit]:
    """GOV.UK-ACF: everyday wordy phrases with a shorter form ("in order to" -> "to").
    The glossary's own wordy phrases win where both match (see analyse.py)."""
    pattern, phrases = _wordy_phrases()
    for match in pattern.finditer(view.sentence):
        yield Hit("wordy-phrase", view.start + match.start(), view.start + match.end(),
                  {"shorter": phrases[match.group().lower()]})


NEGATORS = {"not", "n't", "never", "no", "nobody", "nothing", "none", "neither", "nor", "cannot",
            "without", "nowhere"}
NEGATIVE_STARTS = (("do", "not"), ("do", "n't"), ("never",), ("avoid",))
NEGATIVE_PREFIXES = ("un", "dis", "non")
NEGATIVE_ADJECTIVE_PREFIXES = ("in", "im", "il", "ir")
NEGATIVE_REACH = 3   # "not at all unusual": how far a second negative may follow the first


@check("negative")
def negative(view: SentenceView) -> Iterator[Hit]:
    """IE-2009: say what to do, not what not to do; no double negatives.

    Flags an instruction that starts "Do not", "Don't", "Never" or "Avoid", and two
    negatives close together ("not unusual", "never ... nothing"). A single "not"
    inside a sentence passes: it is often the clearest way to say something.
    """
    tokens = [t for t in view.tokens if not t.is_space]
    words = [t.lower_ for t in tokens]
    for start in NEGATIVE_STARTS:
        if tuple(words[:len(start)]) == start:
            last = tokens[len(start) - 1]
            yield Hit("negative", tokens[0].idx, last.idx + len(last.text),
                      {"why": "an instruction about what not to do"})
            break
    for index, token in enumerate(tokens):
        if token.lower_ not in NEGATORS:
            continue
        for other in tokens[index + 1:index + 1 + NEGATIVE_REACH]:
            if other.is_punct or other.lower_ in COORDINATORS:
                break
            if other.lower_ in NEGATORS or _negative_word(other):
                yield Hit("negative", token.idx, other.idx + len(other.text), {"why": "a double negative"})
                break


def _negative_word(token: "Token") -> bool:
    """"unusual", "disagree", "impossible": a negative prefix on an everyday word."""
    word = token.lower_
    prefixes = NEGATIVE_PREFIXES + (NEGATIVE_ADJECTIVE_PREFIXES if token.pos_ == "ADJ" else ())
    return any(word.startswith(p) and len(word) - len(p) >= 4 and word_frequency(word[len(p):]) >= 3.5
               for p in prefixes)


# ---------------------------------------------------------------- spans

SpanCheck = Callable[[str, bool], Iterator[Hit]]
SPAN_CHECKS: dict[str, SpanCheck] = {}
CLOSERS = "\"')]*_\u201d\u2019 "
MIN_STATEMENT_WORDS = 3   # "Jo Bloggs", "Yours sincerely,": names and sign-offs are not statements


def span_check(rule_id: str) -> Callable[[SpanCheck], SpanCheck]:
    def register(function: SpanCheck) -> SpanCheck:
        SPAN_CHECKS[rule_id] = function
        return function
    return register


@span_check("no-full-stop")
def no_full_stop(text: str, is_statement: bool) -> Iterator[Hit]:
    """IE-2009: a statement ends with a full stop (a colon may lead into a list).

    Only statements: sub-points are list items, which Easy Read writes without full
    stops. A closing quote or bracket after the stop is fine; a salutation ("Dear
    Sam,"), a sign-off or a name on its own is not a statement.
    """
    stripped = text.rstrip()
    last = stripped.rstrip(CLOSERS)
    if (not is_statement or not last or last[-1] in ".!?:" or last[-1] == ","
            or count_words(stripped) < MIN_STATEMENT_WORDS or _name_or_sign_off(last)):
        return
    yield Hit("no-full-stop", len(last) - 1, len(last))


def _name_or_sign_off(text: str) -> bool:
    """"Jo Bloggs", "Yours sincerely, The Peer Support Team": after the last comma,
    only words with capitals (a name, a team, an address line)."""
    tail = text.rsplit(",", 1)[-1].split()
    return bool(tail) and all(word[:1].isupper() or not word[:1].isalpha() for word in tail)
