"""yamlio.py: easyread's own data files read fast, with YAML 1.2's meaning.

(The bounds on an editor's YAML files, aliases, size and nesting, are tested in
test_hardening.py beside the other hostile inputs.)
"""

from __future__ import annotations

from importlib import resources

import pytest
from ruamel.yaml import YAML

from easyread.yamlio import load_data, package_data

DATA_FILES = sorted(f"data/{p.name}" for p in resources.files("easyread").joinpath("data").iterdir()
                    if p.name.endswith(".yml"))


@pytest.mark.parametrize("name", DATA_FILES)
def test_every_package_data_file_reads_as_ruamel_reads_it(name):
    """libyaml (fast) and ruamel.yaml's YAML 1.2 loader agree on every data file."""
    text = resources.files("easyread").joinpath(name).read_text(encoding="utf-8")
    assert package_data(name) == YAML(typ="safe", pure=True).load(text)


def test_yes_no_on_and_off_stay_words():
    """YAML 1.1 would read them as booleans; a word list may hold the word "no"."""
    assert load_data("words: [yes, no, on, off, true, false]\n") == {"words": ["yes", "no", "on", "off", True, False]}


def test_a_data_file_is_read_once_per_run():
    assert package_data("data/rewrite.yml") is package_data("data/rewrite.yml")
