"""Fuzz the loaders (content, glossary, settings, approvals, YAML) for a bounded time, and say what broke.

    python bench/fuzz.py                # about 60 s, shared between the targets
    python bench/fuzz.py --seconds 600  # a longer hunt
    python bench/fuzz.py --seed 7       # the same inputs again
    python bench/fuzz.py --target settings --seconds 300   # one target

Inputs come from hypothesis strategies (Markdown and front-matter pieces editors
paste, Word's characters, raw bytes; mutated copies of the small test glossary; YAML
of every shape) driven by random bytes through ``fuzz_one_input``, hypothesis's
entry point for fuzzers, so each target runs as many inputs as the time allows.

What counts as a bug (everything else is the right answer to bad input):

- content: any exception but ``EasyReadError`` from ``read_source`` + ``parse_markdown``
  or ``parse_plain_text``; a span whose character offsets leave the file or go back,
  or that places a character on another one (but an entity on its '&');
  two competences with the same id;
- glossary: any exception but ``EasyReadError`` from ``check_glossary``; a problem
  that names no line;
- yaml: ``yamlio.load_yaml``'s fast reader (libyaml) giving other data or other
  lines than ruamel.yaml, or accepting what ruamel.yaml refuses;
- settings (issue 14): any exception but ``EasyReadError`` from ``load_settings`` on
  random ``easyread.toml`` / ``pyproject.toml`` files and ``--disable`` flags; a
  number out of range (inf, nan, 0 words, a share of 7) or an empty rule id let in;
- approvals (issue 14): any exception but ``EasyReadError`` from ``load_approvals``;
  an error on no line; an approval whose text or fingerprint is not text;
- yaml-bounds (issue 14): aliases of aliases ("billion laughs", loops, thousands
  of aliases) in a glossary, front matter or an approval file taking more than
  ``SLOW_SECONDS`` to be read or refused (the slowest is printed).

Each distinct bug (exception type and the line that raised it) is printed once, with
the smallest input that showed it. Exit code 1 when anything was found; the same
seed gives the same inputs again.
"""

from __future__ import annotations

import argparse
import difflib
import math
import os
import random
import sys
import tempfile
import time
import traceback
import warnings
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from hypothesis import HealthCheck, given, settings, strategies as st  # noqa: E402

from easyread.content import parse_markdown, parse_plain_text  # noqa: E402
from easyread.files import read_source  # noqa: E402
from easyread.errors import EasyReadError  # noqa: E402
from easyread.glossary import check_glossary  # noqa: E402
from easyread.yamlio import _NOT_SAME, _load_with_libyaml  # noqa: E402

SMALL = (ROOT / "tests" / "fixtures" / "glossary" / "small.yml").read_text(encoding="utf-8")
FUZZ = settings(database=None, deadline=None, suppress_health_check=list(HealthCheck))


class Bug(AssertionError):
    """An invariant broken (as opposed to an unexpected exception)."""


# ---------------------------------------------------------------- content

MARKDOWN = ["---\n", "number: 3\n", "title: T\n", "pictures: {1.1: 1F600}\n", "...\n", "# 3 Domain\n",
            "## 3.1 Section\n", "### 3.1.2 Sub\n", "#### 3.1.2.1 Deep\n", "## 3.0 Zero\n", "# 1\n",
            "- ", "  - ", "    - ", "* ", "1. ", "2) ", "> ", "    code\n", "```\n", "~~~\n", "\n", "\n\n",
            "\r\n", "\r", "An ability to ", "listen ", "**", "*", "_", "__", "`", "\\", "[a](https://x.org) ",
            "[b][ref]\n\n[ref]: https://y.org\n", "<b>", "</b>", "<script>", "<!-- easyread-disable -->",
            "<!-- easyread-disable-line passive -->", "<!--", "-->", "&amp;", "&copy;", "&#x41;", "&bogus;",
            "| a | b |\n|---|---|\n", "***\n", "===\n", "Setext\n---\n", "\t", "\u00a0", "\u200b", "\ufeff",
            "\u2028", "\x00", "e\u0301", "\u05e9\u05dc\u05d5\u05dd", "\U0001f469\u200d\U0001f467", "\u201c",
            "\u2019", "\u2013", "\u2011", "Stra\u00dfe", "\u0130", "(for example ", ")", ": ", "- [ ] ",
            "date: 2026-13-45\n", "? {a: 1}\n: x\n", "x: " + "[" * 200 + "]" * 200 + "\n", "\t- "]
def framework(events: list[tuple[int, int, str]]) -> bytes:
    """A file shaped like content/: headings numbered under the one before (depth 1-4,
    the last part 0-3, so gaps, repeats and zeros happen), list items at any depth."""
    path: list[int] = [1]
    lines = ["# 1 Domain\n\n"]
    for depth, number, text in events:
        if depth == 0:
            lines.append("  " * number + "- An ability " + text.strip() + "\n")
            continue
        path = (path + [1] * depth)[: depth - 1] + [number]
        lines.append("#" * depth + " " + ".".join(map(str, path)) + " " + text.strip() + "\n\n")
    return "".join(lines).encode("utf-8")


FRAMEWORK = st.lists(st.tuples(st.sampled_from([0, 0, 0, 2, 2, 3, 4]), st.integers(0, 3),
                               st.sampled_from(MARKDOWN)), max_size=16).map(framework)
CONTENT = st.one_of(
    FRAMEWORK,                                                                # shaped like content/
    st.lists(st.one_of(st.sampled_from(MARKDOWN), st.text(max_size=8)), max_size=60).map(
        lambda pieces: "".join(pieces).encode("utf-8")),
    st.binary(max_size=300),                                                   # not text at all
    st.text(max_size=200).map(lambda t: t.encode("utf-8")),
    st.lists(st.sampled_from(MARKDOWN), max_size=40).map(                    # Word's Windows-1252
        lambda pieces: "".join(pieces).encode("cp1252", errors="replace")),
)


def check_spans(domain) -> None:
    ids = [c.id for c in domain.competences_in_order()]
    if len(ids) != len(set(ids)):
        raise Bug(f"two competences with one id: {sorted(i for i in ids if ids.count(i) > 1)[0]}")
    for competence in domain.competences_in_order():
        for span in (*competence.spans(), *competence.notes):
            text_length = len(span.source.text)
            if len(span.offsets) != len(span.text) + 1:
                raise Bug(f"span {span.text!r}: {len(span.offsets)} offsets for {len(span.text)} characters")
            if any(not 0 <= o <= text_length for o in span.offsets):
                raise Bug(f"span {span.text!r}: an offset outside the file")
            if any(b < a for a, b in zip(span.offsets, span.offsets[1:])):
                raise Bug(f"span {span.text!r}: offsets go back")
            for char, offset in zip(span.text, span.offsets):
                there = span.source.text[offset] if offset < text_length else ""
                # an entity (&copy;) is placed on its '&'; markdown-it reads NUL as U+FFFD
                if not (char.isspace() or there == char or there == "&" or (char, there) == ("\ufffd", "\x00")):
                    raise Bug(f"span {span.text!r}: {char!r} placed on {there!r}")


@FUZZ
@given(data=CONTENT, markdown=st.booleans())
def fuzz_content(data: bytes, markdown: bool) -> None:
    LAST["content"] = (data, markdown)
    try:
        source = read_source("fuzz.md" if markdown else "fuzz.txt", data)
        domain = parse_markdown(source) if markdown else parse_plain_text(source)
    except EasyReadError:
        return
    check_spans(domain)


# ---------------------------------------------------------------- glossary

SCALARS = ["", "x", "yes", "no", "~", "null", "1", "-1", "0x1F", "1.5", "[]", "{}", "[a, b]", "{base: x}",
           '"quoted"', "'single'", "|\n  block", "&a x", "*a", "!!str 1", "<<: {a: 1}", "approved", "replace",
           "explain", "lemma", "lower", "Consultation", "\t", "\u2011", "co\u2011production", "?", "- item",
           "A -> B", "interventions", "support", "judge", "2026-13-45", "[" * 150 + "]" * 150,
           "- " * 60 + "x", "? [a]", "?"]
MUTATION = st.tuples(st.sampled_from(["delete", "duplicate", "replace-value", "insert", "indent", "swap",
                                      "truncate"]), st.integers(0, 10_000), st.sampled_from(SCALARS),
                     st.text(max_size=4))


def mutate(text: str, mutations: list[tuple[str, int, str, str]]) -> str:
    """The small glossary with lines deleted, doubled, re-valued, indented or swapped."""
    lines = text.split("\n")
    for kind, where, scalar, noise in mutations:
        if not lines:
            break
        i = where % len(lines)
        if kind == "delete":
            del lines[i]
        elif kind == "duplicate":
            lines.insert(i, lines[i])
        elif kind == "replace-value" and ":" in lines[i]:
            lines[i] = lines[i].split(":", 1)[0] + ": " + scalar
        elif kind == "insert":
            lines.insert(i, lines[i][: len(lines[i]) - len(lines[i].lstrip())] + noise + scalar)
        elif kind == "indent":
            lines[i] = ("  " if where % 2 else "") + lines[i][2 * (where % 2 == 0):]
        elif kind == "swap":
            j = (where // 7) % len(lines)
            lines[i], lines[j] = lines[j], lines[i]
        elif kind == "truncate":
            lines[i] = lines[i][: where % (len(lines[i]) + 1)]
    return "\n".join(lines)


GLOSSARY = st.one_of(st.lists(MUTATION, min_size=1, max_size=8).map(lambda m: mutate(SMALL, m)),
                     st.text(max_size=200))
GLOSSARY_FILE = Path(tempfile.mkdtemp(prefix="easyread-fuzz-")) / "glossary.yml"


@FUZZ
@given(text=GLOSSARY)
def fuzz_glossary(text: str) -> None:
    LAST["glossary"] = text
    GLOSSARY_FILE.write_text(text, encoding="utf-8", errors="surrogatepass")
    try:
        _glossary, problems = check_glossary(GLOSSARY_FILE)
    except EasyReadError:
        return
    for problem in problems:
        if problem.line < 1:
            raise Bug(f"a problem without a line: {problem.message}")


# ---------------------------------------------------------------- the fast YAML reader against ruamel

YAML_TEXT = st.one_of(
    st.lists(MUTATION, min_size=1, max_size=6).map(lambda m: mutate(SMALL, m)),
    st.recursive(st.sampled_from(SCALARS[:25]),
                 lambda inner: st.one_of(
                     st.lists(inner, max_size=4).map(lambda items: "[" + ", ".join(items) + "]"),
                     st.lists(st.tuples(st.sampled_from(["a", "b", "id", "1", "yes"]), inner), max_size=4).map(
                         lambda pairs: "\n".join(f"{k}: {v}" for k, v in pairs))),
                 max_leaves=12),
)


def places(node) -> object:
    if not hasattr(node, "lc"):
        return node
    data = {k: (v[:2] if isinstance(node, dict) and node[k] is None else v) for k, v in (node.lc.data or {}).items()}
    keys = list(node) if isinstance(node, dict) else range(len(node))
    return (type(node).__name__, node.lc.line, node.lc.col, data, [(k, places(node[k])) for k in keys])


@FUZZ
@given(text=YAML_TEXT)
def fuzz_yaml(text: str) -> None:
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    LAST["yaml"] = text
    fast = _load_with_libyaml(text)
    if fast is _NOT_SAME:
        return
    try:
        slow = YAML(typ="rt", pure=True).load(text)
    except YAMLError as error:
        raise Bug(f"libyaml read what ruamel refuses ({str(error).splitlines()[0]})") from None
    except RecursionError:
        return
    if repr(places(fast)) != repr(places(slow)):
        raise Bug("libyaml and ruamel read different data or lines")


# ---------------------------------------------------------------- settings files (issue 14)

TOML_VALUES = ["1", "0", "-1", "15", "12.5", "inf", "-inf", "nan", "1e309", "true", '""', '" "', '"x"',
               '"easy-read"', '"plain-english"', '"../x"', '"content"', '"."', "[]", '[""]', '["passive", ""]',
               '["jargon"]', "{}", '{a = 1}', "0.5", "7.0", "2026-11-23", '"\u0000"', '"\u001b[31m"']
TOML_KEYS = ["profile", "glossary", "model", "disable", "cache-dir", "content", "output", "pictures", "colour",
             "max-sentence-words", "max-grade", "formulas-over-share", "hard-word-zipf", "min-words-to-score",
             "max-list-commas", "min-reading-ease", "description", "severity"]
TABLES = ["", "[profiles]\n", "[profiles.easy-read]\n", "[profiles.plain-english]\n", "[profiles.leaflet]\n",
          '[profiles.""]\n', "[profiles.easy-read.severity]\n", "[tool.easyread]\n"]
SETTINGS = st.one_of(
    st.lists(st.tuples(st.sampled_from(TABLES), st.sampled_from(TOML_KEYS + ['"passive"', '""', "jargon"]),
                       st.sampled_from(TOML_VALUES + ['"error"', '"off"', '"loud"'])), max_size=8).map(
        lambda lines: "".join(f"{table}{key} = {value}\n" for table, key, value in lines)),
    st.text(max_size=120),
)
SETTINGS_ROOT = Path(tempfile.mkdtemp(prefix="easyread-fuzz-settings-"))


@FUZZ
@given(text=SETTINGS, pyproject=st.booleans(), flags=st.lists(st.sampled_from(["", " ", "passive", "x"]), max_size=2))
def fuzz_settings(text: str, pyproject: bool, flags: list[str]) -> None:
    from easyread.settings import load_settings

    LAST["settings"] = (text, pyproject, flags)
    for name in ("easyread.toml", "pyproject.toml"):
        (SETTINGS_ROOT / name).unlink(missing_ok=True)
    (SETTINGS_ROOT / ("pyproject.toml" if pyproject else "easyread.toml")).write_text(
        text, encoding="utf-8", errors="surrogatepass")
    try:
        settings = load_settings(root=SETTINGS_ROOT, disable=flags)
    except EasyReadError:
        return
    profile = settings.profile
    numbers = (profile.max_sentence_words, profile.max_grade, profile.min_reading_ease, profile.hard_word_zipf,
               profile.formulas_over_share, profile.min_words_to_score, profile.max_list_commas)
    if not all(math.isfinite(n) for n in numbers) or profile.max_sentence_words < 1 or \
            not 0 <= profile.formulas_over_share <= 1 or profile.max_grade <= 0:
        raise Bug(f"a setting out of range got in: {numbers}")
    if any(not rule.strip() for rule in settings.disabled):
        raise Bug("an empty rule id got in")
    settings.fingerprint   # noqa: B018 - must not raise


# ---------------------------------------------------------------- approval files (issue 14)

APPROVAL_PIECES = ['"1.1":\n', '"1.1.1":\n', "1.2:\n", "  source: abc123\n", "  source: 012345678901\n",
                   "  source: 123e45678901\n", "  source:\n", "  text: Hi.\n", "  text: |\n    Line one.\n\n"
                   "    - a point\n", "  text: [a]\n", "  approved_by: me\n", "  approved_on: 2026-11-23\n",
                   "  approved_on: 2026-13-45\n", "  picture: 1F91D\n", "  picture: [x]\n", "  extra: 1\n",
                   "- a list\n", "&a x\n", "*a\n", "  text: *a\n", "x: &a [*a]\n", "\t", "? [a]\n: b\n",
                   "  <<: {text: merged}\n", "!!str 1:\n", "---\n", "...\n", "\u2028", "\x00"]
APPROVALS = st.one_of(st.lists(st.sampled_from(APPROVAL_PIECES), max_size=14).map("".join), st.text(max_size=120))
APPROVALS_ROOT = Path(tempfile.mkdtemp(prefix="easyread-fuzz-approvals-"))


@FUZZ
@given(text=APPROVALS)
def fuzz_approvals(text: str) -> None:
    from easyread.approvals import load_approvals

    LAST["approvals"] = text
    path = APPROVALS_ROOT / "approved" / "01.yml"
    path.parent.mkdir(exist_ok=True)
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    try:
        approvals = load_approvals(APPROVALS_ROOT)
    except EasyReadError as error:
        if error.line is not None and error.line < 1:
            raise Bug(f"an error on line {error.line}: {error}") from None
        return
    for approval in approvals.values():
        if not isinstance(approval.text, str) or not isinstance(approval.source, str):
            raise Bug(f"approval {approval.competence_id}: text or source is not text")
        approval.blocks()


# ---------------------------------------------------------------- bounded YAML: aliases (issue 14)

ALIAS_SHAPE = st.tuples(st.integers(1, 40), st.integers(1, 12), st.sampled_from(["flow", "block", "mapping"]),
                        st.sampled_from(["end", "loop", "many", "quote"]))
SLOW_SECONDS = 5.0   # "no YAML input takes more than a few seconds"


def alias_yaml(levels: int, width: int, style: str, ending: str) -> str:
    """Aliases of aliases, in every layout: the worst YAML for memory there is."""
    lines = ['l0: &l0 "laugh"']
    for i in range(1, levels):
        items = [f"*l{i - 1}"] * width
        if style == "flow":
            lines.append(f"l{i}: &l{i} [" + ", ".join(items) + "]")
        elif style == "block":
            lines.append(f"l{i}: &l{i}\n" + "".join(f"  - {item}\n" for item in items).rstrip("\n"))
        else:
            lines.append(f"l{i}: &l{i} {{" + ", ".join(f"k{j}: {item}" for j, item in enumerate(items)) + "}")
    last = f"*l{levels - 1}"
    lines.append({"end": f"top: {last}", "loop": f"top: &top [{last}, *top]",
                  "many": "top: [" + ", ".join([last] * 3000) + "]", "quote": f"quote: {last}"}[ending])
    return "\n".join(lines) + "\n"


@FUZZ
@given(shape=ALIAS_SHAPE, where=st.sampled_from(["glossary", "front matter", "approvals"]))
def fuzz_yaml_bounds(shape: tuple[int, int, str, str], where: str) -> None:
    from easyread.approvals import load_approvals
    from easyread.content import split_front_matter
    from easyread.model import SourceFile

    text = alias_yaml(*shape)
    LAST["yaml-bounds"] = (shape, where)
    started = time.perf_counter()
    try:
        if where == "glossary":
            GLOSSARY_FILE.write_text(text + "version: 1\nentries: []\n", encoding="utf-8")
            check_glossary(GLOSSARY_FILE)
        elif where == "front matter":
            split_front_matter(SourceFile.from_text("fuzz.md", "---\n" + text + "---\n# 1 A\n\n- x\n"))
        else:
            path = APPROVALS_ROOT / "approved" / "01.yml"
            path.parent.mkdir(exist_ok=True)
            path.write_text(text, encoding="utf-8")
            load_approvals(APPROVALS_ROOT)
    except EasyReadError:
        pass
    seconds = time.perf_counter() - started
    WORST["yaml-bounds"] = max(WORST.get("yaml-bounds", (0.0, None)), (seconds, (shape, where)))
    if seconds > SLOW_SECONDS:
        raise Bug(f"{where}: {seconds:.1f} s for aliases {shape}")


# ---------------------------------------------------------------- the loop

TARGETS = {"content": fuzz_content, "glossary": fuzz_glossary, "yaml": fuzz_yaml, "settings": fuzz_settings,
           "approvals": fuzz_approvals, "yaml-bounds": fuzz_yaml_bounds}
WORST: dict[str, tuple[float, object]] = {}   # the slowest input per target, where it is timed
LAST: dict[str, object] = {}   # each target's latest input, to show what broke it


def where(error: BaseException) -> str:
    frame = traceback.extract_tb(error.__traceback__)[-1]
    return f"{Path(frame.filename).name}:{frame.lineno}"


def run(seconds: float, seed: int, only: list[str] | None = None) -> int:
    warnings.simplefilter("ignore")   # ruamel warns about reused anchors: not a finding
    rng = random.Random(seed)
    runs: Counter[str] = Counter()
    found: dict[tuple[str, str, str], tuple[object, BaseException]] = {}
    deadline = time.monotonic() + seconds
    started = time.monotonic()
    targets = {name: TARGETS[name] for name in (only or TARGETS)}
    while time.monotonic() < deadline:
        for name, target in targets.items():
            buffer = rng.randbytes(rng.choice((64, 256, 1024, 4096)))
            try:
                target.hypothesis.fuzz_one_input(buffer)
            except Exception as error:  # everything but EasyReadError is a finding
                key = (name, type(error).__name__, where(error) if not isinstance(error, Bug) else str(error)[:60])
                shown = LAST[name]
                if key not in found or len(repr(shown)) < len(repr(found[key][0])):
                    found[key] = (shown, error)
            runs[name] += 1
    elapsed = time.monotonic() - started
    print(f"fuzzed for {elapsed:.0f} s (seed {seed}): " + ", ".join(f"{name} {n} inputs" for name, n in runs.items()))
    for name, (slowest, shown) in WORST.items():
        print(f"slowest {name} input: {slowest:.2f} s ({describe(shown)})")
    if not found:
        print("nothing found: every input either loaded or gave an EasyReadError")
        return 0
    print(f"{len(found)} distinct problem(s):")
    for (name, kind, place), (shown, error) in sorted(found.items()):
        message = str(error).splitlines()[0][:160] if str(error) else ""
        print(f"- {name}: {kind} at {place}: {message}")
        print(f"  smallest input seen: {describe(shown)}")
    return 1


def describe(shown: object) -> str:
    """An input as short as it can be told: a mutated glossary as its changed lines."""
    if isinstance(shown, str) and shown.startswith(SMALL[:60]):
        changes = [line for line in difflib.unified_diff(SMALL.split("\n"), shown.split("\n"), lineterm="", n=0)
                   if line[:1] in "+-" and not line.startswith(("+++", "---"))]
        return "the small glossary with " + " | ".join(repr(line) for line in changes)[:600]
    return repr(shown)[:600]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--seed", type=int, default=int.from_bytes(os.urandom(4), "big"))
    parser.add_argument("--target", action="append", choices=sorted(TARGETS),
                        help="fuzz only this target (repeatable); default: all, sharing the time")
    args = parser.parse_args()
    return run(args.seconds, args.seed, args.target)


if __name__ == "__main__":
    sys.exit(main())
