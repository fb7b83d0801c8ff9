"""The document model as JSON: a file's domains come back from the cache exactly as parsed."""

from __future__ import annotations

from pathlib import Path

import pytest

from easyread import content
from easyread.cache import AnalysisCache
from easyread.content import load_file, load_paths
from easyread.files import read_source
from easyread.model_json import NotStorable, domain_from_json, domain_to_json

ROOT = Path(__file__).resolve().parents[1]
FILES = [*sorted((ROOT / "content").glob("*.md")), *sorted((ROOT / "tests" / "fixtures" / "content").iterdir()),
         *sorted(p for p in (ROOT / "tests" / "fixtures" / "drafts").iterdir() if p.suffix in (".md", ".txt"))]


def shape(domain):
    """Everything a later stage reads from a domain, spans with their every offset."""
    def span(s):
        return (s.text, s.markdown, s.offsets, s.source.path)

    def competence(c):
        return (c.id, c.heading, c.list_item, span(c.text), [point(p) for p in c.points],
                [span(n) for n in c.notes])

    def point(p):
        return (span(p.text), [point(q) for q in p.points])

    def heading(h):
        return (h.number, h.title, h.position, [span(n) for n in h.notes],
                [competence(c) for c in h.competences], h.settings)
    return (heading(domain), domain.path, domain.front_matter, domain.disabled_rules, domain.line_disables,
            domain.notices,
            [(heading(s), [heading(sub) for sub in s.subsections]) for s in domain.sections])


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_file_round_trips_exactly(path):
    source = read_source(path)
    for domain in load_file(path, source):
        assert shape(domain_from_json(domain_to_json(domain), source)) == shape(domain)


def test_front_matter_with_a_date_is_not_cached_but_still_loads(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("---\nreviewed: 2026-11-29\n---\n\nWe listen.\n", encoding="utf-8")
    with pytest.raises(NotStorable):
        domain_to_json(load_file(page)[0])
    framework = load_paths([page], AnalysisCache(tmp_path / "cache"))
    assert framework.domains[0].competences[0].text.text == "We listen."


def test_an_unchanged_file_is_not_parsed_again(tmp_path, monkeypatch):
    cache = AnalysisCache(tmp_path / "cache")
    first = load_paths([ROOT / "content"], cache)
    cache.save()
    monkeypatch.setattr(content, "parse_markdown", lambda *a: pytest.fail("parsed an unchanged file"))
    again = load_paths([ROOT / "content"], AnalysisCache(tmp_path / "cache"))
    assert [shape(d) for d in again.domains] == [shape(d) for d in first.domains]
