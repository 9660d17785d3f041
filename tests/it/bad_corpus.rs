//! The bad-input corpus (issue 20): named cases a real corpus will hold sooner or later,
//! each ingested in one run beside the real seed, each with the error line it must give,
//! and the proof that the seed was stored all the same.

use super::*;

/// (file name, bytes, what its line on stderr must say).
fn cases() -> Vec<(&'static str, Vec<u8>, &'static str)> {
    let seed = seed_text();
    let lines: Vec<&str> = seed.lines().collect();
    let other = |unit: &str| seed.replace("阳谷县工业和信息化局", unit);
    let czj = std::fs::read(super::real::real(super::real::CZJ)).unwrap();
    let mut gb = encoding_rs::GB18030.encode(&other("阳谷县商务局")).0.into_owned();
    gb.extend_from_slice(&[0x81, 0x30, 0xFF]);
    let utf16: Vec<u8> = "收入支出决算总表".encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
    vec![
        ("e01-empty.txt", Vec::new(), "error: file is empty"),
        ("e02-spaces.txt", b" \n\t\r\n  ".to_vec(), "error: file is empty"),
        ("e03-binary.txt", (0u8..=255).cycle().take(4096).collect(), "error: neither UTF-8 nor GB18030 text"),
        ("e04-utf16.txt", utf16, "error: neither UTF-8 nor GB18030 text"),
        ("e05-gb18030-broken.txt", gb, "error: neither UTF-8 nor GB18030 text"),
        (
            "e06-nul-bytes.txt",
            other("阳谷县民政局").replace("总表", "总\0表").into_bytes(),
            ": error: neither UTF-8 nor GB18030 text (binary data near byte 211)",
        ),
        ("e07-prose.txt", "这是一份会议纪要。\n".repeat(50).into_bytes(), "never mentions 决算"),
        ("e08-budget.txt", "2024年部门预算\n收入预算表\n项目\t金额\n".as_bytes().to_vec(), "looks like a 部门预算"),
        ("e09-cut-at-line-10.txt", lines[..10].join("\n").into_bytes(), "no 部门决算 tables found"),
        (
            "e10-cut-mid-table.txt",
            other("阳谷县统计局").lines().take(150).collect::<Vec<_>>().join("\n").into_bytes(),
            ":150: error: table 支出决算表 not found: the nine standard tables are required (document truncated?)",
        ),
        (
            "e11-no-year.txt",
            other("阳谷县文旅局").replace("2024 年度", "本年度").replace("2024年度", "本年度").into_bytes(),
            ": error: no year: no `YYYY 年度` in the title",
        ),
        (
            "e12-letter-in-cell.txt",
            other("阳谷县水利局").replace("30101\t基本工资\t319.20", "30101\t基本工资\t3l9.20").into_bytes(),
            ":330:16: error: bad amount in 一般公共预算财政拨款基本支出决算明细表: `3l9.20` is not an amount",
        ),
        (
            "e13-sub-fen-sentence.txt",
            other("阳谷县司法局")
                .replace("机关运行经费支出 42.38 万元", "机关运行经费支出 423,812.345 元")
                .into_bytes(),
            ":594: error: figure in the 情况说明: 42.3812345 has more than 6 decimal places (finer than 0.01 元 in 万元)",
        ),
        (
            "e14-huge-cell.txt",
            other("阳谷县审计局").replace("45\t4,977.90", "45\t99999999999999999999999.00").into_bytes(),
            ":113:38: error: `99999999999999999999999.00` in 收入支出决算总表: 99999999999999999999999.00 is out of range",
        ),
        (
            "e15-huge-sentence.txt",
            other("阳谷县档案局")
                .replace("机关运行经费支出 42.38 万元", "机关运行经费支出 99999999999999999999.99 万元")
                .into_bytes(),
            ":594: error: figure in the 情况说明: 99999999999999999999.99 is out of range",
        ),
        (
            "e16-name-in-amount-column.txt",
            other("阳谷县林业局").replace("2150805\t中小企业发展专项\t71.00", "2150805\t71.00\t71.00").into_bytes(),
            ":174:9: error: 收入决算表: amount `71.00` in the 科目名称 column (columns shifted?)",
        ),
        ("e17-pdf-named-txt.txt", czj[..czj.len() / 4].to_vec(), "PDF is damaged or truncated"),
        // Read by its bytes, not its name: a text document called .pdf is ingested.
        ("e18-text-named-pdf.pdf", other("阳谷县气象局").into_bytes(), ""),
        ("e19-encrypted.pdf", std::fs::read(fixture_bad("encrypted.pdf")).unwrap(), "PDF is encrypted"),
        ("e20-scanned.pdf", std::fs::read(fixture_bad("scanned.pdf")).unwrap(), "no text layer"),
        ("e21-no-pages.pdf", std::fs::read(fixture_bad("no-pages.pdf")).unwrap(), "PDF has no pages"),
        ("e22-not-juesuan.pdf", std::fs::read(fixture_bad("text.pdf")).unwrap(), "never mentions 决算"),
        ("e23-pdf-truncated.pdf", czj[..czj.len() / 2].to_vec(), "PDF is damaged or truncated"),
        ("e24-pdf-header-only.pdf", b"%PDF-1.7\n".to_vec(), "PDF is damaged or truncated"),
        (
            "e25-template.pdf",
            std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("datasets/template/部门决算模板.pdf")).unwrap(),
            "a blank template",
        ),
        (
            "e26-unknown-county.txt",
            other("火星县工业和信息化局").into_bytes(),
            ":95: error: no county-level division found at the start of unit name `火星县工业和信息化局`",
        ),
        (
            "e27-ambiguous-county.txt",
            seed.replace("阳谷县工业和信息化局", "普陀区工业和信息化局").into_bytes(),
            ":95: error: `普陀区工业和信息化局` matches several counties (310107 上海市普陀区, 330903 浙江省舟山市普陀区)",
        ),
        ("e28-one-huge-line.txt", "决算".repeat(2_000_000).into_bytes(), ": error: no 部门决算 tables found"),
        (
            "e29-ten-thousand-cells.txt",
            format!("{}\n{}", lines[..5].join("\n"), "1\t".repeat(10_000)).into_bytes(),
            ": error: no 部门决算 tables found",
        ),
        ("e30-only-titles.txt", "收入支出决算总表\n".repeat(200).into_bytes(), ": error: no 部门决算 tables found"),
        ("e31-bom-only.txt", b"\xEF\xBB\xBF".to_vec(), "never mentions 决算"),
        (
            "e32-huge-count.txt",
            other("阳谷县交通运输局").replace("保有量为 2 辆", "保有量为 99999999999 辆").into_bytes(),
            ": error: count `99999999999辆` in the 情况说明 is out of range (at most 2147483647)",
        ),
    ]
}

fn fixture_bad(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/bad-pdf").join(name)
}

#[test]
fn every_bad_input_gives_its_error_and_the_seed_is_stored_beside_them() {
    let docs = tmp();
    let cases = cases();
    assert!(cases.len() >= 30);
    for (name, bytes, _) in &cases {
        write(docs.path(), name, bytes);
    }
    write(docs.path(), "z-seed.txt", seed_text().as_bytes());
    let store = tmp();
    let o = juesuan(store.path(), &["ingest", docs.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    let err = stderr(&o);
    assert!(!err.contains("panicked"), "{err}");
    let mut missing = Vec::new();
    for (name, _, want) in &cases {
        let mine: Vec<&str> = err.lines().filter(|l| l.contains(&format!("/{name}"))).collect();
        if want.is_empty() {
            if !mine.is_empty() {
                missing.push(format!("{name}: wanted no error, got {mine:?}"));
            }
        } else if !mine.iter().any(|l| l.contains(want)) {
            missing.push(format!("{name}: wanted `{want}` in {mine:?}"));
        }
    }
    assert!(missing.is_empty(), "{}\n---\n{err}", missing.join("\n"));
    let conn = duck(store.path());
    assert_eq!(count(&conn, "SELECT count(*) FROM documents WHERE unit_name = '阳谷县工业和信息化局（汇总）'"), 1);
    assert_eq!(count(&conn, "SELECT count(*) FROM documents WHERE unit_name = '阳谷县气象局（汇总）'"), 1);
}

/// Operational bad input: the run stops at once with exit 2 and one line saying what,
/// and nothing is written.
#[test]
fn a_store_path_that_is_a_file_is_an_operational_error() {
    let dir = tmp();
    let store = write(dir.path(), "store", b"not a directory");
    let o = juesuan(&store, &["ingest", seed_path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("juesuan: error:"), "{}", stderr(&o));
    assert_eq!(std::fs::read(&store).unwrap(), b"not a directory");
}

#[test]
fn a_store_of_a_newer_layout_is_refused_untouched() {
    let dir = tmp();
    let store = dir.path().join("store");
    let o = juesuan(&store, &["ingest", seed_path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    std::fs::write(store.join("JUESUAN_STORE"), "juesuan store, layout 99\n").unwrap();
    let before = fingerprint_files(&store);
    for args in [vec!["ingest", seed_path().to_str().unwrap()], vec!["query", "SELECT 1"]] {
        let o = juesuan(&store, &args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(stderr(&o).contains("layout 99"), "{}", stderr(&o));
    }
    assert_eq!(fingerprint_files(&store), before);
}

#[test]
fn a_directory_named_like_a_document_and_a_symlink_loop_are_walked_past() {
    let docs = tmp();
    std::fs::create_dir_all(docs.path().join("not-a-file.txt/inner")).unwrap();
    write(&docs.path().join("not-a-file.txt/inner"), "seed.txt", seed_text().as_bytes());
    std::os::unix::fs::symlink(docs.path(), docs.path().join("loop")).unwrap();
    let store = tmp();
    let o = juesuan(store.path(), &["ingest", docs.path().to_str().unwrap()]);
    assert!(o.status.code().is_some_and(|c| c <= 1), "{}{}", stdout(&o), stderr(&o));
    assert_eq!(count(&duck(store.path()), "SELECT count(*) FROM documents"), 1);
}

#[test]
fn a_thousand_bad_files_beside_one_good_one() {
    let docs = tmp();
    for i in 0..1000 {
        write(docs.path(), &format!("bad-{i:04}.txt"), format!("第{i}号 不是决算\n").as_bytes());
    }
    write(docs.path(), "seed.txt", seed_text().as_bytes());
    let store = tmp();
    let o = juesuan(store.path(), &["ingest", docs.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("1001 files: 1 ingested") && stdout(&o).contains("1000 failed"), "{}", stdout(&o));
    assert_eq!(stderr(&o).lines().filter(|l| l.contains(": error: no 部门决算 tables found")).count(), 1000);
    assert_eq!(count(&duck(store.path()), "SELECT count(*) FROM documents"), 1);
}

/// Every file under a store with its bytes: equal before and after means untouched.
fn fingerprint_files(root: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push((p.clone(), std::fs::read(&p).unwrap()));
            }
        }
    }
    out.sort();
    out
}

/// Bad documents that are still documents: stored, each with the error finding that
/// names what is wrong (a view summing them must be able to tell).
#[test]
fn documents_wrong_inside_are_stored_with_the_finding_that_says_so() {
    let seed = seed_text();
    let lines: Vec<&str> = seed.lines().collect();
    let other = |unit: &str| seed.replace("阳谷县工业和信息化局", unit);
    // The 收入决算表's block printed twice.
    let (a, b) = (
        lines.iter().rposition(|l| l.trim() == "收入决算表").unwrap(),
        lines.iter().rposition(|l| l.trim() == "支出决算表").unwrap(),
    );
    let dup =
        [&lines[..b], &lines[a..b], &lines[b..]].concat().join("\n").replace("阳谷县工业和信息化局", "阳谷县人社局");
    let docs = tmp();
    for (name, text) in [
        ("e33-duplicated-table.txt", dup),
        ("e34-two-units-in-one-file.txt", format!("{}\n{}", other("阳谷县城管局"), other("阳谷县医保局"))),
        ("e35-yuan-for-wanyuan.txt", other("阳谷县粮食局").replacen("金额单位：万元", "金额单位：元", 1)),
        ("e36-negative-total.txt", other("阳谷县体育局").replacen("总计\t31\t6,562.78", "总计\t31\t-6,562.78", 1)),
        ("e37-wrong-year.txt", other("阳谷县残联").replacen("2024 年度部门决算表", "2099 年度部门决算表", 1)),
    ] {
        write(docs.path(), name, text.as_bytes());
    }
    let store = tmp();
    let o = juesuan(store.path(), &["ingest", docs.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    let conn = duck(store.path());
    for (unit, rule) in [
        ("阳谷县人社局（汇总）", "T-ROW-REPEATED"),
        ("阳谷县城管局（汇总）", "D-UNIT"),
        ("阳谷县粮食局（汇总）", "X-INCOME"),
        ("阳谷县体育局（汇总）", "T01-TOTAL"),
        ("阳谷县残联（汇总）", "D-YEAR"),
    ] {
        let n = count(
            &conn,
            &format!(
                "SELECT count(*) FROM findings WHERE unit_name = '{unit}' AND rule = '{rule}' AND severity = 'error'"
            ),
        );
        assert!(n > 0, "{unit}: no error {rule}");
    }
}
