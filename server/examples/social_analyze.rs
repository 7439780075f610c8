//! Module 3's analyser measured (issue 18): its accuracy on the gold set (confusion
//! matrices for the tuning half, the held-out half and all of it), the spike detector's
//! precision and recall on a synthetic series with known spikes, and how many posts a
//! second it processes on one core (normalise, match 500 watchlist phrases, sentiment,
//! SimHash). `bench/social.sh` runs it.
//!
//! cargo run --release --example social_analyze -- server/tests/data/social/gold_vi.tsv

use app::modules::social::model::Topic;
use server::modules::social::{gold, store::Matcher};
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .ok_or("usage: social_analyze GOLD.tsv")?;
    let items = gold::parse(&std::fs::read_to_string(&path)?)?;
    let (tune, held) = gold::split(&items);
    println!("== tuning half (odd lines)\n{}\n", gold::evaluate(&tune));
    println!("== held out (even lines)\n{}\n", gold::evaluate(&held));
    let all: Vec<&gold::Item> = items.iter().collect();
    println!("== all\n{}\n", gold::evaluate(&all));
    println!(
        "== spike detection, synthetic series with known spikes\n{}\n",
        server::modules::social::spikes::synthetic(23)
    );

    // 500 watchlist phrases: places × subjects, as a province's topics look.
    let places = [
        "vũng tàu",
        "bà rịa",
        "phú mỹ",
        "long điền",
        "đất đỏ",
        "xuyên mộc",
        "châu đức",
        "côn đảo",
        "long hải",
        "hồ tràm",
        "ql51",
        "cái mép",
        "thị vải",
        "bãi sau",
        "bãi trước",
        "phước tỉnh",
        "ngãi giao",
        "kim long",
        "bình châu",
        "tân thành",
        "hòa long",
        "long sơn",
        "gò găng",
        "long hương",
        "kim dinh",
    ];
    let subjects = [
        "ngập",
        "kẹt xe",
        "tai nạn",
        "ô nhiễm",
        "cá chết",
        "rác thải",
        "mất điện",
        "cúp nước",
        "sạt lở",
        "triều cường",
        "du lịch",
        "bệnh viện",
        "trường học",
        "dịch vụ công",
        "giải phóng mặt bằng",
        "khu công nghiệp",
        "cảng",
        "giá vé",
        "lừa đảo",
        "an ninh",
    ];
    let mut topics: Vec<Topic> = (0..40)
        .map(|i| Topic {
            id: i,
            name: format!("topic-{i}"),
            phrases: Vec::new(),
            exclude: Vec::new(),
            unit: None,
            sector: None,
            updated_at: String::new(),
        })
        .collect();
    let mut phrases = 0;
    for (i, p) in places.iter().enumerate() {
        for (j, s) in subjects.iter().enumerate() {
            topics[(i * subjects.len() + j) % 40]
                .phrases
                .push(format!("{s} {p}"));
            phrases += 1;
        }
    }
    let districts: Vec<(String, String)> = places[..8]
        .iter()
        .enumerate()
        .map(|(i, p)| (format!("7{i}"), p.to_string()))
        .collect();
    let matcher = Matcher::new(topics, &districts);
    // Posts of about 80 words: four gold sentences each.
    let posts: Vec<String> = items
        .chunks(4)
        .map(|c| {
            c.iter()
                .map(|i| i.text.as_str())
                .collect::<Vec<_>>()
                .join(". ")
        })
        .collect();
    let rounds = 40;
    let start = Instant::now();
    let mut matched = 0usize;
    for _ in 0..rounds {
        for p in &posts {
            matched += matcher.analyze(p).topics.len();
        }
    }
    let secs = start.elapsed().as_secs_f64();
    let n = rounds * posts.len();
    println!(
        "analyser: {n} posts of ~{} words, {} watchlist phrases, one thread: {:.0} posts/s ({matched} topic matches)",
        posts.iter().map(|p| p.split_whitespace().count()).sum::<usize>() / posts.len().max(1),
        phrases,
        n as f64 / secs
    );
    Ok(())
}
