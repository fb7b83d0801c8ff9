"""Tests for tools/import_framework.py and the content/ it produced.

The importer decides structure; these tests make sure it lost and invented no
words (checked against the seed by a separate, line-based reading of it), that
the loader reads content/ into the shape we expect, and that content/ is exactly
what the importer makes, so nobody hand-edits it out of step with the script.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from easyread.content import load_paths

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT.parent / "shared" / "seeds" / "002_444ae63050d9aaeb.txt"
CONTENT = ROOT / "content"
IMPORTER = ROOT / "tools" / "import_framework.py"

needs_seed = pytest.mark.skipif(not SEED.exists(), reason=f"seed not found: {SEED}")

# Numbers found when the framework was imported (see the importer's report).
COMPETENCES = {"1": 5, "2": 53, "3": 68, "4": 13, "5": 12, "6": 29, "7": 32, "8": 37,
               "9": 14, "10": 39, "11": 11}
SUB_POINTS = {"1": 15, "2": 79, "3": 95, "4": 23, "5": 27, "6": 44, "7": 46, "8": 45,
              "9": 3, "10": 38, "11": 6}
NOTES = 29


def normalise(text: str) -> str:
    """Compare words only: no list markers, table pipes, bold or dead links."""
    text = re.sub(r"</?b>|\*\*", "", text)
    text = re.sub(r"\[([^\]]*)\]\(#\)", r"\1", text)
    text = re.sub(r"^\s*#*\s*(- )?", "", text).replace("|", " ")
    return " ".join(text.split())


def seed_body() -> tuple[list[tuple[str, str]], Counter]:
    """The seed's headings (number, title) and a count of every other body line.

    The body runs from the second "# 1 " line (the first is in the duplicated map,
    after the contents list) to the back matter. Artefact lines are dropped.
    """
    lines = SEED.read_text(encoding="utf-8").split("\n")
    starts = [i for i, line in enumerate(lines) if line.startswith("# 1 ")]
    assert len(starts) == 2, "expected domain 1 in the map and in the body"
    body = lines[starts[1]:lines.index("## Developed by:")]
    headings, texts = [], Counter()
    for line in body:
        text = normalise(line)
        if text in ("", "CONFIDENTIAL", "CONFIDENTIAL DRAFT", "Return to map") or set(text) == {"-"}:
            continue
        heading = re.match(r"^(\d+(?:\.\d+)*) (.+)$", text)
        if heading:
            headings.append(heading.groups())
        else:
            texts[text] += 1
    return headings, texts


@pytest.fixture(scope="module")
def framework():
    return load_paths([CONTENT])


def model_texts(framework) -> tuple[list[tuple[str, str]], Counter, Counter]:
    """Headings, notes and competence/sub-point texts of the loaded content/."""
    headings, notes, items = [], Counter(), Counter()
    for domain in framework.domains:
        for heading in domain.headings():
            headings.append((heading.number, heading.title))
            notes.update(normalise(note.text) for note in heading.notes)
        for competence in domain.competences_in_order():
            items.update(normalise(span.text) for span in competence.spans())
    return headings, notes, items


@needs_seed
def test_every_line_of_the_seed_body_is_in_content_as_often_as_in_the_seed(framework):
    seed_headings, seed_texts = seed_body()
    headings, notes, items = model_texts(framework)
    assert headings == seed_headings
    assert notes + items == seed_texts, (
        f"missing: {list((seed_texts - notes - items).elements())[:5]}; "
        f"not in seed: {list((notes + items - seed_texts).elements())[:5]}")
    assert seed_texts["presenting a case calmly and clearly"] == 2  # 7.1 and 7.1.1


def test_structure_numbers_and_counts(framework):
    domains = framework.domains
    assert [d.number for d in domains] == [str(n) for n in range(1, 12)]
    for domain in domains:
        assert Path(domain.path).name.startswith(f"{int(domain.number):02d}-")
        assert domain.front_matter["number"] == int(domain.number)
        assert domain.front_matter["title"] == domain.title
        for section in domain.sections:
            assert section.number.rsplit(".", 1)[0] == domain.number
            for sub in section.subsections:
                assert sub.number.startswith(section.number + ".")
        for competence in domain.competences_in_order():
            assert competence.id.startswith(competence.heading + ".")
            assert not competence.notes
    assert not domains[10].sections  # domain 11 has no numbered sections
    ids = [c.id for c in framework.competences()]
    assert len(ids) == len(set(ids))
    competences = {d.number: len(list(d.competences_in_order())) for d in domains}
    sub_points = {d.number: sum(len(list(p.walk())) for c in d.competences_in_order() for p in c.points)
                  for d in domains}
    assert competences == COMPETENCES and sum(competences.values()) == 313
    assert sub_points == SUB_POINTS and sum(sub_points.values()) == 421
    _headings, notes, _items = model_texts(framework)
    assert sum(notes.values()) == NOTES


def test_competences_look_like_competences_and_notes_do_not(framework):
    """Guards the importer's heuristics: notes are prose, competences are abilities
    with no full stop (the seed has none), sub-points never start "An ability"."""
    _headings, notes, _items = model_texts(framework)
    assert not [n for n in notes if "ability" in n.split(",")[0].lower()]
    for competence in framework.competences():
        text = competence.text.text
        assert re.match(r"(An|an) ability|[A-Z][^.]*, an ability", text), competence.id
        assert not text.endswith(".")
        for span in list(competence.spans())[1:]:
            assert not span.text.startswith("An ability") and not span.text.endswith(".")


def test_positions_point_at_the_competence_line(framework):
    for competence in framework.competences():
        for span in competence.spans():
            position = span.position
            line = Path(position.path).read_text(encoding="utf-8").split("\n")[position.line - 1]
            first_words = " ".join(span.text.split()[:4])
            assert first_words in line.replace("**", ""), (str(position), first_words)
            assert line[position.column - 1:].replace("**", "").startswith(span.text.split()[0])


def without_editor_keys(path: Path) -> str:
    """A content file as the importer writes it: the editor's front matter taken out."""
    text = path.read_text(encoding="utf-8")
    kept = importer_module().editor_front_matter(text)
    return text.replace("\n" + "\n".join(kept), "", 1) if kept else text


def importer_module():
    import importlib.util

    spec = importlib.util.spec_from_file_location("import_framework", IMPORTER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run_importer(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(IMPORTER), *args], capture_output=True,
                          text=True, cwd=ROOT, check=False)


@needs_seed
def test_importer_reproduces_content_and_refuses_to_overwrite(tmp_path):
    out = tmp_path / "content"
    assert run_importer(str(SEED), str(out)).returncode == 0
    made = sorted(p.name for p in out.iterdir())
    assert made == sorted(p.name for p in CONTENT.glob("*.md"))
    for name in made:   # everything but what an editor added after the import (Easy Read titles)
        assert (out / name).read_text(encoding="utf-8") == without_editor_keys(CONTENT / name), name

    # replacing (--force) keeps what an editor added to the front matter
    for name in made:
        (out / name).write_text((CONTENT / name).read_text(encoding="utf-8"), encoding="utf-8")
    assert run_importer(str(SEED), str(out), "--force").returncode == 0
    for name in made:
        assert (out / name).read_bytes() == (CONTENT / name).read_bytes(), name

    edited = out / made[0]
    edited.write_text("edited by hand\n", encoding="utf-8")
    refused = run_importer(str(SEED), str(out))
    assert refused.returncode == 1 and "--force" in refused.stderr
    assert edited.read_text(encoding="utf-8") == "edited by hand\n"
    assert run_importer(str(SEED), str(out), "--force").returncode == 0
    assert edited.read_text(encoding="utf-8") == without_editor_keys(CONTENT / made[0])

    # The defaults are the seed and content/, which exists: refused, untouched.
    assert run_importer().returncode == 1
