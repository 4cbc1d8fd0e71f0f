//! The record of API requests that tests read back through `GET /_emulator/requests`.

use std::collections::BTreeMap;

use axum::http::request::Parts;
use serde::Serialize;

use crate::state::Shared;

/// Oldest records are dropped past this many, so a long session cannot grow without bound.
const MAX_RECORDS: usize = 10_000;

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
    next_seq: u64,
    records: Vec<RequestRecord>,
}

impl Journal {
    /// Records an arriving request and returns the handle that [`Journal::finish`] takes.
    pub fn begin(&mut self, parts: &Parts, body: Option<&[u8]>, request_id: Option<&str>) -> u64 {
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
        let seq = self.next_seq;
        self.next_seq += 1;
        if self.records.len() >= MAX_RECORDS {
            self.records.remove(0);
        }
        self.records.push(RequestRecord {
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
        });
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
    }

    pub fn records(&self) -> &[RequestRecord] {
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
