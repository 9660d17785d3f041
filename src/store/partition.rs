//! Partition values in directory names (`county=371521`): encoded so that no value can
//! name a path outside its dataset (`../x`, `/`, NUL, very long).

/// Longest encoded value kept readable; longer ones are cut and suffixed with a hash.
const MAX_LEN: usize = 64;

/// Percent-encode everything but ASCII letters, digits, `_` and `-`, and Chinese or
/// other non-ASCII letters. Never empty, never `.`/`..`, never contains `/` or NUL.
pub fn encode(value: &str) -> String {
    let mut out = String::new();
    for ch in value.chars() {
        if ch.is_ascii_alphanumeric() || ch == '_' || ch == '-' || (!ch.is_ascii() && ch.is_alphanumeric()) {
            out.push(ch);
        } else {
            let mut buf = [0u8; 4];
            for b in ch.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    if out.is_empty() {
        out.push_str("%00");
    }
    if out.len() > MAX_LEN {
        let hash = blake3::hash(value.as_bytes()).to_hex();
        let mut cut = MAX_LEN - 17;
        while !out.is_char_boundary(cut) {
            cut -= 1;
        }
        // Do not leave half of a `%XX` escape.
        if let Some(p) = out[..cut].rfind('%').filter(|&p| p + 3 > cut) {
            cut = p;
        }
        out = format!("{}~{}", &out[..cut], &hash[..16]);
    }
    out
}

/// Inverse of [`encode`] for values that were not cut.
pub fn decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let hex = |b: u8| (b as char).to_digit(16).map(|d| d as u8);
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 3 <= bytes.len()
            && let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2]))
        {
            out.push(h * 16 + l);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `key=value` directory name.
pub fn dir(key: &str, value: &str) -> String {
    format!("{key}={}", encode(value))
}

/// Value of a `key=value` directory name.
pub fn value_of<'a>(component: &'a str, key: &str) -> Option<&'a str> {
    component.strip_prefix(key)?.strip_prefix('=')
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn hostile_values_stay_one_safe_component() {
        for v in ["../x", "..", ".", "/etc/passwd", "a\0b", "", "c:\\x", &"长".repeat(200)] {
            let e = encode(v);
            assert!(!e.is_empty() && e != "." && e != "..", "{v:?} → {e}");
            assert!(!e.contains('/') && !e.contains('\\') && !e.contains('\0') && !e.contains('.'), "{v:?} → {e}");
            assert!(e.len() <= MAX_LEN, "{v:?} → {e}");
        }
        assert_eq!(encode("371521"), "371521");
        assert_eq!(encode("阳谷县"), "阳谷县");
        assert_eq!(decode(&encode("../x")), "../x");
    }

    proptest! {
        #[test]
        fn encode_never_escapes_and_round_trips(v in "\\PC{0,30}") {
            let e = encode(&v);
            prop_assert!(!e.contains('/') && !e.contains('\0') && !e.contains('.') && !e.is_empty());
            if !e.contains('~') && !v.is_empty() {
                prop_assert_eq!(decode(&e), v);
            }
        }
    }
}
