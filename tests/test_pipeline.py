"""pipeline.py: every command's stages in order, one project per run, one answer per question."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from easyread import pipeline
from easyread.errors import SettingsError

ROOT = Path(__file__).resolve().parents[1]
DRAFTS = ROOT / "tests" / "fixtures" / "drafts"


@pytest.fixture
def project_folder(tmp_path, monkeypatch) -> Path:
    """A project with the draft glossary and a small framework with one approval."""
    shutil.copy(DRAFTS / "glossary.yml", tmp_path / "glossary.yml")
    content = tmp_path / "content"
    content.mkdir()
    shutil.copy(DRAFTS / "framework.md", content / "03-communication.md")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_open_project_checks_every_rule_id_it_is_given(project_folder):
    with pytest.raises(SettingsError, match=r"\[E040\]"):
        pipeline.open_project(disable=["no-such-rule"])
    project = pipeline.open_project(disable=["hard-word"], root=project_folder)
    assert "hard-word" in project.settings.disabled and "jargon" in project.known_rules


def test_check_rewrite_and_report_agree_on_the_text_after_rewriting(project_folder):
    project = pipeline.open_project(root=project_folder, no_cache=True)
    checked = pipeline.check(project, [], with_rewrite=True)
    rewritten = pipeline.rewrite(project, [])
    report, _ = pipeline.write_report(project, [], "-", "json")
    assert [v.competence_id for v in rewritten.versions] == [r.competence.id for r in checked.analysis.results]
    assert checked.after["passing"] == report.data.summary.after["passing"]
    assert checked.after["competences"] == len(rewritten.versions)


def test_one_run_tags_each_text_once_whatever_the_stages_ask(project_folder):
    project = pipeline.open_project(root=project_folder, no_cache=True)
    pipeline.check(project, [], with_rewrite=True)
    tagged = project.tagger.tagged
    pipeline.rewrite(project, [])            # the rewrite of the same text: nothing new to tag
    pipeline.check(project, [], with_rewrite=True)
    assert project.tagger.tagged == tagged


def test_every_command_reads_approvals_from_the_same_folder(project_folder):
    """issue 15: rewrite read approvals from root/content, build and report from the first folder given."""
    project = pipeline.open_project(root=project_folder)
    content = project_folder / "content"
    assert pipeline.content_folder(project, []) == content.resolve() or pipeline.content_folder(project, []) == content
    assert pipeline.content_folder(project, [str(content)]) == content
    letter = project_folder / "letters" / "letter.md"
    letter.parent.mkdir()
    letter.write_text("Dear Sam,\n\nWe will call you.\n", encoding="utf-8")
    assert pipeline.content_folder(project, [str(letter)]) == letter.parent   # a draft's approvals live beside it


def test_warnings_are_notices_with_codes(project_folder):
    project = pipeline.open_project(root=project_folder, no_cache=True)
    (project_folder / "content" / "empty.md").write_text("", encoding="utf-8")   # skipped, the rest checked
    checked = pipeline.check(project, [], with_rewrite=False)
    assert checked.analysis.results
    (notice,) = project.notices
    assert notice.path.endswith("empty.md") and notice.message.startswith("[W078]")
    assert str(notice) == f"{notice.path}: warning: {notice.message}"
