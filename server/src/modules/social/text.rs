//! Vietnamese text as module 3 reads it. Posts come composed or decomposed, with the tone
//! mark on either vowel of "oa", "oe", "uy" ("hoà"/"hòa", "thuỷ"/"thủy"), and often typed
//! without any mark ("ket xe"). Everything here makes those equal: NFC, lowercase, the tone
//! re-placed by one rule, and a folded form without marks (đ → d) for matching. Phrases are
//! matched as sequences of syllables, so no word segmentation is needed.

use std::collections::HashMap;
use unicode_normalization::UnicodeNormalization;

/// Grave, acute, tilde, hook above, dot below: the five tone marks, as combining characters.
const TONES: [char; 5] = ['\u{300}', '\u{301}', '\u{303}', '\u{309}', '\u{323}'];

/// One syllable (or word, number) of a text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    /// Lowercase, NFC, the tone where [`place_tone`] puts it.
    pub norm: String,
    /// Without any mark: what matching compares when either side was typed without them.
    pub folded: String,
    /// Punctuation that ends a clause (. , ; ! ? …) comes before it: negation and
    /// intensifiers do not reach across.
    pub brk: bool,
}

impl Token {
    /// Typed without marks (nothing to tell "ma" from "mà").
    pub fn plain(&self) -> bool {
        self.norm == self.folded
    }
}

fn is_vowel(c: char) -> bool {
    matches!(
        c,
        'a' | 'ă' | 'â' | 'e' | 'ê' | 'i' | 'o' | 'ô' | 'ơ' | 'u' | 'ư' | 'y'
    )
}

/// A vowel that carries a mark of its own (breve, circumflex, horn): the tone goes there.
fn is_marked_vowel(c: char) -> bool {
    matches!(c, 'ă' | 'â' | 'ê' | 'ô' | 'ơ' | 'ư')
}

/// One lowercase word with its tone mark moved to one chosen vowel, the placement most of
/// the press uses: a marked vowel (ơ of "ươ"); else the last vowel before a final consonant
/// ("toán"); else the first of two ("hòa", "khỏe", "thủy", "mùa", "hài"; the other style
/// writes "hoà", "khoẻ", "thuỷ") and the middle of three ("ngoài"). "qu" and "gi" count as
/// consonants. Words without a tone, or that are not Vietnamese syllables, come back as
/// they were.
pub fn place_tone(word: &str) -> String {
    let mut tone = None;
    let base: String = word
        .nfd()
        .filter(|c| {
            if TONES.contains(c) {
                tone.get_or_insert(*c);
                false
            } else {
                true
            }
        })
        .nfc()
        .collect();
    let Some(tone) = tone else {
        return word.nfc().collect();
    };
    let chars: Vec<char> = base.chars().collect();
    let mut start = chars
        .iter()
        .position(|c| is_vowel(*c))
        .unwrap_or(chars.len());
    if start < chars.len() && start > 0 {
        let next_is_vowel = chars.get(start + 1).copied().is_some_and(is_vowel);
        let onset_q = chars[start] == 'u' && chars[start - 1] == 'q';
        let onset_gi = chars[start] == 'i' && chars[start - 1] == 'g' && start == 1;
        if (onset_q || onset_gi) && next_is_vowel {
            start += 1;
        }
    }
    let end = chars[start..]
        .iter()
        .position(|c| !is_vowel(*c))
        .map_or(chars.len(), |p| start + p);
    if start >= end {
        // No vowel: not a syllable; keep the mark where it was.
        return word.nfc().collect();
    }
    let cluster = &chars[start..end];
    let coda = end < chars.len();
    let at = if let Some(p) = cluster.iter().rposition(|c| is_marked_vowel(*c)) {
        p
    } else if cluster.len() == 1 {
        0
    } else if coda {
        cluster.len() - 1
    } else if cluster.len() == 2 {
        0
    } else {
        1
    };
    let mut out = String::with_capacity(base.len() + 2);
    for (i, c) in chars.iter().enumerate() {
        out.push(*c);
        if i == start + at {
            out.push(tone);
        }
    }
    out.nfc().collect()
}

/// A word without marks: tones, breves, circumflexes and horns dropped, đ → d.
pub fn fold_word(word: &str) -> String {
    word.nfd()
        .filter(|c| !('\u{300}'..='\u{36f}').contains(c))
        .map(|c| match c {
            'đ' => 'd',
            'Đ' => 'D',
            c => c,
        })
        .collect()
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || ('\u{300}'..='\u{36f}').contains(&c)
}

fn is_clause_end(c: char) -> bool {
    matches!(
        c,
        '.' | ',' | ';' | ':' | '!' | '?' | '…' | '(' | ')' | '\n' | '"' | '“' | '”'
    )
}

/// The text's words, normalised and folded, with where clauses end.
pub fn tokens(text: &str) -> Vec<Token> {
    let mut out = Vec::with_capacity(text.len() / 4);
    let mut word = String::new();
    let mut brk = false;
    let push = |word: &mut String, brk: &mut bool, out: &mut Vec<Token>| {
        if word.is_empty() {
            return;
        }
        let lower = word.to_lowercase();
        let norm = place_tone(&lower);
        let folded = fold_word(&norm);
        out.push(Token {
            norm,
            folded,
            brk: std::mem::take(brk),
        });
        word.clear();
    };
    for c in text.chars() {
        if is_word_char(c) {
            word.push(c);
        } else {
            push(&mut word, &mut brk, &mut out);
            if is_clause_end(c) {
                brk = true;
            }
        }
    }
    push(&mut word, &mut brk, &mut out);
    out
}

/// The text as the analyser reads it: lowercase, NFC, tones placed by one rule, spaces
/// collapsed; punctuation kept.
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut word = String::new();
    let mut space = false;
    let flush = |word: &mut String, out: &mut String| {
        if !word.is_empty() {
            out.push_str(&place_tone(&word.to_lowercase()));
            word.clear();
        }
    };
    for c in text.nfc() {
        if is_word_char(c) {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            if c.is_whitespace() {
                space = true;
            } else {
                if space && !out.is_empty() && !is_clause_end(c) {
                    out.push(' ');
                }
                space = false;
                out.push(c);
            }
        }
    }
    flush(&mut word, &mut out);
    out
}

/// The text without marks (for the analyser's answer and for matching).
pub fn fold(text: &str) -> String {
    fold_word(&normalize(text))
}

/// A phrase's syllable as a pattern.
#[derive(Clone, Debug)]
struct Syllable {
    norm: String,
    folded: String,
}

impl Syllable {
    /// Equal as written, or equal without marks when either side was typed without them:
    /// "ket xe" finds "kẹt xe", "kẹt xe" finds "ket xe", but "mà" does not find "ma".
    fn matches(&self, t: &Token) -> bool {
        self.folded == t.folded && (self.norm == t.norm || t.plain() || self.norm == self.folded)
    }
}

/// A set of phrases (each a sequence of syllables) with a value each, found in a text's
/// tokens. Indexed by the folded first syllable: the cost per token is a hash lookup and
/// the few phrases that start with it, whatever the set's size.
#[derive(Clone, Debug)]
pub struct Phrases<T> {
    phrases: Vec<(Vec<Syllable>, T)>,
    by_first: HashMap<String, Vec<usize>>,
    longest: usize,
}

impl<T> Default for Phrases<T> {
    fn default() -> Self {
        Self {
            phrases: Vec::new(),
            by_first: HashMap::new(),
            longest: 0,
        }
    }
}

impl<T> Phrases<T> {
    /// Adds a phrase; one without any word is ignored.
    pub fn add(&mut self, phrase: &str, value: T) {
        let syllables: Vec<Syllable> = tokens(phrase)
            .into_iter()
            .map(|t| Syllable {
                norm: t.norm,
                folded: t.folded,
            })
            .collect();
        let Some(first) = syllables.first() else {
            return;
        };
        self.by_first
            .entry(first.folded.clone())
            .or_default()
            .push(self.phrases.len());
        self.longest = self.longest.max(syllables.len());
        self.phrases.push((syllables, value));
    }

    pub fn len(&self) -> usize {
        self.phrases.len()
    }

    pub fn is_empty(&self) -> bool {
        self.phrases.is_empty()
    }

    /// The longest phrase starting at `at` that does not cross a clause end: its length in
    /// tokens and value.
    pub fn longest_at(&self, toks: &[Token], at: usize) -> Option<(usize, &T)> {
        let ids = self.by_first.get(&toks.get(at)?.folded)?;
        let mut best: Option<(usize, &T)> = None;
        for &id in ids {
            let (syl, value) = &self.phrases[id];
            let n = syl.len();
            if at + n > toks.len() || best.is_some_and(|(b, _)| b >= n) {
                continue;
            }
            let window = &toks[at..at + n];
            if window.iter().skip(1).any(|t| t.brk) {
                continue;
            }
            if syl.iter().zip(window).all(|(s, t)| s.matches(t)) {
                best = Some((n, value));
            }
        }
        best
    }

    /// Every phrase found in the tokens (overlaps included), as (start, length, value).
    pub fn find_all<'a>(&'a self, toks: &[Token]) -> Vec<(usize, usize, &'a T)> {
        let mut out = Vec::new();
        for at in 0..toks.len() {
            let Some(ids) = self.by_first.get(&toks[at].folded) else {
                continue;
            };
            for &id in ids {
                let (syl, value) = &self.phrases[id];
                let n = syl.len();
                if at + n > toks.len() {
                    continue;
                }
                let window = &toks[at..at + n];
                if !window.iter().skip(1).any(|t| t.brk)
                    && syl.iter().zip(window).all(|(s, t)| s.matches(t))
                {
                    out.push((at, n, value));
                }
            }
        }
        out
    }

    /// The longest phrase's length in syllables.
    pub fn longest(&self) -> usize {
        self.longest
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norms(text: &str) -> Vec<String> {
        tokens(text).into_iter().map(|t| t.norm).collect()
    }

    #[test]
    fn composed_and_decomposed_are_equal() {
        let composed = "Bà Rịa – Vũng Tàu";
        let decomposed: String = composed.nfd().collect();
        assert_ne!(composed, decomposed);
        assert_eq!(normalize(composed), normalize(&decomposed));
        assert_eq!(normalize(&decomposed), "bà rịa – vũng tàu");
    }

    #[test]
    fn old_and_new_tone_placement_are_equal() {
        for (old, new) in [
            ("hoà", "hòa"),
            ("hoá", "hóa"),
            ("khoẻ", "khỏe"),
            ("thuỷ", "thủy"),
            ("luỹ", "lũy"),
            ("toà", "tòa"),
            ("Hoà Bình", "hòa bình"),
            ("xoè", "xòe"),
        ] {
            assert_eq!(normalize(old), normalize(new), "{old}");
            assert_eq!(normalize(old), new.to_lowercase(), "{old}");
        }
    }

    #[test]
    fn tones_stay_where_both_styles_agree() {
        for w in [
            "toán", "hoàng", "quyết", "thuyền", "muốn", "người", "mùa", "hài", "mía", "quá", "già",
            "gì", "giếng", "ngoài", "khuya", "rượu", "cửu", "quý", "tiếng", "được", "việt",
            "nguyễn", "xuống", "kỹ", "ý", "ở",
        ] {
            assert_eq!(place_tone(w), w, "{w}");
            let moved: String = w.nfd().collect();
            assert_eq!(place_tone(&moved), w, "{w} decomposed");
        }
    }

    #[test]
    fn folding_drops_every_mark() {
        assert_eq!(
            fold("Đường Võ Văn Kiệt ngập nặng"),
            "duong vo van kiet ngap nang"
        );
        assert_eq!(fold_word("đỡ"), "do");
        assert_eq!(fold("Côn Đảo"), "con dao");
    }

    #[test]
    fn words_numbers_and_clause_ends() {
        let t = tokens("QL51 kẹt xe, 2 giờ!  Quá tệ");
        assert_eq!(
            norms("QL51 kẹt xe, 2 giờ!  Quá tệ"),
            ["ql51", "kẹt", "xe", "2", "giờ", "quá", "tệ"]
        );
        let brk: Vec<bool> = t.iter().map(|t| t.brk).collect();
        assert_eq!(brk, [false, false, false, true, false, true, false]);
    }

    #[test]
    fn phrases_match_with_and_without_marks_but_marks_disambiguate() {
        let mut p = Phrases::default();
        p.add("kẹt xe", 1);
        p.add("ma", 2);
        p.add("ngập nước", 3);
        let found = |text: &str| {
            p.find_all(&tokens(text))
                .into_iter()
                .map(|(_, _, v)| *v)
                .collect::<Vec<_>>()
        };
        assert_eq!(found("Kẹt xe trên QL51"), [1]);
        assert_eq!(found("ket xe tren ql51"), [1]);
        assert_eq!(found("KẸT XE"), [1]);
        assert_eq!(found("kẹt, xe"), Vec::<i32>::new(), "not across a comma");
        assert_eq!(found("ma"), [2]);
        assert_eq!(found("mà"), [2], "a phrase typed without marks finds both");
        let mut q = Phrases::default();
        q.add("mà", 4);
        assert_eq!(
            q.find_all(&tokens("ma")).len(),
            1,
            "typed without marks, ma may be mà"
        );
        assert!(
            q.find_all(&tokens("mả")).is_empty(),
            "marks on both sides must agree"
        );
        assert_eq!(found("đường ngập nuoc"), [3]);
    }

    #[test]
    fn longest_phrase_wins() {
        let mut p = Phrases::default();
        p.add("xuống", 0);
        p.add("xuống cấp", -2);
        let t = tokens("con đường xuống cấp");
        assert_eq!(p.longest_at(&t, 2), Some((2, &-2)));
        assert_eq!(p.longest(), 2);
    }
}
