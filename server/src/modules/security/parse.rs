//! Security events as senders write them: syslog (RFC 5424 and RFC 3164), CEF and LEEF
//! inside a syslog message or alone, and Wazuh's alert JSON. Nothing is refused: a message
//! that fits no format is kept whole as `raw`. Every parser works on `&str` and cuts only
//! at ASCII characters, so no input can make it panic (see the property tests).

use app::modules::security::model::{EventFormat, EventSeverity};
use serde_json::{Map, Value};

/// A message read, before it is stored (the receiver adds the time and the sender).
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    pub format: EventFormat,
    /// The time as the sender wrote it, if it wrote one.
    pub event_time: Option<String>,
    pub hostname: Option<String>,
    pub app: Option<String>,
    pub severity: EventSeverity,
    pub message: String,
    /// Structured-data parameters (`sd-id.name`), CEF/LEEF header and extension keys.
    pub fields: Map<String, Value>,
}

impl Parsed {
    fn raw(text: &str) -> Self {
        Parsed {
            format: EventFormat::Raw,
            event_time: None,
            hostname: None,
            app: None,
            severity: EventSeverity::Low,
            message: text.to_owned(),
            fields: Map::new(),
        }
    }
}

/// Syslog's severity (PRI % 8): emergency and alert are very high, critical and error
/// high, warning medium, the rest low.
pub fn from_syslog(severity: u8) -> EventSeverity {
    match severity {
        0 | 1 => EventSeverity::VeryHigh,
        2 | 3 => EventSeverity::High,
        4 => EventSeverity::Medium,
        _ => EventSeverity::Low,
    }
}

/// CEF's severity, 0–10 or a word: 0–3 low, 4–6 medium, 7–8 high, 9–10 very high (the
/// CEF specification's own bands). LEEF's `sev` (1–10) is read the same way.
pub fn from_cef(text: &str) -> Option<EventSeverity> {
    let t = text.trim();
    if let Ok(n) = t.parse::<f64>() {
        return match n {
            n if (0.0..4.0).contains(&n) => Some(EventSeverity::Low),
            n if (4.0..7.0).contains(&n) => Some(EventSeverity::Medium),
            n if (7.0..9.0).contains(&n) => Some(EventSeverity::High),
            n if (9.0..=10.0).contains(&n) => Some(EventSeverity::VeryHigh),
            _ => None,
        };
    }
    match t.to_ascii_lowercase().as_str() {
        "low" => Some(EventSeverity::Low),
        "medium" => Some(EventSeverity::Medium),
        "high" => Some(EventSeverity::High),
        "very-high" | "very high" | "veryhigh" | "critical" => Some(EventSeverity::VeryHigh),
        _ => None,
    }
}

/// Wazuh's rule level, 0–15 (a number or a string): 0–6 low, 7–11 medium, 12–14 high,
/// 15 very high, as Wazuh's dashboard bands them.
pub fn from_wazuh(level: &Value) -> Option<EventSeverity> {
    let n = match level {
        Value::Number(n) => n.as_f64()?,
        Value::String(s) => s.trim().parse::<f64>().ok()?,
        _ => return None,
    };
    match n {
        n if (0.0..7.0).contains(&n) => Some(EventSeverity::Low),
        n if (7.0..12.0).contains(&n) => Some(EventSeverity::Medium),
        n if (12.0..15.0).contains(&n) => Some(EventSeverity::High),
        n if n >= 15.0 => Some(EventSeverity::VeryHigh),
        _ => None,
    }
}

/// One syslog message (a datagram or a TCP frame, without its framing).
pub fn syslog(text: &str) -> Parsed {
    let text = text.trim_end_matches(['\n', '\r', '\0']);
    let Some((pri, rest)) = pri(text) else {
        // No PRI: a bare CEF or LEEF line (some collectors forward them so), else raw.
        return embedded(text, EventSeverity::Low, None).unwrap_or_else(|| Parsed::raw(text));
    };
    let severity = from_syslog(pri % 8);
    let mut fields = Map::new();
    fields.insert("facility".into(), Value::from(pri / 8));
    fields.insert("syslog_severity".into(), Value::from(pri % 8));
    let mut parsed = match rest.strip_prefix("1 ") {
        Some(after) => rfc5424(after, severity, fields),
        None => rfc3164(rest, severity, fields),
    };
    if parsed.message.is_empty() && parsed.hostname.is_none() && parsed.app.is_none() {
        parsed.message = rest.to_owned();
    }
    parsed
}

/// `<N>` with 1–3 digits and N ≤ 191.
fn pri(text: &str) -> Option<(u8, &str)> {
    let rest = text.strip_prefix('<')?;
    let end = rest.find('>')?;
    let digits = &rest[..end];
    if digits.is_empty() || digits.len() > 3 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n: u16 = digits.parse().ok()?;
    (n <= 191).then_some((n as u8, &rest[end + 1..]))
}

/// Splits off the next space-separated token.
fn token(text: &str) -> (&str, &str) {
    match text.find(' ') {
        Some(i) => (&text[..i], &text[i + 1..]),
        None => (text, ""),
    }
}

fn nil(t: &str) -> Option<String> {
    (t != "-" && !t.is_empty()).then(|| t.to_owned())
}

/// RFC 5424 after `<PRI>1 `: TIMESTAMP HOSTNAME APP-NAME PROCID MSGID SD [MSG].
fn rfc5424(text: &str, severity: EventSeverity, mut fields: Map<String, Value>) -> Parsed {
    let (time, rest) = token(text);
    let (host, rest) = token(rest);
    let (app, rest) = token(rest);
    let (procid, rest) = token(rest);
    let (msgid, rest) = token(rest);
    if let Some(p) = nil(procid) {
        fields.insert("procid".into(), Value::String(p));
    }
    if let Some(m) = nil(msgid) {
        fields.insert("msgid".into(), Value::String(m));
    }
    let msg = if let Some(after) = rest.strip_prefix('-') {
        after
    } else if rest.starts_with('[') {
        structured_data(rest, &mut fields)
    } else {
        rest
    };
    let msg = msg.strip_prefix(' ').unwrap_or(msg);
    let msg = msg.strip_prefix('\u{feff}').unwrap_or(msg);
    let event_time = nil(time);
    let hostname = nil(host);
    let app = nil(app);
    if let Some(mut inner) = embedded(msg, severity, Some(&fields)) {
        inner.event_time = event_time;
        inner.hostname = hostname;
        inner.app = app.or(inner.app);
        return inner;
    }
    Parsed {
        format: EventFormat::Rfc5424,
        event_time,
        hostname,
        app,
        severity,
        message: msg.to_owned(),
        fields,
    }
}

/// `[id name="value" …][id2 …]`: each parameter kept as `id.name`; `\"`, `\\` and `\]`
/// unescaped. Returns what follows the last element. A malformed element ends the data
/// where it breaks and the rest is read as the message.
fn structured_data<'a>(mut text: &'a str, fields: &mut Map<String, Value>) -> &'a str {
    while let Some(body) = text.strip_prefix('[') {
        let id_end = body.find([' ', ']']).unwrap_or(body.len());
        let id = &body[..id_end];
        let mut rest = &body[id_end..];
        loop {
            if let Some(after) = rest.strip_prefix(']') {
                rest = after;
                break;
            }
            let Some(after) = rest.strip_prefix(' ') else {
                return text;
            };
            let Some(eq) = after.find('=') else {
                return text;
            };
            let name = &after[..eq];
            let Some(quoted) = after[eq + 1..].strip_prefix('"') else {
                return text;
            };
            let mut value = String::new();
            let mut chars = quoted.char_indices();
            let mut end = None;
            while let Some((i, c)) = chars.next() {
                match c {
                    '\\' => match chars.next() {
                        Some((_, e @ ('"' | '\\' | ']'))) => value.push(e),
                        Some((_, other)) => {
                            value.push('\\');
                            value.push(other);
                        }
                        None => value.push('\\'),
                    },
                    '"' => {
                        end = Some(i);
                        break;
                    }
                    c => value.push(c),
                }
            }
            let Some(end) = end else {
                return text;
            };
            fields.insert(format!("{id}.{name}"), Value::String(value));
            rest = &quoted[end + 1..];
        }
        text = rest;
    }
    text
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// RFC 3164's `Mmm dd hh:mm:ss` (the day padded with a space), or an RFC 3339 time as
/// some senders write in its place: the time and what follows it.
fn bsd_time(text: &str) -> Option<(&str, &str)> {
    let b = text.as_bytes();
    if b.len() >= 15
        && MONTHS.iter().any(|m| text.starts_with(m))
        && b[3] == b' '
        && (b[4] == b' ' || b[4].is_ascii_digit())
        && b[5].is_ascii_digit()
        && b[6] == b' '
        && b[7..9].iter().all(u8::is_ascii_digit)
        && b[9] == b':'
        && b[10..12].iter().all(u8::is_ascii_digit)
        && b[12] == b':'
        && b[13..15].iter().all(u8::is_ascii_digit)
    {
        // Optional fraction (some daemons add milliseconds), then a space.
        let mut end = 15;
        if b.get(end) == Some(&b'.') {
            end += 1;
            while b.get(end).is_some_and(u8::is_ascii_digit) {
                end += 1;
            }
        }
        let rest = &text[end..];
        return Some((&text[..end], rest.strip_prefix(' ').unwrap_or(rest)));
    }
    // 2024-06-01T10:00:00Z or with an offset or fraction.
    if b.len() >= 19
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[7] == b'-'
        && (b[10] == b'T' || b[10] == b' ')
        && b[13] == b':'
    {
        let (t, rest) = token(text);
        return Some((t, rest));
    }
    None
}

/// RFC 3164 after the PRI: [TIMESTAMP HOSTNAME] TAG[pid]: MSG, each part optional as
/// senders skip them.
fn rfc3164(text: &str, severity: EventSeverity, mut fields: Map<String, Value>) -> Parsed {
    let (event_time, rest) = match bsd_time(text) {
        Some((t, rest)) => (Some(t.to_owned()), rest),
        None => (None, text),
    };
    // A host name: one token without ':' or '[' (those mark a tag), when a time preceded
    // it or another token follows it.
    let (hostname, rest) = {
        let (first, after) = token(rest);
        let looks_like_host = !first.is_empty()
            && !first.contains([':', '[', ']'])
            && !after.is_empty()
            && !first.starts_with("CEF")
            && !first.starts_with("LEEF");
        if looks_like_host && (event_time.is_some() || tag(after).is_some()) {
            (Some(first.to_owned()), after)
        } else {
            (None, rest)
        }
    };
    if let Some(mut inner) = embedded(rest, severity, Some(&fields)) {
        inner.event_time = event_time;
        inner.hostname = hostname;
        return inner;
    }
    let (app, msg) = match tag(rest) {
        Some((app, pid, msg)) => {
            if let Some(pid) = pid {
                fields.insert("procid".into(), Value::String(pid.to_owned()));
            }
            (Some(app.to_owned()), msg)
        }
        None => (None, rest),
    };
    if let Some(mut inner) = embedded(msg, severity, Some(&fields)) {
        inner.event_time = event_time;
        inner.hostname = hostname;
        inner.app = app;
        return inner;
    }
    Parsed {
        format: EventFormat::Rfc3164,
        event_time,
        hostname,
        app,
        severity,
        message: msg.to_owned(),
        fields,
    }
}

/// `tag[pid]: msg` or `tag: msg`, the tag up to 48 characters of a program name.
fn tag(text: &str) -> Option<(&str, Option<&str>, &str)> {
    let end = text.find([':', '[', ' '])?;
    let name = &text[..end];
    if name.is_empty()
        || name.len() > 48
        || !name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_./".contains(&b))
    {
        return None;
    }
    let rest = &text[end..];
    let (pid, rest) = match rest.strip_prefix('[') {
        Some(r) => {
            let close = r.find(']')?;
            (Some(&r[..close]), &r[close + 1..])
        }
        None => (None, rest),
    };
    let msg = rest.strip_prefix(':')?;
    Some((name, pid, msg.strip_prefix(' ').unwrap_or(msg)))
}

/// A CEF or LEEF record at the start of `text` (after spaces), with the syslog fields
/// kept beside its own.
fn embedded(
    text: &str,
    fallback: EventSeverity,
    syslog_fields: Option<&Map<String, Value>>,
) -> Option<Parsed> {
    let t = text.trim_start();
    let mut parsed = if t.starts_with("CEF:") {
        cef(t, fallback)?
    } else if t.starts_with("LEEF:") {
        leef(t, fallback)?
    } else {
        return None;
    };
    if let Some(extra) = syslog_fields {
        for (k, v) in extra {
            parsed.fields.entry(k.clone()).or_insert_with(|| v.clone());
        }
    }
    Some(parsed)
}

/// Splits a CEF/LEEF header at unescaped `|` (`\|` and `\\` escape) into `n` fields and
/// the rest, unescaped.
fn header_fields(text: &str, n: usize) -> Option<(Vec<String>, &str)> {
    let mut out = Vec::with_capacity(n);
    let mut current = String::new();
    let mut chars = text.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some((_, e @ ('|' | '\\'))) => current.push(e),
                Some((_, other)) => {
                    current.push('\\');
                    current.push(other);
                }
                None => current.push('\\'),
            },
            '|' => {
                out.push(std::mem::take(&mut current));
                if out.len() == n {
                    return Some((out, &text[i + 1..]));
                }
            }
            c => current.push(c),
        }
    }
    None
}

/// `CEF:Version|Vendor|Product|Version|Signature|Name|Severity|Extension`.
fn cef(text: &str, fallback: EventSeverity) -> Option<Parsed> {
    let body = text.strip_prefix("CEF:")?;
    let (h, ext) = header_fields(body, 7)?;
    let mut fields = Map::new();
    for (name, value) in [
        "cef_version",
        "device_vendor",
        "device_product",
        "device_version",
        "signature_id",
        "name",
        "severity",
    ]
    .iter()
    .zip(&h)
    {
        fields.insert((*name).into(), Value::String(value.clone()));
    }
    for (k, v) in cef_extension(ext) {
        fields.insert(k, Value::String(v));
    }
    Some(Parsed {
        format: EventFormat::Cef,
        event_time: None,
        hostname: None,
        app: Some(h[2].clone()).filter(|a| !a.is_empty()),
        severity: from_cef(&h[6]).unwrap_or(fallback),
        message: h[5].clone(),
        fields,
    })
}

fn is_key_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"_.-[]".contains(&b)
}

/// CEF's extension: `key=value` pairs separated by spaces, a value running to the space
/// before the next `key=`; in values `\=`, `\\`, `\n` and `\r` are escapes.
pub fn cef_extension(text: &str) -> Vec<(String, String)> {
    let b = text.as_bytes();
    // Positions of unescaped '=' whose key (the word before it) is a plain key.
    let mut keys: Vec<(usize, usize)> = Vec::new(); // (key start, '=' index)
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            b'=' => {
                let mut s = i;
                while s > 0 && is_key_byte(b[s - 1]) {
                    s -= 1;
                }
                let at_boundary = s == 0 || b[s - 1] == b' ';
                if s < i && at_boundary {
                    keys.push((s, i));
                }
                i += 1;
            }
            _ => i += 1,
        }
    }
    let mut out = Vec::with_capacity(keys.len());
    for (n, &(start, eq)) in keys.iter().enumerate() {
        let end = keys.get(n + 1).map_or(b.len(), |&(next, _)| next);
        // The key and the value end at ASCII bytes, so both are char boundaries.
        let value = text[eq + 1..end].trim_end_matches(' ');
        out.push((text[start..eq].to_owned(), unescape_cef_value(value)));
    }
    out
}

fn unescape_cef_value(v: &str) -> String {
    if !v.contains('\\') {
        return v.to_owned();
    }
    let mut out = String::with_capacity(v.len());
    let mut chars = v.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n') => out.push('\n'),
                Some('r') => out.push('\r'),
                Some(e @ ('=' | '\\' | '|')) => out.push(e),
                Some(other) => {
                    out.push('\\');
                    out.push(other);
                }
                None => out.push('\\'),
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// LEEF 1.0 (`LEEF:1.0|Vendor|Product|Version|EventID|` then tab-separated `key=value`)
/// and 2.0 (a sixth header field names the delimiter: a character or `x09`/`0x09`).
fn leef(text: &str, fallback: EventSeverity) -> Option<Parsed> {
    let body = text.strip_prefix("LEEF:")?;
    let (version, _) = body.split_once('|')?;
    let two = version.trim().starts_with('2');
    let (h, attrs) = header_fields(body, if two { 6 } else { 5 })?;
    let delimiter = if two {
        let d = h[5].trim();
        let hex = d
            .strip_prefix("0x")
            .or_else(|| d.strip_prefix('x'))
            .and_then(|x| u32::from_str_radix(x, 16).ok())
            .and_then(char::from_u32);
        hex.or_else(|| d.chars().next()).unwrap_or('\t')
    } else {
        '\t'
    };
    let mut fields = Map::new();
    for (name, value) in ["leef_version", "vendor", "product", "version", "event_id"]
        .iter()
        .zip(&h)
    {
        fields.insert((*name).into(), Value::String(value.clone()));
    }
    for pair in attrs.split(delimiter) {
        if let Some((k, v)) = pair.split_once('=') {
            let k = k.trim();
            if !k.is_empty() {
                fields.insert(k.to_owned(), Value::String(v.to_owned()));
            }
        }
    }
    let severity = fields
        .get("sev")
        .and_then(Value::as_str)
        .and_then(from_cef)
        .unwrap_or(fallback);
    Some(Parsed {
        format: EventFormat::Leef,
        event_time: fields
            .get("devTime")
            .and_then(Value::as_str)
            .map(str::to_owned),
        hostname: None,
        app: Some(h[2].clone()).filter(|a| !a.is_empty()),
        severity,
        message: h[4].clone(),
        fields,
    })
}

/// The source address an event names (CEF `src`, Wazuh `data.srcip` …), if any.
pub fn source(p: &Parsed) -> Option<String> {
    ["src", "data.srcip", "srcip", "src_ip", "sourceAddress"]
        .iter()
        .find_map(|k| p.fields.get(*k).and_then(Value::as_str))
        .map(str::trim)
        .filter(|s| !s.is_empty() && s.len() <= 64)
        .map(str::to_owned)
}

/// The event's type, for counting: the name a CEF/LEEF record or a Wazuh rule gives,
/// else the application that logged it.
pub fn kind(p: &Parsed) -> String {
    let k = match p.format {
        EventFormat::Cef | EventFormat::Leef | EventFormat::Wazuh => p.message.as_str(),
        _ => p.app.as_deref().unwrap_or("syslog"),
    };
    let k = k.trim();
    if k.is_empty() {
        return "syslog".into();
    }
    k.chars().take(200).collect()
}

/// Why a JSON alert was refused: the field and what is wrong with it.
#[derive(Debug, PartialEq)]
pub struct JsonError {
    pub field: String,
    pub reason: app::error::Text,
}

/// One Wazuh alert as Wazuh's integrations send it: `rule.level` (number or string),
/// `rule.description`, `rule.groups`, `agent.name`, `agent.ip`, `data.*`, `timestamp`.
pub fn wazuh(alert: &Value) -> Result<Parsed, JsonError> {
    use app::tr;
    let err = |field: &str, reason| JsonError {
        field: field.to_owned(),
        reason,
    };
    let obj = alert.as_object().ok_or_else(|| {
        err(
            "",
            tr!("phải là một đối tượng JSON", "must be a JSON object"),
        )
    })?;
    let rule = obj.get("rule").and_then(Value::as_object).ok_or_else(|| {
        err(
            "rule",
            tr!(
                "thiếu (một cảnh báo Wazuh có rule.level và rule.description)",
                "missing (a Wazuh alert has rule.level and rule.description)"
            ),
        )
    })?;
    let level = rule
        .get("level")
        .ok_or_else(|| err("rule.level", tr!("thiếu", "missing")))?;
    let severity = from_wazuh(level).ok_or_else(|| {
        err(
            "rule.level",
            tr!(
                "phải là số từ 0 đến 15 (số hoặc chuỗi)",
                "must be a number from 0 to 15 (a number or a string)"
            ),
        )
    })?;
    let message = rule
        .get("description")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    let text = |v: Option<&Value>| v.and_then(Value::as_str).map(str::to_owned);
    let agent = obj.get("agent");
    let mut fields = Map::new();
    flatten("", alert, &mut fields, 0);
    Ok(Parsed {
        format: EventFormat::Wazuh,
        event_time: text(obj.get("timestamp")),
        hostname: text(agent.and_then(|a| a.get("name"))),
        app: text(obj.get("decoder").and_then(|d| d.get("name"))).or(Some("wazuh".into())),
        severity,
        message,
        fields,
    })
}

/// Nested objects as dotted keys (`data.srcip`); arrays and scalars kept as they are.
fn flatten(prefix: &str, v: &Value, out: &mut Map<String, Value>, depth: usize) {
    match v {
        Value::Object(map) if depth < 8 => {
            for (k, v) in map {
                let key = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                flatten(&key, v, out, depth + 1);
            }
        }
        other if !prefix.is_empty() => {
            out.insert(prefix.to_owned(), other.clone());
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &Parsed, k: &str) -> Option<String> {
        v.fields.get(k).and_then(Value::as_str).map(str::to_owned)
    }

    #[test]
    fn rfc5424_with_structured_data() {
        let p = syslog(
            "<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 \
             [exampleSDID@32473 iut=\"3\" eventSource=\"Appli\\\"cation\" eventID=\"1011\"]\
             [meta x=\"a\\]b\"] \u{feff}An application event log entry...",
        );
        assert_eq!(p.format, EventFormat::Rfc5424);
        assert_eq!(p.event_time.as_deref(), Some("2003-10-11T22:14:15.003Z"));
        assert_eq!(p.hostname.as_deref(), Some("mymachine.example.com"));
        assert_eq!(p.app.as_deref(), Some("evntslog"));
        assert_eq!(p.severity, EventSeverity::Low); // 165 % 8 = 5, notice
        assert_eq!(
            s(&p, "exampleSDID@32473.eventSource").as_deref(),
            Some("Appli\"cation")
        );
        assert_eq!(s(&p, "meta.x").as_deref(), Some("a]b"));
        assert_eq!(s(&p, "msgid").as_deref(), Some("ID47"));
        assert_eq!(p.message, "An application event log entry...");
    }

    #[test]
    fn rfc3164_as_logger_and_daemons_write_it() {
        let p = syslog(
            "<34>Oct 11 22:14:15 mymachine su[230]: 'su root' failed for lonvick on /dev/pts/8",
        );
        assert_eq!(p.format, EventFormat::Rfc3164);
        assert_eq!(p.event_time.as_deref(), Some("Oct 11 22:14:15"));
        assert_eq!(p.hostname.as_deref(), Some("mymachine"));
        assert_eq!(p.app.as_deref(), Some("su"));
        assert_eq!(s(&p, "procid").as_deref(), Some("230"));
        assert_eq!(p.severity, EventSeverity::High); // 34 % 8 = 2, critical
        assert_eq!(p.message, "'su root' failed for lonvick on /dev/pts/8");
        // A day under 10 padded with a space; no host (Python's SysLogHandler).
        let p = syslog("<12>Dec  4 04:00:00 web01 nginx: upstream timed out");
        assert_eq!(p.event_time.as_deref(), Some("Dec  4 04:00:00"));
        assert_eq!(p.hostname.as_deref(), Some("web01"));
        let p = syslog("<11>myapp: disk almost full\x00");
        assert_eq!(p.hostname, None);
        assert_eq!(p.app.as_deref(), Some("myapp"));
        assert_eq!(p.message, "disk almost full");
    }

    #[test]
    fn cef_with_escapes_inside_syslog() {
        let p = syslog(
            "<134>Dec  4 04:00:00 fw01 CEF:0|Fortinet|FortiGate\\|VM|7.2|13|Port scan \\| detected|8|\
             src=203.0.113.9 dst=10.10.1.5 msg=a\\=b c\\\\d\\nnext act=blocked cs1Label=policy name",
        );
        assert_eq!(p.format, EventFormat::Cef);
        assert_eq!(p.hostname.as_deref(), Some("fw01"));
        assert_eq!(p.app.as_deref(), Some("FortiGate|VM"));
        assert_eq!(p.message, "Port scan | detected");
        assert_eq!(p.severity, EventSeverity::High);
        assert_eq!(s(&p, "src").as_deref(), Some("203.0.113.9"));
        assert_eq!(s(&p, "msg").as_deref(), Some("a=b c\\d\nnext"));
        assert_eq!(s(&p, "act").as_deref(), Some("blocked"));
        assert_eq!(s(&p, "cs1Label").as_deref(), Some("policy name"));
        assert_eq!(s(&p, "signature_id").as_deref(), Some("13"));
        for (sev, want) in [
            ("0", EventSeverity::Low),
            ("3", EventSeverity::Low),
            ("4", EventSeverity::Medium),
            ("6", EventSeverity::Medium),
            ("7", EventSeverity::High),
            ("9", EventSeverity::VeryHigh),
            ("10", EventSeverity::VeryHigh),
            ("Very-High", EventSeverity::VeryHigh),
        ] {
            assert_eq!(from_cef(sev), Some(want), "{sev}");
        }
        assert_eq!(from_cef("11"), None);
    }

    #[test]
    fn leef_one_and_two() {
        let p = syslog("<13>Jan  5 10:00:00 ids LEEF:1.0|IBM|QRadar|7.5|AuthFail|src=1.2.3.4\tdst=10.0.0.2\tsev=9\tusrName=bob");
        assert_eq!(p.format, EventFormat::Leef);
        assert_eq!(p.message, "AuthFail");
        assert_eq!(p.severity, EventSeverity::VeryHigh);
        assert_eq!(s(&p, "usrName").as_deref(), Some("bob"));
        let p = syslog("LEEF:2.0|Vendor|Prod|1.0|Login|^|src=1.2.3.4^sev=5^msg=ok");
        assert_eq!(p.format, EventFormat::Leef);
        assert_eq!(s(&p, "msg").as_deref(), Some("ok"));
        assert_eq!(p.severity, EventSeverity::Medium);
        let p = syslog("LEEF:2.0|Vendor|Prod|1.0|Login|x09|src=1.2.3.4\tsev=2");
        assert_eq!(s(&p, "src").as_deref(), Some("1.2.3.4"));
    }

    #[test]
    fn anything_else_is_kept_raw() {
        for text in [
            "",
            "hello world",
            "<999>x",
            "<12",
            "CEF:0|only|three",
            "<13>1 ",
        ] {
            let p = syslog(text);
            assert!(
                matches!(
                    p.format,
                    EventFormat::Raw | EventFormat::Rfc3164 | EventFormat::Rfc5424
                ),
                "{text}"
            );
            assert!(
                !p.message.is_empty() || text.is_empty() || p.format != EventFormat::Raw,
                "{text}"
            );
        }
        assert_eq!(syslog("hello world").format, EventFormat::Raw);
        assert_eq!(syslog("hello world").message, "hello world");
    }

    #[test]
    fn wazuh_alerts() {
        let alert = serde_json::json!({
            "timestamp": "2024-06-01T10:00:00.000+0700",
            "rule": {"level": "12", "description": "sshd: brute force", "id": "5712", "groups": ["syslog", "sshd"]},
            "agent": {"id": "001", "name": "web01", "ip": "10.10.1.5"},
            "decoder": {"name": "sshd"},
            "data": {"srcip": "203.0.113.9"}
        });
        let p = wazuh(&alert).unwrap();
        assert_eq!(p.severity, EventSeverity::High);
        assert_eq!(p.hostname.as_deref(), Some("web01"));
        assert_eq!(p.message, "sshd: brute force");
        assert_eq!(
            p.fields.get("data.srcip"),
            Some(&Value::from("203.0.113.9"))
        );
        assert_eq!(
            p.fields.get("rule.groups"),
            Some(&serde_json::json!(["syslog", "sshd"]))
        );
        let bad = serde_json::json!({"rule": {"level": "x"}});
        assert_eq!(wazuh(&bad).unwrap_err().field, "rule.level");
        assert_eq!(wazuh(&serde_json::json!({})).unwrap_err().field, "rule");
        for (l, want) in [
            (0, EventSeverity::Low),
            (6, EventSeverity::Low),
            (7, EventSeverity::Medium),
            (11, EventSeverity::Medium),
            (12, EventSeverity::High),
            (15, EventSeverity::VeryHigh),
        ] {
            assert_eq!(from_wazuh(&Value::from(l)), Some(want));
        }
    }
}

#[cfg(test)]
mod fuzz {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        /// No input makes the parser panic, and nothing is lost: a message is always kept.
        #[test]
        fn never_panics(text in ".{0,300}") {
            let _ = syslog(&text);
        }

        #[test]
        fn never_panics_on_syslog_shapes(
            pri in 0u16..200, v in prop::sample::select(vec!["1 ", "", "2 "]),
            body in "[ -~\\[\\]=|\"\\\\]{0,200}",
            cef in prop::sample::select(vec!["", "CEF:0|", "LEEF:1.0|", "LEEF:2.0|a|b|c|d|x7C|"]),
        ) {
            let _ = syslog(&format!("<{pri}>{v}{cef}{body}"));
            let _ = cef_extension(&body);
        }
    }
}
