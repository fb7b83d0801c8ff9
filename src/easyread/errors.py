"""Every error (and warning) easyread can raise, in one place, worded for editors.

Modelled on spaCy's ``errors.py``: each message has a code and a template, so a
message can be found in the code from what an editor pastes into an email, and the
wording can be improved without hunting through the stages. The CLI prints
``str(error)`` as one line and exits with ``error.exit_code``. Warnings (W codes) are
not raised: they are ``model.Notice`` data that the CLI prints after the results.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Msg(str, Enum):
    """Message templates. Say what is wrong, where, and what to do."""

    # Reading files
    E001 = "cannot read this file: {why}"
    E002 = "this file is not UTF-8 text (byte {byte} at column {column}); save it as UTF-8 (in Word: Save As, Plain Text, Unicode UTF-8)"
    E003 = "this file is empty"
    E004 = "this file is {size_mb:.0f} MB; easyread reads files up to {limit_mb:.0f} MB - split it into smaller files"
    E005 = "no such file or folder"
    E006 = "this folder has no files easyread reads: Markdown (.md), text (.txt), Word (.docx) or web pages (.html)"
    E007 = "this file has front matter but no text after it (the front matter ends on line {line})"
    E008 = "more than {limit_mb:.0f} MB came in on standard input; easyread reads up to {limit_mb:.0f} MB - split it into smaller files"
    E009 = "standard input (-) can be read only once; give - once"
    # Word documents, web pages and other kinds of file (data/formats.yml, readers/)
    E070 = "easyread cannot read {what}: {advice}"
    E071 = "easyread cannot read {suffix} files; it reads Markdown (.md), text (.txt), Word (.docx) and web pages (.html)"
    E072 = "this Word document is password-protected; remove the password in Word (File, Info, Protect Document, Encrypt with Password) and save it again"
    E073 = "this Word document is damaged or is not a Word document ({why}); open it in Word and save it again as a Word Document (.docx)"
    E074 = "this Word document has no text{why}; easyread needs the words themselves: ask for the document as it was typed"
    E075 = "this web page has no text to check (navigation, headers, footers, scripts and forms are left out)"
    E076 = "this file is an old Word document (.doc) with a .docx name; open it in Word and save it as a Word Document (.docx)"
    # Front matter and structure
    E010 = "the front matter (between the --- lines) is not valid YAML: {why}"
    E011 = "the front matter starts with --- but never ends; add a closing --- line"
    E012 = "the front matter must be a list of 'name: value' settings"
    E013 = "heading number {number} is out of order: expected {expected}"
    E014 = "heading number {number} is used twice (first on line {first_line})"
    E015 = "list nested {depth} levels deep; easyread allows at most {limit}"
    E016 = "heading number {number} has a 0, which stands for competences directly under a heading (1.0.1 is the first under domain 1); number headings from 1"
    E017 = "the front matter's {key!r} must be {expected}"
    # Glossary
    E020 = "the glossary is not valid YAML: {why}"
    E021 = "the glossary uses a tab for indenting; use spaces"
    E022 = "entry {entry!r}: unknown field {field!r} (allowed: {allowed})"
    E023 = "entry {entry!r}: missing required field {field!r}"
    E024 = "entry {entry!r}: field {field!r} must be {expected}"
    E025 = "entry {entry!r}: {field} must be one of {allowed}, not {value!r}"
    E026 = "entry {entry!r}: the id is used twice (first on line {first_line})"
    E027 = "entry {entry!r}: the form {form!r} is also in entry {other!r} (line {other_line}); keep it in one entry"
    E028 = "entry {entry!r}: approved 'replace' entries need plain wording in 'plain'"
    E029 = "entry {entry!r}: the plain wording {plain!r} contains {term!r}, which entry {other!r} replaces; rewrite it so rewriting stops"
    E030 = "entry {entry!r}: 'explain' entries need an Easy Read 'explanation' for the word bank"
    E031 = "entry {entry!r}: add at least one example in examples.{kind} (text it must {verb})"
    E032 = "the glossary must be a mapping with 'entries' (and optionally 'phrases')"
    E033 = "entry {entry!r}: provenance needs at least one source"
    E034 = "entry {entry!r}: the quote is {length} characters; keep quotes to one line (at most {limit})"
    E035 = "entry {entry!r}: the name {name!r} does not contain any of the entry's terms; list it under 'keep' instead"
    E038 = "entry {entry!r}: the phrase {name!r} under 'other-senses' does not contain any of the entry's terms"
    E036 = "{where}: the name {name!r} is listed twice (first on line {first_line}); keep one"
    E037 = "the built-in glossary is missing from this installation of easyread; reinstall it (pip install --force-reinstall easyread), or give your own with --glossary"
    # Editor-approved text (content/approved/*.yml)
    E039 = "competence {competence} has no approved text in {folder}; write it there first"
    E045 = "the approved text is not valid YAML: {why}"
    E046 = "expected competence ids, each with 'source' (the fingerprint from easyread approve) and 'text'"
    E047 = "competence {competence}: needs 'source' (the fingerprint from easyread approve) and 'text'"
    E048 = "competence {competence}: unknown field {field!r} (allowed: {allowed})"
    E049 = "competence {competence} is approved twice (also in {path} line {line}); keep one"
    # Settings and rules
    E040 = "unknown rule {rule!r} in {where}; known rules start with: {known}"
    E041 = "unknown profile {profile!r}; choose one of: {known}"
    E042 = "settings: {key!r} must be {expected}"
    E043 = "settings file is not valid TOML: {why}"
    E044 = "unknown setting {key!r}; known settings: {known}"
    E063 = "an empty rule id in {where} would switch every rule off; remove it (in CI, check that the variable after -d is set)"
    E064 = "settings: 'pictures' is not used by easyread; choose pictures with 'picture:' in content/approved/*.yml or 'pictures:' in a domain's front matter, and remove it"
    E065 = "settings: {key!r} ({path}) {problem}; choose another folder"
    # Output
    E050 = "cannot write {what}: {why}"
    E051 = "refusing to overwrite the input file {path}; choose another output file"
    E052 = "refusing to write into {folder}, the folder being read ({path}); choose a place outside it"
    E053 = "{path} already exists; add --force to replace it"
    E054 = "{a} and {b} cannot be used together: {fix}"
    E061 = "refusing to replace {path}: it holds {input}, which this run reads; choose another output"
    E062 = "another easyread build is still writing {path} after {seconds} s; wait for it to finish (or stop it), then build again"
    # The Easy Read site and print version (easyread build)
    E055 = "refusing to replace {path}: it is not a folder easyread built (or it holds your input); choose another --output folder"
    E056 = "picture {code} for {where} is not in the bundled pictures; choose one from src/easyread/data/pictures.yml or add it with tools/vendor_openmoji.py"
    E057 = "the print version of {part} would be {pages} pages; Easy Read allows at most {limit}: lower part_lines in src/easyread/data/site.yml"
    E058 = "--pdf needs WeasyPrint; install it with: pip install 'easyread[pdf]'"
    E059 = "{flag} only works with {other}: {fix}"
    E060 = "--pdf: WeasyPrint is installed but cannot start ({why}); install Pango (Debian: apt-get install libpango-1.0-0 libpangoft2-1.0-0), or leave out --pdf"
    # The editor's workspace (easyread serve) and the approvals it writes
    E080 = "{competence} was changed in {path} after you opened it ({why}); nothing was saved and your text is still in the box: reload the page in a new tab, compare, then approve again"
    E081 = "competence {competence}: 'pictures' must be a list with one picture code (or null) per row, like [1F91D, null]"
    E082 = "{competence} is no longer in {path} (the file changed); nothing was saved"
    E083 = "the Easy Read text is empty; write the text before approving"
    E084 = "write your name before approving: it is saved with the approval (set 'editor' in your settings to skip this)"
    E085 = "{what} may be at most {limit} characters; this is {size}"
    E086 = "only Markdown (.md) and text (.txt) files can be checked here, not {name!r}"
    E087 = "cannot listen on {host} port {port}: {why}; choose another with --port"
    E088 = "settings: 'editor' must be text in quotes (the name saved with each approval)"
    E089 = "the checker still finds {count} problem(s) in this text ({problems}); fix them, or tick 'Approve it anyway' if the text is right as it is"
    # Easy Read headings in the front matter (easyread build)
    E090 = "front matter {key!r} must list heading numbers with their Easy Read titles, like  {key}: {{\"3.1\": \"Respecting differences\"}}"
    E091 = "front matter {key!r}: the Easy Read title for {number} must be text (put it in quotes)"
    # The rewrite stage: who does the work of a section
    E092 = "front matter 'actors': {problem}; write it like  actors: {{\"10.2\": {{subject: Supervisors, number: plural}}}}"

    def format(self, *args: object, **kwargs: object) -> str:  # type: ignore[override]
        return f"[{self.name}] " + self.value.format(*args, **kwargs)


class Warn(str, Enum):
    """Warning templates: things an editor should know that do not stop the run.

    Printed as one line each after the command's output; ``--strict`` makes any of
    them fail the run (exit code 1), as MkDocs' strict mode does.
    """

    W001 = "approved text is out of date for {ids}; check it, then run: easyread approve ID"
    W002 = "the pictures of the rows are not known ({why})"
    W003 = "{failing} of {total} {units} still fail the {profile} profile: see {report}"
    # How a file was read (readers/): what was left out or skipped
    W070 = "left out {count} comment(s): easyread checks the document's text, not its comments"
    W071 = "left out {count} tracked deletion(s): the text is read as if every tracked change were accepted"
    W072 = "left out the {parts}: easyread checks the body of the document"
    W073 = "left out {count} footnote(s) and endnote(s)"
    W074 = "left out the text of {count} text box(es) and shape(s)"
    W075 = "skipped: {why}"
    W076 = "skipped: this file is empty; the other files were read"
    W077 = "skipped {name}/: easyread reads the files at the top of a folder, not the folders in it"
    W078 = "skipped: {why}; the other files were read"

    def format(self, *args: object, **kwargs: object) -> str:  # type: ignore[override]
        return f"[{self.name}] " + self.value.format(*args, **kwargs)


@dataclass(frozen=True)
class Notice:
    """A coded warning for the editor (a ``Warn`` text), with the file it is about when there is one.

    Loading gives them (a Word document's comments left out, a file in a folder
    skipped), and so do the stages (an approval out of date); the command line prints
    them after its results.
    """

    path: str | None
    message: str

    def __str__(self) -> str:
        return f"{self.path}: warning: {self.message}" if self.path else f"warning: {self.message}"


class EasyReadError(Exception):
    """Base class: an error an editor can fix. Carries the place it refers to."""

    exit_code = 2

    def __init__(self, message: str, path: str | None = None, line: int | None = None,
                 column: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line
        self.column = column

    def __str__(self) -> str:
        place = ""
        if self.path:
            place = str(self.path)
            if self.line:
                place += f":{self.line}"
                if self.column:
                    place += f":{self.column}"
            place += ": "
        return f"{place}error: {self.message}"


class InputError(EasyReadError):
    """A content file cannot be read or is not in a shape easyread understands."""


class GlossaryError(EasyReadError):
    """The glossary (or one entry in it) is invalid."""


class SettingsError(EasyReadError):
    """A settings file, profile or rule id is wrong."""


class OutputError(EasyReadError):
    """An output cannot be written; nothing the editor had was changed."""


class UsageError(EasyReadError):
    """Flags that do not make sense together."""


class ConflictError(EasyReadError):
    """An approval changed on disk since the editor opened it: their save is refused, nothing lost."""
