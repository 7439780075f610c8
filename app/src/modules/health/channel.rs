//! The epidemic threshold of a disease in a district for one ISO week: the endemic
//! channel of the same week in the previous years (at most [`YEARS`], at least
//! [`MIN_YEARS`]). Its median is the usual level; its upper quartile is the threshold, and
//! a week whose cases exceed it is above the threshold (WHO's endemic-channel method).

/// How many previous years the channel looks back.
pub const YEARS: i32 = 5;
/// Fewer previous years than this give no threshold.
pub const MIN_YEARS: usize = 3;

/// How the page states the method (vi, en).
pub const METHOD: (&str, &str) = (
    "Ngưỡng dịch theo kênh dịch tễ: trung vị và tứ phân vị trên (Q3) của số ca cùng tuần trong tối đa 5 năm trước (cần ít nhất 3 năm). Tuần có số ca vượt Q3 là vượt ngưỡng và phát cảnh báo.",
    "Epidemic threshold by the endemic channel: median and upper quartile (Q3) of the same week's cases in up to 5 previous years (at least 3). A week whose cases exceed Q3 is above the threshold and raises an alert.",
);

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Channel {
    pub median: f64,
    /// The upper quartile: the threshold.
    pub threshold: f64,
}

/// The `q`-quantile of sorted values, interpolating between ranks (`(n − 1)·q`).
fn quantile(sorted: &[f64], q: f64) -> f64 {
    let pos = (sorted.len() - 1) as f64 * q;
    let (lo, hi) = (pos.floor() as usize, pos.ceil() as usize);
    sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo as f64)
}

/// The channel from the same week's cases in previous years (missing years left out).
pub fn channel(past: &[f64]) -> Option<Channel> {
    let mut v: Vec<f64> = past.iter().copied().filter(|x| x.is_finite()).collect();
    if v.len() < MIN_YEARS {
        return None;
    }
    v.sort_by(f64::total_cmp);
    Some(Channel {
        median: quantile(&v, 0.5),
        threshold: quantile(&v, 0.75),
    })
}

/// Whether a week's cases are above its threshold.
pub fn above(cases: f64, channel: Option<Channel>) -> bool {
    channel.is_some_and(|c| cases > c.threshold)
}

/// An ISO week `YYYY-Www` split into year and week.
pub fn split_week(period: &str) -> Option<(i32, u32)> {
    let (y, w) = period.split_once("-W")?;
    let (y, w): (i32, u32) = (y.parse().ok()?, w.parse().ok()?);
    (1..=53).contains(&w).then_some((y, w))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn five_past_years_give_median_and_upper_quartile() {
        // Sorted: 10 12 14 16 20 → median the 3rd, Q3 the 4th.
        let c = channel(&[10.0, 14.0, 12.0, 20.0, 16.0]).unwrap();
        assert_eq!(c.median, 14.0);
        assert_eq!(c.threshold, 16.0);
        assert!(above(17.0, Some(c)));
        assert!(!above(16.0, Some(c)));
    }

    #[test]
    fn four_years_interpolate_and_two_give_no_threshold() {
        // Sorted 2 4 6 8: Q3 at rank 2.25 → 6.5; median at 1.5 → 5.
        let c = channel(&[8.0, 2.0, 6.0, 4.0]).unwrap();
        assert_eq!((c.median, c.threshold), (5.0, 6.5));
        assert_eq!(channel(&[3.0, 9.0]), None);
        assert!(!above(100.0, None));
    }

    #[test]
    fn weeks_split() {
        assert_eq!(split_week("2024-W09"), Some((2024, 9)));
        assert_eq!(split_week("2024-W54"), None);
        assert_eq!(split_week("2024-09"), None);
    }
}
