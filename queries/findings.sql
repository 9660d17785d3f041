-- name: findings
-- title: 勾稽检查结果
-- description: 每份文档入库时的勾稽检查结果（表内、表间、文字与表、绩效、文档级），加上跨文档检查 A-YOY：本年情况说明所述上年数（本年数 − 增减额）与库中上年同一单位文档的数是否一致（收支总计、财政拨款收支总计、一般公共预算财政拨款支出，以及收入决算表、支出决算表合计行的财政拨款收入、上级补助收入、事业收入、经营收入、附属单位上缴收入、其他收入、基本支出、项目支出、上缴上级支出、经营支出、对附属单位补助支出；上年数取自 doc_totals）；A-CARRY：本年年初结转和结余（收支总表，财政拨款总表分资金）= 库中上年同一单位文档的年末结转和结余；A-CONSOLIDATION：部门汇总所列应有文档的单位全部在库时（见 coverage），汇总文档各表每一格 = 本级与所属单位同一格之和（上下级之间的补助与上缴在汇总时抵消，故这四栏不比；所属单位有这类往来时，非财政拨款的格只作 warning）。severity：error 不相符；warning 疑点；info 仅为尾数误差。规则说明见 README。
-- unit: 万元
-- column: rule | 规则编号
-- column: severity | 级别：error / warning / info
-- column: formula | 勾稽关系（文字）
-- column: left_place | 左边所在：表角色、text（情况说明）、perf（绩效附件）、document
-- column: left_line | 左边所在行
-- column: left_value | 左边数值
-- column: right_place | 右边所在
-- column: right_line | 右边所在行（A-YOY 与 A-CONSOLIDATION 为 0；A-CARRY 为上年文档中的行）
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
), balances AS (
    -- Opening and closing 结转和结余 per document and fund: the 收支总表's own line
    -- ('收支总表'), the 财政拨款总表's total ('财政拨款') and each fund, printed either as
    -- a fund line under the 年初/年末 row (parent_item) or as that row's fund column.
    SELECT doc_id,
           CASE WHEN coalesce(parent_item, item) LIKE '年初%' THEN '年初' ELSE '年末' END AS edge,
           CASE WHEN table_role = 'income_expenditure' THEN '收支总表'
                WHEN parent_item IS NOT NULL THEN item
                WHEN measure = '金额' THEN '财政拨款'
                ELSE measure END AS fund,
           max(amount) AS amount, min(line) AS line, min(page) AS page
    FROM summary_facts
    WHERE (coalesce(parent_item, item) LIKE '年初%结转%' OR coalesce(parent_item, item) LIKE '年末%结转%')
      AND ((table_role = 'income_expenditure' AND parent_item IS NULL AND measure = '金额')
           OR (table_role = 'fiscal_income_expenditure' AND (parent_item IS NULL OR measure = '金额')))
    GROUP BY 1, 2, 3
), carried AS (
    -- This year's opening against last year's closing of the same unit (blank counted
    -- as 0, as in every identity; a fund neither year prints is no comparison).
    SELECT o.doc_id, o.fund, coalesce(o.amount, 0) AS opening, coalesce(c.amount, 0) AS closing,
           o.line, o.page, c.line AS prior_line, c.page AS prior_page, p.year AS prior_year
    FROM balances o
    JOIN u cur ON cur.doc_id = o.doc_id
    JOIN u p ON p.county = cur.county AND p.unit_name = cur.unit_name AND p.year = cur.year - 1
    JOIN balances c ON c.doc_id = p.doc_id AND c.fund = o.fund AND c.edge = '年末'
    WHERE o.edge = '年初' AND (o.amount IS NOT NULL OR c.amount IS NOT NULL)
      AND coalesce(o.amount, 0) <> coalesce(c.amount, 0)
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
), cells AS (
    -- Every amount of the tables of the documents concerned, keyed by what it is.
    SELECT doc_id, table_role,
           table_role || ' ' || coalesce(subject_code, '合计') || ' ' || measure AS cell,
           measure IN ('上级补助收入', '附属单位上缴收入', '上缴上级支出', '对附属单位补助支出') AS transfer,
           table_role IN ('general_budget', 'gov_fund', 'state_capital') OR measure LIKE '%财政拨款%' AS fiscal,
           amount, line, page
    FROM subject_facts
    WHERE doc_id IN (SELECT doc_id FROM heads UNION ALL SELECT doc_id FROM part_of)
    UNION ALL
    SELECT doc_id, table_role,
           table_role || ' ' || side || ' ' || coalesce(parent_item || '/', '') || item || ' ' || measure,
           item IN ('上级补助收入', '附属单位上缴收入', '上缴上级支出', '对附属单位补助支出'),
           table_role = 'fiscal_income_expenditure' OR item LIKE '%财政拨款%',
           amount, line, page
    FROM summary_facts
    WHERE doc_id IN (SELECT doc_id FROM heads UNION ALL SELECT doc_id FROM part_of)
    UNION ALL
    SELECT doc_id, 'basic_detail', 'basic_detail ' || block || ' ' || coalesce(econ_code, econ_name),
           false, true, amount, line, page
    FROM basic_detail
    WHERE doc_id IN (SELECT doc_id FROM heads UNION ALL SELECT doc_id FROM part_of)
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
           'text' AS left_place, line AS left_line, said::DECIMAL(18, 6) AS left_value,
           'income_expenditure' AS right_place, 0 AS right_line, value AS right_value,
           (said - value)::DECIMAL(18, 6) AS diff,
           page AS left_page, NULL::INTEGER AS right_page
    FROM compared
    WHERE value IS NOT NULL AND said <> value
    UNION ALL
    SELECT doc_id, 'A-CARRY',
           CASE WHEN abs(opening - closing) <= 0.01 THEN 'info' ELSE 'error' END,
           fund || '：年初结转和结余 = 上年（' || prior_year || '）同一单位文档的年末结转和结余',
           CASE WHEN fund = '收支总表' THEN 'income_expenditure' ELSE 'fiscal_income_expenditure' END,
           line, opening::DECIMAL(18, 6),
           CASE WHEN fund = '收支总表' THEN 'income_expenditure' ELSE 'fiscal_income_expenditure' END,
           prior_line, closing::DECIMAL(18, 6), (opening - closing)::DECIMAL(18, 6),
           page, prior_page
    FROM carried
    UNION ALL
    SELECT c.doc_id, 'A-CONSOLIDATION',
           CASE WHEN abs(coalesce(stated, 0) - coalesce(summed, 0)) <= 0.01 * (h.members + 1) THEN 'info'
                WHEN h.transfers = 1 AND NOT fiscal THEN 'warning'
                ELSE 'error' END,
           cell || '：部门汇总 = 本级与所属单位之和（' || h.members || ' 份）',
           table_role, line, stated::DECIMAL(18, 6), table_role, 0, summed::DECIMAL(18, 6),
           (coalesce(stated, 0) - coalesce(summed, 0))::DECIMAL(18, 6),
           page, NULL::INTEGER
    FROM consolidated c
    JOIN heads h ON h.doc_id = c.doc_id
)
SELECT u.county, u.county_name, u.year, u.unit_name, u.scope, f.*
FROM (SELECT * EXCLUDE (county, year) FROM check_findings UNION ALL SELECT * FROM across) f
JOIN u USING (doc_id)
