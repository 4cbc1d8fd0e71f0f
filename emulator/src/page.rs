//! `limit` and `paginationToken` handling shared by both list endpoints.
//!
//! A token is base64url of `offset:limit:check`, where `check` is a short hash of the rest: it
//! carries its own page size, as the service's do, and an edited or truncated token is caught
//! instead of silently paging from the wrong place.

use crate::api::percent_decode;
use crate::reply::ApiError;

const DEFAULT_LIMIT: usize = 100;
const MAX_LIMIT: usize = 100;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Page {
    offset: usize,
    limit: usize,
}

impl Page {
    /// Reads the query string; an explicit `limit` wins over the size inside a token.
    pub fn from_query(query: &str) -> Result<Page, ApiError> {
        let mut limit = None;
        let mut token = None;
        for pair in query.split('&').filter(|pair| !pair.is_empty()) {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            let value = percent_decode(&value.replace('+', " "));
            match key {
                "limit" => limit = Some(value),
                "paginationToken" => token = Some(value),
                _ => {}
            }
        }

        let limit = limit
            .map(|value| {
                value
                    .as_deref()
                    .filter(|v| !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()))
                    .and_then(|v| v.parse::<usize>().ok())
                    .filter(|n| (1..=MAX_LIMIT).contains(n))
                    .ok_or_else(|| {
                        ApiError::invalid(format!(
                            "limit must be an integer between 1 and {MAX_LIMIT}"
                        ))
                    })
            })
            .transpose()?;
        let page = match token {
            Some(token) => token
                .as_deref()
                .and_then(decode_token)
                .ok_or_else(|| ApiError::invalid("paginationToken is malformed"))?,
            None => Page {
                offset: 0,
                limit: DEFAULT_LIMIT,
            },
        };
        Ok(Page {
            limit: limit.unwrap_or(page.limit),
            ..page
        })
    }

    /// This page's items and, unless it is the last, the token for the next one.
    pub fn slice<'a, T>(&self, items: &'a [T]) -> (&'a [T], Option<String>) {
        let start = self.offset.min(items.len());
        let end = start.saturating_add(self.limit).min(items.len());
        let next = (end < items.len()).then(|| encode_token(end, self.limit));
        (&items[start..end], next)
    }
}

fn check(offset: usize, limit: usize) -> u16 {
    // FNV-1a folded to 16 bits: only meant to catch accidents, not forgery.
    let mut hash: u32 = 0x811C_9DC5;
    for byte in format!("bks:{offset}:{limit}").bytes() {
        hash ^= u32::from(byte);
        hash = hash.wrapping_mul(0x0100_0193);
    }
    (hash ^ (hash >> 16)) as u16
}

fn encode_token(offset: usize, limit: usize) -> String {
    let plain = format!("{offset}:{limit}:{:04x}", check(offset, limit));
    base64url_encode(plain.as_bytes())
}

fn decode_token(token: &str) -> Option<Page> {
    let plain = String::from_utf8(base64url_decode(token)?).ok()?;
    let mut parts = plain.splitn(3, ':');
    let offset = parts.next()?.parse().ok()?;
    let limit = parts.next()?.parse().ok()?;
    // Re-encoding checks the hash and also refuses other spellings of the same numbers.
    ((1..=MAX_LIMIT).contains(&limit) && encode_token(offset, limit) == token)
        .then_some(Page { offset, limit })
}

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

fn base64url_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let mut buf = [0u8; 3];
        buf[..chunk.len()].copy_from_slice(chunk);
        let n = u32::from(buf[0]) << 16 | u32::from(buf[1]) << 8 | u32::from(buf[2]);
        for i in 0..=chunk.len() {
            out.push(char::from(ALPHABET[(n >> (18 - 6 * i) & 63) as usize]));
        }
    }
    out
}

fn base64url_decode(text: &str) -> Option<Vec<u8>> {
    if text.len() % 4 == 1 {
        return None;
    }
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    for chunk in text.as_bytes().chunks(4) {
        let mut n = 0u32;
        for (i, &c) in chunk.iter().enumerate() {
            let value = ALPHABET.iter().position(|&a| a == c)? as u32;
            n |= value << (18 - 6 * i);
        }
        out.extend_from_slice(&n.to_be_bytes()[1..chunk.len()]);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64url_round_trips_every_length() {
        for len in 0..20 {
            let bytes: Vec<u8> = (0..len).map(|i| (i * 37 + 250) as u8).collect();
            let text = base64url_encode(&bytes);
            assert!(!text.contains(['+', '/', '=']));
            assert_eq!(base64url_decode(&text).unwrap(), bytes);
        }
    }

    #[test]
    fn tokens_carry_offset_and_size() {
        let items: Vec<u32> = (0..5).collect();
        let first = Page::from_query("limit=2").unwrap();
        let (page, next) = first.slice(&items);
        assert_eq!(page, [0, 1]);
        let next = next.unwrap();

        let second = Page::from_query(&format!("paginationToken={next}")).unwrap();
        assert_eq!(
            second,
            Page {
                offset: 2,
                limit: 2
            }
        );
        let (page, next) = second.slice(&items);
        assert_eq!(page, [2, 3]);
        let (page, next) = Page::from_query(&format!("paginationToken={}", next.unwrap()))
            .unwrap()
            .slice(&items);
        assert_eq!((page, next), (&[4][..], None));
    }

    #[test]
    fn bad_limits_and_tokens_are_rejected() {
        for query in [
            "limit=0",
            "limit=101",
            "limit=abc",
            "limit=",
            "limit=-1",
            "limit=1.5",
            "paginationToken=",
            "paginationToken=abc",
            "paginationToken=%%%",
        ] {
            let error = Page::from_query(query).unwrap_err();
            assert_eq!(error.status.as_u16(), 400, "{query}");
        }
        let good = encode_token(2, 2);
        let mut tampered = good.clone();
        tampered.replace_range(0..1, if good.starts_with('A') { "B" } else { "A" });
        assert!(decode_token(&tampered).is_none());
        assert_eq!(
            Page::from_query("unrelated=1&limit=7").unwrap(),
            Page {
                offset: 0,
                limit: 7
            }
        );
    }
}
