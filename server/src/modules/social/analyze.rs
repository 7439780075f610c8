//! One text through the whole analyser, as a post goes through it.

use super::sentiment::weigh;
use super::simhash::simhash;
use super::text::{fold_word, normalize, tokens, Phrases};
use app::modules::social::model::Analysis;

/// Texts longer than this are cut (in characters): a post, not a book.
pub const MAX_CHARS: usize = 20_000;

/// What the analyser makes of `text`; `topics` are the watchlist phrases (each with its
/// topic's name) it is matched against.
pub fn analyze(text: &str, topics: &Phrases<String>) -> Analysis {
    let text: String = text.chars().take(MAX_CHARS).collect();
    let toks = tokens(&text);
    let (tone, parts) = weigh(&toks);
    // The phrases that made the tone, for the reader who wants to know why.
    let phrases = parts
        .into_iter()
        .map(|(at, len, value)| {
            let words: Vec<&str> = toks[at..at + len].iter().map(|t| t.norm.as_str()).collect();
            (words.join(" "), (value * 100.0).round() / 100.0)
        })
        .collect();
    let mut found: Vec<String> = topics
        .find_all(&toks)
        .into_iter()
        .map(|(_, _, name)| name.clone())
        .collect();
    found.sort();
    found.dedup();
    let normalized = normalize(&text);
    Analysis {
        folded: fold_word(&normalized),
        normalized,
        sentiment: tone.sentiment,
        score: (tone.score * 1000.0).round() / 1000.0,
        phrases,
        topics: found,
        units: Vec::new(),
        simhash: format!("{:016x}", simhash(&toks)),
    }
}
