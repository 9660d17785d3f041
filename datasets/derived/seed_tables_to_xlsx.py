"""The seed's nine tables as a workbook, for `yanggu-gongxinju-2024-tables-calc.pdf`: one
sheet per table (landscape, fit to the page's width), each cell of a tab row ruled, rows
as tall as their wrapped text needs; a cover line with the unit and year on the first.
Then: `soffice --headless --convert-to pdf OUT.xlsx` (LibreOffice 7.4 Calc).
Usage: python3 seed_tables_to_xlsx.py SEED.txt OUT.xlsx [--unruled] (needs openpyxl);
with --unruled no cell is ruled (`yanggu-gongxinju-2024-tables-calc-unruled.pdf`)."""
import math
import sys
from openpyxl import Workbook
from openpyxl.styles import Border, Side, Font, Alignment
src, out = sys.argv[1], sys.argv[2]
ruled = '--unruled' not in sys.argv[3:]
lines = open(src, encoding='utf-8').read().split('\n')
titles = ['收入支出决算总表','收入决算表','支出决算表','财政拨款收入支出决算总表','一般公共预算财政拨款支出决算表',
          '一般公共预算财政拨款基本支出决算明细表','政府性基金预算财政拨款收入支出决算表','国有资本经营预算财政拨款支出决算表','财政拨款“三公”经费支出决算表']
starts = [i for i,l in enumerate(lines) if l.strip() in titles and i > 60]
ends = starts[1:] + [next(i for i,l in enumerate(lines) if l.strip() == '第三部分')]
wb = Workbook(); wb.remove(wb.active)
thin = Side(style='thin'); box = Border(left=thin, right=thin, top=thin, bottom=thin)
for k,(a,b) in enumerate(zip(starts, ends)):
    ws = wb.create_sheet(f'公开{k+1:02d}表')
    ws.page_setup.orientation = 'landscape'; ws.page_setup.fitToWidth = 1; ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    r = 1
    if k == 0:
        ws.cell(r, 1, '阳谷县工业和信息化局（汇总）2024年度部门决算'); r += 2
    for l in lines[a:b]:
        if not l.strip():
            continue
        if '\t' in l:
            need = max(math.ceil(len(v.strip()) / (12 if c == 1 else 6)) for c, v in enumerate(l.split('\t')) if v.strip()) if l.strip() else 1
            ws.row_dimensions[r].height = 15 * max(1, need)
            for c, v in enumerate(l.split('\t')):
                cell = ws.cell(r, c + 1, v.strip())
                if ruled:
                    cell.border = box
                cell.alignment = Alignment(wrap_text=True, vertical='center')
        else:
            ws.cell(r, 1, l.strip())
            if l.strip() in titles:
                ws.cell(r, 1).font = Font(size=14, bold=True)
        r += 1
    for col in 'ABCDEFGHIJKLMNOP':
        ws.column_dimensions[col].width = 14
    ws.column_dimensions['B'].width = 26
wb.save(out)
