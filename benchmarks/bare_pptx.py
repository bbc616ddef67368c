"""The baseline: a bare python-pptx script that builds the same twelve slides as `rolegen deck`.

No content loading, templates, fitting or branding logic: text is inline, the layout is python-pptx's.
"""

import sys

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.util import Inches, Pt
from seed_text import CEO, COO, ROWS

LOGO = sys.argv[2]

prs = Presentation()
prs.slide_width, prs.slide_height = Inches(13.333), Inches(7.5)


def slide(layout, title, lines=(), notes=""):
    s = prs.slides.add_slide(prs.slide_layouts[layout])
    s.shapes.title.text = title
    if lines:
        body = s.placeholders[1].text_frame
        body.text = lines[0]
        for line in lines[1:]:
            body.add_paragraph().text = line
        for p in body.paragraphs:
            for r in p.runs:
                r.font.size = Pt(20)
                r.font.color.rgb = RGBColor(0x1D, 0x24, 0x33)
    s.shapes.add_picture(LOGO, Inches(11.5), Inches(0.4), height=Inches(0.5))
    if notes:
        s.notes_slide.notes_text_frame.text = notes
    return s


first = prs.slides.add_slide(prs.slide_layouts[0])
first.shapes.title.text = "CEO vs COO"
first.placeholders[1].text = "The difference between the Chief Executive Officer and the Chief Operating Officer"
first.shapes.add_picture(LOGO, Inches(1), Inches(0.8), height=Inches(0.7))
slide(
    1,
    "Agenda",
    [
        "The Chief Executive Officer (CEO)",
        "The Chief Operating Officer (COO)",
        "CEO and COO side by side",
        "How the roles compare",
        "Key takeaway",
    ],
    "Introduce the session.",
)
for short, title, items in (("CEO", "Chief Executive Officer", CEO), ("COO", "Chief Operating Officer", COO)):
    slide(2, title, ["The top executive."])
    slide(1, f"{short}: primary role", ["The primary role.", "Reports to: the board.", "Focus: the vision."], "Notes.")
    slide(1, f"{short}: key responsibilities", items, "Walk through the responsibilities.")
two = slide(3, "CEO and COO side by side", ["Chief Executive Officer", "Big-picture vision."], "Contrast.")
two.placeholders[2].text = "Chief Operating Officer\nInternal processes."
table_slide = slide(5, "How the roles compare", (), "Row by row.")
table = table_slide.shapes.add_table(len(ROWS), 3, Inches(0.75), Inches(1.8), Inches(11.8), Inches(4)).table
for r, row in enumerate(ROWS):
    for c, text in enumerate(row):
        table.cell(r, c).text = text
        table.cell(r, c).text_frame.paragraphs[0].runs[0].font.size = Pt(16)
slide(5, "Key takeaway", (), "Pause.").shapes.add_textbox(
    Inches(1), Inches(2), Inches(11), Inches(3)
).text = "CEO shows the vision COO makes it happen."
slide(2, "Questions and discussion", ["CEO vs COO · Acme Corporation"], "Questions.")
prs.save(sys.argv[1])
