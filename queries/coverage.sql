-- name: coverage
-- title: 部门决算单位覆盖
-- description: 每份部门汇总文档所列的每个构成单位一行（composition_text：情况说明“部门决算包括”一句，或其后所列的单位名单）：该单位是否应有自己的决算（本级与所属单位应有；备注“预算不单列，并入本级”的不应有），库中同县区同年度是否有它的文档。in_store 为 false 而 own_accounts 为 true 的行即“所列单位无文档”。本级按同一单位的“（本级）”文档匹配，所属单位按全名或去掉县区名的名称匹配。complete 表示该部门汇总所列应有文档的单位是否全部在库（跨文档汇总检查 A-CONSOLIDATION 只在此时运行）。
-- unit: -
-- column: doc_id | 部门汇总文档编号
-- column: county | 县区代码
-- column: year | 年度
-- column: department | 部门汇总单位名称
-- column: member | 所列构成单位（原文，去掉“决算”与括注）
-- column: kind | 本级 / 单位 / 并入本级
-- column: own_accounts | 是否应有单独的决算文档（并入本级的没有）
-- column: member_doc_id | 库中该单位文档编号（没有为 NULL）
-- column: in_store | 库中是否有该单位文档
-- column: complete | 该部门汇总所列应有文档的单位是否全部在库
-- column: line | 所列行
-- column: page | 所在页（PDF）
WITH heads AS (
    SELECT doc_id, county, county_name, year, unit_name, unit_base FROM documents WHERE scope = '部门汇总'
), listed AS (
    SELECT h.doc_id, h.county, h.county_name, h.year, h.unit_name AS department, h.unit_base,
           c.member, c.kind, c.kind <> '并入本级' AS own_accounts, c.line, c.page
    FROM composition_text c
    JOIN heads h ON h.doc_id = c.doc_id
), candidates AS (
    -- The 本级 by the department's own name and scope; a unit by its full name or by its
    -- name without the county (a 汇总 may write either). Three equality joins, not one
    -- join on their disjunction, which compares every listed unit with every document of
    -- its county-year.
    SELECT l.doc_id, l.member, l.line, m.doc_id AS member_doc_id
    FROM listed l
    JOIN documents m ON m.county = l.county AND m.year = l.year AND m.unit_base = l.unit_base
    WHERE l.kind = '本级' AND m.scope = '本级' AND m.doc_id <> l.doc_id
    UNION ALL
    SELECT l.doc_id, l.member, l.line, m.doc_id
    FROM listed l
    JOIN documents m ON m.county = l.county AND m.year = l.year AND m.unit_base = l.member
    WHERE l.kind <> '本级' AND m.doc_id <> l.doc_id
    UNION ALL
    SELECT l.doc_id, l.member, l.line, m.doc_id
    FROM listed l
    JOIN documents m ON m.county = l.county AND m.year = l.year AND m.unit_base = l.county_name || l.member
    WHERE l.kind <> '本级' AND m.doc_id <> l.doc_id
), matched AS (
    -- One document per member: the first by id, should the store hold two.
    SELECT doc_id, member, line, min(member_doc_id) AS member_doc_id
    FROM candidates
    GROUP BY doc_id, member, line
), joined AS (
    SELECT l.*, m.member_doc_id, m.member_doc_id IS NOT NULL AS in_store
    FROM listed l
    LEFT JOIN matched m ON m.doc_id = l.doc_id AND m.member = l.member AND m.line = l.line
)
SELECT doc_id, county, year, department, member, kind, own_accounts, member_doc_id, in_store,
       bool_and(in_store OR NOT own_accounts) OVER (PARTITION BY doc_id) AS complete,
       line, page
FROM joined
