-- name: jiguan_yunxing
-- title: 机关运行经费
-- description: 每个单位每年情况说明中的机关运行经费、年初预算（= 决算 − 比预算增减）、增减额与幅度，与基本支出决算明细表的公用经费合计对照；县区内排名与占比（仅计 counted 的文档）；与上年相比。
-- unit: 万元
-- column: amount | 机关运行经费
-- column: budget | 年初预算（推算）
-- column: budget_change | 比年初预算增减
-- column: change_pct | 增减幅度（%，原文）
-- column: public_total | 公用经费合计（表六）
-- column: diff_vs_public | 机关运行经费 − 公用经费合计
-- column: prior_amount | 上年机关运行经费
-- column: yoy_change | 比上年增减
-- column: rank_in_county | 县区内排名（从高到低）
-- column: county_share_pct | 占县区合计（%）
WITH t AS (
    -- The first statement of each document.
    SELECT * FROM (
        SELECT x.*, row_number() OVER (PARTITION BY doc_id ORDER BY line) AS nth FROM jiguan_text x
    ) f WHERE nth = 1
), pub AS (
    SELECT doc_id, max(CASE WHEN row_kind = 'total' AND block = '公用经费' THEN amount END) AS public_total
    FROM basic_detail GROUP BY doc_id
), j AS (
    SELECT u.*, t.amount, t.amount - t.budget_change AS budget, t.budget_change, t.change_pct,
           pub.public_total, t.amount - pub.public_total AS diff_vs_public
    FROM units u JOIN t USING (doc_id) LEFT JOIN pub USING (doc_id)
)
SELECT j.*, p.amount AS prior_amount, j.amount - p.amount AS yoy_change,
       CASE WHEN j.counted THEN rank() OVER (PARTITION BY j.county, j.year, j.counted ORDER BY j.amount DESC) END AS rank_in_county,
       CASE WHEN j.counted THEN CAST(ROUND(CAST(100 * j.amount
            / nullif(sum(CASE WHEN j.counted THEN j.amount END) OVER (PARTITION BY j.county, j.year), 0) AS DECIMAL(38, 8)), 2) AS DECIMAL(12, 2)) END AS county_share_pct
FROM j LEFT JOIN j p ON p.county = j.county AND p.unit_name = j.unit_name AND p.year = j.year - 1
