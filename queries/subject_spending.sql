-- name: subject_spending
-- title: 按功能科目的支出
-- description: 支出决算表按类/款/项的支出，长表（每个单位、年度、科目、栏目一行），便于透视；附类名称。汇总时请按 subject_level 取同一级次，并只计 counted 的文档。
-- unit: 万元
-- column: subject_code | 科目编码
-- column: subject_level | 级次：1 类 2 款 3 项
-- column: parent_code | 上级科目
-- column: subject_name | 科目名称
-- column: lei_code | 类编码
-- column: lei_name | 类名称
-- column: measure | 栏目：本年支出合计/基本支出/项目支出/上缴上级支出/经营支出/对附属单位补助支出
-- column: amount | 金额
WITH f AS MATERIALIZED (
    SELECT * FROM subject_facts WHERE table_role = 'expenditure' AND subject <> 'total'
), lei AS (
    SELECT DISTINCT doc_id, subject_code, subject_name FROM f WHERE subject_level = 1
)
SELECT u.county, u.county_name, u.year, u.unit_name, u.unit_base, u.scope, u.counted,
       f.subject_code, f.subject_level, f.parent_code, f.subject_name,
       left(f.subject_code, 3) AS lei_code, lei.subject_name AS lei_name,
       f.measure, f.amount, f.doc_id, f.line
FROM f
JOIN units u USING (doc_id)
LEFT JOIN lei ON lei.doc_id = f.doc_id AND lei.subject_code = left(f.subject_code, 3)
WHERE f.row_kind = 'item'
