//! When to try again, how long to wait, and how a create stays single after an ambiguous
//! failure.

use crate::validate::CreateRequest;
use crate::Value;

/// First backoff step; each later retry doubles it.
pub const BASE_DELAY_MS: f64 = 500.0;
/// No computed backoff waits longer than this.
pub const MAX_DELAY_MS: f64 = 20_000.0;
/// A server may ask for a longer pause with `Retry-After`; beyond this the call gives up and
/// reports the wait instead of holding a dashboard hostage.
pub const MAX_RETRY_AFTER_MS: f64 = 60_000.0;

/// Statuses that say "try again later" without the request having had an effect, or (5xx)
/// where the effect is unknown.
pub fn is_retryable_status(status: u16) -> bool {
    matches!(status, 429 | 500 | 502 | 503 | 504)
}

/// A 429 means the request was refused before any work; a 5xx or a lost connection leaves
/// open whether a create went through.
pub fn is_ambiguous_status(status: u16) -> bool {
    status != 429 && is_retryable_status(status)
}

/// Backoff before retry number `retry` (1-based), given `random` in `[0, 1)`.
///
/// Jitter spreads clients over the upper half of each doubling window rather than the whole
/// of it: clients still desynchronise, and each wait is never shorter than the one before,
/// which is what a person watching a progress indicator expects. Both ends are capped, so
/// far past the cap every wait is exactly the cap.
pub fn backoff_ms(retry: u32, random: f64) -> f64 {
    let window = BASE_DELAY_MS * 2f64.powi(retry.saturating_sub(1).min(30) as i32);
    let low = (window / 2.0).min(MAX_DELAY_MS);
    let high = window.min(MAX_DELAY_MS);
    let random = if random.is_finite() {
        random.clamp(0.0, 1.0)
    } else {
        0.5
    };
    low + random * (high - low)
}

/// The wait a `Retry-After` header asks for, in milliseconds: delta-seconds or an HTTP date
/// (relative to `now_ms`, the JS clock). `None` when absent or unreadable.
pub fn retry_after_ms(header: Option<&str>, now_ms: f64) -> Option<f64> {
    let value = header?.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        return seconds_ms(value);
    }
    let at = http_date_ms(value)?;
    Some((at - now_ms).max(0.0))
}

/// `12` or `1.5` seconds as milliseconds. Written out because `str::parse::<f64>` would add
/// several kilobytes to the module for this one header.
fn seconds_ms(value: &str) -> Option<f64> {
    let (whole, frac) = value.split_once('.').unwrap_or((value, ""));
    if whole.is_empty() || frac.contains('.') {
        return None;
    }
    if whole.len() > 9 {
        // Longer than any wait worth honouring: report it as huge rather than unreadable.
        return Some(f64::INFINITY);
    }
    let whole: u64 = whole.parse().ok()?;
    let mut ms = whole * 1000;
    for (i, d) in frac.bytes().take(3).enumerate() {
        ms += u64::from(d - b'0') * [100, 10, 1][i];
    }
    Some(ms as f64)
}

/// Parses the IMF-fixdate form (`Sun, 06 Nov 1994 08:49:37 GMT`), the only one servers may
/// send today, into milliseconds since the epoch.
pub fn http_date_ms(s: &str) -> Option<f64> {
    let (_, rest) = s.split_once(", ")?;
    let mut parts = rest.split(' ');
    let day: i64 = parts.next()?.parse().ok()?;
    let month = match parts.next()? {
        "Jan" => 1,
        "Feb" => 2,
        "Mar" => 3,
        "Apr" => 4,
        "May" => 5,
        "Jun" => 6,
        "Jul" => 7,
        "Aug" => 8,
        "Sep" => 9,
        "Oct" => 10,
        "Nov" => 11,
        "Dec" => 12,
        _ => return None,
    };
    let year: i64 = parts.next()?.parse().ok()?;
    let mut hms = parts.next()?.split(':');
    let h: i64 = hms.next()?.parse().ok()?;
    let m: i64 = hms.next()?.parse().ok()?;
    let sec: i64 = hms.next()?.parse().ok()?;
    if parts.next()? != "GMT" || parts.next().is_some() {
        return None;
    }
    if !(1..=31).contains(&day) || h > 23 || m > 59 || sec > 60 || !(1970..=9999).contains(&year) {
        return None;
    }
    let days = days_from_civil(year, month, day);
    Some(((days * 86_400 + h * 3600 + m * 60 + sec) * 1000) as f64)
}

/// Days since 1970-01-01 of a proleptic Gregorian date.
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// In a page of schedules, the index of the one this create would have made: enabled, with
/// the same name, frequency and retention. Used after an ambiguous failure, to adopt the
/// schedule the first attempt created instead of posting a second one. Only an enabled
/// schedule can be ours (creates make enabled schedules), and while one is enabled no other
/// create on the index can succeed, so a match cannot be an unrelated older schedule.
pub fn find_created(page: &Value, request: &CreateRequest) -> Option<usize> {
    let Some(Value::Array(items)) = page.get("data") else {
        return None;
    };
    items.iter().position(|item| {
        item.get("enabled") == Some(&Value::Bool(true))
            && item.get("name").and_then(Value::as_str) == Some(request.name.as_str())
            && item.get("frequency").and_then(Value::as_str) == Some(request.frequency.as_str())
            && item.get("retention_expire_after_days")
                == Some(&Value::Number(f64::from(request.expire_after_days)))
    })
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::validate::Frequency;
    use crate::value::json;

    #[test]
    fn backoff_grows_and_is_capped() {
        for r in [0.0, 0.3, 0.99] {
            assert!(backoff_ms(1, r) >= 250.0 && backoff_ms(1, r) <= 500.0);
            assert!(backoff_ms(2, r) >= 500.0 && backoff_ms(2, r) <= 1000.0);
            assert!(backoff_ms(1, 0.99) <= backoff_ms(2, 0.0));
            assert!(backoff_ms(40, r) <= MAX_DELAY_MS);
        }
        assert_eq!(backoff_ms(1, f64::NAN), 375.0);
    }

    #[test]
    fn retry_after_forms() {
        assert_eq!(retry_after_ms(Some("2"), 0.0), Some(2000.0));
        assert_eq!(retry_after_ms(Some(" 0 "), 0.0), Some(0.0));
        assert_eq!(retry_after_ms(Some("1.5"), 0.0), Some(1500.0));
        assert_eq!(retry_after_ms(Some("soon"), 0.0), None);
        assert_eq!(
            retry_after_ms(Some("99999999999999999999"), 0.0),
            Some(f64::INFINITY)
        );
        assert_eq!(retry_after_ms(Some("-3"), 0.0), None);
        assert_eq!(retry_after_ms(None, 0.0), None);
        let at = http_date_ms("Sun, 06 Nov 1994 08:49:37 GMT").unwrap();
        assert_eq!(at, 784_111_777_000.0);
        assert_eq!(
            retry_after_ms(Some("Sun, 06 Nov 1994 08:49:40 GMT"), at),
            Some(3000.0)
        );
        assert_eq!(
            retry_after_ms(Some("Sun, 06 Nov 1994 08:49:40 GMT"), at + 9e6),
            Some(0.0)
        );
        assert_eq!(http_date_ms("Sun, 06 Nov 1994 08:49:37 PST"), None);
        assert_eq!(http_date_ms("Sun, 32 Nov 1994 08:49:37 GMT"), None);
    }

    #[test]
    fn statuses() {
        assert!(is_retryable_status(429) && !is_ambiguous_status(429));
        assert!(is_retryable_status(503) && is_ambiguous_status(503));
        assert!(
            !is_retryable_status(400) && !is_retryable_status(409) && !is_retryable_status(501)
        );
    }

    #[test]
    fn adoption_matches_all_three_fields() {
        let request = CreateRequest {
            name: "nightly".into(),
            frequency: Frequency::Daily,
            expire_after_days: 7,
        };
        let page = json(
            r#"{"data":[
                {"name":"nightly","frequency":"weekly","retention_expire_after_days":7,"enabled":true},
                {"name":"nightly","frequency":"daily","retention_expire_after_days":7,"enabled":false},
                {"name":"nightly","frequency":"daily","retention_expire_after_days":7,"enabled":true}
            ]}"#,
        );
        assert_eq!(find_created(&page, &request), Some(2));
        assert_eq!(find_created(&json(r#"{"data":[]}"#), &request), None);
        assert_eq!(find_created(&json("[]"), &request), None);
    }
}
