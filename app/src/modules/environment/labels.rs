//! The time axis of the station charts, in the province's time (ICT), written out from
//! [`format::local`](crate::format::local).

use super::model::Range;
use crate::format::{local, Local};
use crate::i18n::Lang;

/// x labels for a range: hours for a day, day and hour for a week or month, dates for a year.
pub fn time_labels(times: &[i64], range: Range, lang: Lang) -> Vec<String> {
    times
        .iter()
        .map(|t| {
            let Local {
                year: y,
                month: m,
                day,
                hour: h,
                ..
            } = local(*t);
            match (range, lang) {
                (Range::Day, _) => format!("{h:02}:00"),
                (Range::Week | Range::Month, Lang::Vi) => format!("{day:02}/{m:02} {h:02}h"),
                (Range::Week | Range::Month, Lang::En) => format!("{m:02}-{day:02} {h:02}h"),
                (Range::Year, Lang::Vi) => format!("{day:02}/{m:02}/{:02}", y.rem_euclid(100)),
                (Range::Year, Lang::En) => format!("{y:04}-{m:02}-{day:02}"),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::{day_start, ict_rfc3339};
    use super::*;

    #[test]
    fn labels_follow_the_range_in_the_province_time() {
        // 2024-03-01T00:00:00+07:00.
        let t = 1_709_226_000;
        assert_eq!(time_labels(&[t], Range::Day, Lang::Vi), vec!["00:00"]);
        assert_eq!(time_labels(&[t], Range::Week, Lang::Vi), vec!["01/03 00h"]);
        assert_eq!(time_labels(&[t], Range::Week, Lang::En), vec!["03-01 00h"]);
        assert_eq!(time_labels(&[t], Range::Year, Lang::Vi), vec!["01/03/24"]);
        assert_eq!(time_labels(&[t], Range::Year, Lang::En), vec!["2024-03-01"]);
        // 23:00 ICT is still the same day, 16:00 UTC.
        assert_eq!(
            time_labels(&[t + 23 * 3600], Range::Day, Lang::En),
            vec!["23:00"]
        );
        assert_eq!(day_start(t), t);
        assert_eq!(ict_rfc3339(t), "2024-03-01T00:00:00+07:00");
    }
}
