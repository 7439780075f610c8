//! Attaching events to assets: by the addresses an event names (its sender's socket
//! address, CEF's `dst`/`dvc`, Wazuh's `agent.ip` …) against each asset's addresses and
//! networks, then by host name.

use super::store::Incoming;
use app::error::{AppError, AppResult};
use app::modules::security::model::Asset;
use app::tr;
use ipnet::IpNet;
use serde_json::Value;
use std::collections::HashMap;
use std::net::IpAddr;

/// The assets as lookups; rebuilt from the table now and then (see `intake`).
#[derive(Debug, Default, Clone)]
pub struct Matcher {
    ips: HashMap<IpAddr, String>,
    nets: Vec<(IpNet, String)>,
    names: HashMap<String, String>,
}

/// Fields that name the system an event is about, addresses first.
const ADDRESS_FIELDS: [&str; 5] = ["dst", "dvc", "agent.ip", "data.dstip", "dstip"];
const NAME_FIELDS: [&str; 4] = ["dhost", "dvchost", "agent.name", "shost"];

impl Matcher {
    pub fn new(assets: &[Asset]) -> Self {
        let mut m = Matcher::default();
        for a in assets {
            for addr in &a.addresses {
                let addr = addr.trim();
                if let Ok(ip) = addr.parse::<IpAddr>() {
                    m.ips.insert(ip, a.code.clone());
                } else if let Ok(net) = addr.parse::<IpNet>() {
                    m.nets.push((net, a.code.clone()));
                } else if !addr.is_empty() {
                    m.names.insert(addr.to_lowercase(), a.code.clone());
                }
            }
            m.names
                .entry(a.code.to_lowercase())
                .or_insert_with(|| a.code.clone());
        }
        // The narrowest network wins.
        m.nets
            .sort_by_key(|(n, _)| std::cmp::Reverse(n.prefix_len()));
        m
    }

    pub fn is_empty(&self) -> bool {
        self.ips.is_empty() && self.nets.is_empty() && self.names.is_empty()
    }

    fn by_ip(&self, ip: IpAddr) -> Option<&str> {
        self.ips
            .get(&ip)
            .or_else(|| {
                self.nets
                    .iter()
                    .find(|(n, _)| n.contains(&ip))
                    .map(|(_, c)| c)
            })
            .map(String::as_str)
    }

    /// The asset an event concerns, if any.
    pub fn find(&self, e: &Incoming) -> Option<&str> {
        if self.is_empty() {
            return None;
        }
        let field = |k: &str| e.parsed.fields.get(k).and_then(Value::as_str);
        let ips = ADDRESS_FIELDS
            .iter()
            .filter_map(|k| field(k))
            .chain(std::iter::once(sender_ip(&e.sender)));
        for text in ips {
            if let Some(code) = text
                .trim()
                .parse::<IpAddr>()
                .ok()
                .and_then(|ip| self.by_ip(ip))
            {
                return Some(code);
            }
        }
        let names = NAME_FIELDS
            .iter()
            .filter_map(|k| field(k))
            .chain(e.parsed.hostname.as_deref());
        for name in names {
            if let Some(code) = self.names.get(&name.trim().to_lowercase()) {
                return Some(code);
            }
        }
        None
    }
}

/// `1.2.3.4:514` or `[::1]:514` → the address.
fn sender_ip(sender: &str) -> &str {
    match sender.rsplit_once(':') {
        Some((host, port)) if port.bytes().all(|b| b.is_ascii_digit()) => {
            host.trim_start_matches('[').trim_end_matches(']')
        }
        _ => sender,
    }
}

/// An asset's fields, each with a clear reason when wrong.
pub fn check(a: &Asset) -> AppResult<()> {
    let code_ok = !a.code.is_empty()
        && a.code.len() <= 50
        && a.code
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b));
    if !code_ok {
        return Err(AppError::invalid(
            "code",
            tr!(
                "1–50 ký tự chữ, số, '-', '_' hoặc '.'",
                "1–50 letters, digits, '-', '_' or '.'"
            ),
        ));
    }
    if a.name.trim().is_empty() || a.name.len() > 200 {
        return Err(AppError::invalid(
            "name",
            tr!(
                "bắt buộc, tối đa 200 ký tự",
                "required, at most 200 characters"
            ),
        ));
    }
    if a.department.trim().is_empty() {
        return Err(AppError::invalid("department", tr!("bắt buộc", "required")));
    }
    if !(1..=5).contains(&a.level) {
        return Err(AppError::invalid(
            "level",
            tr!(
                "cấp độ an toàn từ 1 đến 5 (Nghị định 85/2016/NĐ-CP)",
                "a security level from 1 to 5 (Decree 85/2016)"
            ),
        ));
    }
    if a.addresses.len() > 100 {
        return Err(AppError::invalid(
            "addresses",
            tr!("tối đa 100 địa chỉ", "at most 100 addresses"),
        ));
    }
    for (i, addr) in a.addresses.iter().enumerate() {
        let t = addr.trim();
        let ok = t.parse::<IpAddr>().is_ok()
            || t.parse::<IpNet>().is_ok()
            || (!t.is_empty()
                && t.len() <= 253
                && t.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"-.".contains(&b)));
        if !ok {
            return Err(AppError::invalid(
                format!("addresses[{i}]"),
                tr!(
                    "không phải địa chỉ IP, mạng (CIDR) hay tên máy: {t}",
                    "not an IP address, a network (CIDR) or a host name: {t}"
                ),
            ));
        }
    }
    Ok(())
}
