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
WITH s AS (
    SELECT doc_id,
           max(amount) FILTER (WHERE side = '收入' AND item = '本年收入合计') AS income_total,
           max(amount) FILTER (WHERE side = '支出' AND item = '本年支出合计') AS expenditure_total,
           max(amount) FILTER (WHERE side = '收入' AND item = '总计') AS grand_total
    FROM summary_facts WHERE table_role = 'income_expenditure' AND measure = '金额' GROUP BY doc_id
), i AS (
    SELECT doc_id, max(amount) FILTER (WHERE measure = '财政拨款收入') AS fiscal_income
    FROM subject_facts WHERE subject = 'total' AND table_role = 'income' AND row_kind = 'total' GROUP BY doc_id
), e AS (
    SELECT doc_id, max(amount) FILTER (WHERE measure = '基本支出') AS basic, max(amount) FILTER (WHERE measure = '项目支出') AS project
    FROM subject_facts WHERE subject = 'total' AND table_role = 'expenditure' AND row_kind = 'total' GROUP BY doc_id
), b AS (
    SELECT doc_id,
           max(amount) FILTER (WHERE block = '人员经费' AND row_kind = 'total') AS personnel,
           max(amount) FILTER (WHERE block = '公用经费' AND row_kind = 'total') AS public
    FROM basic_detail GROUP BY doc_id
)
SELECT u.*, s.income_total, s.expenditure_total, s.grand_total, i.fiscal_income,
       round(100 * i.fiscal_income / nullif(s.income_total, 0), 2)::DECIMAL(12, 2) AS fiscal_share_pct,
       e.basic, e.project,
       round(100 * coalesce(e.basic, 0) / nullif(s.expenditure_total, 0), 2)::DECIMAL(12, 2) AS basic_share_pct,
       b.personnel, b.public
FROM units u LEFT JOIN s USING (doc_id) LEFT JOIN i USING (doc_id) LEFT JOIN e USING (doc_id) LEFT JOIN b USING (doc_id)
