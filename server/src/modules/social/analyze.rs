//! One text through the whole analyser, as a post goes through it.

use super::sentiment::weigh;
use super::simhash::simhash;
use super::text::{fold_word, normalize, tokens};
use app::error::{AppError, AppResult};
use app::modules::social::model::Analysis;
use app::tr;

/// Texts longer than this are cut (in characters): a post, not a book.
pub const MAX_CHARS: usize = 20_000;

/// A text to analyse on request: not empty, at most [`MAX_CHARS`].
pub fn check(text: &str) -> AppResult<()> {
    if text.trim().is_empty() {
        return Err(AppError::invalid(
            "text",
            tr!("văn bản trống", "the text is empty"),
        ));
    }
    if text.chars().count() > MAX_CHARS {
        return Err(AppError::invalid(
            "text",
            tr!(
                "văn bản dài quá {MAX_CHARS} ký tự",
                "the text is longer than {MAX_CHARS} characters"
            ),
        ));
    }
    Ok(())
}

/// What the analyser makes of `text` (topics and districts left empty: the caller's
/// [`super::store::Matcher`] fills them).
pub fn analyze(text: &str) -> Analysis {
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
    let normalized = normalize(&text);
    Analysis {
        folded: fold_word(&normalized),
        normalized,
        sentiment: tone.sentiment,
        score: (tone.score * 1000.0).round() / 1000.0,
        phrases,
        topics: Vec::new(),
        units: Vec::new(),
        simhash: format!("{:016x}", simhash(&toks)),
    }
}
