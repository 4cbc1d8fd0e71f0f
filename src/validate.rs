//! The rules every request passes before anything is sent.
//!
//! Each check collects all problems at once, with paths, so a form can show every mistake in
//! one pass; a check that passes yields a typed request the rest of the core can trust.

use crate::issue::{join, unknown_keys, Report};
use crate::value::{field, number_text};
use crate::Value;

/// The largest retention the wire format can carry (`int32`). The real ceiling is a
/// per-project setting the server enforces.
pub const MAX_RETENTION_DAYS: f64 = 2_147_483_647.0;

/// The largest page Pinecone serves.
pub const MAX_PAGE_LIMIT: f64 = 100.0;

/// Backups are named `{schedule name}-{YYYYMMDDTHHMMSSZ}` and backup names stop at 45
/// characters, so longer schedule names are accepted but their backups can fail later.
const MAX_BACKUP_FRIENDLY_NAME: usize = 45 - 17;

/// Schedule frequencies the API documents for requests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Frequency {
    Daily,
    Weekly,
    Monthly,
}

impl Frequency {
    pub const ALL: [Frequency; 3] = [Frequency::Daily, Frequency::Weekly, Frequency::Monthly];

    pub fn as_str(self) -> &'static str {
        match self {
            Frequency::Daily => "daily",
            Frequency::Weekly => "weekly",
            Frequency::Monthly => "monthly",
        }
    }
}

/// A create request that passed every rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreateRequest {
    pub name: String,
    pub frequency: Frequency,
    pub expire_after_days: i32,
}

/// An update request that passed every rule; `None` fields are not sent.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UpdateRequest {
    pub enabled: Option<bool>,
    pub frequency: Option<Frequency>,
    pub expire_after_days: Option<i32>,
}

/// Paging parameters for the two list calls.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageParams {
    pub limit: Option<u32>,
    pub pagination_token: Option<String>,
}

/// Index names: 1-45 lower-case letters, digits or `-`, starting and ending alphanumeric.
pub fn index_name(report: &mut Report, path: &str, value: Option<&Value>) -> Option<String> {
    let name = required_string(report, path, value)?;
    let before = report.errors.len();
    let len = name.chars().count();
    if len == 0 {
        report.error(path, "must not be empty");
    } else if len > 45 {
        report.error(path, format!("must be at most 45 characters, got {len}"));
    }
    if let Some((i, c)) = name
        .chars()
        .enumerate()
        .find(|(_, c)| !(c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-'))
    {
        let shown = if c.is_control() || c.is_whitespace() {
            format!("U+{:04X}", c as u32)
        } else {
            format!("'{c}'")
        };
        let hint = if c.is_ascii_uppercase() {
            " (index names are lower-case)"
        } else {
            ""
        };
        report.error(
            path,
            format!(
                "may contain only lower-case letters, digits and '-', found {shown} at position {}{hint}",
                i + 1
            ),
        );
    } else if name.starts_with('-') || name.ends_with('-') {
        report.error(path, "must start and end with a letter or digit");
    }
    (report.errors.len() == before).then(|| name.to_owned())
}

/// Schedule ids are opaque, but they travel in a URL path: no control characters, and no
/// id made only of dots, since URL parsers fold `.` and `..` segments (even percent-encoded)
/// into a different path.
pub fn schedule_id(report: &mut Report, path: &str, value: Option<&Value>) -> Option<String> {
    let id = required_string(report, path, value)?;
    let before = report.errors.len();
    if id.trim().is_empty() {
        report.error(path, "must not be empty or blank");
    } else if id.chars().all(|c| c == '.') {
        report.error(path, "must not be '.' or '..'");
    }
    if id.chars().any(char::is_control) {
        report.error(path, "must not contain control characters");
    }
    if id.len() > 512 {
        report.error(path, format!("must be at most 512 bytes, got {}", id.len()));
    }
    (report.errors.len() == before).then(|| id.to_owned())
}

/// The body of `POST /indexes/{index_name}/backup-schedules`, exactly as documented.
pub fn create_request(report: &mut Report, value: Option<&Value>) -> Option<CreateRequest> {
    let members = object(report, "request", value)?;
    let before = report.errors.len();
    unknown_keys(
        report,
        "",
        members,
        &["name", "schedule", "retention"],
        &[
            ("frequency", "'frequency' belongs inside 'schedule'"),
            (
                "expire_after_days",
                "'expire_after_days' belongs inside 'retention'",
            ),
            ("retentionDays", "use 'retention: { expire_after_days }'"),
            ("retention_days", "use 'retention: { expire_after_days }'"),
            (
                "enabled",
                "a new schedule is always enabled; 'enabled' is for updates",
            ),
        ],
    );

    let name = schedule_name(report, value.and_then(|v| v.get("name")));

    let frequency =
        object(report, "schedule", value.and_then(|v| v.get("schedule"))).and_then(|schedule| {
            unknown_keys(
                report,
                "schedule",
                schedule,
                &["type", "frequency"],
                &[
                    ("schedule_type", "did you mean 'type'?"),
                    ("scheduleType", "did you mean 'type'?"),
                    ("interval", "did you mean 'frequency'?"),
                    (
                        "cron",
                        "Pinecone schedules take a 'frequency', not a cron expression",
                    ),
                ],
            );
            match field(schedule, "type") {
                None => {}
                Some(Value::String(t)) if t == "time-based" => {}
                Some(Value::String(t)) if t.eq_ignore_ascii_case("time-based") => {
                    report.error("schedule.type", "must be 'time-based' (lower-case)")
                }
                Some(Value::String(_)) => report.error(
                    "schedule.type",
                    "must be 'time-based', the only schedule type; omit it to use that",
                ),
                Some(other) => report.error(
                    "schedule.type",
                    format!("must be the string 'time-based', got {}", other.kind()),
                ),
            }
            frequency(report, "schedule.frequency", field(schedule, "frequency"))
        });

    let days = object(report, "retention", value.and_then(|v| v.get("retention")))
        .and_then(|retention| retention_days(report, "retention", retention));

    if report.errors.len() != before {
        return None;
    }
    Some(CreateRequest {
        name: name?,
        frequency: frequency?,
        expire_after_days: days?,
    })
}

/// The body of `PATCH /backup-schedules/{id}`. An empty update is refused: the API would
/// accept it and change nothing, which is nearly always a caller's mistake.
pub fn update_request(report: &mut Report, value: Option<&Value>) -> Option<UpdateRequest> {
    let members = object(report, "request", value)?;
    let before = report.errors.len();
    unknown_keys(
        report,
        "",
        members,
        &["enabled", "frequency", "retention"],
        &[
            (
                "schedule",
                "in updates 'frequency' is a top-level field, not under 'schedule'",
            ),
            ("name", "a schedule's name cannot change"),
            (
                "expire_after_days",
                "'expire_after_days' belongs inside 'retention'",
            ),
            ("retentionDays", "use 'retention: { expire_after_days }'"),
            ("enable", "did you mean 'enabled'?"),
        ],
    );
    let mut update = UpdateRequest::default();

    match field(members, "enabled") {
        None => {}
        Some(Value::Bool(b)) => update.enabled = Some(*b),
        Some(other) => report.error(
            "enabled",
            format!("must be true or false, got {}", other.kind()),
        ),
    }
    if let Some(f) = field(members, "frequency") {
        update.frequency = frequency(report, "frequency", Some(f));
    }
    if let Some(retention) = field(members, "retention") {
        if let Some(members) = object(report, "retention", Some(retention)) {
            update.expire_after_days = retention_days(report, "retention", members);
        }
    }

    if report.errors.len() != before {
        return None;
    }
    if update == UpdateRequest::default() {
        report.error(
            "request",
            "nothing to update; give at least one of enabled, frequency, retention",
        );
        return None;
    }
    Some(update)
}

/// `{ limit?, paginationToken? }` for the list calls; `undefined` or `null` mean defaults.
pub fn page_params(report: &mut Report, path: &str, value: Option<&Value>) -> Option<PageParams> {
    let members = match value {
        None | Some(Value::Null) => return Some(PageParams::default()),
        other => object(report, path, other)?,
    };
    let before = report.errors.len();
    unknown_keys(
        report,
        path,
        members,
        &["limit", "paginationToken"],
        &[
            ("pagination_token", "did you mean 'paginationToken'?"),
            ("token", "did you mean 'paginationToken'?"),
            ("next", "pass 'pagination.next' as 'paginationToken'"),
            ("pageSize", "did you mean 'limit'?"),
        ],
    );
    let mut params = PageParams::default();
    if let Some(limit) = field(members, "limit").filter(|v| **v != Value::Null) {
        params.limit =
            integer(report, &join(path, "limit"), limit, 1.0, MAX_PAGE_LIMIT).map(|n| n as u32);
    }
    match field(members, "paginationToken") {
        None | Some(Value::Null) => {}
        Some(Value::String(t)) => {
            let p = join(path, "paginationToken");
            if t.is_empty() {
                report.error(p, "must not be empty; omit it for the first page");
            } else if t.chars().any(|c| c.is_control() || c.is_whitespace()) {
                report.error(p, "must not contain spaces or control characters");
            } else if t.len() > 4096 {
                report.error(p, format!("must be at most 4096 bytes, got {}", t.len()));
            } else {
                params.pagination_token = Some(t.clone());
            }
        }
        Some(other) => report.error(
            join(path, "paginationToken"),
            format!("must be a string, got {}", other.kind()),
        ),
    }
    (report.errors.len() == before).then_some(params)
}

fn schedule_name(report: &mut Report, value: Option<&Value>) -> Option<String> {
    let name = required_string(report, "name", value)?;
    if name.trim().is_empty() {
        report.error("name", "must not be empty or blank");
        return None;
    }
    if name.chars().any(char::is_control) {
        report.error("name", "must not contain control characters");
        return None;
    }
    let len = name.chars().count();
    let backup_safe = name
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !name.starts_with('-');
    if len > MAX_BACKUP_FRIENDLY_NAME {
        report.warn(
            "name",
            format!(
                "is {len} characters; backups are named '<name>-<timestamp>' and must fit 45, \
                 so names over {MAX_BACKUP_FRIENDLY_NAME} may make backups fail"
            ),
        );
    }
    if !backup_safe {
        report.warn(
            "name",
            "backups take their name from the schedule and allow only lower-case letters, \
             digits and '-', starting with a letter or digit; backups of this schedule may fail",
        );
    }
    Some(name.to_owned())
}

fn frequency(report: &mut Report, path: &str, value: Option<&Value>) -> Option<Frequency> {
    let all = "daily, weekly or monthly";
    match value {
        None => {
            report.error(path, format!("is required: {all}"));
            None
        }
        Some(Value::String(s)) => {
            if let Some(f) = Frequency::ALL.iter().find(|f| f.as_str() == s) {
                return Some(*f);
            }
            let folded = s.trim().to_ascii_lowercase();
            match Frequency::ALL.iter().find(|f| f.as_str() == folded) {
                Some(f) => report.error(
                    path,
                    format!("must be {all}; did you mean '{}'?", f.as_str()),
                ),
                None => report.error(path, format!("must be {all}")),
            }
            None
        }
        Some(other) => {
            report.error(
                path,
                format!("must be a string ({all}), got {}", other.kind()),
            );
            None
        }
    }
}

fn retention_days(report: &mut Report, path: &str, members: &[(String, Value)]) -> Option<i32> {
    unknown_keys(
        report,
        path,
        members,
        &["expire_after_days"],
        &[
            ("days", "did you mean 'expire_after_days'?"),
            ("retentionDays", "did you mean 'expire_after_days'?"),
            ("retention_days", "did you mean 'expire_after_days'?"),
            ("expireDays", "did you mean 'expire_after_days'?"),
            ("ttl", "did you mean 'expire_after_days'?"),
        ],
    );
    let p = join(path, "expire_after_days");
    match members.iter().find(|(k, _)| k == "expire_after_days") {
        None => {
            report.error(p, "is required: a whole number of days, at least 1");
            None
        }
        Some((_, v)) => integer(report, &p, v, 1.0, MAX_RETENTION_DAYS).map(|n| n as i32),
    }
}

/// A whole number in `min..=max`. Strings are refused rather than coerced: `"7"` usually
/// means an unparsed form field, and silently fixing it hides that bug.
fn integer(report: &mut Report, path: &str, value: &Value, min: f64, max: f64) -> Option<f64> {
    // The wire limit on retention says nothing useful to a person: the real ceiling is the
    // project's, enforced by the server.
    let rule = if max >= MAX_RETENTION_DAYS {
        format!("must be a whole number, at least {}", number_text(min))
    } else {
        format!(
            "must be a whole number from {} to {}",
            number_text(min),
            number_text(max)
        )
    };
    match value {
        Value::Number(n) if n.is_finite() && n.fract() == 0.0 && (min..=max).contains(n) => {
            Some(*n)
        }
        Value::Number(n) if n.is_finite() && n.fract() == 0.0 && *n > max => {
            report.error(
                path,
                format!(
                    "must be at most {}, got {}",
                    number_text(max),
                    number_text(*n)
                ),
            );
            None
        }
        Value::Number(n) if n.is_finite() && n.fract() == 0.0 => {
            report.error(path, format!("{rule}, got {}", number_text(*n)));
            None
        }
        Value::Number(n) if n.is_finite() => {
            report.error(
                path,
                format!("{rule}, got the fraction {}", number_text(*n)),
            );
            None
        }
        Value::String(s) => {
            report.error(
                path,
                format!("{rule}, got the string \"{}\"", truncate(s, 20)),
            );
            None
        }
        other => {
            report.error(path, format!("{rule}, got {}", other.kind()));
            None
        }
    }
}

fn required_string<'a>(
    report: &mut Report,
    path: &str,
    value: Option<&'a Value>,
) -> Option<&'a str> {
    match value {
        Some(Value::String(s)) => Some(s),
        None => {
            report.error(path, "is required");
            None
        }
        Some(other) => {
            report.error(path, format!("must be a string, got {}", other.kind()));
            None
        }
    }
}

fn object<'a>(
    report: &mut Report,
    path: &str,
    value: Option<&'a Value>,
) -> Option<&'a [(String, Value)]> {
    match value {
        Some(Value::Object(members)) => Some(members),
        None => {
            report.error(path, "is required");
            None
        }
        Some(other) => {
            report.error(path, format!("must be an object, got {}", other.kind()));
            None
        }
    }
}

pub(crate) fn truncate(s: &str, max_chars: usize) -> String {
    match s.char_indices().nth(max_chars) {
        Some((i, _)) => format!("{}…", s.get(..i).unwrap_or_default()),
        None => s.to_owned(),
    }
}
