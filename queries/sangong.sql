-- name: sangong
-- title: “三公”经费预决算
-- description: 每个单位每年的财政拨款“三公”经费（决算表口径；表内全为空白的单位也列出，金额为 NULL）：预算与决算的合计、因公出国（境）、公务用车购置、公务用车运行维护、公务接待；执行率（决算/预算）、公务用车占比、与上年相比、县区内排名与占县区合计比重（仅计 counted 的文档）。空白视为 0 参与比率计算。
-- unit: 万元
-- column: budget_total | 预算合计
-- column: budget_outbound | 预算·因公出国（境）费
-- column: budget_vehicle_purchase | 预算·公务用车购置费
-- column: budget_vehicle_operation | 预算·公务用车运行维护费
-- column: budget_reception | 预算·公务接待费
-- column: actual_total | 决算合计
-- column: actual_outbound | 决算·因公出国（境）费
-- column: actual_vehicle_subtotal | 决算·公务用车购置及运行维护费
-- column: actual_vehicle_purchase | 决算·公务用车购置费
-- column: actual_vehicle_operation | 决算·公务用车运行维护费
-- column: actual_reception | 决算·公务接待费
-- column: exec_rate_pct | 执行率（%）= 决算合计/预算合计
-- column: car_share_pct | 公务用车占比（%）= 公务用车购置及运行维护费/决算合计
-- column: prior_actual_total | 上年决算合计
-- column: yoy_change | 比上年增减
-- column: rank_in_county | 县区内排名（决算合计，从高到低）
-- column: county_share_pct | 占县区合计（%）
WITH t AS (
    SELECT doc_id,
           max(CASE WHEN stage = '预算' THEN total END) AS budget_total,
           max(CASE WHEN stage = '预算' THEN outbound END) AS budget_outbound,
           max(CASE WHEN stage = '预算' THEN vehicle_purchase END) AS budget_vehicle_purchase,
           max(CASE WHEN stage = '预算' THEN vehicle_operation END) AS budget_vehicle_operation,
           max(CASE WHEN stage = '预算' THEN reception END) AS budget_reception,
           max(CASE WHEN stage = '决算' THEN total END) AS actual_total,
           max(CASE WHEN stage = '决算' THEN outbound END) AS actual_outbound,
           max(CASE WHEN stage = '决算' THEN vehicle_subtotal END) AS actual_vehicle_subtotal,
           max(CASE WHEN stage = '决算' THEN vehicle_purchase END) AS actual_vehicle_purchase,
           max(CASE WHEN stage = '决算' THEN vehicle_operation END) AS actual_vehicle_operation,
           max(CASE WHEN stage = '决算' THEN reception END) AS actual_reception
    FROM sangong_table GROUP BY doc_id
), j AS (
    SELECT u.*, t.budget_total, t.budget_outbound, t.budget_vehicle_purchase, t.budget_vehicle_operation,
           t.budget_reception, t.actual_total, t.actual_outbound, t.actual_vehicle_subtotal,
           t.actual_vehicle_purchase, t.actual_vehicle_operation, t.actual_reception
    FROM units u LEFT JOIN t USING (doc_id)
)
SELECT j.*,
       CASE WHEN coalesce(j.budget_total, 0) > 0
            THEN CAST(ROUND(CAST(100 * coalesce(j.actual_total, 0) / j.budget_total AS DECIMAL(38, 8)), 2) AS DECIMAL(12, 2)) END AS exec_rate_pct,
       CASE WHEN coalesce(j.actual_total, 0) > 0
            THEN CAST(ROUND(CAST(100 * coalesce(j.actual_vehicle_subtotal, 0) / j.actual_total AS DECIMAL(38, 8)), 2) AS DECIMAL(12, 2)) END AS car_share_pct,
       p.actual_total AS prior_actual_total,
       j.actual_total - p.actual_total AS yoy_change,
       CASE WHEN j.counted THEN rank() OVER (PARTITION BY j.county, j.year, j.counted ORDER BY coalesce(j.actual_total, 0) DESC) END AS rank_in_county,
       CASE WHEN j.counted THEN CAST(ROUND(CAST(100 * coalesce(j.actual_total, 0)
            / nullif(sum(CASE WHEN j.counted THEN coalesce(j.actual_total, 0) END) OVER (PARTITION BY j.county, j.year), 0) AS DECIMAL(38, 8)), 2) AS DECIMAL(12, 2)) END AS county_share_pct
FROM j LEFT JOIN j p ON p.county = j.county AND p.unit_name = j.unit_name AND p.year = j.year - 1
