//! A large download streams with flat memory, measured on an `ioc serve` process of its own.
//! In a binary of its own: the process's memory is a measure of what it holds only while
//! no other test runs beside it.

#[path = "it/common/mod.rs"]
mod common;

use serde_json::json;

/// The process's own memory (`RssAnon`: heap and stacks). Not `VmRSS`: SQLite reads the
/// database through mmap, and the file's pages it touched count there while they are the
/// kernel's page cache, shared and reclaimable, not memory the server holds.
fn rss_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("RssAnon:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

/// `ioc serve` as its own process on a database file, so its memory can be measured.
struct Served {
    child: std::process::Child,
    base: String,
}

impl Served {
    async fn start(db: &str) -> Served {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_ioc"))
            .args(["--database", db, "serve", "--addr", "127.0.0.1:0"])
            .args(["--static-dir", "/nonexistent", "--api-per-minute", "0"])
            // glibc gives each thread that allocates its own arena; a few arenas keep the
            // process's RSS a measure of what it holds, not of how threads were scheduled.
            .env("MALLOC_ARENA_MAX", "2")
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let base = format!("http://127.0.0.1:{}", common::served_port(&mut child));
        common::wait_until(std::time::Duration::from_secs(60), "ioc to answer", || {
            let url = format!("{base}/healthz");
            async move { reqwest::get(url).await.is_ok() }
        })
        .await;
        Served { child, base }
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// 600,000 rows (about 40 MB as CSV) stream out of a fresh server whose memory stays
/// flat: holding the rows or the file would add well over the bound. What does grow is
/// bounded whatever the size: SQLite's page cache (2 MB per pooled connection the stream
/// happens to read through) and the allocator's arenas: 12-16 MiB measured for 20 MB.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_large_download_streams_with_flat_memory() {
    use futures_util::StreamExt;
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}?mode=rwc", dir.path().join("big.db").display());
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_ioc"))
        .args(["--database", &db, "seed", "--demo"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_ioc"))
        .args([
            "--database",
            &db,
            "apikey",
            "create",
            "--name",
            "big",
            "--scope",
            "ingest",
            "--department",
            "SKHDT",
        ])
        .output()
        .unwrap();
    let key = String::from_utf8(out.stdout).unwrap().trim().to_string();
    let c = reqwest::Client::builder()
        .timeout(std::time::Duration::from_secs(300))
        .build()
        .unwrap();
    const ROWS: usize = 600_000;
    {
        let srv = Served::start(&db).await;
        let def = json!({"code": "big-table", "title": "Bảng lớn", "frequency": "yearly", "public": true,
            "fields": [{"name": "n", "type": "integer", "required": true},
                       {"name": "label", "type": "text"},
                       {"name": "value", "type": "decimal"}],
            "key": ["n"]});
        let res = c
            .post(format!("{}/api/v1/datasets", srv.base))
            .bearer_auth(&key)
            .json(&def)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 201);
        for part in 0..6 {
            let mut csv = String::from("n,label,value\n");
            for n in part * 100_000..(part + 1) * 100_000 {
                csv.push_str(&format!(
                    "{n},Hàng số {n} — dữ liệu thử nghiệm dài,{}.25\n",
                    n % 977
                ));
            }
            let res = c
                .post(format!("{}/api/v1/datasets/big-table/records", srv.base))
                .bearer_auth(&key)
                .header("content-type", "text/csv")
                .body(csv)
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
        }
        // The quality recount that follows an ingest done too: otherwise the fresh server
        // below would make it, and its memory would be counted as the download's.
        let conn = sea_orm::Database::connect(&db).await.unwrap();
        common::wait_until(
            std::time::Duration::from_secs(180),
            "the quality of big-table to be counted",
            || async {
                use sea_orm::ConnectionTrait;
                conn.query_one_raw(sea_orm::Statement::from_string(
                    sea_orm::DbBackend::Sqlite,
                    "SELECT 1 AS one FROM dataset WHERE code = 'big-table' \
                     AND quality_checked = quality_version",
                ))
                .await
                .ok()
                .flatten()
                .is_some()
            },
        )
        .await;
        conn.close().await.ok();
    }
    // A fresh server: its memory now is what serving takes, not what ingesting took.
    let srv = Served::start(&db).await;
    let pid = srv.child.id();
    c.get(format!("{}/download/tourism-monthly.csv", srv.base))
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    let before = rss_kib(pid);
    let res = c
        .get(format!("{}/download/big-table.csv", srv.base))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let mut stream = res.bytes_stream();
    let (mut bytes, mut lines, mut peak) = (0usize, 0usize, before);
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.unwrap();
        bytes += chunk.len();
        lines += chunk.iter().filter(|b| **b == b'\n').count();
        peak = peak.max(rss_kib(pid));
    }
    assert_eq!(lines, ROWS + 1, "every row and the header");
    let grew_mib = peak.saturating_sub(before) / 1024;
    eprintln!(
        "downloaded {} MiB; the server's memory grew {grew_mib} MiB (from {} MiB)",
        bytes / 1_048_576,
        before / 1024
    );
    assert!(bytes > 36 * 1_048_576, "{bytes}");
    assert!(
        grew_mib < 24,
        "memory grew {grew_mib} MiB while streaming {} MiB",
        bytes / 1_048_576
    );
}
