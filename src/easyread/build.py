"""``easyread build``: write the Easy Read site (and with ``--pdf`` its print version).

The edge where the site meets the disk, kept apart from the pure stages (load ->
rewrite -> render) like MkDocs' ``build()``: everything is rendered in memory first,
then written into a fresh folder beside ``output/`` and swapped in only when complete
(``output.replace_folder``), so a failed build leaves the previous site whole.

The print version uses WeasyPrint: a pip package with no browser to install, that
implements CSS Paged Media (A4 pages, ``break-inside: avoid`` so no row is split,
page numbers in the page margin). See the README, "Easy Read site and PDF".
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Callable

from .errors import Msg, OutputError, UsageError
from .output import RunInputs, replace_folder, run_inputs
from .render import PRINT_LIMIT, RenderedSite

MARKER = ".easyread-output"
MARKER_TEXT = "This folder is written by `easyread build`; it is replaced whole on every build.\n"


@dataclass
class BuildResult:
    """What a build wrote, for the command's summary line and the tests."""

    site: RenderedSite
    output: Path
    pdf_pages: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


def check_output_folder(output: Path) -> None:
    """Refuse to replace a folder easyread did not build.

    ``replace_folder`` swaps the whole folder, so ``-o docs`` would otherwise delete
    an editor's work. An empty or missing folder is fine; so is one with the marker
    file an earlier build left. (That it is no input and holds none is
    ``output.refuse_inputs``'s rule, for every command.)
    """
    if output.exists() and (not output.is_dir() or (any(output.iterdir())
                                                    and not (output / MARKER).exists())):
        raise OutputError(Msg.E055.format(path=output.resolve()))


def write_site(site: RenderedSite, folder: Path, pdf: bool) -> dict[str, int]:
    """Write every file (and the PDFs) into ``folder``; return the page count of each PDF."""
    for relative, data in site.files.items():
        target = inside(folder, relative)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    (folder / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
    return write_pdfs(site, folder) if pdf else {}


def inside(folder: Path, relative: str) -> Path:
    """``folder / relative``, refused unless it stays inside ``folder``.

    Page names are made from the content (a domain's number), so a name is data from
    a draft: one with ``..`` or an absolute path would write outside the site
    (front matter ``number: "../../x"`` did, before issue 14).
    """
    parts = PurePosixPath(relative.replace("\\", "/")).parts
    if not parts or PurePosixPath(relative).is_absolute() or any(p in ("..", ".") or ":" in p for p in parts):
        raise OutputError(Msg.E050.format(what=relative, why="its name would lead outside the output folder"))
    return folder.joinpath(*parts)


def require_weasyprint():
    """WeasyPrint's HTML class, or a one-line error saying what to install.

    Missing: pip install. Installed without its system libraries (Pango), the import
    raises OSError, which would otherwise read as "cannot write output".
    """
    try:
        from weasyprint import HTML
    except ImportError:
        raise UsageError(Msg.E058.format()) from None
    except OSError as error:
        raise UsageError(Msg.E060.format(why=str(error).splitlines()[0] if str(error) else error)) from None
    return HTML


def write_pdfs(site: RenderedSite, folder: Path) -> dict[str, int]:
    """One A4 PDF per part, each at most 24 pages (the Easy Read limit), in ``folder/pdf``."""
    HTML = require_weasyprint()
    (folder / "pdf").mkdir(exist_ok=True)
    pages: dict[str, int] = {}
    base = folder.resolve().as_uri() + "/"
    for name, page in site.print_pages.items():
        document = HTML(string=page, base_url=base).render()
        if len(document.pages) > PRINT_LIMIT:
            raise OutputError(Msg.E057.format(part=name, pages=len(document.pages), limit=PRINT_LIMIT))
        document.write_pdf(inside(folder / "pdf", name))
        pages[f"pdf/{name}"] = len(document.pages)
    return pages


def build(site: RenderedSite, output: Path, inputs: RunInputs | list[Path], pdf: bool = False,
          on_wait: Callable[[], None] | None = None) -> BuildResult:
    """Write ``site`` into ``output`` atomically (and the PDFs with ``pdf``).

    Never over an input of the run (``inputs``, see ``output.run_inputs``); under the
    output folder's lock, so a second build at the same time waits (``on_wait`` is
    called after a second, for the CLI to say so) and never mixes its pages in.
    """
    started = time.perf_counter()
    if not isinstance(inputs, RunInputs):   # a list of content paths
        inputs = run_inputs(inputs)
    result = BuildResult(site, output)

    def fill(folder: Path) -> None:
        result.pdf_pages = write_site(site, folder, pdf)
    replace_folder(output, fill, inputs, may_replace=check_output_folder, on_wait=on_wait)
    result.seconds = time.perf_counter() - started
    return result
