"""Writing files safely: atomic writes, refusals, and a folder swapped in only when complete."""

from __future__ import annotations

import os
import stat

import pytest

from easyread.errors import OutputError
from easyread.output import RunInputs, replace_folder, write_atomic, write_output


def test_write_atomic_gives_normal_permissions_and_leaves_no_temp_files(tmp_path):
    target = tmp_path / "report.json"
    write_atomic(target, "{}")
    mode = stat.S_IMODE(target.stat().st_mode)
    assert mode == 0o666 & ~_current_umask()
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]


def test_write_atomic_keeps_the_old_file_when_writing_fails(tmp_path, monkeypatch):
    target = tmp_path / "out.md"
    target.write_text("the editor's old text", encoding="utf-8")

    def disk_full(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(OSError):
        write_atomic(target, "new text")
    assert target.read_text(encoding="utf-8") == "the editor's old text"
    assert [p.name for p in tmp_path.iterdir()] == ["out.md"]


def test_write_output_refuses_input_content_and_existing_files(tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    draft = tmp_path / "draft.md"
    draft.write_text("draft", encoding="utf-8")
    with pytest.raises(OutputError, match="E051"):
        write_output(draft, "x", RunInputs(files=(draft,)), force=True)
    with pytest.raises(OutputError, match="E052"):
        write_output(content / "easy.md", "x", RunInputs(folders=(content,)))
    existing = tmp_path / "easy.md"
    existing.write_text("keep me", encoding="utf-8")
    with pytest.raises(OutputError, match="E053"):
        write_output(existing, "x", RunInputs())
    assert existing.read_text(encoding="utf-8") == "keep me"
    write_output(existing, "replaced", RunInputs(), force=True)
    assert existing.read_text(encoding="utf-8") == "replaced"


def test_write_output_into_a_folder_that_cannot_be_written_is_one_clear_error(tmp_path, monkeypatch):
    # Tests run as root here, who may write anywhere: simulate the refusal itself.
    def refused(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("tempfile.mkstemp", refused)
    with pytest.raises(OutputError, match=r"E050.*Permission denied"):
        write_output(tmp_path / "out.md", "x", RunInputs())
    assert not (tmp_path / "out.md").exists()


def test_replace_folder_swaps_in_a_complete_build_only(tmp_path):
    site = tmp_path / "output"
    replace_folder(site, lambda folder: (folder / "index.html").write_text("v1", encoding="utf-8"))
    assert (site / "index.html").read_text(encoding="utf-8") == "v1"

    def half_build(folder):
        (folder / "index.html").write_text("v2 half", encoding="utf-8")
        raise RuntimeError("interrupted")

    with pytest.raises(RuntimeError):
        replace_folder(site, half_build)
    assert (site / "index.html").read_text(encoding="utf-8") == "v1"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".output.lock", "output"], "no staging folders left behind"


def _current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
