"""Word documents for the tests, made with python-docx (and, for what it cannot
write, tracked changes, with the same WordprocessingML Word writes).

``letter`` has every part the Word reader must handle: a title, headings, a
numbered and a bulleted list (two levels), bold, a table, a comment, a tracked
insertion and deletion, a header and a footer. Its paragraphs, numbered as the
reader numbers them (every paragraph of the body, table cells included):

 1 Your appointment at the memory clinic   (Title)
 2 Dear Sam,
 3 We are writing about your **intervention** with the memory team.
 4 What happens next                       (Heading 1)
 5 Bring your letter.                      (List Number)
 6 Bring a list of your medicines.         (List Number)
 7 Ask the nurse if you have questions.    (List Bullet)
 8 A nurse will help you.                  (List Bullet 2)
 9 The clinic is now open on Fridays.      (tracked: "now " inserted, "closed" deleted)
10-13 the table: Date | Monday 3 March, Place | Clinic 4
14 Where to go                             (Heading 2)
15 Come to the main door. (a comment on "main door")
"""

from __future__ import annotations

from pathlib import Path

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

LETTER_TEXT = "We are writing about your "


def letter(path: Path) -> Path:
    document = docx.Document()
    document.add_paragraph("Your appointment at the memory clinic", style="Title")
    document.add_paragraph("Dear Sam,")
    paragraph = document.add_paragraph(LETTER_TEXT)
    paragraph.add_run("intervention").bold = True
    paragraph.add_run(" with the memory team.")
    document.add_heading("What happens next", level=1)
    document.add_paragraph("Bring your letter.", style="List Number")
    document.add_paragraph("Bring a list of your medicines.", style="List Number")
    document.add_paragraph("Ask the nurse if you have questions.", style="List Bullet")
    document.add_paragraph("A nurse will help you.", style="List Bullet 2")
    tracked = document.add_paragraph("The clinic is ")
    tracked._p.append(parse_xml(f'<w:ins {nsdecls("w")} w:id="1" w:author="Jo" w:date="2026-01-05T10:00:00Z">'
                                '<w:r><w:t xml:space="preserve">now </w:t></w:r></w:ins>'))
    tracked.add_run("open")
    tracked._p.append(parse_xml(f'<w:del {nsdecls("w")} w:id="2" w:author="Jo" w:date="2026-01-05T10:00:00Z">'
                                '<w:r><w:delText xml:space="preserve"> closed</w:delText></w:r></w:del>'))
    tracked.add_run(" on Fridays.")
    table = document.add_table(rows=2, cols=2)
    for row, (label, value) in zip(table.rows, [("Date", "Monday 3 March"), ("Place", "Clinic 4")]):
        row.cells[0].text, row.cells[1].text = label, value
    document.add_heading("Where to go", level=2)
    come = document.add_paragraph("Come to the ")
    door = come.add_run("main door")
    come.add_run(".")
    document.add_comment([door], text="Is this the right door?", author="Jo", initials="J")
    section = document.sections[0]
    section.header.paragraphs[0].text = "NHS Memory Service"
    section.footer.paragraphs[0].text = "Private and confidential"
    document.save(path)
    return path
