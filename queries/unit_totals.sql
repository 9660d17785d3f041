-- name: unit_totals
-- title: 单位收支总体情况
-- description: 每个单位每年的本年收入合计、本年支出合计、收支总计（收支总表），财政拨款收入及其占比（收入决算表），基本支出/项目支出及基本支出占比（支出决算表），人员经费/公用经费（基本支出决算明细表）。
-- unit: 万元
-- column: income_total | 本年收入合计
-- column: expenditure_total | 本年支出合计
-- column: grand_total | 收支总计
-- column: fiscal_income | 财政拨款收入
-- column: fiscal_share_pct | 财政拨款收入占比（%）
-- column: basic | 基本支出
-- column: project | 项目支出
-- column: basic_share_pct | 基本支出占比（%）
-- column: personnel | 人员经费合计
-- column: public | 公用经费合计
WITH b AS (
    SELECT doc_id,
           max(CASE WHEN block = '人员经费' AND row_kind = 'total' THEN amount END) AS personnel,
           max(CASE WHEN block = '公用经费' AND row_kind = 'total' THEN amount END) AS public
    FROM basic_detail GROUP BY doc_id
)
-- The totals are copies kept one row per document (`doc_totals`).
SELECT u.*, t.income_total, t.expenditure_total, t.grand_total, t.fiscal_income,
       CAST(ROUND(CAST(100 * t.fiscal_income / nullif(t.income_total, 0) AS DECIMAL(38, 8)), 2) AS DECIMAL(12, 2)) AS fiscal_share_pct,
       t.basic, t.project,
       CAST(ROUND(CAST(100 * coalesce(t.basic, 0) / nullif(t.expenditure_total, 0) AS DECIMAL(38, 8)), 2) AS DECIMAL(12, 2)) AS basic_share_pct,
       b.personnel, b.public
FROM units u LEFT JOIN doc_totals t USING (doc_id) LEFT JOIN b USING (doc_id)
