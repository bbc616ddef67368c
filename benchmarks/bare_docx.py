"""The baseline: a bare python-docx script that writes the same handout as `rolegen handout`."""

import sys

from docx import Document
from docx.shared import Mm, Pt, RGBColor

from seed_text import CEO, COO, ROWS

doc = Document()
section = doc.sections[0]
section.page_width, section.page_height = Mm(210), Mm(297)
doc.styles["Normal"].font.name = "Open Sans"
doc.styles["Normal"].font.size = Pt(10.5)
doc.styles["Heading 1"].font.color.rgb = RGBColor(0x1B, 0x3A, 0x5C)
section.header.paragraphs[0].add_run().add_picture(sys.argv[2], height=Mm(7))
section.header.paragraphs[0].add_run("\tAcme Corporation")
section.footer.paragraphs[0].text = "Acme Corporation · Leadership training\tPage"
doc.add_paragraph("CEO vs COO", style="Title")
doc.add_paragraph(
    "The difference between the Chief Executive Officer and the Chief Operating Officer", style="Subtitle"
)
doc.add_heading("Introduction", 1)
doc.add_paragraph("This handout compares two leadership roles.")
for title, items in (("Chief Executive Officer (CEO)", CEO), ("Chief Operating Officer (COO)", COO)):
    doc.add_heading(title, 1)
    doc.add_paragraph("The summary.").runs[0].italic = True
    doc.add_heading("Primary role", 2)
    doc.add_paragraph("The primary role narrative.")
    doc.add_heading("Key responsibilities", 2)
    for item in items:
        doc.add_paragraph(item, style="List Bullet")
    doc.add_heading("Focus", 2)
    doc.add_paragraph("The focus.", style="List Bullet")
doc.add_heading("How the roles compare", 1)
table = doc.add_table(rows=len(ROWS), cols=3)
for r, row in enumerate(ROWS):
    for c, text in enumerate(row):
        table.cell(r, c).text = text
doc.add_heading("Key takeaway", 1)
doc.add_paragraph("CEO shows the vision COO makes it happen.", style="Intense Quote")
doc.save(sys.argv[1])
