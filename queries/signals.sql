-- name: signals
-- title: 关注信号
-- description: 人大预算审查常问的情况，每份文档每个信号一行（提示，不是错误）：EXEC-RATE 支出决算对年初预算的完成率过低或过高（情况说明所列科目与资金合计）；SANGONG-EXEC “三公”经费决算对预算的执行率过低或过高；IDLE-BALANCE 年末结转和结余占本年支出过高（资金沉淀）；SANGONG-GROWTH、JIGUAN-GROWTH “三公”经费、机关运行经费比上年同一单位增长（过紧日子）；OVER-BUDGET-UNEXPLAINED 科目或“三公”经费决算超过预算而未说明原因。阈值全部在 signal_thresholds 视图。
-- unit: 万元；value 为 %（OVER-BUDGET-UNEXPLAINED 为万元）
-- column: signal | 信号编号
-- column: subject | 科目编码、资金合计或“三公”项目
-- column: value | 所比较的量（% 或万元，见 signal_thresholds）
-- column: threshold | 越过的阈值
-- column: budget | 预算（或上年数，增长信号）
-- column: actual | 决算（本年数）
-- column: line | 所在行
-- column: page | 所在页（PDF）
WITH th AS (
    SELECT signal AS name, low, high FROM signal_thresholds
), execution AS (
    SELECT doc_id,
           coalesce(subject_code, CASE fund WHEN 'general_budget' THEN '一般公共预算财政拨款支出合计'
                                            ELSE '政府性基金预算财政拨款支出合计' END) AS subject,
           budget, actual,
           CAST(ROUND(CAST(100 * actual / budget AS DECIMAL(38, 8)), 2) AS DECIMAL(12, 2)) AS rate, reason, line, page
    FROM execution_text
    WHERE budget > 0
), sangong_items AS (
    -- The 三公 table, one row per item: 预算 and 决算 side by side.
    SELECT doc_id, item,
           max(CASE WHEN stage = '预算' THEN amount END) AS budget,
           max(CASE WHEN stage = '决算' THEN amount END) AS actual,
           min(line) AS line, min(page) AS page
    FROM (
        SELECT doc_id, stage, '合计' AS item, total AS amount, line, page FROM sangong_table
        UNION ALL SELECT doc_id, stage, '因公出国（境）费', outbound, line, page FROM sangong_table
        UNION ALL SELECT doc_id, stage, '公务用车购置费', vehicle_purchase, line, page FROM sangong_table
        UNION ALL SELECT doc_id, stage, '公务用车运行维护费', vehicle_operation, line, page FROM sangong_table
        UNION ALL SELECT doc_id, stage, '公务接待费', reception, line, page FROM sangong_table
    ) i
    GROUP BY doc_id, item
), sangong_unexplained AS (
    -- S-SANGONG-DISCLOSED names a missing reason when 决算 differs from 预算.
    SELECT DISTINCT doc_id FROM check_findings WHERE rule = 'S-SANGONG-DISCLOSED' AND formula LIKE '%原因%'
), balances AS (
    SELECT doc_id,
           max(CASE WHEN side = '支出' AND item LIKE '年末%结转%' THEN amount END) AS closing,
           max(CASE WHEN side = '支出' AND item = '本年支出合计' THEN amount END) AS spent,
           min(CASE WHEN side = '支出' AND item LIKE '年末%结转%' THEN line END) AS line,
           min(CASE WHEN side = '支出' AND item LIKE '年末%结转%' THEN page END) AS page
    FROM summary_facts
    WHERE table_role = 'income_expenditure' AND measure = '金额' AND parent_item IS NULL
    GROUP BY doc_id
), jiguan AS (
    SELECT doc_id, min(amount) AS amount, min(line) AS line, min(page) AS page FROM jiguan_text GROUP BY doc_id
), by_unit AS (
    -- This year's figure beside last year's of the same unit (county, name with scope).
    SELECT u.doc_id, p.doc_id AS prior_doc FROM units u
    JOIN units p ON p.county = u.county AND p.unit_name = u.unit_name AND p.year = u.year - 1
), raised AS (
    SELECT e.doc_id, 'EXEC-RATE' AS signal, e.subject, e.rate AS value,
           CASE WHEN e.rate < th.low THEN th.low ELSE th.high END AS threshold,
           e.budget, e.actual, e.line, e.page
    FROM execution e JOIN th ON th.name = 'EXEC-RATE'
    WHERE e.rate < th.low OR e.rate > th.high
    UNION ALL
    SELECT s.doc_id, 'SANGONG-EXEC', s.item, CAST(ROUND(CAST(100 * coalesce(s.actual, 0) / s.budget AS DECIMAL(38, 8)), 2) AS DECIMAL(12, 2)),
           CASE WHEN 100 * coalesce(s.actual, 0) / s.budget < th.low THEN th.low ELSE th.high END,
           s.budget, s.actual, s.line, s.page
    FROM sangong_items s JOIN th ON th.name = 'SANGONG-EXEC'
    WHERE s.budget > 0 AND (100 * coalesce(s.actual, 0) / s.budget < th.low OR 100 * coalesce(s.actual, 0) / s.budget > th.high)
    UNION ALL
    SELECT b.doc_id, 'IDLE-BALANCE', '年末结转和结余', CAST(ROUND(CAST(100 * b.closing / b.spent AS DECIMAL(38, 8)), 2) AS DECIMAL(12, 2)), th.high,
           b.spent, b.closing, b.line, b.page
    FROM balances b JOIN th ON th.name = 'IDLE-BALANCE'
    WHERE b.spent > 0 AND 100 * b.closing / b.spent > th.high
    UNION ALL
    SELECT n.doc_id, 'SANGONG-GROWTH', '合计', CAST(ROUND(CAST(100 * (n.actual - p.actual) / p.actual AS DECIMAL(38, 8)), 2) AS DECIMAL(12, 2)), th.high,
           p.actual, n.actual, n.line, n.page
    FROM by_unit y
    JOIN sangong_items n ON n.doc_id = y.doc_id AND n.item = '合计'
    JOIN sangong_items p ON p.doc_id = y.prior_doc AND p.item = '合计'
    JOIN th ON th.name = 'SANGONG-GROWTH'
    WHERE p.actual > 0 AND 100 * (n.actual - p.actual) / p.actual > th.high
    UNION ALL
    SELECT n.doc_id, 'JIGUAN-GROWTH', '机关运行经费', CAST(ROUND(CAST(100 * (n.amount - p.amount) / p.amount AS DECIMAL(38, 8)), 2) AS DECIMAL(12, 2)), th.high,
           p.amount, n.amount, n.line, n.page
    FROM by_unit y
    JOIN jiguan n ON n.doc_id = y.doc_id
    JOIN jiguan p ON p.doc_id = y.prior_doc
    JOIN th ON th.name = 'JIGUAN-GROWTH'
    WHERE p.amount > 0 AND 100 * (n.amount - p.amount) / p.amount > th.high
    UNION ALL
    SELECT e.doc_id, 'OVER-BUDGET-UNEXPLAINED', e.subject, e.actual - e.budget, th.high,
           e.budget, e.actual, e.line, e.page
    FROM execution e JOIN th ON th.name = 'OVER-BUDGET-UNEXPLAINED'
    WHERE e.actual - e.budget > th.high AND coalesce(trim(e.reason), '') = ''
    UNION ALL
    SELECT s.doc_id, 'OVER-BUDGET-UNEXPLAINED', '“三公”经费' || s.item, s.actual - coalesce(s.budget, 0), th.high,
           s.budget, s.actual, s.line, s.page
    FROM sangong_items s
    JOIN sangong_unexplained x ON x.doc_id = s.doc_id
    JOIN th ON th.name = 'OVER-BUDGET-UNEXPLAINED'
    WHERE s.actual - coalesce(s.budget, 0) > th.high
)
SELECT u.county, u.county_name, u.year, u.unit_name, u.scope, r.signal, r.subject,
       CAST(r.value AS DECIMAL(18, 2)) AS value, r.threshold, r.budget, r.actual, r.line, r.page, r.doc_id
FROM raised r
JOIN units u USING (doc_id)
