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
SELECT u.county, u.county_name, u.year, u.unit_name, u.scope, f.*
FROM (
    SELECT doc_id, rule, severity, formula, left_place, left_line, left_value, right_place, right_line,
           right_value, diff, left_page, right_page
    FROM check_findings
    UNION ALL
    SELECT * FROM findings_across
) f
JOIN units u USING (doc_id)
