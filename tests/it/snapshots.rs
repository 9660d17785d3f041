//! Snapshots: the full parse dump of the seed and the diagnostics of bad documents, so
//! that any change in what is extracted shows up as a reviewed diff.

use std::fmt::Write;

use juesuan::source::Source;

use super::*;

fn amt(a: Option<Decimal>) -> String {
    a.map(|d| d.normalize().to_string()).unwrap_or_else(|| "NULL".into())
}

#[test]
fn seed_parse_dump() {
    let src = Source::read(&seed_path()).unwrap();
    let p = juesuan::parse::parse(&src);
    let mut out = String::new();
    let m = p.meta.as_ref().unwrap();
    writeln!(out, "unit {} | base {} | scope {} | year {}", m.unit_name, m.unit_base, m.scope.label(), m.year).unwrap();
    for t in &p.facts.tables {
        writeln!(
            out,
            "table {} | {} | {} | {} | lines {}-{} | {} | rows {} | statement {:?}",
            t.role.id(),
            t.title,
            t.number_label,
            t.unit.label(),
            t.line_start,
            t.line_end,
            t.status.label(),
            t.rows,
            t.empty_statement
        )
        .unwrap();
    }
    for f in &p.facts.summary {
        writeln!(
            out,
            "{}:{} {} {} {:?} {} [{}] {:?} = {}",
            f.line,
            f.role.id(),
            f.side,
            f.item,
            f.row_no,
            f.subject_code.unwrap_or("-"),
            f.measure,
            f.parent_item,
            amt(f.amount)
        )
        .unwrap();
    }
    for f in &p.facts.subject {
        let code = f.code.as_ref().map(|c| c.to_string()).unwrap_or_else(|| "-".into());
        writeln!(
            out,
            "{}:{} {} {} {} [{}] = {}",
            f.line,
            f.role.id(),
            f.row_kind.label(),
            code,
            f.name,
            f.measure,
            amt(f.amount)
        )
        .unwrap();
    }
    for f in &p.facts.detail {
        writeln!(
            out,
            "{}:detail {} {} {} {} = {}",
            f.line,
            f.block,
            f.row_kind.label(),
            f.code.as_deref().unwrap_or("-"),
            f.name,
            amt(f.amount)
        )
        .unwrap();
    }
    for s in &p.facts.sangong {
        writeln!(
            out,
            "{}:sangong {} total {} outbound {} vehicles {} purchase {} operation {} reception {}",
            s.line,
            s.stage,
            amt(s.total),
            amt(s.outbound),
            amt(s.vehicle_subtotal),
            amt(s.vehicle_purchase),
            amt(s.vehicle_operation),
            amt(s.reception)
        )
        .unwrap();
    }
    assert!(p.diagnostics.is_empty(), "{:?}", p.diagnostics);
    insta::assert_snapshot!(out);
}

#[test]
fn bad_document_diagnostics() {
    let text = seed_text();
    let docs = tmp();
    let lines: Vec<&str> = text.lines().collect();
    write(docs.path(), "a-truncated.txt", lines[..300].join("\n").as_bytes());
    write(docs.path(), "b-typo.txt", text.replace("45\t4,977.90", "45\t4,97?.90").as_bytes());
    write(docs.path(), "c-no-year.txt", text.replace("2024 年度", "本年度").replace("2024年度", "本年度").as_bytes());
    write(
        docs.path(),
        "d-shifted.txt",
        text.replace("2150805\t中小企业发展专项\t71.00", "2150805\t71.00\t71.00").as_bytes(),
    );
    let store = tmp();
    let o = juesuan(store.path(), &["ingest", docs.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let prefix = format!("{}/", docs.path().display());
    insta::assert_snapshot!(stderr(&o).replace(&prefix, "<docs>/"));
}
