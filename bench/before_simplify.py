"""How the rewrite made sentences before simplify.py: the baseline bench/simplify_quality.py
prints beside the simplifier ("today's sentences_of").

Not part of easyread any more: the rewrite stage hands every sentence to simplify.py.
Kept here, with its tests in tests/test_bench.py, so the figures stay comparable. The
openings and pronouns are the ones data/rewrite.yml held for it (`asides`,
`split_pronouns`).
"""

from __future__ import annotations

import re

from easyread.rewrite import capitalise, rewrite_data, split_sentences, tidy, with_full_stop

ASIDES = tuple((item["opening"], item["then"]) for item in rewrite_data()["asides"])
SPLIT_PRONOUNS = frozenset(rewrite_data()["split_pronouns"])


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
        for opening, then in ASIDES:
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
    pronouns = "|".join(sorted(SPLIT_PRONOUNS))
    splits = re.compile(rf";\s+|,\s+(?:and|but)\s+(?=(?:{pronouns})\b)", re.IGNORECASE)
    parts, start = [], 0
    for found in splits.finditer(sentence):
        if _bracket_depth(sentence[:found.start()]) == 0:   # never inside "(92%; 10,575)"
            parts.append(sentence[start:found.start()])
            start = found.end()
    parts.append(sentence[start:])
    if len(parts) == 1:
        return [sentence]
    return [with_full_stop(capitalise(p.strip())) for p in parts if p.strip()]


def _bracket_depth(text: str) -> int:
    return text.count("(") - text.count(")")


def sentences_of(text: str, limit: int) -> list[str]:
    """A rewritten statement as sentences the way the rewrite made them before simplify.py:
    asides out, split at semicolons, full stops."""
    text, asides = take_asides(text)
    result: list[str] = []
    for sentence in split_sentences(text):
        result.extend(split_long(with_full_stop(capitalise(sentence)), limit))
    return result + asides
