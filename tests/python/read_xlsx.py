"""Read back a report workbook with openpyxl: sheets, frozen header, number formats.

usage: read_xlsx.py FILE.xlsx SHEET_COUNT EXPECTED_FIRST_HEADER EXPECTED_CELL_VALUE
"""
import sys
from decimal import Decimal

import openpyxl

wb = openpyxl.load_workbook(sys.argv[1])
assert len(wb.sheetnames) == int(sys.argv[2]), wb.sheetnames
assert wb.sheetnames[0] == "说明"
ws = wb[wb.sheetnames[1]]
assert ws.freeze_panes == "A2", ws.freeze_panes
assert ws.cell(1, 1).value == sys.argv[3], ws.cell(1, 1).value
values = [c.value for row in ws.iter_rows(min_row=2) for c in row if isinstance(c.value, (int, float))]
assert any(Decimal(str(v)) == Decimal(sys.argv[4]) for v in values), values
formats = {c.number_format for row in ws.iter_rows(min_row=2) for c in row if isinstance(c.value, float)}
assert "#,##0.00" in formats, formats
assert ws.column_dimensions["A"].width >= 20, ws.column_dimensions["A"].width
print("ok", wb.sheetnames)
