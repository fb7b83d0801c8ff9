"""Helpers for the tests of files that cannot be loaded (test_files, test_content)."""

from __future__ import annotations

from pathlib import Path

import pytest

from easyread.content import load_paths
from easyread.errors import InputError


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def error_for(path: Path) -> str:
    """The one-line error loading ``path`` gives."""
    with pytest.raises(InputError) as raised:
        load_paths([path])
    return str(raised.value)
