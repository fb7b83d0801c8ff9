"""The bits of English grammar the rewrite stage needs to fit a replacement to its sentence.

Pure functions over words and spaCy tokens: the verb form that agrees with a singular
subject, "a" or "an", the head noun of a plain wording, whether a word is an acronym or
sits inside a name, and whether a replacement would repeat a word close by. The rewrite
stage (rewrite.py) uses them to fit an edit, or to refuse it and list it for an editor;
the word lists they are given come from data/rewrite.yml.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Iterable, Sequence

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

VOWEL_SOUND_EXCEPTIONS = ("hour", "honest", "honour", "heir")
CONSONANT_SOUND_EXCEPTIONS = ("uni", "use", "usu", "eur", "one", "once")
SINGULAR_OF = {"are": "is", "were": "was", "have": "has", "do": "does", "go": "goes"}
ACRONYM = re.compile(r"^[A-Z][A-Z0-9]+s?$")
PLURAL_DETERMINERS = {"these", "those", "many", "several", "few", "fewer", "both", "various",
                      "numerous", "multiple"}
PLURAL_PRONOUNS = {"they", "them", "their", "theirs", "themselves", "these", "those"}


def article_for(word: str) -> str:
    """'a' or 'an' by the sound of the next word (spelling rules with the usual exceptions)."""
    lower = word.lower().lstrip("*")
    if lower.startswith(VOWEL_SOUND_EXCEPTIONS):
        return "an"
    if lower.startswith(CONSONANT_SOUND_EXCEPTIONS):
        return "a"
    return "an" if lower[:1] in "aeiou" else "a"


def third_person(verb: str) -> str:
    """The present form after a singular subject: 'know' -> 'knows', 'are' -> 'is'."""
    lower = verb.lower()
    if lower in SINGULAR_OF:
        fitted = SINGULAR_OF[lower]
    elif lower.endswith(("s", "x", "z", "ch", "sh", "o")):
        fitted = lower + "es"
    elif lower.endswith("y") and lower[-2:-1] not in ("a", "e", "i", "o", "u", ""):
        fitted = lower[:-1] + "ies"
    else:
        fitted = lower + "s"
    return same_case(verb, fitted)


def same_case(model: str, word: str) -> str:
    """``word`` with the first letter in the case of ``model``'s."""
    if model[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


def head_word(phrase: str, ends_before: Iterable[str]) -> str:
    """The head noun of a plain wording: its last word before a preposition.

    "emotional and practical support" -> "support"; "help with thoughts and feelings" -> "help".
    """
    stops = {w.lower() for w in ends_before}
    words = phrase.lower().split()
    for index, word in enumerate(words[1:], 1):
        if word in stops:
            return words[index - 1]
    return words[-1] if words else ""


def is_acronym(word: str) -> bool:
    """'NHS', 'PSWs', 'CMHT': capitals (and digits), maybe a plural s."""
    return bool(ACRONYM.match(word))


def is_capitalised(token: "Token") -> bool:
    """Capitalised for its own sake: the first word of a sentence counts only when it is
    not a small common word ("The PSWs" is not a name; "Early Intervention" may be)."""
    if not (token.text[:1].isupper() and token.is_alpha):
        return False
    return not (token.is_sent_start and token.is_stop)


def in_name(doc: "Doc", start: int, end: int, joiners: Iterable[str]) -> bool:
    """True when tokens ``start:end`` sit in a run of capitalised words (a name).

    "Early Intervention in Psychosis service": "Intervention" is capitalised mid-sentence
    and joined (through "in") to other capitalised words. A word at the start of a
    sentence is capitalised anyway, so it counts only with a capitalised neighbour.
    A run made only of acronyms ("MH PSWs") is shorthand, not a name.
    """
    matched = doc[start:end]
    if not any(is_capitalised(t) for t in matched):
        return False
    run = _capitalised_run(doc, start, end, {j.lower() for j in joiners})
    if len(run) < 2:
        return False
    return not all(is_acronym(t.text) for t in run)


def _capitalised_run(doc: "Doc", start: int, end: int, joiners: set[str]) -> list["Token"]:
    """The capitalised tokens joined to ``doc[start:end]`` on either side (through "in", "of" ...)."""
    run = [t for t in doc[start:end] if is_capitalised(t)]
    for step, index in ((-1, start - 1), (1, end)):
        while 0 <= index < len(doc):
            token = doc[index]
            if is_capitalised(token) and token.text != "I":
                run.append(token)
            elif not (token.lower_ in joiners and _capitalised_beyond(doc, index, step)):
                break
            index += step
    return run


def _capitalised_beyond(doc: "Doc", index: int, step: int) -> bool:
    following = index + step
    return 0 <= following < len(doc) and is_capitalised(doc[following])


def repeats_nearby(doc: "Doc", start: int, end: int, head: str, window: int) -> str | None:
    """A word within ``window`` tokens that already says ``head``, the replacement's head word.

    "judge or decide": replacing "judge" by "decide" would read "decide or decide".
    Compared by lemma, so "helping to facilitate" -> "help with" is caught too. Only
    the head counts ("peer support workers give support" is fine), and only if the
    matched term did not already have it ("peer support intervention" -> "peer support work").
    """
    head = head.lower()
    forms = {head, head[:-1] if head.endswith("s") else head}
    if any(t.lemma_.lower() in forms or t.lower_ in forms for t in doc[start:end]):
        return None
    before = [t for t in reversed(doc[:start]) if t.is_alpha][:window]   # words: a hyphen is no word
    after = [t for t in doc[end:] if t.is_alpha][:window]
    for token in (*before, *after):
        if token.lemma_.lower() in forms or token.lower_ in forms:
            return token.text
    return None


def plural_determiner(noun: "Token") -> str | None:
    """'these', 'many', a number ...: a word that makes ``noun`` plural and cannot go with a mass noun."""
    for child in noun.children:
        if child.lower_ in PLURAL_DETERMINERS or (child.tag_ == "CD" and child.lower_ not in ("one", "1")):
            return child.text
    return None


def noun_forms(terms: Iterable[str]) -> set[str]:
    """A noun term and its plurals ("demand", "demands"), lower case: what a noun entry may replace."""
    forms = set()
    for term in terms:
        lower = term.lower()
        forms |= {lower, lower + "s", lower + "es"}
        if lower.endswith("y"):
            forms.add(lower[:-1] + "ies")
    return forms


def plural_pronoun_after(noun: "Token") -> str | None:
    """'they', 'them', 'their' ... later in the noun's sentence: it may point back to the noun."""
    for token in noun.doc[noun.i + 1:noun.sent.end]:
        if token.lower_ in PLURAL_PRONOUNS:
            return token.text
    return None


def verbs_agreeing_with(noun: "Token") -> list["Token"] | None:
    """The finite present verbs whose subject is ``noun`` ('interventions ... are'), from the parse.

    Empty when nothing needs to change (an object, a past tense, a modal, a subject
    joined to another by 'and'); None when the parse gives no clear answer.
    """
    if any(child.dep_ == "conj" for child in noun.children) or noun.dep_ == "conj":
        return []
    verbs: list["Token"] = []
    if noun.dep_ in ("nsubj", "nsubjpass"):
        verbs.extend(_finite_of(noun.head))
    for clause in (c for c in noun.children if c.dep_ == "relcl"):
        if any(c.dep_ in ("nsubj", "nsubjpass") and c.tag_ in ("WDT", "WP") for c in clause.children):
            verbs.extend(_finite_of(clause))
    return verbs


def _finite_of(verb: "Token") -> list["Token"]:
    """The word that carries number in ``verb``'s clause, and in verbs joined to it by 'and'."""
    found: list["Token"] = []
    for head in (verb, *(c for c in verb.children if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX")
                         and not any(g.dep_.startswith("nsubj") for g in c.children))):
        auxiliaries = [c for c in head.children if c.dep_ in ("aux", "auxpass") and c.i < head.i]
        carrier = auxiliaries[0] if auxiliaries else head
        # A verb with this subject and no auxiliary is finite even where the tagger says
        # VB ("interventions ... make"): the parser's tagger often does.
        if carrier.tag_ == "VBP" or carrier.lower_ == "were" or (carrier.tag_ == "VB" and not auxiliaries):
            found.append(carrier)
    return found


def fit_singular(verb: "Token") -> str:
    """The form of a present plural verb (or 'were') after a singular subject."""
    return same_case(verb.text, "was") if verb.lower_ == "were" else third_person(verb.text)


def spelled_out(text: str, words: str) -> bool:
    """True when ``words`` (an acronym's long form) are already written in ``text``."""
    squeeze = " ".join(words.lower().split())
    return bool(squeeze) and squeeze in " ".join(text.lower().split())


def starts_with_any(text: str, openings: Sequence[str]) -> bool:
    """``text`` starts with one of ``openings`` as whole words, ignoring case."""
    lower = text.lower()
    return any(lower.startswith(o.lower()) and not lower[len(o):len(o) + 1].isalnum() for o in openings)
