//! The tone of a post: positive, neutral or negative, from a Vietnamese lexicon written for
//! this project (CC0, `lexicon/`). Each lexicon phrase found adds its score (−3..3); a
//! negator up to three syllables before it in the same clause turns it around ("không tốt"
//! is negative, "không tệ" mildly positive); an intensifier next to it scales it ("rất",
//! "lắm", "hơi"); after a contrast ("nhưng", "tuy nhiên") the clause that follows counts
//! more than the one before ("đẹp nhưng đắt" leans negative).

use super::text::{tokens, Phrases, Token};
use app::modules::social::model::Sentiment;
use std::collections::HashSet;
use std::sync::LazyLock;

/// The lexicon, parsed once.
pub struct Lexicon {
    pub words: Phrases<f64>,
    pub negators: Phrases<()>,
    pub intensifiers: Phrases<f64>,
    /// Folded stop words: left out of topic and near-duplicate features.
    pub stopwords: HashSet<String>,
    /// Words after which the rest of the sentence outweighs what came before.
    contrast: Phrases<()>,
    /// Words that turn a negative thing into a positive act ("giảm tai nạn", "khắc phục
    /// ngập") or a neutral topic ("phòng chống tai nạn").
    against: Phrases<f64>,
}

fn lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

impl Lexicon {
    fn load() -> Self {
        let mut words = Phrases::default();
        let text = include_str!("lexicon/sentiment.tsv");
        // Neutral compounds that hold a scored or negating syllable ("không khí", "siêu
        // thị"): read as words of their own, worth nothing.
        for line in text.lines() {
            if let Some(phrase) = line.strip_prefix("#neutral\t") {
                words.add(phrase.trim(), 0.0);
            }
        }
        for line in lines(text) {
            if let Some((phrase, score)) = line.split_once('\t') {
                if let Ok(score) = score.trim().parse::<f64>() {
                    words.add(phrase, score);
                }
            }
        }
        let mut negators = Phrases::default();
        for line in lines(include_str!("lexicon/negators.txt")) {
            negators.add(line, ());
        }
        let mut intensifiers = Phrases::default();
        for line in lines(include_str!("lexicon/intensifiers.tsv")) {
            if let Some((phrase, m)) = line.split_once('\t') {
                if let Ok(m) = m.trim().parse::<f64>() {
                    intensifiers.add(phrase, m);
                }
            }
        }
        let stopwords = lines(include_str!("lexicon/stopwords.txt"))
            .map(super::text::fold_word)
            .collect();
        let mut contrast = Phrases::default();
        for w in [
            "nhưng",
            "tuy nhiên",
            "song",
            "mà lại",
            "thế nhưng",
            "nhưng mà",
        ] {
            contrast.add(w, ());
        }
        let mut against = Phrases::default();
        for (w, m) in [
            ("giảm", -0.7),
            ("giảm thiểu", -0.7),
            ("hạn chế", -0.6),
            ("ngăn chặn", -0.6),
            ("ngăn ngừa", -0.5),
            ("khắc phục", -0.7),
            ("xử lý", -0.3),
            ("phòng chống", 0.0),
            ("phòng ngừa", 0.0),
            ("chống", 0.0),
            ("phòng", 0.0),
            ("cảnh báo", 0.0),
            ("triệt phá", -0.8),
            ("bắt giữ", -0.3),
        ] {
            against.add(w, m);
        }
        Self {
            words,
            negators,
            intensifiers,
            stopwords,
            contrast,
            against,
        }
    }
}

pub static LEXICON: LazyLock<Lexicon> = LazyLock::new(Lexicon::load);

/// What the analyser makes of a text's tone.
#[derive(Clone, Debug, PartialEq)]
pub struct Tone {
    pub sentiment: Sentiment,
    /// In (−1, 1): the weighted sum of the phrases found, squashed.
    pub score: f64,
}

/// Sum above which a text is positive (below its negative, negative).
const THRESHOLD: f64 = 0.75;

/// What a stretch of tokens does to the tone.
#[derive(Clone, Copy, Debug)]
enum Role {
    Word(f64),
    Negator,
    Intensifier(f64),
    Against(f64),
    Contrast,
}

/// The text read left to right, the longest known phrase at each point: "không khí" is a
/// neutral word, not a negated "khí"; "hết sức" an intensifier, not a negated "sức".
fn roles(toks: &[Token]) -> Vec<(usize, usize, Role)> {
    let lex = &*LEXICON;
    let mut out = Vec::new();
    let mut at = 0;
    while at < toks.len() {
        let candidates = [
            lex.words
                .longest_at(toks, at)
                .map(|(n, v)| (n, Role::Word(*v))),
            lex.negators
                .longest_at(toks, at)
                .map(|(n, ())| (n, Role::Negator)),
            lex.intensifiers
                .longest_at(toks, at)
                .map(|(n, m)| (n, Role::Intensifier(*m))),
            lex.against
                .longest_at(toks, at)
                .map(|(n, m)| (n, Role::Against(*m))),
            lex.contrast
                .longest_at(toks, at)
                .map(|(n, ())| (n, Role::Contrast)),
        ];
        // Longest wins; on a tie, the first listed (a lexicon word).
        let mut best: Option<(usize, Role)> = None;
        for c in candidates.into_iter().flatten() {
            if best.is_none_or(|(n, _)| c.0 > n) {
                best = Some(c);
            }
        }
        match best {
            Some((n, role)) => {
                out.push((at, n, role));
                at += n;
            }
            None => at += 1,
        }
    }
    out
}

/// Whether a clause ends between tokens `from` and `to` (exclusive of `from`).
fn broken(toks: &[Token], from: usize, to: usize) -> bool {
    toks[from + 1..=to.min(toks.len() - 1)]
        .iter()
        .any(|t| t.brk)
}

/// The tone of already tokenised text, and the words that made it with their weighted
/// contributions.
pub fn weigh(toks: &[Token]) -> (Tone, Vec<(usize, usize, f64)>) {
    let items = roles(toks);
    // A contrast halves what came before it and raises what follows by half.
    let mut contrasts = items
        .iter()
        .filter(|(_, _, r)| matches!(r, Role::Contrast))
        .map(|(at, _, _)| *at);
    let first_contrast = contrasts.next();
    let mut total = 0.0;
    let mut parts = Vec::new();
    for (k, &(at, len, role)) in items.iter().enumerate() {
        let Role::Word(score) = role else { continue };
        if score == 0.0 {
            continue;
        }
        let (mut negated, mut mult, mut reversal) = (false, 1.0, None);
        // Modifiers ending up to three syllables before, within the clause.
        for &(b_at, b_len, b_role) in items[..k].iter().rev() {
            let end = b_at + b_len - 1;
            if at - end > 3 || broken(toks, end, at) {
                break;
            }
            match b_role {
                Role::Negator => negated = !negated,
                Role::Intensifier(m) => mult *= m,
                Role::Against(m) => {
                    reversal.get_or_insert(m);
                }
                Role::Word(_) | Role::Contrast => {}
            }
        }
        // An intensifier right after ("đẹp lắm", "tệ quá").
        if let Some(&(n_at, _, Role::Intensifier(m))) = items.get(k + 1) {
            if n_at == at + len && !toks[n_at].brk {
                mult *= m;
            }
        }
        let mut value = score * mult;
        if negated {
            value = -value * 0.75;
        }
        if let Some(r) = reversal {
            if value < 0.0 {
                value *= r;
            }
        }
        if let Some(c) = first_contrast {
            value *= if at < c { 0.5 } else { 1.5 };
        }
        total += value;
        parts.push((at, len, value));
    }
    let sentiment = if total >= THRESHOLD {
        Sentiment::Positive
    } else if total <= -THRESHOLD {
        Sentiment::Negative
    } else {
        Sentiment::Neutral
    };
    let tone = Tone {
        sentiment,
        score: total / (total * total + 4.0).sqrt(),
    };
    (tone, parts)
}

/// The tone of already tokenised text.
pub fn tone_of(toks: &[Token]) -> Tone {
    weigh(toks).0
}

/// The tone of a text.
pub fn tone(text: &str) -> Tone {
    tone_of(&tokens(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lexicon_loads() {
        assert!(LEXICON.words.len() > 500, "{}", LEXICON.words.len());
        assert!(!LEXICON.negators.is_empty());
        assert!(!LEXICON.intensifiers.is_empty());
        assert!(LEXICON.stopwords.len() > 50);
    }

    #[test]
    fn negation_intensifiers_and_contrast() {
        assert_eq!(
            tone("Cán bộ rất tận tình, nhanh chóng").sentiment,
            Sentiment::Positive
        );
        assert_eq!(tone("Cán bộ không tận tình").sentiment, Sentiment::Negative);
        assert_eq!(
            tone("Đường ngập nặng, kẹt xe kinh khủng").sentiment,
            Sentiment::Negative
        );
        assert_eq!(
            tone("duong ngap nang, ket xe kinh khung").sentiment,
            Sentiment::Negative
        );
        assert_eq!(
            tone("UBND tỉnh họp về kế hoạch năm 2025").sentiment,
            Sentiment::Neutral
        );
        assert!(tone("Bãi biển đẹp nhưng giá quá đắt").score < 0.0);
        assert!(tone("rất đẹp").score > tone("hơi đẹp").score);
    }

    /// Accuracy on the gold set (`tests/data/social/gold_vi.tsv`): the analyser was tuned
    /// on the odd lines only; the even lines are held out. Prints both confusion matrices;
    /// `bench/social.sh` prints them too.
    #[test]
    fn accuracy_on_the_held_out_gold_set() {
        let gold = super::super::gold::load();
        let (_, held_out) = super::super::gold::split(&gold);
        let report = super::super::gold::evaluate(&held_out);
        println!("{report}");
        assert!(
            report.macro_f1 >= 0.75,
            "macro-F1 {:.3} on {} held-out sentences",
            report.macro_f1,
            held_out.len()
        );
    }
}
