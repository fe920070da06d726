//! Literal text every identifier a regular expression accepts must contain:
//! what lets the prefilter and the matcher skip text without running the
//! regular expression.

/// A literal that every identifier matching `re` contains, when one is evident:
/// the longest identifier run outside groups, alternations and quantifiers.
pub fn regex_fragment(re: &str) -> Option<String> {
    if re.contains('|') && !re.starts_with('^') && !re.contains('(') {
        return None;
    }
    let b = re.as_bytes();
    let mut depth = 0i32;
    let mut best = String::new();
    let mut cur = String::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let quantified = matches!(b.get(i + 1), Some(b'?' | b'*' | b'{'));
        match c {
            b'(' => {
                depth += 1;
                cur.clear();
            }
            b')' => {
                depth -= 1;
                cur.clear();
            }
            b'\\' => {
                cur.clear();
                i += 1;
            }
            b'|' if depth == 0 => return None,
            _ if depth == 0 && (c.is_ascii_alphanumeric() || c == b'_') && !quantified => {
                cur.push(c as char);
                if cur.len() > best.len() {
                    best = cur.clone();
                }
            }
            _ => cur.clear(),
        }
        i += 1;
    }
    (best.len() >= 3).then_some(best)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fragments_of_regexes() {
        assert_eq!(
            regex_fragment("^(__)?get_user_pages").as_deref(),
            Some("get_user_pages")
        );
        assert_eq!(
            regex_fragment("^put_user_page").as_deref(),
            Some("put_user_page")
        );
        assert_eq!(regex_fragment("^(get|pin)_user").as_deref(), Some("_user"));
        assert_eq!(regex_fragment("foo|bar"), None);
        assert_eq!(regex_fragment("^a_?b$"), None);
    }
}
