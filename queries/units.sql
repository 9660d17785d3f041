-- name: units
-- title: 单位目录
-- description: 每份决算文档一行：县区、年度、单位与范围。counted 表示县区合计时是否计入：同一单位同一年度已有部门汇总文档时，其本级文档不计入；某单位列在同县同年一份部门汇总的单位构成（composition_text）中时，其单位决算也不计入，避免把汇总与其组成部分相加。
-- unit: -
-- column: doc_id | 文档编号
-- column: county | 县区代码
-- column: county_name | 县区
-- column: city | 市
-- column: province | 省
-- column: year | 年度
-- column: unit_name | 单位名称（含范围标记）
-- column: unit_base | 单位
-- column: scope | 范围：部门汇总/本级/单位
-- column: counted | 是否计入县区合计（不含已被部门汇总包括的本级与单位）
WITH d AS (
    SELECT doc_id, county, county_name, city, province, year, unit_name, unit_base, scope FROM documents
), consolidated AS (
    SELECT DISTINCT county, year, unit_base FROM d WHERE scope = '部门汇总'
), members AS (
    -- A 汇总 names its units in full or without the county: match either.
    SELECT h.county, h.year, c.member AS name
    FROM composition_text c JOIN d h ON h.doc_id = c.doc_id
    WHERE h.scope = '部门汇总' AND c.kind = '单位'
    UNION
    SELECT h.county, h.year, h.county_name || c.member
    FROM composition_text c JOIN d h ON h.doc_id = c.doc_id
    WHERE h.scope = '部门汇总' AND c.kind = '单位'
)
SELECT d.doc_id, d.county, d.county_name, d.city, d.province, d.year, d.unit_name, d.unit_base, d.scope,
       NOT (coalesce(d.scope = '本级' AND c.unit_base IS NOT NULL, false)
            OR coalesce(d.scope = '单位' AND m.name IS NOT NULL, false)) AS counted
FROM d
LEFT JOIN consolidated c ON c.county = d.county AND c.year = d.year AND c.unit_base = d.unit_base
LEFT JOIN members m ON m.county = d.county AND m.year = d.year AND m.name = d.unit_base
