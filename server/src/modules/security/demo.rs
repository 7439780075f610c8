//! The demo province's security picture: its main systems (invented, with plausible
//! names and private addresses) and 30 days of events ending now, in the formats their
//! tools send, stored through the same path as received events (no alerts: they are old).

use super::parse::{self, Parsed};
use super::store::{self, Incoming};
use app::error::AppResult;
use app::modules::security::model::Asset;

/// (code, name, department, level, district, addresses)
type DemoAsset = (
    &'static str,
    &'static str,
    &'static str,
    u8,
    &'static str,
    &'static [&'static str],
);

const ASSETS: [DemoAsset; 10] = [
    (
        "dvc-portal",
        "Cổng dịch vụ công tỉnh",
        "VPUBND",
        3,
        "748",
        &["10.10.1.10", "dichvucong.baria-vungtau.gov.vn"],
    ),
    (
        "egov-portal",
        "Cổng thông tin điện tử tỉnh",
        "STTTT",
        3,
        "748",
        &["10.10.1.20", "baria-vungtau.gov.vn"],
    ),
    (
        "mail",
        "Hệ thống thư điện tử công vụ",
        "STTTT",
        3,
        "748",
        &["10.10.2.0/28"],
    ),
    (
        "docs",
        "Hệ thống quản lý văn bản và điều hành",
        "VPUBND",
        3,
        "748",
        &["10.10.3.5"],
    ),
    (
        "lgsp",
        "Nền tảng tích hợp, chia sẻ dữ liệu (LGSP)",
        "STTTT",
        4,
        "748",
        &["10.10.4.0/29"],
    ),
    (
        "dc-firewall",
        "Tường lửa Trung tâm dữ liệu tỉnh",
        "STTTT",
        4,
        "748",
        &["10.10.0.1"],
    ),
    (
        "vt-portal",
        "Cổng thông tin thành phố Vũng Tàu",
        "STTTT",
        2,
        "747",
        &["10.20.1.10"],
    ),
    (
        "pm-portal",
        "Cổng thông tin thị xã Phú Mỹ",
        "STTTT",
        2,
        "754",
        &["10.20.4.10"],
    ),
    (
        "his-bvt",
        "Hệ thống thông tin bệnh viện Bà Rịa",
        "SYT",
        3,
        "748",
        &["10.30.1.0/24"],
    ),
    (
        "cd-wifi",
        "Mạng Wi-Fi công cộng Côn Đảo",
        "STTTT",
        2,
        "755",
        &["10.20.8.0/24"],
    ),
];

/// A small deterministic generator: the demo is the same on every machine.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

const ATTACKERS: [&str; 12] = [
    "203.0.113.9",
    "203.0.113.47",
    "198.51.100.23",
    "198.51.100.77",
    "192.0.2.14",
    "192.0.2.200",
    "203.0.113.150",
    "198.51.100.5",
    "45.0.2.18",
    "185.0.2.33",
    "103.0.2.91",
    "14.0.2.160",
];

/// One event of hour `h` (microseconds) on asset `a`.
fn event(rng: &mut Lcg, at: i64, a: usize) -> Incoming {
    let (code, _, _, _, _, addrs) = ASSETS[a];
    let host = code.to_owned();
    let ip = addrs[0].split('/').next().unwrap_or("10.10.0.1");
    let attacker = ATTACKERS[rng.below(ATTACKERS.len() as u64) as usize];
    let roll = rng.below(1000);
    let text = match roll {
        // Web attacks blocked by the WAF (CEF).
        0..=299 => {
            let (name, sev) = [
                ("SQL injection attempt", 8),
                ("Cross-site scripting attempt", 6),
                ("Path traversal attempt", 7),
                ("Scanner detected", 3),
            ][rng.below(4) as usize];
            format!(
                "<134>1 - {host} - - - - CEF:0|Fortinet|FortiWeb|7.4|{}|{name}|{sev}|src={attacker} dst={ip} dpt=443 act=blocked request=/dvc/{}",
                100 + rng.below(40),
                rng.below(9000)
            )
        }
        // Port scans and denied connections at the firewall (CEF).
        300..=549 => format!(
            "<134>1 - dc-firewall - - - - CEF:0|Fortinet|FortiGate|7.2|13|Port scan|{}|src={attacker} dst={ip} dpt={} act=deny",
            if rng.below(10) == 0 { 7 } else { 4 },
            [22, 23, 445, 3389, 8080][rng.below(5) as usize]
        ),
        // SSH log-in failures (syslog).
        550..=849 => format!(
            "<38>1 - {host} sshd {} - - Failed password for root from {attacker} port {} ssh2",
            rng.below(30_000),
            40_000 + rng.below(20_000)
        ),
        // sudo authentication failures (syslog).
        850..=979 => format!(
            "<86>1 - {host} sudo - - - pam_unix(sudo:auth): authentication failure; user=admin{}",
            rng.below(5)
        ),
        // Malware and brute force: rare, high.
        980..=994 => format!(
            "<130>1 - {host} - - - - CEF:0|Trend Micro|Apex One|14.0|MAL-{}|Malware detected|9|src={ip} dst={attacker} act=quarantined fname=invoice{}.exe",
            rng.below(100),
            rng.below(100)
        ),
        _ => format!(
            "<130>1 - {host} - - - - CEF:0|Wazuh|Wazuh|4.7|5712|SSH brute force trying to get access|10|src={attacker} dst={ip}"
        ),
    };
    let mut parsed: Parsed = parse::syslog(&text);
    if parsed.hostname.is_none() {
        parsed.hostname = Some(host);
    }
    Incoming {
        received_at: at,
        sender: format!("{ip}:514"),
        parsed,
    }
}

/// The demo's site monitors: (code, name, department, address, days its certificate has
/// left). They are paused: a demo contacts no real site (an administrator who resumes one
/// makes it live); their 30 days of history are made up here.
const MONITORS: [(&str, &str, &str, &str, Option<i64>); 8] = [
    (
        "dvc",
        "Cổng dịch vụ công tỉnh",
        "VPUBND",
        "https://dichvucong.baria-vungtau.gov.vn/",
        Some(12),
    ),
    (
        "portal",
        "Cổng thông tin điện tử tỉnh",
        "VPUBND",
        "https://baria-vungtau.gov.vn/",
        Some(75),
    ),
    (
        "qlvb",
        "Hệ thống quản lý văn bản và điều hành",
        "STTTT",
        "https://qlvb.baria-vungtau.gov.vn/",
        Some(5),
    ),
    (
        "mail",
        "Thư điện tử công vụ",
        "STTTT",
        "https://mail.baria-vungtau.gov.vn/",
        Some(140),
    ),
    (
        "vpn",
        "Cổng VPN mạng truyền số liệu chuyên dùng",
        "STTTT",
        "tcp://10.10.0.1:443",
        None,
    ),
    (
        "soyte",
        "Cổng thông tin Sở Y tế",
        "SYT",
        "https://soyte.baria-vungtau.gov.vn/",
        Some(48),
    ),
    (
        "sgddt",
        "Cổng thông tin Sở Giáo dục và Đào tạo",
        "SGDDT",
        "https://sgddt.baria-vungtau.gov.vn/",
        Some(201),
    ),
    (
        "dulich",
        "Cổng du lịch Bà Rịa – Vũng Tàu",
        "SDL",
        "https://dulich.baria-vungtau.gov.vn/",
        Some(33),
    ),
];

/// The demo monitors with 30 days of daily tallies, their past outages as closed
/// incidents, and their certificate warnings.
async fn seed_monitors<C: sea_orm::ConnectionTrait>(db: &C, now: i64) -> AppResult<()> {
    use sea_orm::{Statement, Value};
    const DAY: i64 = 86_400_000_000;
    let run = |sql: &str, values: Vec<Value>| {
        Statement::from_sql_and_values(db.get_database_backend(), sql, values)
    };
    for (j, (code, name, department, url, cert)) in MONITORS.into_iter().enumerate() {
        let j = j as i64;
        let ms = 60 + (j * 53) % 400;
        let cert_expires = cert.map(|d| now + d * DAY - j * 3_600_000_000);
        let http = !url.starts_with("tcp:");
        db.execute_raw(run(
            "INSERT INTO security_monitor (code, name, department, url, interval_s, timeout_s, \
             retries, accepted, keyword, ignore_tls, public, active, state, state_since, fails, \
             next_check_at, last_check_at, last_ms, last_status, cert_expires, cert_issuer, \
             cert_band, version, updated_at) VALUES ($1, $2, $3, $4, 60, 10, 1, '[\"200-299\"]', \
             NULL, 0, 1, 0, 'up', $5, 0, $6, $6, $7, $8, $9, $10, $11, 1, $6)",
            vec![
                code.into(),
                name.into(),
                department.into(),
                url.into(),
                (now - (3 + j) * DAY).into(),
                (now - 30_000_000).into(),
                ms.into(),
                http.then_some(200i64).into(),
                cert_expires.into(),
                cert.map(|_| "GlobalSign RSA OV SSL CA 2018".to_owned())
                    .into(),
                super::monitors::cert_band(cert_expires, now).into(),
            ],
        ))
        .await
        .map_err(crate::auth::internal)?;
        for i in 0..30i64 {
            let day_start = now - (29 - i) * DAY;
            let checks = if i == 29 { 600 } else { 1440 };
            let down = if (i * 7 + j * 13) % 11 == 0 && i < 29 {
                15 + (i * (j + 1)) % 80
            } else {
                0
            };
            db.execute_raw(run(
                "INSERT INTO security_monitor_day (monitor, day, up, down, maint, ms_sum, ms_n) \
                 VALUES ($1, $2, $3, $4, 0, $5, $3)",
                vec![
                    code.into(),
                    super::monitors::local_day(day_start).into(),
                    (checks - down).into(),
                    down.into(),
                    ((checks - down) * ms).into(),
                ],
            ))
            .await
            .map_err(crate::auth::internal)?;
            if down > 0 {
                let opened = day_start - ((i * 5 + j * 3) % 20 + 2) * 3_600_000_000;
                let id = super::incidents::open(
                    db,
                    super::incidents::Opening {
                        title: format!("{name} ngừng hoạt động: không phản hồi trong 10 giây"),
                        source: "monitor",
                        subject: code,
                        department: Some(department),
                        severity: "critical",
                        opened_by: super::incidents::SYSTEM,
                        note: Some("không phản hồi trong 10 giây".into()),
                    },
                    opened,
                )
                .await?;
                super::incidents::close_by_system(
                    db,
                    id,
                    &format!("Hoạt động trở lại sau {down} phút"),
                    opened + down * 60_000_000,
                )
                .await?;
            }
        }
        if let Some(m) = super::monitors::load(db, code).await? {
            if m.cert_band != 0 {
                super::monitors::cert_alert(db, &m, m.cert_band, m.cert_expires, now).await?;
            }
        }
    }
    Ok(())
}

/// Assets, then 30 days of events up to `now` (microseconds), and the site monitors.
pub async fn seed<C: crate::db::Conn>(db: &C, now: i64) -> AppResult<()> {
    seed_monitors(db, now).await?;
    for (code, name, department, level, unit, addresses) in ASSETS {
        let a = Asset {
            code: code.into(),
            name: name.into(),
            department: department.into(),
            level,
            unit: Some(unit.into()),
            addresses: addresses.iter().map(|s| (*s).to_owned()).collect(),
        };
        store::save_asset(db, None, &a).await?;
    }
    let matcher = super::assets::Matcher::new(&store::assets(db).await?);
    let mut rng = Lcg(0x5ec0_2024);
    const HOUR: i64 = 3_600_000_000;
    let mut batch = Vec::new();
    for h in (0..30 * 24).rev() {
        let start = now - (h + 1) * HOUR;
        // More at office hours (UTC+7), and a campaign on the third day back.
        let local_hour = ((start / HOUR) + 7).rem_euclid(24);
        let mut n = if (8..18).contains(&local_hour) {
            30
        } else {
            12
        };
        if (48..60).contains(&h) {
            n *= 5;
        }
        for _ in 0..n {
            let at = start + rng.below(HOUR as u64) as i64;
            let a = rng.below(ASSETS.len() as u64) as usize;
            batch.push(event(&mut rng, at, a));
        }
        if batch.len() >= 5_000 {
            store::insert(db, &batch, &matcher).await?;
            batch.clear();
        }
    }
    store::insert(db, &batch, &matcher).await?;
    seed_vulnerabilities(db, now, &matcher).await
}

/// Wazuh's vulnerability detector on the demo's servers: (agent, its address, CVE,
/// package, severity, solved).
const VULNERABILITIES: [(&str, &str, &str, &str, &str, bool); 9] = [
    (
        "dvc-app01",
        "10.10.1.10",
        "CVE-2021-44228",
        "log4j",
        "Critical",
        false,
    ),
    (
        "dvc-app01",
        "10.10.1.10",
        "CVE-2023-44487",
        "nginx",
        "High",
        false,
    ),
    (
        "portal-web",
        "10.10.1.20",
        "CVE-2024-6387",
        "openssh-server",
        "High",
        false,
    ),
    (
        "mail01",
        "10.10.2.5",
        "CVE-2024-6387",
        "openssh-server",
        "High",
        false,
    ),
    (
        "mail01",
        "10.10.2.5",
        "CVE-2023-4911",
        "glibc",
        "High",
        true,
    ),
    (
        "qlvb-app",
        "10.10.3.5",
        "CVE-2023-46604",
        "activemq",
        "Critical",
        false,
    ),
    (
        "lgsp01",
        "10.10.4.2",
        "CVE-2023-38545",
        "curl",
        "Medium",
        false,
    ),
    (
        "lgsp01",
        "10.10.4.2",
        "CVE-2023-5678",
        "openssl",
        "Medium",
        false,
    ),
    (
        "portal-web",
        "10.10.1.20",
        "CVE-2023-28531",
        "openssh-client",
        "Low",
        false,
    ),
];

/// The vulnerability alerts, stored as events, and the vulnerabilities they leave open.
async fn seed_vulnerabilities<C: crate::db::Conn>(
    db: &C,
    now: i64,
    matcher: &super::assets::Matcher,
) -> AppResult<()> {
    let mut events = Vec::new();
    for (i, (agent, ip, cve, package, severity, solved)) in VULNERABILITIES.into_iter().enumerate()
    {
        let alert = serde_json::json!({
            "rule": {"level": if severity == "Critical" { 13 } else { 10 },
                     "description": format!("{cve} affects {package}"),
                     "groups": ["vulnerability-detector"]},
            "agent": {"name": agent, "ip": ip},
            "data": {"vulnerability": {"cve": cve, "severity": severity,
                     "package": {"name": package},
                     "status": if solved { "Solved" } else { "Active" }}},
        });
        let parsed = parse::wazuh(&alert).map_err(|e| {
            crate::auth::internal(format!("demo vulnerability {cve}: {}", e.reason.en))
        })?;
        events.push(Incoming {
            received_at: now - (i as i64 + 1) * 5 * 3_600_000_000,
            sender: "api".into(),
            parsed,
        });
    }
    store::insert(db, &events, matcher).await?;
    let findings: Vec<super::vulns::Finding> = events
        .iter()
        .filter_map(|e| super::vulns::finding(e, matcher.find(e)))
        .collect();
    super::vulns::record(db, &findings, now).await
}
