-- name: findings
-- title: 勾稽检查结果
-- description: 每份文档入库时的勾稽检查结果（表内、表间、文字与表、绩效、文档级），加上跨文档检查 A-YOY：本年情况说明所述上年数（本年数 − 增减额）与库中上年同一单位文档的数是否一致（收支总计、财政拨款收支总计、一般公共预算财政拨款支出，以及收入决算表、支出决算表合计行的各栏）。severity：error 不相符；warning 疑点；info 仅为尾数误差。规则说明见 README。
-- unit: 万元
-- column: rule | 规则编号
-- column: severity | 级别：error / warning / info
-- column: formula | 勾稽关系（文字）
-- column: left_place | 左边所在：表角色、text（情况说明）、perf（绩效附件）、document
-- column: left_line | 左边所在行
-- column: left_value | 左边数值
-- column: right_place | 右边所在
-- column: right_line | 右边所在行（跨文档为 0）
-- column: right_value | 右边数值
-- column: diff | 差额（左 − 右）
WITH u AS MATERIALIZED (
    -- doc_id as a 64-bit number (it is 16 hex digits): joins on it are several times
    -- cheaper than on the text.
    SELECT doc_id, ('0x' || doc_id)::UBIGINT AS k, county, county_name, year, unit_name, scope FROM units
), last_year AS (
    -- Every measure the text compares with last year, by document, from its tables.
    SELECT ('0x' || doc_id)::UBIGINT AS k,
           CASE table_role WHEN 'income_expenditure' THEN '总计' ELSE '财政拨款收支总计' END AS measure,
           amount AS value
    FROM summary_facts
    WHERE table_role IN ('income_expenditure', 'fiscal_income_expenditure')
      AND side = '收入' AND item = '总计' AND measure = '金额'
    UNION ALL
    SELECT ('0x' || doc_id)::UBIGINT, CASE WHEN table_role = 'general_budget' THEN '一般公共预算财政拨款支出' ELSE measure END, amount
    FROM subject_facts
    WHERE subject = 'total' AND row_kind = 'total'
      AND ((table_role IN ('income', 'expenditure') AND measure NOT IN ('本年收入合计', '本年支出合计'))
           OR (table_role = 'general_budget' AND measure = '本年支出合计'))
), stated AS (
    -- Each year-on-year sentence with the document of the year it compares with.
    SELECT y.*, p.k AS prior_k
    FROM yoy_text y
    JOIN u c ON c.k = ('0x' || y.doc_id)::UBIGINT
    JOIN u p ON p.county = c.county AND p.unit_name = c.unit_name AND p.year = y.prior_year
    WHERE y.this_year IS NOT NULL AND y.change IS NOT NULL
), across AS (
    SELECT y.doc_id, 'A-YOY' AS rule,
           CASE WHEN abs((y.this_year - y.change) - l.value) <= 0.01 THEN 'info' ELSE 'error' END AS severity,
           y.measure || '：本年所述上年数（本年数 − 增减额）= 上年文档的数' AS formula,
           'text' AS left_place, y.line AS left_line, (y.this_year - y.change)::DECIMAL(18, 6) AS left_value,
           'income_expenditure' AS right_place, 0 AS right_line, l.value AS right_value,
           ((y.this_year - y.change) - l.value)::DECIMAL(18, 6) AS diff
    FROM stated y
    JOIN last_year l ON l.k = y.prior_k AND l.measure = CASE y.measure WHEN '收支总计' THEN '总计' ELSE y.measure END
    WHERE l.value IS NOT NULL AND (y.this_year - y.change) <> l.value
)
SELECT u.county, u.county_name, u.year, u.unit_name, u.scope, f.*
FROM (SELECT * EXCLUDE (county, year) FROM check_findings UNION ALL SELECT * FROM across) f
JOIN u USING (doc_id)
