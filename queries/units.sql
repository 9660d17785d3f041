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
SELECT d.doc_id, d.county, d.county_name, d.city, d.province, d.year, d.unit_name, d.unit_base, d.scope,
       NOT (d.scope = '本级' AND EXISTS (
               SELECT 1 FROM documents h
               WHERE h.county = d.county AND h.year = d.year AND h.unit_base = d.unit_base AND h.scope = '部门汇总'
           ))
       AND NOT (d.scope = '单位' AND EXISTS (
               SELECT 1 FROM composition_text c JOIN documents h ON h.doc_id = c.doc_id
               WHERE h.county = d.county AND h.year = d.year AND h.scope = '部门汇总' AND c.kind = '单位'
                 AND (c.member = d.unit_base OR d.county_name || c.member = d.unit_base)
           )) AS counted
FROM documents d
