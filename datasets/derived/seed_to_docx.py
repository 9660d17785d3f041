"""Lay the seed text out as a Word document, for `yanggu-gongxinju-2024-libreoffice.pdf`:
runs of tab-separated lines become ruled tables (one cell per tab field), other lines
paragraphs. Then: `soffice --headless --convert-to pdf OUT.docx` (LibreOffice 7.4).
Usage: python3 seed_to_docx.py SEED.txt OUT.docx (needs python-docx)."""
import sys
from docx import Document
from docx.shared import Pt, Cm
from docx.oxml.ns import qn

src, out = sys.argv[1], sys.argv[2]
lines = open(src, encoding='utf-8').read().split('\n')
doc = Document()
sec = doc.sections[0]
sec.left_margin = sec.right_margin = Cm(1.5)
style = doc.styles['Normal']
style.font.name = 'Noto Sans CJK SC'
style.element.rPr.rFonts.set(qn('w:eastAsia'), 'Noto Sans CJK SC')
style.font.size = Pt(9)
i = 0
while i < len(lines):
    l = lines[i]
    if '\t' in l:
        j = i
        while j < len(lines) and '\t' in lines[j]:
            j += 1
        rows = [r.split('\t') for r in lines[i:j]]
        width = max(len(r) for r in rows)
        t = doc.add_table(rows=len(rows), cols=width)
        t.style = 'Table Grid'
        for r, cells in enumerate(rows):
            for c, v in enumerate(cells):
                t.cell(r, c).text = v.strip()
        i = j
        continue
    if '\f' in l:
        doc.add_page_break()
        l = l.replace('\f', '')
    doc.add_paragraph(l)
    i += 1
doc.save(out)
