//! Choropleth classes: values per area → colour bands and a legend. Pure, tested natively.

use crate::format;
use crate::i18n::Lang;

/// Light to dark blues; the darkest band still reads with white text beside it.
pub const BANDS: [&str; 5] = ["#deebf7", "#9ecae1", "#6baed6", "#3182bd", "#08519c"];
/// Areas without a value.
pub const NO_DATA: &str = "#d9d9d9";

#[derive(Debug, Clone, PartialEq)]
pub struct LegendEntry {
    pub color: &'static str,
    pub label: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Scale {
    /// Upper bounds of each band (inclusive), ascending.
    pub breaks: Vec<f64>,
    pub min: f64,
}

impl Scale {
    /// Equal-interval bands between the smallest and largest value.
    pub fn from_values(values: &[f64]) -> Option<Scale> {
        let finite: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
        if finite.is_empty() {
            return None;
        }
        let min = finite.iter().copied().fold(f64::INFINITY, f64::min);
        let max = finite.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let bands = if (max - min).abs() < f64::EPSILON {
            1
        } else {
            BANDS.len()
        };
        let step = (max - min) / bands as f64;
        let breaks = (1..=bands)
            .map(|i| {
                if i == bands {
                    max
                } else {
                    min + step * i as f64
                }
            })
            .collect();
        Some(Scale { breaks, min })
    }

    pub fn color(&self, value: f64) -> &'static str {
        let idx = self
            .breaks
            .iter()
            .position(|b| value <= *b)
            .unwrap_or(self.breaks.len() - 1);
        // With a single band use the middle colour rather than the palest.
        if self.breaks.len() == 1 {
            return BANDS[2];
        }
        BANDS[idx.min(BANDS.len() - 1)]
    }

    pub fn legend(&self, lang: Lang) -> Vec<LegendEntry> {
        let mut lower = self.min;
        self.breaks
            .iter()
            .map(|upper| {
                let entry = LegendEntry {
                    color: self.color(*upper),
                    label: format!(
                        "{} – {}",
                        format::compact(lower, lang),
                        format::compact(*upper, lang)
                    ),
                };
                lower = *upper;
                entry
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn five_equal_bands_from_min_to_max() {
        let s = Scale::from_values(&[0.0, 50.0, 100.0]).unwrap();
        assert_eq!(s.breaks, vec![20.0, 40.0, 60.0, 80.0, 100.0]);
        assert_eq!(s.color(0.0), BANDS[0]);
        assert_eq!(s.color(50.0), BANDS[2]);
        assert_eq!(s.color(100.0), BANDS[4]);
        assert_eq!(s.legend(Lang::Vi).len(), 5);
    }

    #[test]
    fn one_value_gives_one_band() {
        let s = Scale::from_values(&[7.0, 7.0]).unwrap();
        assert_eq!(s.legend(Lang::En).len(), 1);
        assert_eq!(s.color(7.0), BANDS[2]);
        assert!(Scale::from_values(&[]).is_none());
    }
}
