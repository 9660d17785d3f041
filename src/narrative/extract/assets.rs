//! 国有资产: vehicles (in total and by category) and equipment above a unit price.

use super::*;

re!(vehicles_total_re, r"(?:共有|共计|拥有)(?:车辆|公务用车)([0-9]+)辆");
// The national template's categories, and older ones still printed (`一般公务用车`,
// `一般执法执勤用车`, `副部(省)级及以上领导用车`) and Shanghai's (`部级领导干部用车`); the
// longest name at a place is taken.
re!(
    vehicle_cat_re,
    r"(副部\(省\)级及以上领导用车|部级领导干部用车|主要领导干部用车|领导干部用车|机要通信用车|应急保障用车|一般执法执勤用车|执法执勤用车|特种专业技术用车|离退休干部用车|一般公务用车|其他用车)([0-9]+)辆"
);
re!(
    equipment_re,
    r"单价([0-9]+(?:\.[0-9]+)?)万元(?:\(含\))?以上(?:的)?(通用|专用)?设备(?:\(不含车辆\))?([0-9]+)台(?:\(套\)|套)?"
);

#[inline(never)]
pub(super) fn assets(cx: &mut Cx, out: &mut Narrative) {
    let mut a = Assets::default();
    let mut seen = false;
    cx.each_with(vehicles_total_re(), "辆", 1, |c, line| {
        if a.vehicles_total.is_none() {
            a.vehicles_total = cap_int(c, 1);
            a.line = line;
        }
        seen = true;
    });
    cx.each(vehicle_cat_re(), |c, line| {
        let name = c[1].to_string();
        if !a.vehicles.iter().any(|(n, _)| *n == name) {
            a.vehicles.push((name, cap_int(c, 2).unwrap_or(0)));
        }
        if a.line == 0 {
            a.line = line;
        }
        seen = true;
    });
    cx.each(equipment_re(), |c, line| {
        if let (Some(t), Some(n)) = (cap_num(c, 1), cap_int(c, 3)) {
            a.equipment.push((t, c.get(2).map(|m| m.as_str().to_string()).unwrap_or_default(), n));
        }
        if a.line == 0 {
            a.line = line;
        }
        seen = true;
    });
    if seen {
        out.assets.push(a);
    }
}

#[cfg(test)]
mod tests {
    use super::super::testkit::text_of;
    use super::*;

    #[test]
    fn vehicle_categories_old_and_new() {
        let text = text_of(
            "共有车辆5辆,其中:一般公务用车1辆、一般执法执勤用车2辆、副部(省)级及以上领导用车0辆、主要领导干部用车1辆、其他用车1辆。",
        );
        let mut cx = Cx { text: &text, consumed: vec![false; text.sentences.len()], year: None };
        let mut out = Narrative::default();
        assets(&mut cx, &mut out);
        let cats: Vec<(&str, i32)> = out.assets[0].vehicles.iter().map(|(c, n)| (c.as_str(), *n)).collect();
        assert_eq!(out.assets[0].vehicles_total, Some(5));
        assert_eq!(
            cats,
            [
                ("一般公务用车", 1),
                ("一般执法执勤用车", 2),
                ("副部(省)级及以上领导用车", 0),
                ("主要领导干部用车", 1),
                ("其他用车", 1)
            ]
        );
    }
}
