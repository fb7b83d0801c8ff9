"""Import the draft framework export into content/, one clean Markdown file per domain.

    python tools/import_framework.py [SEED] [OUTDIR] [--force]

The draft reached us as a messy export (heading levels that jump about, a contents
list and a duplicated map, "CONFIDENTIAL DRAFT" and "Return to map" lines, HTML
bold, broken table pipes, sub-points with no list markers). Editing it by hand
would be neither reviewable nor repeatable, so this script is the record of how
content/ was made: run it again and you get the same bytes.

Words are never changed. The script only decides structure: which lines are
headings, notes, competences and (nested) sub-points. It does that with rules that
hold for the whole draft (see ``classify``) plus the small table below for the
few places where the text alone cannot tell.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SEED = ROOT.parent / "shared" / "seeds" / "002_444ae63050d9aaeb.txt"
DEFAULT_OUTDIR = ROOT / "content"

# File name for each domain: content/NN-<slug>.md (short, stable, chosen by hand).
SLUGS = {
    1: "values-and-principles",
    2: "practice-issues",
    3: "communication-and-engagement",
    4: "self-care-and-support",
    5: "supporting-self-management",
    6: "access-to-care",
    7: "teams-and-rights",
    8: "intervention-skills",
    9: "meta-competences",
    10: "organisational-competences",
    11: "staff-sharing-lived-experience",
}

# Nesting the text cannot tell. Key: the start of a seed line; value: its list depth
# (1 = sub-point of the competence, 2 = sub-point of a sub-point). Every key must
# match exactly one line, so the table cannot silently go stale.
DEPTH_OVERRIDES = {
    # 2.1: after the two children of "what recovery looks like ... and that:", the
    # "namely that:" list resumes (this line has its own children again).
    "there is a focus on people's strengths": 1,
    # 2.1: back to the "namely that:" list after the children of "there is a focus".
    "social inclusion is usually an important feature": 1,
    # 4.1: qualifies the sub-point before it ("excessive emotional demands"); it
    # cannot continue "to judge:" grammatically.
    "an ability to consider whether the experience of excessive demands": 2,
    # 4.1: the "to judge:" list resumes after that nested point.
    "when their own stressors or triggers": 1,
    # 10.1.2: second criterion of "recruitment criteria ... that:", after the nested
    # "recognising that:" list.
    "consider qualities such as temperament": 1,
    # 10.1.4: "this" is the supervision of the sub-point before it.
    "this can be provided internally or externally": 2,
}

# The body starts at the last "# 1 ..." heading (the contents list and the map repeat
# the domain headings before it) and ends where the back matter starts.
BODY_END = "## Developed by:"
# Whole lines that are export artefacts, not content.
ARTEFACT = re.compile(r"^(CONFIDENTIAL( DRAFT)?|Return to \[map\]\(#\)|[-|\s]*)$")
# A numbered heading, at any "#" level or as a bold paragraph ("**9.5 ...**").
HEADING = re.compile(r"^(?:#+ +(?:\*\*)?|\*\*)(\d+(?:\.\d+)*) +(.+?)(?:\*\*)?$")


def body_lines(text: str) -> list[str]:
    """The non-artefact lines of the framework body, cleaned, in order."""
    lines = text.split("\n")
    start = max(i for i, line in enumerate(lines) if line.startswith("# 1 "))
    end = lines.index(BODY_END)
    cleaned = (clean(line) for line in lines[start:end] if not ARTEFACT.match(line.strip()))
    return [line for line in cleaned if line]


def clean(line: str) -> str:
    """Inline fixes only: HTML bold to Markdown, dead links and pipes and markers off."""
    line = re.sub(r"<b>(.*?)</b>", r"**\1**", line.strip())
    line = re.sub(r"\[([^\]]+)\]\(#\)", r"\1", line)  # links to "#" lead nowhere
    if line.startswith("|") and line.endswith("|"):  # a row of a broken table
        line = line[1:-1].strip()
    return re.sub(r"^- +", "", line)


def is_competence_start(text: str) -> bool:
    """True for "An ability ..." and "Where/When/To ..., an ability ...".

    A line starting with lower-case "an ability" is decided by context in ``classify``.
    """
    return text.startswith(("An ability", "Ability")) or (
        text[0].isupper() and ", an ability" in text)


def classify(lines: list[str]) -> list[tuple]:
    """Turn body lines into blocks: ("heading", number, title), ("note", text) and
    ("item", depth, text) with depth 0 for a competence.

    Rules: a line ending in ":" opens a nested list; other lines stay at the depth of
    the line before. Text straight after a heading or note is a note. A lower-case
    "an ability" is a competence only where no list is open (after a competence that
    does not end in ":"); inside a list it is a sub-point.
    """
    blocks: list[tuple] = []
    used: list[str] = []
    for text in lines:
        heading = HEADING.match(text)
        if heading:
            blocks.append(("heading", heading.group(1), heading.group(2)))
            continue
        prev = blocks[-1] if blocks else ("heading",)
        override = [key for key in DEPTH_OVERRIDES if text.startswith(key)]
        if override:
            used += override
            depth = DEPTH_OVERRIDES[override[0]]
        elif is_competence_start(text):
            depth = 0
        elif prev[0] != "item":
            blocks.append(("note", text))
            continue
        elif prev[2].endswith(":"):
            depth = prev[1] + 1
        elif text.startswith("an ability") and prev[1] == 0:
            depth = 0
        else:
            depth = max(prev[1], 1)
        blocks.append(("item", depth, text))
    stale = [key for key in DEPTH_OVERRIDES if used.count(key) != 1]
    if stale:
        raise SystemExit(f"error: DEPTH_OVERRIDES keys must match one line each: {stale}")
    return blocks


def split_domains(blocks: list[tuple]) -> dict[int, list[tuple]]:
    """Group blocks by domain (a heading whose number has no dot)."""
    domains: dict[int, list[tuple]] = {}
    for block in blocks:
        if block[0] == "heading" and "." not in block[1]:
            current = domains.setdefault(int(block[1]), [])
        current.append(block)
    return domains


def render(number: int, blocks: list[tuple]) -> str:
    """One domain file: front matter, then blocks; list items are one line each,
    2 spaces of indent per level, with no blank lines inside a list."""
    title = blocks[0][2]
    if re.search(r": | #|^[^A-Za-z0-9]", title):  # else a plain YAML scalar is safe
        title = '"' + title.replace("\\", "\\\\").replace('"', '\\"') + '"'
    out = ["---", f"number: {number}", f"title: {title}", "picture: null", "---"]
    previous = None
    for block in blocks:
        if not (block[0] == "item" and previous == "item"):
            out.append("")
        if block[0] == "heading":
            out.append(f"{'#' * (block[1].count('.') + 1)} {block[1]} {block[2]}")
        elif block[0] == "note":
            out.append(block[1])
        else:
            out.append(f"{'  ' * block[1]}- {block[2]}")
        previous = block[0]
    return "\n".join(out) + "\n"


# Front matter an editor adds after the import (the Easy Read titles of the headings,
# pictures chosen by competence or section): the importer never writes it, and keeps
# it, comments included, when it replaces a file (--force), so nothing an editor wrote
# is lost. The reproduction test compares everything else byte for byte.
EDITOR_KEYS = ("easy-read-titles", "pictures")


def editor_front_matter(text: str) -> list[str]:
    """The lines of ``EDITOR_KEYS`` in a file's front matter, with the comments above them."""
    lines = text.split("\n")
    if not lines or lines[0] != "---" or "---" not in lines[1:]:
        return []
    front = lines[1:lines.index("---", 1)]
    kept: list[str] = []
    comments: list[str] = []
    keeping = False
    for line in front:
        if line.startswith("#"):
            comments.append(line)
            continue
        if line[:1] not in (" ", ""):   # a top-level key
            keeping = line.split(":", 1)[0].strip().strip('"') in EDITOR_KEYS
            if keeping:
                kept.extend(comments)
        elif keeping:
            kept.extend(comments)
        comments = []
        if keeping:
            kept.append(line)
    return kept


def with_editor_front_matter(text: str, existing: str) -> str:
    """``text`` (as imported) with the editor's front matter of ``existing`` put back."""
    kept = editor_front_matter(existing)
    if not kept:
        return text
    end = text.index("\n---\n", 3)
    return text[:end] + "\n" + "\n".join(kept) + text[end:]


def build(seed_text: str) -> dict[str, str]:
    """File name -> file text for every domain in the seed."""
    domains = split_domains(classify(body_lines(seed_text)))
    if sorted(domains) != sorted(SLUGS):
        raise SystemExit(f"error: found domains {sorted(domains)}, expected {sorted(SLUGS)}")
    return {f"{n:02d}-{SLUGS[n]}.md": render(n, blocks) for n, blocks in domains.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("seed", nargs="?", type=Path, default=DEFAULT_SEED)
    parser.add_argument("outdir", nargs="?", type=Path, default=DEFAULT_OUTDIR)
    parser.add_argument("--force", action="store_true", help="replace existing files")
    args = parser.parse_args(argv)
    files = build(args.seed.read_text(encoding="utf-8"))
    existing = [name for name in files if (args.outdir / name).exists()]
    if existing and not args.force:
        print(f"error: {args.outdir / existing[0]} already exists ({len(existing)} of "
              f"{len(files)} files); add --force to replace them", file=sys.stderr)
        return 1
    args.outdir.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        target = args.outdir / name
        if target.exists():
            text = with_editor_front_matter(text, target.read_text(encoding="utf-8"))
        target.write_text(text, encoding="utf-8", newline="\n")
    print(f"wrote {len(files)} files to {args.outdir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
