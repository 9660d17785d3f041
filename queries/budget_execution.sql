-- name: budget_execution
-- title: 预算执行（决算与年初预算）
-- description: 情况说明所列各科目的年初预算与支出决算，计算的完成率与方向，与原文所述完成率、方向并列；table_actual 为对应财政拨款支出表中该科目（资金合计为合计行）的本年支出合计，入库时取出，table_line 为其所在行。
-- unit: 万元
-- column: fund | 资金性质：general_budget 一般公共预算 / gov_fund 政府性基金
-- column: subject_code | 科目编码（NULL 为该资金合计）
-- column: budget | 年初预算
-- column: actual | 支出决算
-- column: over_budget | 决算 − 年初预算
-- column: completion_pct | 完成年初预算（%，计算）
-- column: completion_pct_stated | 完成年初预算（%，原文）
-- column: direction | 决算与预算（计算）
-- column: direction_stated | 决算与预算（原文）
-- column: table_actual | 表中本年支出合计
-- column: table_line | 表中所在行
SELECT u.county, u.county_name, u.year, u.unit_name, u.scope, u.counted,
       e.fund, e.subject_code, e.lei_name, e.kuan_name, e.xiang_name,
       e.budget, e.actual, e.actual - e.budget AS over_budget,
       CAST(ROUND(CAST(100 * e.actual / nullif(e.budget, 0) AS DECIMAL(38, 8)), 2) AS DECIMAL(12, 2)) AS completion_pct,
       e.completion_pct AS completion_pct_stated,
       CASE WHEN e.actual > e.budget THEN '大于' WHEN e.actual < e.budget THEN '小于' ELSE '持平' END AS direction,
       e.direction AS direction_stated,
       e.table_actual, e.table_line, e.reason, e.doc_id, e.line
FROM execution_text e
JOIN units u USING (doc_id)
