//! The emulated world (projects, indexes, schedules, backups), its seeds, and the shared handle
//! every request works through.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, MutexGuard};

use serde_json::{json, Map, Value};

use crate::clock::{self, Frequency, Timestamp};
use crate::faults::Fault;
use crate::journal::Journal;
use crate::Config;

pub const DEMO_PROJECT: &str = "demo-project";
pub const DEMO_KEY: &str = "emulator-key";
pub const STARTER_PROJECT: &str = "starter-project";
pub const STARTER_KEY: &str = "emulator-starter-key";

pub const NIGHTLY_SUPPORT_ID: &str = "3f6c1e2a-8b4d-4c7e-9a15-2d8f0b6e4a71";
pub const WEEKLY_ARCHIVE_ID: &str = "b7d2e9c4-1f3a-4e8b-a6c5-9e0d7f2b1c38";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Plan {
    Starter,
    Standard,
}

impl Plan {
    pub fn as_str(self) -> &'static str {
        match self {
            Plan::Starter => "starter",
            Plan::Standard => "standard",
        }
    }

    pub fn has_scheduled_backups(self) -> bool {
        self == Plan::Standard
    }
}

#[derive(Clone, Debug)]
pub struct Project {
    pub id: String,
    pub plan: Plan,
    pub api_key: String,
}

#[derive(Clone, Debug)]
pub struct Index {
    pub id: String,
    pub name: String,
    pub project_id: String,
    pub pod_based: bool,
}

#[derive(Clone, Debug)]
pub struct Schedule {
    pub id: String,
    pub name: String,
    pub index_id: String,
    pub project_id: String,
    pub frequency: Frequency,
    pub retention_days: i32,
    pub enabled: bool,
    pub next_run: Option<Timestamp>,
    pub created_at: Timestamp,
    pub history: Vec<Backup>,
}

/// One backup made by a schedule. Optional fields live in `details` so that a seed can leave
/// any of them out entirely, the way some real responses do.
#[derive(Clone, Debug)]
pub struct Backup {
    pub backup_id: String,
    pub name: String,
    pub status: String,
    pub created_at: Timestamp,
    pub details: Map<String, Value>,
}

#[derive(Clone, Debug, Default)]
pub struct World {
    pub projects: Vec<Project>,
    pub indexes: Vec<Index>,
    pub schedules: Vec<Schedule>,
}

impl World {
    pub fn project_by_key(&self, key: &str) -> Option<&Project> {
        self.projects.iter().find(|p| p.api_key == key)
    }

    pub fn index_by_name(&self, project_id: &str, name: &str) -> Option<&Index> {
        self.indexes
            .iter()
            .find(|i| i.project_id == project_id && i.name == name)
    }

    pub fn index_by_id(&self, id: &str) -> Option<&Index> {
        self.indexes.iter().find(|i| i.id == id)
    }

    /// Position of a schedule the project may see; others' schedules are as good as absent.
    pub fn schedule_position(&self, project_id: &str, id: &str) -> Option<usize> {
        self.schedules
            .iter()
            .position(|s| s.project_id == project_id && s.id == id)
    }

    pub fn has_other_enabled(&self, index_id: &str, except: Option<&str>) -> bool {
        self.schedules
            .iter()
            .any(|s| s.index_id == index_id && s.enabled && Some(s.id.as_str()) != except)
    }

    /// The seeded world. `now` only feeds the seeded schedule's next run, which must lie ahead.
    pub fn seeded(now: Timestamp) -> World {
        let projects = vec![
            Project {
                id: DEMO_PROJECT.into(),
                plan: Plan::Standard,
                api_key: DEMO_KEY.into(),
            },
            Project {
                id: STARTER_PROJECT.into(),
                plan: Plan::Starter,
                api_key: STARTER_KEY.into(),
            },
        ];
        let index = |name: &str, project: &str, pod_based: bool| Index {
            id: format!("idx-{name}-0001"),
            name: name.into(),
            project_id: project.into(),
            pod_based,
        };
        let indexes = vec![
            index("docs-example", DEMO_PROJECT, false),
            index("product-search", DEMO_PROJECT, false),
            index("support-tickets", DEMO_PROJECT, false),
            index("legacy-pods", DEMO_PROJECT, true),
            index("starter-index", STARTER_PROJECT, false),
        ];
        let schedules = vec![nightly_support(now), weekly_archive()];
        World {
            projects,
            indexes,
            schedules,
        }
    }
}

fn nightly_support(now: Timestamp) -> Schedule {
    let name = "nightly-support";
    let run = |day| Timestamp::at(2026, 3, day, 2, 0, 0);
    let full = Backup {
        backup_id: "9c1d7a3e-52f0-4b8a-8e6d-1a2b3c4d5e01".into(),
        name: format!("{name}-{}", run(3).compact()),
        status: "Ready".into(),
        created_at: Timestamp {
            micros: 412_907,
            ..Timestamp::at(2026, 3, 3, 2, 0, 4)
        },
        details: full_details(name, run(3), 18_240, 3, 94_371_840),
    };
    // Deliberately sparse: every optional field is missing, not null.
    let sparse = Backup {
        backup_id: "9c1d7a3e-52f0-4b8a-8e6d-1a2b3c4d5e02".into(),
        name: format!("{name}-{}", run(4).compact()),
        status: "Ready".into(),
        created_at: Timestamp {
            micros: 90_113,
            ..Timestamp::at(2026, 3, 4, 2, 0, 3)
        },
        details: Map::new(),
    };
    let mut failed_details = Map::new();
    failed_details.insert("description".into(), Value::Null);
    failed_details.insert("scheduled_execution_at".into(), json!(run(5).rfc3339()));
    failed_details.insert("record_count".into(), Value::Null);
    failed_details.insert("size_bytes".into(), Value::Null);
    let failed = Backup {
        backup_id: "9c1d7a3e-52f0-4b8a-8e6d-1a2b3c4d5e03".into(),
        name: format!("{name}-{}", run(5).compact()),
        status: "InitializationFailed".into(),
        created_at: Timestamp {
            micros: 731_002,
            ..Timestamp::at(2026, 3, 5, 2, 0, 5)
        },
        details: failed_details,
    };
    Schedule {
        id: NIGHTLY_SUPPORT_ID.into(),
        name: name.into(),
        index_id: "idx-support-tickets-0001".into(),
        project_id: DEMO_PROJECT.into(),
        frequency: Frequency::Daily,
        retention_days: 7,
        enabled: true,
        next_run: Some(Frequency::Daily.next_run(now)),
        created_at: Timestamp {
            micros: 267_528,
            ..Timestamp::at(2026, 3, 2, 16, 36, 51)
        },
        history: vec![full, sparse, failed],
    }
}

fn weekly_archive() -> Schedule {
    let name = "weekly-archive";
    let run = Timestamp::at(2026, 2, 9, 2, 0, 0);
    let backup = Backup {
        backup_id: "4e8f2b6a-0d3c-4a9e-b1f7-6c5d4e3f2a10".into(),
        name: format!("{name}-{}", run.compact()),
        status: "Ready".into(),
        created_at: Timestamp {
            micros: 5_418,
            ..Timestamp::at(2026, 2, 9, 2, 0, 9)
        },
        details: full_details(name, run, 17_002, 2, 88_080_384),
    };
    Schedule {
        id: WEEKLY_ARCHIVE_ID.into(),
        name: name.into(),
        index_id: "idx-support-tickets-0001".into(),
        project_id: DEMO_PROJECT.into(),
        frequency: Frequency::Weekly,
        retention_days: 30,
        enabled: false,
        next_run: None,
        created_at: Timestamp {
            micros: 880_041,
            ..Timestamp::at(2026, 2, 2, 9, 12, 30)
        },
        history: vec![backup],
    }
}

fn full_details(
    schedule: &str,
    run: Timestamp,
    records: u64,
    namespaces: u64,
    bytes: u64,
) -> Map<String, Value> {
    let value = json!({
        "description": format!("Scheduled backup by {schedule}"),
        "scheduled_execution_at": run.rfc3339(),
        "record_count": records,
        "namespace_count": namespaces,
        "size_bytes": bytes,
        "tags": { "schedule": schedule, "team": "support" },
        "schema": { "fields": { "priority": { "filterable": true } } },
    });
    match value {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

/// Knobs the admin API can turn; reset puts them back to the command line's values.
#[derive(Clone, Debug)]
pub struct Settings {
    pub expose_headers: bool,
    pub max_retention_days: u32,
    pub hostile_strings: bool,
}

impl Settings {
    fn from_config(config: &Config) -> Self {
        Settings {
            expose_headers: true,
            max_retention_days: config.max_retention_days,
            hostile_strings: false,
        }
    }
}

/// Everything that changes while the emulator runs, behind one lock. Handlers never hold the
/// lock across an `.await`, so a plain mutex is enough.
pub struct Emulator {
    pub world: World,
    pub settings: Settings,
    pub journal: Journal,
    pub faults: VecDeque<Fault>,
    pub rng: Rng,
}

struct Inner {
    config: Config,
    emulator: Mutex<Emulator>,
}

/// Cheap handle to the emulator, cloned into every request.
#[derive(Clone)]
pub struct Shared(Arc<Inner>);

impl Shared {
    pub fn new(config: Config) -> Self {
        let emulator = Emulator {
            world: World::seeded(clock::now()),
            settings: Settings::from_config(&config),
            journal: Journal::new(config.admin),
            faults: VecDeque::new(),
            rng: Rng::from_clock(),
        };
        Shared(Arc::new(Inner {
            config,
            emulator: Mutex::new(emulator),
        }))
    }

    pub fn config(&self) -> &Config {
        &self.0.config
    }

    pub fn lock(&self) -> MutexGuard<'_, Emulator> {
        // A panic elsewhere must not turn every later request into one too.
        self.0
            .emulator
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    pub fn reset(&self) {
        let mut emulator = self.lock();
        emulator.world = World::seeded(clock::now());
        emulator.settings = Settings::from_config(&self.0.config);
        emulator.journal.clear();
        emulator.faults.clear();
    }
}

/// Small non-cryptographic generator (SplitMix64) for ids that only need to look random.
pub struct Rng(u64);

impl Rng {
    fn from_clock() -> Self {
        let now = clock::now();
        let seed = (now.secs as u64).rotate_left(20)
            ^ u64::from(now.micros)
            ^ u64::from(std::process::id()) << 40;
        Rng(seed)
    }

    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A string shaped like a version-4 UUID.
    pub fn uuid(&mut self) -> String {
        let high = (self.next_u64() & !0xF000) | 0x4000;
        let low = (self.next_u64() & !(0b11 << 62)) | (0b10 << 62);
        format!(
            "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
            high >> 32,
            (high >> 16) & 0xFFFF,
            high & 0xFFFF,
            low >> 48,
            low & 0xFFFF_FFFF_FFFF
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuids_have_version_and_variant_bits() {
        let mut rng = Rng(7);
        for _ in 0..100 {
            let id = rng.uuid();
            let parts: Vec<&str> = id.split('-').collect();
            assert_eq!(
                parts.iter().map(|p| p.len()).collect::<Vec<_>>(),
                [8, 4, 4, 4, 12]
            );
            assert!(parts[2].starts_with('4'), "{id}");
            assert!(matches!(&parts[3][..1], "8" | "9" | "a" | "b"), "{id}");
        }
    }

    #[test]
    fn seeds_are_stable_and_the_enabled_one_runs_later() {
        let now = clock::now();
        let a = World::seeded(now);
        let b = World::seeded(now);
        let ids = |w: &World| w.schedules.iter().map(|s| s.id.clone()).collect::<Vec<_>>();
        assert_eq!(ids(&a), ids(&b));
        let nightly = &a.schedules[0];
        assert!(nightly.enabled && nightly.next_run.is_some_and(|t| t.secs > now.secs));
        assert!(a.schedules[1].next_run.is_none());
    }
}
