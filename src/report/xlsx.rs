//! XLSX: one sheet per section (plus a cover sheet), amounts as numbers with a
//! thousands-and-2-decimals format, column widths for Chinese text, frozen header, and a
//! fixed creation time so that the file is the same for the same input.

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook};
use unicode_width::UnicodeWidthStr;

use super::{Rendered, ReportError, params_line};
use crate::output::{cells, is_numeric};

fn err(e: rust_xlsxwriter::XlsxError) -> ReportError {
    ReportError::Xlsx(e.to_string())
}

/// A sheet name Excel accepts: ≤ 31 characters, none of `[]:*?/\`.
fn sheet_name(i: usize, title: &str) -> String {
    let clean: String = title.chars().filter(|c| !"[]:*?/\\'".contains(*c)).collect();
    let name = format!("{}-{clean}", i + 1);
    name.chars().take(31).collect()
}

pub fn workbook(r: &Rendered) -> Result<Vec<u8>, ReportError> {
    let mut wb = Workbook::new();
    let fixed = ExcelDateTime::from_ymd(2000, 1, 1).map_err(err)?;
    wb.set_properties(&DocProperties::new().set_title(&r.def.title).set_creation_datetime(&fixed));
    let bold = Format::new().set_bold();
    let money = Format::new().set_num_format("#,##0.00");
    let int = Format::new().set_num_format("0");
    let cover = wb.add_worksheet();
    cover.set_name("说明").map_err(err)?;
    cover.write_string_with_format(0, 0, &r.def.title, &bold).map_err(err)?;
    cover.write_string(1, 0, params_line(r)).map_err(err)?;
    cover.write_string(2, 0, &r.def.description).map_err(err)?;
    cover.write_string(3, 0, "金额单位：万元；百分比保留两位小数。").map_err(err)?;
    cover.set_column_width(0, 100).map_err(err)?;
    for (i, s) in r.sections.iter().enumerate() {
        let ws = wb.add_worksheet();
        ws.set_name(sheet_name(i, &s.def.title)).map_err(err)?;
        let fields = s.rows.schema.fields();
        let mut widths: Vec<usize> = fields.iter().map(|f| f.name().width()).collect();
        for (j, f) in fields.iter().enumerate() {
            ws.write_string_with_format(0, j as u16, f.name(), &bold).map_err(err)?;
        }
        let machine = cells(&s.rows, false, usize::MAX);
        for (k, row) in machine.iter().enumerate() {
            for (j, c) in row.iter().enumerate() {
                let Some(v) = c else { continue };
                let (r1, c1) = (k as u32 + 1, j as u16);
                let dt = fields[j].data_type();
                if is_numeric(dt)
                    && let Ok(x) = v.parse::<f64>()
                {
                    let fmt = if matches!(dt, arrow::datatypes::DataType::Decimal128(..)) { &money } else { &int };
                    ws.write_number_with_format(r1, c1, x, fmt).map_err(err)?;
                    widths[j] = widths[j].max(v.len() + 4);
                } else {
                    ws.write_string(r1, c1, v).map_err(err)?;
                    widths[j] = widths[j].max(v.width());
                }
            }
        }
        for (j, w) in widths.iter().enumerate() {
            ws.set_column_width(j as u16, (*w as f64 + 2.0).min(60.0)).map_err(err)?;
        }
        ws.set_freeze_panes(1, 0).map_err(err)?;
        let last = machine.len() as u32 + 2;
        ws.write_string(last, 0, &s.def.note).map_err(err)?;
    }
    wb.save_to_buffer().map_err(err)
}
