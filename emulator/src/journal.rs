//! The record of API requests that tests read back through `GET /_emulator/requests`.

use std::collections::{BTreeMap, VecDeque};

use axum::http::request::Parts;
use serde::Serialize;

use crate::state::Shared;

/// Oldest records are dropped past this many, or past this many bytes of bodies and headers,
/// so neither a long session nor a flood of large requests can grow memory without bound.
const MAX_RECORDS: usize = 10_000;
const MAX_BYTES: usize = 16 * 1024 * 1024;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Still being answered (a delay or a hang).
    Pending,
    Completed,
    ClientDisconnected,
}

#[derive(Clone, Debug, Serialize)]
pub struct RequestRecord {
    #[serde(skip)]
    seq: u64,
    pub request_id: Option<String>,
    pub method: String,
    pub path: String,
    pub query: String,
    /// Every header exactly as received, the API key included: tests check what arrived.
    pub headers: BTreeMap<String, String>,
    pub body: Option<String>,
    pub status: Option<u16>,
    pub outcome: Outcome,
}

#[derive(Debug, Default)]
pub struct Journal {
    /// Off without the admin API: the records could not be read, and they hold API keys.
    enabled: bool,
    next_seq: u64,
    records: VecDeque<RequestRecord>,
    bytes: usize,
}

impl RequestRecord {
    /// Roughly what the record holds in memory, counting what a client controls.
    fn size(&self) -> usize {
        let headers: usize = self.headers.iter().map(|(k, v)| k.len() + v.len()).sum();
        headers + self.path.len() + self.query.len() + self.body.as_ref().map_or(0, String::len)
    }
}

impl Journal {
    pub fn new(enabled: bool) -> Self {
        Journal {
            enabled,
            ..Journal::default()
        }
    }

    /// Records an arriving request and returns the handle that [`Journal::finish`] takes.
    pub fn begin(&mut self, parts: &Parts, body: Option<&[u8]>, request_id: Option<&str>) -> u64 {
        let seq = self.next_seq;
        self.next_seq += 1;
        if !self.enabled {
            return seq;
        }
        let mut headers = BTreeMap::new();
        for (name, value) in &parts.headers {
            let value = String::from_utf8_lossy(value.as_bytes()).into_owned();
            headers
                .entry(name.as_str().to_owned())
                .and_modify(|seen: &mut String| {
                    seen.push_str(", ");
                    seen.push_str(&value);
                })
                .or_insert(value);
        }
        let record = RequestRecord {
            seq,
            request_id: request_id.map(str::to_owned),
            method: parts.method.as_str().to_owned(),
            path: parts.uri.path().to_owned(),
            query: parts.uri.query().unwrap_or("").to_owned(),
            headers,
            body: body
                .filter(|b| !b.is_empty())
                .map(|b| String::from_utf8_lossy(b).into_owned()),
            status: None,
            outcome: Outcome::Pending,
        };
        let size = record.size();
        while !self.records.is_empty()
            && (self.records.len() >= MAX_RECORDS || self.bytes + size > MAX_BYTES)
        {
            if let Some(oldest) = self.records.pop_front() {
                self.bytes -= oldest.size();
            }
        }
        self.bytes += size;
        self.records.push_back(record);
        seq
    }

    pub fn finish(&mut self, seq: u64, status: u16) {
        if let Some(record) = self.find(seq) {
            record.status = Some(status);
            record.outcome = Outcome::Completed;
        }
    }

    pub fn disconnected(&mut self, seq: u64) {
        if let Some(record) = self.find(seq) {
            record.outcome = Outcome::ClientDisconnected;
        }
    }

    /// Sequence numbers keep counting, so a request still in flight cannot touch a newer record.
    pub fn clear(&mut self) {
        self.records.clear();
        self.bytes = 0;
    }

    pub fn records(&self) -> &VecDeque<RequestRecord> {
        &self.records
    }

    fn find(&mut self, seq: u64) -> Option<&mut RequestRecord> {
        self.records.iter_mut().rev().find(|r| r.seq == seq)
    }
}

/// Lives as long as the handler's future: if hyper drops that future because the client went
/// away, the record says so.
pub struct RecordGuard {
    shared: Shared,
    seq: u64,
    armed: bool,
}

impl RecordGuard {
    pub fn new(shared: Shared, seq: u64) -> Self {
        RecordGuard {
            shared,
            seq,
            armed: true,
        }
    }

    pub fn complete(mut self, status: u16) {
        self.armed = false;
        self.shared.lock().journal.finish(self.seq, status);
    }
}

impl Drop for RecordGuard {
    fn drop(&mut self) {
        if self.armed {
            self.shared.lock().journal.disconnected(self.seq);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::Request;

    fn parts(body_len: usize) -> (Parts, Vec<u8>) {
        let (parts, ()) = Request::post("/indexes/x/backup-schedules")
            .header("api-key", "k")
            .body(())
            .expect("a static request is valid")
            .into_parts();
        (parts, vec![b'x'; body_len])
    }

    #[test]
    fn memory_stays_within_the_byte_budget() {
        let mut journal = Journal::new(true);
        let (parts, body) = parts(60 * 1024);
        for _ in 0..1000 {
            journal.begin(&parts, Some(&body), None);
        }
        assert!(journal.bytes <= MAX_BYTES, "{}", journal.bytes);
        let kept: usize = journal.records.iter().map(RequestRecord::size).sum();
        assert_eq!(kept, journal.bytes);
        assert!(journal.records.len() > 100 && journal.records.len() < 1000);
        // The newest survives eviction.
        let last = journal.begin(&parts, Some(&body), None);
        assert_eq!(journal.records.back().map(|r| r.seq), Some(last));
    }

    #[test]
    fn a_disabled_journal_keeps_nothing_but_still_counts() {
        let mut journal = Journal::new(false);
        let (parts, body) = parts(10);
        let first = journal.begin(&parts, Some(&body), None);
        let second = journal.begin(&parts, Some(&body), None);
        assert_ne!(first, second);
        journal.finish(first, 200);
        assert!(journal.records().is_empty());
    }
}
