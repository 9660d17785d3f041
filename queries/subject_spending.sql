-- name: subject_spending
-- title: 按功能科目的支出
-- description: 支出决算表按类/款/项的支出，长表（每个单位、年度、科目、栏目一行），便于透视；附类的标准名称（lei_names，政府收支分类科目），各年文档印的类名写法不一时也能按类汇总。汇总时请按 subject_level 取同一级次，并只计 counted 的文档。
-- unit: 万元
-- column: subject_code | 科目编码
-- column: subject_level | 级次：1 类 2 款 3 项
-- column: parent_code | 上级科目
-- column: subject_name | 科目名称
-- column: lei_code | 类编码
-- column: lei_name | 类名称（标准名称）
-- column: measure | 栏目：本年支出合计/基本支出/项目支出/上缴上级支出/经营支出/对附属单位补助支出
-- column: amount | 金额
SELECT u.county, u.county_name, u.year, u.unit_name, u.unit_base, u.scope, u.counted,
       f.subject_code, f.subject_level, f.parent_code, f.subject_name,
       f.subject AS lei_code, l.lei_name,
       f.measure, f.amount, f.doc_id, f.line
FROM subject_facts f
JOIN units u USING (doc_id)
LEFT JOIN lei_names l ON l.lei_code = f.subject
WHERE f.table_role = 'expenditure' AND f.row_kind = 'item' AND f.subject <> 'total'
