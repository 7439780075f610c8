//! Vulnerabilities as the province's scanners report them (Wazuh's vulnerability detector:
//! `data.vulnerability.cve`, `.severity`, `.package.name`, `.status`): one row per system
//! and CVE, open until a report says it is solved. The board counts the open ones.

use super::monitors::stmt;
use super::store::Incoming;
use crate::auth::internal;
use app::error::AppResult;
use app::modules::security::model::{BySeverity, EventSeverity, NameCount};
use sea_orm::{ConnectionTrait, Value};

/// What one event says about one vulnerability of one system.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The asset's code, else the host's name, else the sender.
    pub subject: String,
    pub cve: String,
    pub package: Option<String>,
    pub severity: EventSeverity,
    pub solved: bool,
}

/// The scanner's severity word in CEF's bands (CVSS: critical, high, medium, low).
fn severity(word: &str) -> EventSeverity {
    match word.trim().to_ascii_lowercase().as_str() {
        "critical" => EventSeverity::VeryHigh,
        "high" | "important" => EventSeverity::High,
        "medium" | "moderate" => EventSeverity::Medium,
        _ => EventSeverity::Low,
    }
}

/// The vulnerability an event reports, if it reports one.
pub fn finding(e: &Incoming, asset: Option<&str>) -> Option<Finding> {
    let field = |k: &str| {
        e.parsed
            .fields
            .get(k)
            .and_then(serde_json::Value::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty())
    };
    let cve = field("data.vulnerability.cve")?;
    let subject = asset
        .map(str::to_owned)
        .or_else(|| e.parsed.hostname.clone())
        .unwrap_or_else(|| e.sender.clone());
    let status = field("data.vulnerability.status").unwrap_or_default();
    Some(Finding {
        subject: subject.chars().take(100).collect(),
        cve: cve.chars().take(40).collect(),
        package: field("data.vulnerability.package.name").map(|p| p.chars().take(200).collect()),
        severity: severity(field("data.vulnerability.severity").unwrap_or_default()),
        solved: matches!(
            status.to_ascii_lowercase().as_str(),
            "solved" | "fixed" | "resolved"
        ),
    })
}

/// Records findings: a new one opens, a repeated one is seen again, a solved one closes.
pub async fn record<C: ConnectionTrait>(db: &C, findings: &[Finding], now: i64) -> AppResult<()> {
    for f in findings {
        db.execute_raw(stmt(
            db,
            "INSERT INTO security_vulnerability (subject, cve, package, severity, first_seen, \
             last_seen, solved_at) VALUES ($1, $2, $3, $4, $5, $5, $6) \
             ON CONFLICT (subject, cve) DO UPDATE SET severity = excluded.severity, \
             package = COALESCE(excluded.package, security_vulnerability.package), \
             last_seen = excluded.last_seen, solved_at = excluded.solved_at",
            vec![
                f.subject.clone().into(),
                f.cve.clone().into(),
                f.package.clone().into(),
                i64::from(f.severity.rank()).into(),
                now.into(),
                f.solved.then_some(now).into(),
            ],
        ))
        .await
        .map_err(internal)?;
    }
    Ok(())
}

/// The open vulnerabilities by severity, and the CVEs on the most systems (one district's
/// systems, or all).
pub async fn open<C: ConnectionTrait>(
    db: &C,
    unit: Option<&str>,
) -> AppResult<(BySeverity, Vec<NameCount>)> {
    let (filter, values): (&str, Vec<Value>) = match unit {
        Some(u) => (
            " AND subject IN (SELECT code FROM security_asset WHERE unit_code = $1)",
            vec![u.into()],
        ),
        None => ("", vec![]),
    };
    let rows = db
        .query_all_raw(stmt(
            db,
            &format!(
                "SELECT cve, MAX(package) AS package, CAST(MAX(severity) AS BIGINT) AS worst, \
                 CAST(COUNT(*) AS BIGINT) AS n FROM security_vulnerability \
                 WHERE solved_at IS NULL{filter} GROUP BY cve"
            ),
            values,
        ))
        .await
        .map_err(internal)?;
    let mut by: BySeverity = [0; 4];
    let mut list = Vec::new();
    for r in rows {
        let cve: String = r.try_get("", "cve").map_err(internal)?;
        let package: Option<String> = r.try_get("", "package").map_err(internal)?;
        let worst: i64 = r.try_get("", "worst").map_err(internal)?;
        let n: i64 = r.try_get("", "n").map_err(internal)?;
        let worst = EventSeverity::from_rank(worst as i16).unwrap_or(EventSeverity::Low);
        by[worst.rank() as usize - 1] += n as u64;
        list.push(NameCount {
            name: match package {
                Some(p) => format!("{cve} ({p})"),
                None => cve,
            },
            count: n as u64,
            worst,
        });
    }
    list.sort_by_key(|n| std::cmp::Reverse((n.worst, n.count)));
    list.truncate(10);
    Ok((by, list))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_wazuh_vulnerability_alerts() {
        let alert = serde_json::json!({
            "rule": {"level": 10, "description": "CVE-2021-44228 affects log4j", "groups": ["vulnerability-detector"]},
            "agent": {"name": "dvc-app01", "ip": "10.10.1.11"},
            "data": {"vulnerability": {"cve": "CVE-2021-44228", "severity": "Critical",
                     "package": {"name": "log4j"}, "status": "Active"}}
        });
        let e = Incoming {
            received_at: 0,
            sender: "api".into(),
            parsed: super::super::parse::wazuh(&alert).unwrap(),
        };
        let f = finding(&e, Some("dvc-portal")).unwrap();
        assert_eq!(
            (
                f.subject.as_str(),
                f.cve.as_str(),
                f.package.as_deref(),
                f.severity,
                f.solved
            ),
            (
                "dvc-portal",
                "CVE-2021-44228",
                Some("log4j"),
                EventSeverity::VeryHigh,
                false
            )
        );
        let solved = serde_json::json!({
            "rule": {"level": 3, "description": "CVE-2021-44228 was solved"},
            "agent": {"name": "dvc-app01"},
            "data": {"vulnerability": {"cve": "CVE-2021-44228", "severity": "Critical", "status": "Solved"}}
        });
        let e = Incoming {
            received_at: 0,
            sender: "api".into(),
            parsed: super::super::parse::wazuh(&solved).unwrap(),
        };
        let f = finding(&e, None).unwrap();
        assert!(f.solved);
        assert_eq!(f.subject, "dvc-app01");
        let plain = serde_json::json!({"rule": {"level": 5, "description": "sshd"}});
        let e = Incoming {
            received_at: 0,
            sender: "api".into(),
            parsed: super::super::parse::wazuh(&plain).unwrap(),
        };
        assert_eq!(finding(&e, None), None);
    }
}
