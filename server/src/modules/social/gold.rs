//! The gold set (`tests/data/social/gold_vi.tsv`, CC0, written for this project): Vietnamese
//! sentences labelled by hand, and the analyser's accuracy on them (confusion matrix,
//! per-class F1, macro-F1). The odd lines tune the analyser; the even lines are held out.

use super::sentiment::tone;
use app::modules::social::model::Sentiment;
use std::fmt;

pub struct Item {
    pub label: Sentiment,
    pub text: String,
}

/// `label<TAB>text` lines; `#` lines are comments. A line that does not parse is an error
/// naming it.
pub fn parse(text: &str) -> Result<Vec<Item>, String> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let (label, text) = line
            .split_once('\t')
            .ok_or_else(|| format!("line {}: no tab", n + 1))?;
        let label = Sentiment::parse(label.trim())
            .ok_or_else(|| format!("line {}: unknown label '{label}'", n + 1))?;
        out.push(Item {
            label,
            text: text.trim().to_string(),
        });
    }
    Ok(out)
}

#[cfg(test)]
pub fn load() -> Vec<Item> {
    parse(include_str!("../../../tests/data/social/gold_vi.tsv")).expect("gold set parses")
}

/// (tuning, held out): odd and even items.
pub fn split(items: &[Item]) -> (Vec<&Item>, Vec<&Item>) {
    let (mut tune, mut held) = (Vec::new(), Vec::new());
    for (i, item) in items.iter().enumerate() {
        if i % 2 == 0 {
            tune.push(item);
        } else {
            held.push(item);
        }
    }
    (tune, held)
}

pub struct Report {
    /// `matrix[gold][predicted]`, in the order of [`Sentiment::ALL`].
    pub matrix: [[u32; 3]; 3],
    pub f1: [f64; 3],
    pub macro_f1: f64,
    pub accuracy: f64,
    pub n: usize,
}

fn index(s: Sentiment) -> usize {
    match s {
        Sentiment::Positive => 0,
        Sentiment::Neutral => 1,
        Sentiment::Negative => 2,
    }
}

pub fn evaluate(items: &[&Item]) -> Report {
    let mut matrix = [[0u32; 3]; 3];
    for item in items {
        matrix[index(item.label)][index(tone(&item.text).sentiment)] += 1;
    }
    let mut f1 = [0.0; 3];
    for (c, f) in f1.iter_mut().enumerate() {
        let tp = f64::from(matrix[c][c]);
        let predicted: f64 = (0..3).map(|g| f64::from(matrix[g][c])).sum();
        let actual: f64 = matrix[c].iter().map(|&x| f64::from(x)).sum();
        let (p, r) = (tp / predicted.max(1.0), tp / actual.max(1.0));
        *f = if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        };
    }
    let correct: u32 = (0..3).map(|c| matrix[c][c]).sum();
    Report {
        matrix,
        f1,
        macro_f1: f1.iter().sum::<f64>() / 3.0,
        accuracy: f64::from(correct) / (items.len().max(1) as f64),
        n: items.len(),
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{} sentences; rows: gold, columns: predicted", self.n)?;
        writeln!(
            f,
            "{:>10} {:>9} {:>9} {:>9}   F1",
            "", "positive", "neutral", "negative"
        )?;
        for (g, row) in self.matrix.iter().enumerate() {
            writeln!(
                f,
                "{:>10} {:>9} {:>9} {:>9}   {:.3}",
                Sentiment::ALL[g].as_str(),
                row[0],
                row[1],
                row[2],
                self.f1[g]
            )?;
        }
        write!(
            f,
            "macro-F1 {:.3}, accuracy {:.3}",
            self.macro_f1, self.accuracy
        )
    }
}
