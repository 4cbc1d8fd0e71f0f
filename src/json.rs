//! A small JSON reader for bodies and snapshots of JS input.
//!
//! Hand-written so the module needs no JSON library: it reads into [`Value`], bounds the
//! nesting depth (deeper values become [`Value::Other`] instead of exhausting the stack),
//! and parses numbers with the exact fast path for every value with at most 15 significant
//! digits and a small exponent, which covers everything the rules compare exactly.

use crate::Value;

/// Reads `text` as one JSON document. Values nested deeper than `max_depth` are replaced
/// by a marker rather than parsed.
pub fn parse(text: &str, max_depth: usize) -> Result<Value, String> {
    let mut reader = Reader {
        bytes: text.as_bytes(),
        text,
        at: 0,
        max_depth,
    };
    reader.space();
    let value = reader.value(0)?;
    reader.space();
    if reader.at != reader.bytes.len() {
        return Err(format!(
            "unexpected data after the JSON value at byte {}",
            reader.at
        ));
    }
    Ok(value)
}

struct Reader<'a> {
    bytes: &'a [u8],
    text: &'a str,
    at: usize,
    max_depth: usize,
}

impl Reader<'_> {
    fn space(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.bytes.get(self.at) {
            self.at += 1;
        }
    }

    fn fail<T>(&self, what: &str) -> Result<T, String> {
        Err(format!("{what} at byte {}", self.at))
    }

    fn value(&mut self, depth: usize) -> Result<Value, String> {
        match self.bytes.get(self.at) {
            Some(b'{') | Some(b'[') if depth >= self.max_depth => {
                self.skip_nested()?;
                Ok(Value::Other(format!(
                    "nesting deeper than {} levels",
                    self.max_depth
                )))
            }
            Some(b'{') => self.object(depth),
            Some(b'[') => self.array(depth),
            Some(b'"') => self.string().map(Value::String),
            Some(b't') => self.word("true", Value::Bool(true)),
            Some(b'f') => self.word("false", Value::Bool(false)),
            Some(b'n') => self.word("null", Value::Null),
            Some(b'-' | b'0'..=b'9') => self.number().map(Value::Number),
            Some(_) => self.fail("unexpected character"),
            None => self.fail("unexpected end"),
        }
    }

    fn word(&mut self, word: &str, value: Value) -> Result<Value, String> {
        if self.bytes[self.at..].starts_with(word.as_bytes()) {
            self.at += word.len();
            Ok(value)
        } else {
            self.fail("unexpected word")
        }
    }

    fn object(&mut self, depth: usize) -> Result<Value, String> {
        self.at += 1;
        let mut members = Vec::new();
        self.space();
        if self.bytes.get(self.at) == Some(&b'}') {
            self.at += 1;
            return Ok(Value::Object(members));
        }
        loop {
            self.space();
            if self.bytes.get(self.at) != Some(&b'"') {
                return self.fail("expected a member name");
            }
            let key = self.string()?;
            self.space();
            if self.bytes.get(self.at) != Some(&b':') {
                return self.fail("expected ':'");
            }
            self.at += 1;
            self.space();
            let value = self.value(depth + 1)?;
            members.push((key, value));
            self.space();
            match self.bytes.get(self.at) {
                Some(b',') => self.at += 1,
                Some(b'}') => {
                    self.at += 1;
                    return Ok(Value::Object(members));
                }
                _ => return self.fail("expected ',' or '}'"),
            }
        }
    }

    fn array(&mut self, depth: usize) -> Result<Value, String> {
        self.at += 1;
        let mut items = Vec::new();
        self.space();
        if self.bytes.get(self.at) == Some(&b']') {
            self.at += 1;
            return Ok(Value::Array(items));
        }
        loop {
            self.space();
            items.push(self.value(depth + 1)?);
            self.space();
            match self.bytes.get(self.at) {
                Some(b',') => self.at += 1,
                Some(b']') => {
                    self.at += 1;
                    return Ok(Value::Array(items));
                }
                _ => return self.fail("expected ',' or ']'"),
            }
        }
    }

    /// Skips a nested value without building it, tracking strings so brackets inside them
    /// do not count.
    fn skip_nested(&mut self) -> Result<(), String> {
        let mut level = 0usize;
        while let Some(&b) = self.bytes.get(self.at) {
            match b {
                b'"' => {
                    self.string()?;
                    continue;
                }
                b'{' | b'[' => level += 1,
                b'}' | b']' => {
                    level -= 1;
                    if level == 0 {
                        self.at += 1;
                        return Ok(());
                    }
                }
                _ => {}
            }
            self.at += 1;
        }
        self.fail("unexpected end")
    }

    fn string(&mut self) -> Result<String, String> {
        self.at += 1;
        let mut out = String::new();
        loop {
            let start = self.at;
            while let Some(&b) = self.bytes.get(self.at) {
                if b == b'"' || b == b'\\' || b < 0x20 {
                    break;
                }
                self.at += 1;
            }
            // Quotes and backslashes are ASCII, so `start..at` lies on char boundaries.
            out.push_str(self.text.get(start..self.at).unwrap_or_default());
            match self.bytes.get(self.at) {
                Some(b'"') => {
                    self.at += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.at += 1;
                    self.escape(&mut out)?;
                }
                Some(_) => return self.fail("control character in a string"),
                None => return self.fail("unterminated string"),
            }
        }
    }

    fn escape(&mut self, out: &mut String) -> Result<(), String> {
        let Some(&b) = self.bytes.get(self.at) else {
            return self.fail("unterminated escape");
        };
        self.at += 1;
        let c = match b {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let first = self.hex4()?;
                let code = if (0xD800..0xDC00).contains(&first)
                    && self.bytes.get(self.at..self.at + 2) == Some(b"\\u")
                {
                    let save = self.at;
                    self.at += 2;
                    let second = self.hex4()?;
                    if (0xDC00..0xE000).contains(&second) {
                        0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
                    } else {
                        self.at = save;
                        first
                    }
                } else {
                    first
                };
                // A lone surrogate (legal in JS strings) has no UTF-8 form.
                char::from_u32(code).unwrap_or('\u{FFFD}')
            }
            _ => return self.fail("unknown escape"),
        };
        out.push(c);
        Ok(())
    }

    fn hex4(&mut self) -> Result<u32, String> {
        let Some(digits) = self.bytes.get(self.at..self.at + 4) else {
            return self.fail("short \\u escape");
        };
        let mut code = 0;
        for &d in digits {
            let v = match d {
                b'0'..=b'9' => d - b'0',
                b'a'..=b'f' => d - b'a' + 10,
                b'A'..=b'F' => d - b'A' + 10,
                _ => return self.fail("bad \\u escape"),
            };
            code = code * 16 + u32::from(v);
        }
        self.at += 4;
        Ok(code)
    }

    fn number(&mut self) -> Result<f64, String> {
        let negative = self.bytes.get(self.at) == Some(&b'-');
        if negative {
            self.at += 1;
        }
        let mut mantissa: u64 = 0;
        let mut digits = 0i32;
        let mut exponent = 0i32;
        let mut any = false;
        while let Some(&d @ b'0'..=b'9') = self.bytes.get(self.at) {
            any = true;
            if digits < 19 {
                mantissa = mantissa * 10 + u64::from(d - b'0');
                if mantissa != 0 {
                    digits += 1;
                }
            } else {
                exponent += 1;
            }
            self.at += 1;
        }
        if !any {
            return self.fail("expected digits");
        }
        if self.bytes.get(self.at) == Some(&b'.') {
            self.at += 1;
            let mut fraction = false;
            while let Some(&d @ b'0'..=b'9') = self.bytes.get(self.at) {
                fraction = true;
                if digits < 19 {
                    mantissa = mantissa * 10 + u64::from(d - b'0');
                    if mantissa != 0 {
                        digits += 1;
                    }
                    exponent -= 1;
                }
                self.at += 1;
            }
            if !fraction {
                return self.fail("expected digits after '.'");
            }
        }
        if let Some(b'e' | b'E') = self.bytes.get(self.at) {
            self.at += 1;
            let sign = match self.bytes.get(self.at) {
                Some(b'-') => {
                    self.at += 1;
                    -1
                }
                Some(b'+') => {
                    self.at += 1;
                    1
                }
                _ => 1,
            };
            let mut e: i32 = 0;
            let mut any = false;
            while let Some(&d @ b'0'..=b'9') = self.bytes.get(self.at) {
                any = true;
                e = e.saturating_mul(10).saturating_add(i32::from(d - b'0'));
                self.at += 1;
            }
            if !any {
                return self.fail("expected exponent digits");
            }
            exponent = exponent.saturating_add(sign * e);
        }
        let value = scale(mantissa, exponent);
        Ok(if negative { -value } else { value })
    }
}

/// `mantissa * 10^exponent`. Exact when the mantissa fits 53 bits and the exponent is
/// within 22 (both factors are then exact doubles and one rounding happens); close
/// otherwise, which only affects values no rule accepts anyway.
fn scale(mantissa: u64, exponent: i32) -> f64 {
    const POWERS: [f64; 23] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
        1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ];
    let m = mantissa as f64;
    if mantissa == 0 {
        return 0.0;
    }
    match exponent {
        0 => m,
        1..=22 => m * POWERS[exponent as usize],
        -22..=-1 => m / POWERS[(-exponent) as usize],
        e if e > 308 + 20 => f64::INFINITY,
        e if e < -324 - 20 => 0.0,
        e if e > 0 => m * 10f64.powi(e),
        e => m / 10f64.powi(-e),
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::value::json;

    #[test]
    fn agrees_with_serde_json_on_documents() {
        for text in [
            r#"{"a":[1,2.5,-3e2,true,false,null],"b":{"c":"d\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00"}}"#,
            r#"  [ ]  "#,
            r#"{"schedule_id":"x","retention_expire_after_days":7,"next_scheduled_run":null}"#,
            "0",
            "-0.5",
            "1e-7",
            "123456789012345",
            "9007199254740993",
            "0.1",
            "7.000",
        ] {
            assert_eq!(sorted(parse(text, 64).unwrap()), json(text), "{text}");
        }
    }

    /// serde_json (without `preserve_order`) sorts members; compare in that order.
    fn sorted(value: Value) -> Value {
        match value {
            Value::Object(mut members) => {
                members.sort_by(|a, b| a.0.cmp(&b.0));
                Value::Object(members.into_iter().map(|(k, v)| (k, sorted(v))).collect())
            }
            Value::Array(items) => Value::Array(items.into_iter().map(sorted).collect()),
            other => other,
        }
    }

    #[test]
    fn refuses_what_json_refuses() {
        for text in [
            "",
            "{",
            "[1,]",
            "{\"a\" 1}",
            "01x",
            "tru",
            "\"\\x\"",
            "\"a",
            "1 2",
            "-",
            "1.",
            "1e",
            "{\"a\":1,}",
            "\"\u{1}\"",
            "NaN",
        ] {
            assert!(parse(text, 64).is_err(), "{text:?}");
        }
    }

    #[test]
    fn deep_nesting_becomes_a_marker() {
        let deep = format!("{}1{}", "[".repeat(100), "]".repeat(100));
        let Value::Array(outer) = parse(&deep, 3).unwrap() else {
            panic!("an array")
        };
        let Value::Array(inner) = &outer[0] else {
            panic!("an array")
        };
        let Value::Array(innermost) = &inner[0] else {
            panic!("an array")
        };
        assert!(matches!(innermost[0], Value::Other(_)));
        assert!(parse(&"[".repeat(100_000), 64).is_err());
    }

    #[test]
    fn lone_surrogates_become_replacement_characters() {
        assert_eq!(
            parse(r#""\ud800x""#, 4).unwrap(),
            Value::String("\u{FFFD}x".into())
        );
    }
}
