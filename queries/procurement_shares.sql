-- name: procurement_shares
-- title: 政府采购结构与中小企业份额
-- description: 每个单位每年的政府采购总额，货物/工程/服务金额与占比，授予中小企业、小微企业的合同金额与占比（计算值，并保留原文所述占比），占县区政府采购合计的比重与县区合计（仅计 counted 的文档）。
-- unit: 万元
-- column: total | 政府采购支出总额
-- column: goods | 货物
-- column: works | 工程
-- column: services | 服务
-- column: goods_share_pct | 货物占比（%）
-- column: works_share_pct | 工程占比（%）
-- column: services_share_pct | 服务占比（%）
-- column: sme_amount | 授予中小企业合同金额
-- column: sme_share_pct | 中小企业占比（%，计算）
-- column: sme_pct_stated | 中小企业占比（%，原文）
-- column: small_micro_amount | 授予小微企业合同金额
-- column: small_micro_share_pct | 小微企业占比（%，计算）
-- column: small_micro_pct_stated | 小微企业占比（%，原文）
-- column: county_total | 县区政府采购合计
-- column: county_share_pct | 占县区合计（%）
WITH t AS (
    -- The first statement of each document.
    SELECT * FROM (
        SELECT x.*, row_number() OVER (PARTITION BY doc_id ORDER BY line) AS nth FROM procurement_text x
    ) f WHERE nth = 1
), j AS (
    SELECT u.*, t.total, t.goods, t.works, t.services,
           CAST(ROUND(CAST(100 * t.goods / nullif(t.total, 0) AS DECIMAL(38, 8)), 2) AS DECIMAL(12, 2)) AS goods_share_pct,
           CAST(ROUND(CAST(100 * t.works / nullif(t.total, 0) AS DECIMAL(38, 8)), 2) AS DECIMAL(12, 2)) AS works_share_pct,
           CAST(ROUND(CAST(100 * t.services / nullif(t.total, 0) AS DECIMAL(38, 8)), 2) AS DECIMAL(12, 2)) AS services_share_pct,
           t.sme_amount, CAST(ROUND(CAST(100 * t.sme_amount / nullif(t.total, 0) AS DECIMAL(38, 8)), 2) AS DECIMAL(12, 2)) AS sme_share_pct, t.sme_pct AS sme_pct_stated,
           t.small_micro_amount, CAST(ROUND(CAST(100 * t.small_micro_amount / nullif(t.total, 0) AS DECIMAL(38, 8)), 2) AS DECIMAL(12, 2)) AS small_micro_share_pct,
           t.small_micro_pct AS small_micro_pct_stated
    FROM units u JOIN t USING (doc_id)
)
SELECT j.*,
       CASE WHEN j.counted THEN sum(CASE WHEN j.counted THEN j.total END) OVER (PARTITION BY j.county, j.year) END AS county_total,
       CASE WHEN j.counted THEN CAST(ROUND(CAST(100 * j.total
            / nullif(sum(CASE WHEN j.counted THEN j.total END) OVER (PARTITION BY j.county, j.year), 0) AS DECIMAL(38, 8)), 2) AS DECIMAL(12, 2)) END AS county_share_pct
FROM j
