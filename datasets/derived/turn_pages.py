"""For `yanggu-gongxinju-2024-tables-calc-turned.pdf`: each landscape page of the Calc PDF
drawn turned a quarter onto a portrait page, which asks viewers to turn it back
(`/Rotate 90`), as some printers and PDF writers put landscape tables on portrait paper.
It reads as the landscape original. Usage: python3 turn_pages.py IN.pdf OUT.pdf (pypdf)."""
import sys

from pypdf import PdfWriter, Transformation

w = PdfWriter(clone_from=sys.argv[1])
for p in w.pages:
    width, height = float(p.mediabox.width), float(p.mediabox.height)
    p.add_transformation(Transformation().rotate(90).translate(height, 0))
    for box in (p.mediabox, p.cropbox):
        box.lower_left, box.upper_right = (0, 0), (height, width)
    p.rotate(90)
w.write(sys.argv[2])
