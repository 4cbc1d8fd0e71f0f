//! UTC calendar arithmetic: just enough for timestamps and run times, so no date crate is needed.

use std::time::{SystemTime, UNIX_EPOCH};

const SECS_PER_DAY: i64 = 86_400;

/// Scheduled runs happen at this hour (UTC); the real service picks a time of its own and the
/// emulator only needs a plausible, predictable one.
const RUN_HOUR: i64 = 2;

/// A point in time as seconds plus microseconds since the Unix epoch.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Timestamp {
    pub secs: i64,
    pub micros: u32,
}

impl Timestamp {
    pub fn at(year: i64, month: u32, day: u32, hour: u32, minute: u32, second: u32) -> Self {
        let secs = days_from_civil(year, month, day) * SECS_PER_DAY
            + i64::from(hour) * 3600
            + i64::from(minute) * 60
            + i64::from(second);
        Timestamp { secs, micros: 0 }
    }

    /// `2026-04-23T16:36:51.267528+00:00`, the shape the service uses for `created_at`.
    pub fn rfc3339_micros(self) -> String {
        let (date, time) = self.date_and_time();
        format!("{date}T{time}.{:06}+00:00", self.micros)
    }

    /// `2026-04-24T02:00:00+00:00`, for run times that fall on whole seconds.
    pub fn rfc3339(self) -> String {
        let (date, time) = self.date_and_time();
        format!("{date}T{time}+00:00")
    }

    /// `20260424T020000Z`, the suffix of backup names.
    pub fn compact(self) -> String {
        let (year, month, day) = civil_from_days(self.secs.div_euclid(SECS_PER_DAY));
        let (hour, minute, second) = self.clock();
        format!("{year:04}{month:02}{day:02}T{hour:02}{minute:02}{second:02}Z")
    }

    fn date_and_time(self) -> (String, String) {
        let (year, month, day) = civil_from_days(self.secs.div_euclid(SECS_PER_DAY));
        let (hour, minute, second) = self.clock();
        (
            format!("{year:04}-{month:02}-{day:02}"),
            format!("{hour:02}:{minute:02}:{second:02}"),
        )
    }

    fn clock(self) -> (i64, i64, i64) {
        let of_day = self.secs.rem_euclid(SECS_PER_DAY);
        (of_day / 3600, of_day % 3600 / 60, of_day % 60)
    }
}

pub fn now() -> Timestamp {
    // A clock set before 1970 is not worth failing over; the epoch is as good a time as any.
    let elapsed = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default();
    Timestamp {
        secs: i64::try_from(elapsed.as_secs()).unwrap_or(i64::MAX),
        micros: elapsed.subsec_micros(),
    }
}

/// How often a schedule runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Frequency {
    Daily,
    Weekly,
    Monthly,
}

impl Frequency {
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "daily" => Some(Frequency::Daily),
            "weekly" => Some(Frequency::Weekly),
            "monthly" => Some(Frequency::Monthly),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Frequency::Daily => "daily",
            Frequency::Weekly => "weekly",
            Frequency::Monthly => "monthly",
        }
    }

    /// The first run strictly after `now`: 02:00 UTC every day, on Mondays, or on the first of
    /// the month.
    pub fn next_run(self, now: Timestamp) -> Timestamp {
        let today = now.secs.div_euclid(SECS_PER_DAY);
        let first_day = match self {
            Frequency::Daily => today,
            Frequency::Weekly => {
                // Day 0 (1970-01-01) was a Thursday, so Monday is three days behind it.
                let weekday = (today + 3).rem_euclid(7);
                today + (7 - weekday) % 7
            }
            Frequency::Monthly => {
                let (year, month, _) = civil_from_days(today);
                days_from_civil(year, month, 1)
            }
        };
        let candidate = first_day * SECS_PER_DAY + RUN_HOUR * 3600;
        let secs = if candidate > now.secs {
            candidate
        } else {
            match self {
                Frequency::Daily => candidate + SECS_PER_DAY,
                Frequency::Weekly => candidate + 7 * SECS_PER_DAY,
                Frequency::Monthly => {
                    let (year, month, _) = civil_from_days(first_day);
                    let (year, month) = if month == 12 {
                        (year + 1, 1)
                    } else {
                        (year, month + 1)
                    };
                    days_from_civil(year, month, 1) * SECS_PER_DAY + RUN_HOUR * 3600
                }
            }
        };
        Timestamp { secs, micros: 0 }
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date. Years are counted from March so that
/// the leap day falls at the end of the counting year.
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let month = i64::from(month);
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month_from_march = (month + 9) % 12;
    let day_of_year = (153 * month_from_march + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// Inverse of [`days_from_civil`].
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let shifted = days + 719_468;
    let era = shifted.div_euclid(146_097);
    let day_of_era = shifted - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_from_march = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_from_march + 2) / 5 + 1;
    let month = (month_from_march + 2) % 12 + 1;
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    // Both values are bounded by the arithmetic above (1..=31 and 1..=12).
    (year, month as u32, day as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_round_trip_covers_leap_years_and_month_ends() {
        for days in -800_000..800_000 {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days, "{y}-{m}-{d}");
        }
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(days_from_civil(2024, 2, 29)), (2024, 2, 29));
    }

    #[test]
    fn formats_match_the_service() {
        let t = Timestamp {
            micros: 267_528,
            ..Timestamp::at(2026, 4, 23, 16, 36, 51)
        };
        assert_eq!(t.rfc3339_micros(), "2026-04-23T16:36:51.267528+00:00");
        assert_eq!(t.rfc3339(), "2026-04-23T16:36:51+00:00");
        assert_eq!(t.compact(), "20260423T163651Z");
    }

    #[test]
    fn next_runs_fall_after_now_at_two() {
        // A Thursday afternoon.
        let now = Timestamp::at(2026, 4, 23, 16, 36, 51);
        assert_eq!(
            Frequency::Daily.next_run(now),
            Timestamp::at(2026, 4, 24, 2, 0, 0)
        );
        assert_eq!(
            Frequency::Weekly.next_run(now),
            Timestamp::at(2026, 4, 27, 2, 0, 0)
        );
        assert_eq!(
            Frequency::Monthly.next_run(now),
            Timestamp::at(2026, 5, 1, 2, 0, 0)
        );

        let early = Timestamp::at(2026, 12, 1, 1, 0, 0);
        assert_eq!(
            Frequency::Daily.next_run(early),
            Timestamp::at(2026, 12, 1, 2, 0, 0)
        );
        assert_eq!(
            Frequency::Monthly.next_run(early),
            Timestamp::at(2026, 12, 1, 2, 0, 0)
        );
        let late = Timestamp::at(2026, 12, 1, 3, 0, 0);
        assert_eq!(
            Frequency::Monthly.next_run(late),
            Timestamp::at(2027, 1, 1, 2, 0, 0)
        );
        // Monday 02:00 exactly is not "after" itself.
        let monday = Timestamp::at(2026, 4, 27, 2, 0, 0);
        assert_eq!(
            Frequency::Weekly.next_run(monday),
            Timestamp::at(2026, 5, 4, 2, 0, 0)
        );
    }
}
