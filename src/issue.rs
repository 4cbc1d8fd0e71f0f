//! Problems found in caller input, each tied to the path of the field it concerns.

/// One problem with one field: `path` is dotted (`retention.expire_after_days`,
/// `options.apiKey`), `message` is lower-case and states the rule that was broken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issue {
    pub path: String,
    pub message: String,
}

/// Everything wrong with one call's input. Errors stop the call; warnings do not.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    pub errors: Vec<Issue>,
    pub warnings: Vec<Issue>,
}

impl Report {
    pub fn error(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.errors.push(Issue {
            path: path.into(),
            message: message.into(),
        });
    }

    pub fn warn(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.warnings.push(Issue {
            path: path.into(),
            message: message.into(),
        });
    }

    pub fn is_ok(&self) -> bool {
        self.errors.is_empty()
    }

    pub fn merge(&mut self, other: Report) {
        self.errors.extend(other.errors);
        self.warnings.extend(other.warnings);
    }
}

/// Joins a parent path and a key; the root has an empty path.
pub(crate) fn join(parent: &str, key: &str) -> String {
    if parent.is_empty() {
        key.to_owned()
    } else {
        format!("{parent}.{key}")
    }
}

/// Reports every key of `object` outside `known`, with a hint when the key looks like a slip
/// for a known one (`expireAfterDays` for `expire_after_days`) or appears in `aliases`.
pub(crate) fn unknown_keys(
    report: &mut Report,
    path: &str,
    members: &[(String, crate::Value)],
    known: &[&str],
    aliases: &[(&str, &str)],
) {
    // A hostile object can have any number of keys; past a handful, more messages help
    // nobody and cost time.
    const SHOWN: usize = 20;
    let mut unknown = 0;
    for (key, _) in members {
        if known.contains(&key.as_str()) {
            continue;
        }
        unknown += 1;
        if unknown > SHOWN {
            continue;
        }
        let hint = suggestion(key, known, aliases);
        let message = match hint {
            Some(h) => format!("unknown field; {h}"),
            None => format!("unknown field; expected one of {}", known.join(", ")),
        };
        report.error(join(path, key), message);
    }
    if unknown > SHOWN {
        let at = if path.is_empty() { "request" } else { path };
        report.error(at, format!("{} more unknown fields", unknown - SHOWN));
    }
}

fn suggestion(key: &str, known: &[&str], aliases: &[(&str, &str)]) -> Option<String> {
    let folded = fold(key);
    if let Some((_, hint)) = aliases.iter().find(|(alias, _)| fold(alias) == folded) {
        return Some((*hint).to_owned());
    }
    known
        .iter()
        .map(|k| (k, distance(&folded, &fold(k))))
        .filter(|(k, d)| *d == 0 || (*d <= 2 && k.len() > 3))
        .min_by_key(|(_, d)| *d)
        .map(|(k, _)| format!("did you mean '{k}'?"))
}

/// Case and separators do not matter when guessing what the caller meant.
fn fold(s: &str) -> String {
    s.chars()
        .filter(|c| *c != '_' && *c != '-')
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// Levenshtein distance, bounded to short keys so hostile input cannot make it slow.
fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().take(64).collect();
    let b: Vec<char> = b.chars().take(64).collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn hints_for_case_and_separator_slips() {
        let known = ["expire_after_days"];
        assert_eq!(
            suggestion("expireAfterDays", &known, &[]).as_deref(),
            Some("did you mean 'expire_after_days'?")
        );
        assert_eq!(
            suggestion("expire_after_dayz", &known, &[]).as_deref(),
            Some("did you mean 'expire_after_days'?")
        );
        assert_eq!(suggestion("color", &known, &[]), None);
    }

    #[test]
    fn aliases_win_over_distance() {
        let aliases = [("retentionDays", "use 'expire_after_days'")];
        assert_eq!(
            suggestion("retention_days", &["expire_after_days"], &aliases).as_deref(),
            Some("use 'expire_after_days'")
        );
    }
}
