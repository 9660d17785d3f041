-- name: findings_across
-- title: 跨文档勾稽检查
-- description: 库中其他文档才能检查的规则（findings 视图包括这些行）：A-YOY：本年情况说明所述上年数（本年数 − 增减额）与库中上年同一单位文档的数是否一致（收支总计、财政拨款收支总计、一般公共预算财政拨款支出，以及收入决算表、支出决算表合计行的财政拨款收入、上级补助收入、事业收入、经营收入、附属单位上缴收入、其他收入、基本支出、项目支出、上缴上级支出、经营支出、对附属单位补助支出；上年数取自 doc_totals）；A-CARRY：本年年初结转和结余（收支总表，财政拨款总表分资金）= 库中上年同一单位文档的年末结转和结余；A-CONSOLIDATION：部门汇总所列应有文档的单位全部在库时（见 coverage），汇总文档各表每一格 = 本级与所属单位同一格之和（上下级之间的补助与上缴在汇总时抵消，故这四栏不比；所属单位有这类往来时，非财政拨款的格只作 warning）。severity：error 不相符；warning 疑点；info 仅为尾数误差。
-- unit: 万元
-- column: doc_id | 文档编号
-- column: rule | 规则编号：A-YOY / A-CARRY / A-CONSOLIDATION
-- column: severity | 级别：error / warning / info
-- column: formula | 勾稽关系（文字）
-- column: left_place | 左边所在：表角色或 text（本文档）
-- column: left_line | 左边所在行（本文档）
-- column: left_value | 左边数值
-- column: right_place | 右边所在
-- column: right_line | 右边所在行（A-YOY 与 A-CONSOLIDATION 为 0；A-CARRY 为上年文档中的行）
-- column: right_value | 右边数值
-- column: diff | 差额（左 − 右）
-- column: left_page | 左边所在页（PDF）
-- column: right_page | 右边所在页（A-CARRY：上年文档中的页）
-- `/* duckdb: MATERIALIZED */` is the one DuckDB-only hint of the canned views: juesuan
-- makes it `MATERIALIZED` when it creates the view in DuckDB; every other engine reads a
-- comment, and the rows are the same (src/catalog/canned.rs).
WITH u AS /* duckdb: MATERIALIZED */ (
    SELECT doc_id, county, county_name, year, unit_name, scope FROM units
), last_year AS (
    -- Last year's figures, one row per document (`doc_totals`).
    SELECT doc_id AS k, grand_total, fiscal_grand_total, general_budget_expenditure, fiscal_income,
           superior_income, business_income, operating_income, affiliate_income, other_income, basic,
           project, to_superior, operating_expenditure, to_affiliates
    FROM doc_totals
), stated AS /* duckdb: MATERIALIZED */ (
    -- Each year-on-year sentence with the document of the year it compares with.
    -- Materialised in DuckDB: otherwise it may pair every document with every year of
    -- its unit and with last year's figures before it looks at the sentences (ten times
    -- the rows, twice the time).
    SELECT y.doc_id, y.measure, y.line, y.page, y.this_year - y.change AS said, p.doc_id AS prior_k
    FROM yoy_text y
    JOIN u c ON c.doc_id = y.doc_id
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
), balance_years AS (
    -- Opening and closing 结转和结余 per document and fund, side by side: the 收支总表's
    -- own line ('收支总表'), the 财政拨款总表's total ('财政拨款') and each fund, printed
    -- either as a fund line under the 年初/年末 row (parent_item) or as that row's fund
    -- column. One aggregation over the few rows that name a balance.
    SELECT b.doc_id, c.county, c.unit_name, c.year, b.fund, b.opening, b.closing, b.has_opening,
           b.has_closing, b.line, b.page, b.closing_line, b.closing_page
    FROM (
        SELECT doc_id, fund,
               max(CASE WHEN edge = '年初' THEN amount END) AS opening,
               max(CASE WHEN edge = '年末' THEN amount END) AS closing,
               max(CASE WHEN edge = '年初' THEN 1 ELSE 0 END) AS has_opening,
               max(CASE WHEN edge = '年末' THEN 1 ELSE 0 END) AS has_closing,
               min(CASE WHEN edge = '年初' THEN line END) AS line,
               min(CASE WHEN edge = '年初' THEN page END) AS page,
               min(CASE WHEN edge = '年末' THEN line END) AS closing_line,
               min(CASE WHEN edge = '年末' THEN page END) AS closing_page
        FROM (
            SELECT doc_id, amount, line, page,
                   CASE WHEN coalesce(parent_item, item) LIKE '年初%' THEN '年初' ELSE '年末' END AS edge,
                   CASE WHEN table_role = 'income_expenditure' THEN '收支总表'
                        WHEN parent_item IS NOT NULL THEN item
                        WHEN measure = '金额' THEN '财政拨款'
                        ELSE measure END AS fund
            FROM summary_facts
            -- (The first test reads only the two text columns, and is what makes this cheap.)
            WHERE (item LIKE '%结转%' OR parent_item LIKE '%结转%')
              AND (coalesce(parent_item, item) LIKE '年初%结转%' OR coalesce(parent_item, item) LIKE '年末%结转%')
              AND ((table_role = 'income_expenditure' AND parent_item IS NULL AND measure = '金额')
                   OR (table_role = 'fiscal_income_expenditure' AND (parent_item IS NULL OR measure = '金额')))
        ) r
        GROUP BY doc_id, fund
    ) b
    JOIN u c ON c.doc_id = b.doc_id
), carried AS (
    -- This year's opening against last year's closing of the same unit and fund. Blank
    -- counts as 0, as in every identity; a fund neither year prints is no comparison.
    SELECT o.doc_id, o.fund, coalesce(o.opening, 0) AS opening, coalesce(c.closing, 0) AS closing,
           o.line, o.page, c.closing_line AS prior_line, c.closing_page AS prior_page, c.year AS prior_year
    FROM balance_years o
    JOIN balance_years c
      ON c.county = o.county AND c.unit_name = o.unit_name AND c.fund = o.fund AND c.year = o.year - 1
    WHERE o.has_opening = 1 AND c.has_closing = 1
      AND (o.opening IS NOT NULL OR c.closing IS NOT NULL)
      AND coalesce(o.opening, 0) <> coalesce(c.closing, 0)
), heads AS (
    -- 部门汇总 documents whose every listed member with accounts of its own is stored.
    SELECT c.doc_id, count(*) AS members,
           -- Transfers between the department and its units (上级补助收入, 附属单位上缴收入)
           -- are offset in the 汇总: where members have them, the totals may differ.
           max(CASE WHEN coalesce(t.superior_income, 0) <> 0 OR coalesce(t.affiliate_income, 0) <> 0 THEN 1 ELSE 0 END) AS transfers
    FROM coverage c
    LEFT JOIN doc_totals t ON t.doc_id = c.member_doc_id
    WHERE c.complete AND c.own_accounts
    GROUP BY c.doc_id
), part_of AS (
    SELECT DISTINCT c.doc_id AS head, c.member_doc_id AS doc_id
    FROM coverage c JOIN heads h ON h.doc_id = c.doc_id
    WHERE c.own_accounts
), involved AS (
    SELECT doc_id FROM heads UNION SELECT doc_id FROM part_of
), cells AS (
    -- Every amount of the tables of the documents concerned, keyed by what it is (joined,
    -- so that with no 汇总 complete the fact datasets are not read at all).
    SELECT f.doc_id, f.table_role,
           f.table_role || ' ' || coalesce(f.subject_code, '合计') || ' ' || f.measure AS cell,
           f.measure IN ('上级补助收入', '附属单位上缴收入', '上缴上级支出', '对附属单位补助支出') AS transfer,
           f.table_role IN ('general_budget', 'gov_fund', 'state_capital') OR f.measure LIKE '%财政拨款%' AS fiscal,
           f.amount, f.line, f.page
    FROM subject_facts f JOIN involved i ON i.doc_id = f.doc_id
    UNION ALL
    SELECT f.doc_id, f.table_role,
           f.table_role || ' ' || f.side || ' ' || coalesce(f.parent_item || '/', '') || f.item || ' ' || f.measure,
           f.item IN ('上级补助收入', '附属单位上缴收入', '上缴上级支出', '对附属单位补助支出'),
           f.table_role = 'fiscal_income_expenditure' OR f.item LIKE '%财政拨款%',
           f.amount, f.line, f.page
    FROM summary_facts f JOIN involved i ON i.doc_id = f.doc_id
    UNION ALL
    SELECT f.doc_id, 'basic_detail', 'basic_detail ' || f.block || ' ' || coalesce(f.econ_code, f.econ_name),
           false, true, f.amount, f.line, f.page
    FROM basic_detail f JOIN involved i ON i.doc_id = f.doc_id
), summed AS (
    SELECT p.head, c.cell, sum(c.amount) AS amount, bool_or(c.fiscal) AS fiscal
    FROM part_of p JOIN cells c ON c.doc_id = p.doc_id
    WHERE NOT c.transfer
    GROUP BY p.head, c.cell
), own AS (
    SELECT c.* FROM cells c JOIN heads h ON h.doc_id = c.doc_id WHERE NOT c.transfer
), consolidated AS (
    -- A cell the 汇总 prints and its members lack, or the other way, is compared too.
    SELECT coalesce(a.doc_id, s.head) AS doc_id, coalesce(a.cell, s.cell) AS cell,
           coalesce(a.table_role, split_part(s.cell, ' ', 1)) AS table_role,
           coalesce(a.fiscal, s.fiscal) AS fiscal, a.amount AS stated, s.amount AS summed,
           coalesce(a.line, 0) AS line, a.page
    FROM own a
    FULL JOIN summed s ON s.head = a.doc_id AND s.cell = a.cell
    WHERE coalesce(a.amount, 0) <> coalesce(s.amount, 0)
), across AS (
    SELECT doc_id, 'A-YOY' AS rule,
           CASE WHEN abs(said - value) <= 0.01 THEN 'info' ELSE 'error' END AS severity,
           measure || '：本年所述上年数（本年数 − 增减额）= 上年文档的数' AS formula,
           'text' AS left_place, line AS left_line, CAST(said AS DECIMAL(18, 6)) AS left_value,
           'income_expenditure' AS right_place, 0 AS right_line, value AS right_value,
           CAST(said - value AS DECIMAL(18, 6)) AS diff,
           page AS left_page, CAST(NULL AS INTEGER) AS right_page
    FROM compared
    WHERE value IS NOT NULL AND said <> value
    UNION ALL
    SELECT doc_id, 'A-CARRY',
           CASE WHEN abs(opening - closing) <= 0.01 THEN 'info' ELSE 'error' END,
           fund || '：年初结转和结余 = 上年（' || CAST(prior_year AS VARCHAR(4)) || '）同一单位文档的年末结转和结余',
           CASE WHEN fund = '收支总表' THEN 'income_expenditure' ELSE 'fiscal_income_expenditure' END,
           line, CAST(opening AS DECIMAL(18, 6)),
           CASE WHEN fund = '收支总表' THEN 'income_expenditure' ELSE 'fiscal_income_expenditure' END,
           prior_line, CAST(closing AS DECIMAL(18, 6)), CAST(opening - closing AS DECIMAL(18, 6)),
           page, prior_page
    FROM carried
    UNION ALL
    SELECT c.doc_id, 'A-CONSOLIDATION',
           CASE WHEN abs(coalesce(stated, 0) - coalesce(summed, 0)) <= 0.01 * (h.members + 1) THEN 'info'
                WHEN h.transfers = 1 AND NOT fiscal THEN 'warning'
                ELSE 'error' END,
           cell || '：部门汇总 = 本级与所属单位之和（' || CAST(h.members AS VARCHAR(12)) || ' 份）',
           table_role, line, CAST(stated AS DECIMAL(18, 6)), table_role, 0, CAST(summed AS DECIMAL(18, 6)),
           CAST(coalesce(stated, 0) - coalesce(summed, 0) AS DECIMAL(18, 6)),
           page, CAST(NULL AS INTEGER)
    FROM consolidated c
    JOIN heads h ON h.doc_id = c.doc_id
)
SELECT * FROM across
