"""files.py: bytes from disk or standard input as text, with clear errors for what editors' tools write.

A Windows export (CRLF, a byte order mark), an old Mac file (CR), Windows-1252 bytes
from Word, an empty file, a huge one, a missing one, a folder with nothing to read:
each reads the same or is refused with the exact errors.Msg text, file and line.
"""

from __future__ import annotations


import pytest

from easyread.errors import Msg
from easyread.files import content_files, read_source
from loading import error_for, write




def test_folder_loading_is_sorted_and_skips_readme_and_subfolders(tmp_path):
    (tmp_path / "b.md").write_text("Second.\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text("First.\n", encoding="utf-8")
    (tmp_path / "README.md").write_text("About this folder.\n", encoding="utf-8")
    (tmp_path / "_draft.md").write_text("Not yet.\n", encoding="utf-8")
    (tmp_path / "approved").mkdir()
    (tmp_path / "approved" / "c.md").write_text("Approved.\n", encoding="utf-8")
    assert [p.name for p in content_files([tmp_path])] == ["a.txt", "b.md"]

def test_old_mac_line_endings_are_lines_too():
    source = read_source("cr.txt", b"First line.\rSecond line.\r\rNew paragraph.")
    assert source.text == "First line.\nSecond line.\n\nNew paragraph."

@pytest.mark.parametrize("data", [b"", b"\n \n\t\n", b"\xef\xbb\xbf"])
def test_empty_file(tmp_path, data):
    path = write(tmp_path, "empty.md", data)
    assert error_for(path) == f"{path}: error: {Msg.E003.format()}"

def test_windows_1252_byte_names_its_line_and_column(tmp_path):
    data = "# 1 Values\n\n- An ability to say \u201chello\u201d\n".encode("cp1252")
    path = write(tmp_path, "word.md", data)
    assert error_for(path) == f"{path}:3: error: {Msg.E002.format(byte='0x93', column=21)}"

def test_missing_file(tmp_path):
    path = tmp_path / "nowhere.md"
    assert error_for(path) == f"{path}: error: {Msg.E005.format()}"


def test_folder_with_no_content_files(tmp_path):
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "README.md").write_text("About.\n", encoding="utf-8")
    assert error_for(tmp_path) == f"{tmp_path}: error: {Msg.E006.format()}"


def test_huge_file_is_refused_before_reading(tmp_path, monkeypatch):
    import easyread.files as files
    monkeypatch.setattr(files, "MAX_FILE_BYTES", 1024)
    path = write(tmp_path, "huge.md", b"word " * 1024)
    assert error_for(path) == f"{path}: error: {Msg.E004.format(size_mb=5120 / 2**20, limit_mb=1024 / 2**20)}"
