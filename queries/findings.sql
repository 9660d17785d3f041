-- name: findings
-- title: 勾稽检查结果
-- description: 每份文档入库时的勾稽检查结果（表内、表间、文字与表、绩效、文档级），加上跨文档检查 A-YOY：本年情况说明所述上年数（本年数 − 增减额）与库中上年同一单位文档的数是否一致（收支总计、财政拨款收支总计、一般公共预算财政拨款支出，以及收入决算表、支出决算表合计行的财政拨款收入、上级补助收入、事业收入、经营收入、附属单位上缴收入、其他收入、基本支出、项目支出、上缴上级支出、经营支出、对附属单位补助支出；上年数取自 doc_totals）。severity：error 不相符；warning 疑点；info 仅为尾数误差。规则说明见 README。
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
    -- Last year's figures, one row per document (`doc_totals`).
    SELECT ('0x' || doc_id)::UBIGINT AS k, * EXCLUDE (doc_id, county, year) FROM doc_totals
), stated AS MATERIALIZED (
    -- Each year-on-year sentence with the document of the year it compares with.
    -- Materialised: otherwise DuckDB may pair every document with every year of its
    -- unit and with last year's figures before it looks at the sentences (ten times
    -- the rows, twice the time).
    SELECT y.doc_id, y.measure, y.line, y.page, y.this_year - y.change AS said, p.k AS prior_k
    FROM yoy_text y
    JOIN u c ON c.k = ('0x' || y.doc_id)::UBIGINT
    JOIN u p ON p.county = c.county AND p.unit_name = c.unit_name AND p.year = y.prior_year
    WHERE y.this_year IS NOT NULL AND y.change IS NOT NULL
), compared AS (
    -- The figure of last year's tables a sentence names (the text's label is the
    -- table's: 收支总计, 财政拨款收入 …).
    SELECT y.*,
           CASE y.measure
               WHEN '收支总计' THEN l.grand_total
               WHEN '收入支出总计' THEN l.grand_total
               WHEN '总计' THEN l.grand_total
               WHEN '财政拨款收支总计' THEN l.fiscal_grand_total
               WHEN '财政拨款收入支出总计' THEN l.fiscal_grand_total
               WHEN '一般公共预算财政拨款支出' THEN l.general_budget_expenditure
               WHEN '财政拨款收入' THEN l.fiscal_income
               WHEN '上级补助收入' THEN l.superior_income
               WHEN '事业收入' THEN l.business_income
               WHEN '经营收入' THEN l.operating_income
               WHEN '附属单位上缴收入' THEN l.affiliate_income
               WHEN '其他收入' THEN l.other_income
               WHEN '基本支出' THEN l.basic
               WHEN '项目支出' THEN l.project
               WHEN '上缴上级支出' THEN l.to_superior
               WHEN '经营支出' THEN l.operating_expenditure
               WHEN '对附属单位补助支出' THEN l.to_affiliates
           END AS value
    FROM stated y
    JOIN last_year l ON l.k = y.prior_k
), across AS (
    SELECT doc_id, 'A-YOY' AS rule,
           CASE WHEN abs(said - value) <= 0.01 THEN 'info' ELSE 'error' END AS severity,
           measure || '：本年所述上年数（本年数 − 增减额）= 上年文档的数' AS formula,
           'text' AS left_place, line AS left_line, said::DECIMAL(18, 6) AS left_value,
           'income_expenditure' AS right_place, 0 AS right_line, value AS right_value,
           (said - value)::DECIMAL(18, 6) AS diff,
           page AS left_page, NULL::INTEGER AS right_page
    FROM compared
    WHERE value IS NOT NULL AND said <> value
)
SELECT u.county, u.county_name, u.year, u.unit_name, u.scope, f.*
FROM (SELECT * EXCLUDE (county, year) FROM check_findings UNION ALL SELECT * FROM across) f
JOIN u USING (doc_id)
