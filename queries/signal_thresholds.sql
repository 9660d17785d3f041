-- name: signal_thresholds
-- title: 关注信号阈值
-- description: signals 视图所用的全部阈值，只在此一处规定（修改此文件即改变 signals）。百分比以 % 计；NULL 表示该方向不设限。
-- unit: %
-- column: signal | 信号编号（见 signals）
-- column: low | 下限：低于下限即提示
-- column: high | 上限：高于上限即提示
-- column: meaning | 所比较的量
SELECT signal, CAST(low AS DECIMAL(12, 2)) AS low, CAST(high AS DECIMAL(12, 2)) AS high, meaning
FROM (VALUES
    ('EXEC-RATE', 80, 120, '支出决算 / 年初预算（%），情况说明所列每个科目与资金合计'),
    ('SANGONG-EXEC', 80, 120, '“三公”经费决算 / 全年预算（%），合计与每一项'),
    ('IDLE-BALANCE', NULL, 20, '年末结转和结余 / 本年支出合计（%）：资金沉淀'),
    ('SANGONG-GROWTH', NULL, 0, '“三公”经费决算合计比上年同一单位的增长（%）：过紧日子'),
    ('JIGUAN-GROWTH', NULL, 0, '机关运行经费比上年同一单位的增长（%）：过紧日子'),
    ('OVER-BUDGET-UNEXPLAINED', NULL, 0, '决算超过预算的金额（万元），而情况说明未说原因')
) AS t(signal, low, high, meaning)
