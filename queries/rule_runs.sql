-- name: rule_runs
-- title: 勾稽规则运行情况
-- description: 每份文档每条规则一行：规则是否运行、通过或发现问题。规则所需的表缺失或无法读取、所需的情况说明语句未读到时为“未运行”（并说明原因），以便区分“没有发现问题”与“没有检查”。规则与其所需的表、语句见 README 的规则表。
-- unit: -
-- column: doc_id | 文档编号
-- column: county | 县区代码
-- column: year | 年度
-- column: unit_name | 单位名称
-- column: rule | 规则编号
-- column: status | passed 通过（或仅尾数误差）/ warned 疑点 / failed 不相符 / not_run 未运行
-- column: reason | 未运行的原因：缺少的表、无法读取的表或未读到的语句；跨文档规则（A-YOY、A-CARRY、A-CONSOLIDATION）为库中没有上年同一单位的文档、不是部门汇总、或所列单位未全部在库
WITH rules AS (
    SELECT * FROM (VALUES
        ('T01-BALANCE', 'income_expenditure', NULL, NULL),
        ('T01-TOTAL', 'income_expenditure', NULL, NULL),
        ('T01-INCOME-SUM', 'income_expenditure', NULL, NULL),
        ('T01-EXPENDITURE-SUM', 'income_expenditure', NULL, NULL),
        ('T02-ROW', 'income', NULL, NULL),
        ('T03-ROW', 'expenditure', NULL, NULL),
        ('T04-ROW', 'fiscal_income_expenditure', NULL, NULL),
        ('T04-FUND', 'fiscal_income_expenditure', NULL, NULL),
        ('T05-ROW', 'general_budget', NULL, NULL),
        ('T06-BLOCK', 'basic_detail', NULL, NULL),
        ('T06-CODE', 'basic_detail', NULL, NULL),
        ('T07-ROW', 'gov_fund', NULL, NULL),
        ('T07-CARRY', 'gov_fund', NULL, NULL),
        ('T08-ROW', 'state_capital', NULL, NULL),
        ('T09-TOTAL', 'sangong', NULL, NULL),
        ('T09-VEHICLE', 'sangong', NULL, NULL),
        ('T-HIERARCHY', 'expenditure', NULL, NULL),
        ('T-ROW-REPEATED', 'income', NULL, NULL),
        ('X-INCOME', 'income_expenditure', 'income', NULL),
        ('X-EXPENDITURE', 'income_expenditure', 'expenditure', NULL),
        ('X-EXPENDITURE-LEI', 'income_expenditure', 'expenditure', NULL),
        ('X-FISCAL-INCOME', 'income_expenditure', 'fiscal_income_expenditure', NULL),
        ('X-INCOME-FISCAL', 'income', 'fiscal_income_expenditure', NULL),
        ('X-GENERAL', 'fiscal_income_expenditure', 'general_budget', NULL),
        ('X-FUND', 'fiscal_income_expenditure', 'gov_fund', NULL),
        ('X-STATE-CAPITAL', 'fiscal_income_expenditure', 'state_capital', NULL),
        ('X-BASIC', 'general_budget', 'basic_detail', NULL),
        ('X-CODES', 'income', 'expenditure', NULL),
        ('X-SANGONG-ECON', 'basic_detail', 'sangong', NULL),
        ('S-AMOUNT', NULL, NULL, 'structure_text'),
        ('S-SHARE', NULL, NULL, 'structure_text'),
        ('S-EXEC-ACTUAL', 'general_budget', NULL, 'execution_text'),
        ('S-EXEC-PCT', NULL, NULL, 'execution_text'),
        ('S-SANGONG', 'sangong', NULL, 'sangong_text'),
        ('S-SANGONG-DISCLOSED', NULL, NULL, 'sangong_text'),
        ('S-JIGUAN', 'basic_detail', NULL, 'jiguan_text'),
        ('S-PROC-SUM', NULL, NULL, 'procurement_text'),
        ('S-VEHICLES', NULL, NULL, 'assets_text'),
        ('S-YOY-PCT', NULL, NULL, 'yoy_text'),
        ('S-ZERO-BASE', NULL, NULL, 'yoy_text'),
        ('S-PROC-SME', NULL, NULL, 'procurement_text'),
        ('S-PROC-SHARE', NULL, NULL, 'procurement_text'),
        ('S-EXEC-DIRECTION', NULL, NULL, 'execution_text'),
        ('S-DIRECTION', NULL, NULL, 'yoy_text'),
        ('S-YOY-PARTS', NULL, NULL, 'yoy_text'),
        ('S-YOY-YEAR', NULL, NULL, 'yoy_text'),
        ('S-EXEC-NAME', NULL, NULL, 'execution_text'),
        ('S-PCT-SIGN', NULL, NULL, NULL),
        ('S-DECIMALS', NULL, NULL, NULL),
        ('T09-NONNEG', 'sangong', NULL, NULL),
        ('X-STATE-CAPITAL-EMPTY', 'fiscal_income_expenditure', 'state_capital', NULL),
        ('P-EXEC-RATE', NULL, NULL, 'perf_evaluations'),
        ('P-EXEC-SCORE', NULL, NULL, 'perf_evaluations'),
        ('P-TOTAL', NULL, NULL, 'perf_evaluations'),
        ('P-SUMMARY', NULL, NULL, 'perf_projects'),
        ('P-GRADE', NULL, NULL, 'perf_projects'),
        ('P-UNIT-SLIP', NULL, NULL, 'perf_indicators'),
        ('D-EMPTY-STATEMENT', NULL, NULL, NULL),
        ('D-YEAR', NULL, NULL, NULL),
        ('D-UNIT', NULL, NULL, NULL),
        ('D-UNIT-NAME', NULL, NULL, NULL),
        ('D-CONTENTS', NULL, NULL, NULL),
        ('D-PLACEHOLDER', NULL, NULL, NULL),
        ('D-REPEAT', NULL, NULL, NULL),
        ('D-TABLE-MISSING', NULL, NULL, NULL),
        ('D-TABLE-UNREADABLE', NULL, NULL, NULL)
    ) AS t(rule, table_a, table_b, sentences)
), said AS (
    -- Which 情况说明 statements were read, per document.
    SELECT DISTINCT doc_id, 'structure_text' AS sentences FROM structure_text
    UNION ALL SELECT DISTINCT doc_id, 'execution_text' FROM execution_text
    UNION ALL SELECT DISTINCT doc_id, 'sangong_text' FROM sangong_text
    UNION ALL SELECT DISTINCT doc_id, 'jiguan_text' FROM jiguan_text
    UNION ALL SELECT DISTINCT doc_id, 'procurement_text' FROM procurement_text
    UNION ALL SELECT DISTINCT doc_id, 'assets_text' FROM assets_text
    UNION ALL SELECT DISTINCT doc_id, 'yoy_text' FROM yoy_text
    UNION ALL SELECT DISTINCT doc_id, 'perf_evaluations' FROM perf_evaluations
    UNION ALL SELECT DISTINCT doc_id, 'perf_projects' FROM perf_projects
    UNION ALL SELECT DISTINCT doc_id, 'perf_indicators' FROM perf_indicators
), fired AS (
    SELECT doc_id, rule,
           max(CASE severity WHEN 'error' THEN 2 WHEN 'warning' THEN 1 ELSE 0 END) AS worst
    FROM check_findings
    GROUP BY doc_id, rule
), runs AS (
    SELECT d.doc_id, d.county, d.year, d.unit_name, r.rule,
           CASE
               WHEN r.table_a IS NOT NULL AND ta.status IS NULL THEN 'table ' || r.table_a || ' missing'
               WHEN ta.status = 'unreadable' THEN 'table ' || r.table_a || ' unreadable'
               WHEN r.table_b IS NOT NULL AND tb.status IS NULL THEN 'table ' || r.table_b || ' missing'
               WHEN tb.status = 'unreadable' THEN 'table ' || r.table_b || ' unreadable'
               WHEN r.sentences IS NOT NULL AND s.doc_id IS NULL THEN 'no statement read for ' || r.sentences
           END AS reason,
           f.worst
    FROM documents d
    CROSS JOIN rules r
    LEFT JOIN tables ta ON ta.doc_id = d.doc_id AND ta.table_role = r.table_a
    LEFT JOIN tables tb ON tb.doc_id = d.doc_id AND tb.table_role = r.table_b
    LEFT JOIN said s ON s.doc_id = d.doc_id AND s.sentences = r.sentences
    LEFT JOIN fired f ON f.doc_id = d.doc_id AND f.rule = r.rule
    UNION ALL
    -- The rules across documents run where the other documents are in the store: last
    -- year's of the same unit (A-YOY, A-CARRY), every listed unit (A-CONSOLIDATION).
    SELECT d.doc_id, d.county, d.year, d.unit_name, r.rule,
           CASE WHEN r.rule <> 'A-CONSOLIDATION' THEN
                    CASE WHEN p.doc_id IS NULL THEN 'no document of ' || CAST(d.year - 1 AS VARCHAR(4)) || ' of this unit in the store' END
                WHEN d.scope <> '部门汇总' THEN 'not a 部门汇总'
                WHEN c.doc_id IS NULL THEN 'no units listed'
                WHEN NOT c.complete THEN 'listed units not all in the store (see coverage)'
           END,
           a.worst
    FROM documents d
    CROSS JOIN (VALUES ('A-YOY'), ('A-CARRY'), ('A-CONSOLIDATION')) AS r(rule)
    LEFT JOIN (SELECT county, unit_name, year, min(doc_id) AS doc_id FROM documents GROUP BY county, unit_name, year) p
      ON p.county = d.county AND p.unit_name = d.unit_name AND p.year = d.year - 1
    LEFT JOIN (SELECT doc_id, bool_and(complete) AS complete FROM coverage GROUP BY doc_id) c ON c.doc_id = d.doc_id
    LEFT JOIN (
        SELECT doc_id, rule, max(CASE severity WHEN 'error' THEN 2 WHEN 'warning' THEN 1 ELSE 0 END) AS worst
        FROM findings_across GROUP BY doc_id, rule
    ) a ON a.doc_id = d.doc_id AND a.rule = r.rule
)
SELECT doc_id, county, year, unit_name, rule,
       CASE
           WHEN reason IS NOT NULL THEN 'not_run'
           WHEN worst = 2 THEN 'failed'
           WHEN worst = 1 THEN 'warned'
           ELSE 'passed'
       END AS status,
       reason
FROM runs
