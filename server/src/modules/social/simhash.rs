//! Near-duplicate detection: a 64-bit SimHash of a post's words (folded, stop words out)
//! and word pairs, with a hash that is the same on every machine and build (FNV-1a, then
//! a finaliser that spreads its bits), so stored fingerprints stay comparable. Reposts of
//! one story differ by a few bits; different stories by about half.

use super::sentiment::LEXICON;
use super::text::Token;

/// Posts whose fingerprints differ in at most this many bits are the same story.
pub const MAX_DISTANCE: u32 = 3;

fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    // splitmix64's finaliser: FNV's high bits depend little on the last bytes.
    h ^= h >> 30;
    h = h.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h ^= h >> 27;
    h = h.wrapping_mul(0x94d0_49bb_1331_11eb);
    h ^ (h >> 31)
}

/// Content words (not stop words) a story's fingerprint reads from its text: its lead. A
/// repost keeps the lead and changes the edges (a "[Chia sẻ]" before the title, "Nguồn: …"
/// after the text, a summary cut elsewhere), which would otherwise move the fingerprint
/// by more than [`MAX_DISTANCE`] bits in a text of a few dozen words.
pub const LEAD_WORDS: usize = 32;

/// The fingerprint of a post: its text's lead, or its title and text when the text alone
/// is too short to tell stories apart.
pub fn story(title: &[Token], text: &[Token]) -> u64 {
    let content = |t: &[Token]| {
        t.iter()
            .filter(|t| !LEXICON.stopwords.contains(&t.folded))
            .count()
    };
    if content(text) >= LEAD_WORDS / 2 {
        simhash(text)
    } else {
        let mut all = title.to_vec();
        all.extend_from_slice(text);
        simhash(&all)
    }
}

/// The fingerprint of tokenised text: its first [`LEAD_WORDS`] content words and the pairs
/// they make.
pub fn simhash(toks: &[Token]) -> u64 {
    let words: Vec<&str> = toks
        .iter()
        .map(|t| t.folded.as_str())
        .filter(|w| !LEXICON.stopwords.contains(*w))
        .take(LEAD_WORDS)
        .collect();
    let mut acc = [0i32; 64];
    let mut add = |h: u64| {
        for (bit, a) in acc.iter_mut().enumerate() {
            *a += if h >> bit & 1 == 1 { 1 } else { -1 };
        }
    };
    for w in &words {
        add(fnv1a(w.as_bytes()));
    }
    let mut pair = Vec::with_capacity(32);
    for p in words.windows(2) {
        pair.clear();
        pair.extend_from_slice(p[0].as_bytes());
        pair.push(b' ');
        pair.extend_from_slice(p[1].as_bytes());
        add(fnv1a(&pair));
    }
    acc.iter()
        .enumerate()
        .filter(|(_, a)| **a > 0)
        .fold(0u64, |h, (bit, _)| h | 1 << bit)
}

pub fn distance(a: u64, b: u64) -> u32 {
    (a ^ b).count_ones()
}

/// The four 16-bit bands of a fingerprint: two within [`MAX_DISTANCE`] bits share at least
/// one band (pigeonhole), so candidates are found by equal bands in an index.
pub fn bands(h: u64) -> [i64; 4] {
    [0, 16, 32, 48].map(|s| ((h >> s) & 0xffff) as i64)
}

#[cfg(test)]
mod tests {
    use super::super::text::tokens;
    use super::*;

    const STORY: &str = "Chiều 12/3, mưa lớn kéo dài gần hai giờ khiến nhiều tuyến đường ở \
        thành phố Vũng Tàu như Lê Hồng Phong, Nguyễn An Ninh, Ba Cu ngập sâu, nhiều xe máy \
        chết máy giữa đường, người dân phải dắt bộ; lực lượng chức năng đã có mặt phân luồng \
        giao thông và khơi thông cống thoát nước.";

    #[test]
    fn the_hash_is_stable() {
        // Fixed values: a change of hash or features would split stored clusters.
        assert_eq!(fnv1a(b""), 0xf52a_15e9_a9b5_e89b);
        assert_eq!(fnv1a(b"vung tau"), 0x31d0_adfc_7fa7_ecaf);
        let h = simhash(&tokens(STORY));
        assert_eq!(h, simhash(&tokens(&STORY.to_uppercase())));
        assert_eq!(
            simhash(&tokens("vũng tàu ngập")),
            simhash(&tokens("vung tau ngap"))
        );
    }

    #[test]
    fn reposts_are_near_and_other_stories_far() {
        let title = tokens("Mưa lớn, nhiều tuyến đường Vũng Tàu ngập sâu");
        let h = story(&title, &tokens(STORY));
        // Another title, the source named after the text, typed without marks: one story.
        let repost = format!("{STORY} (Nguồn: Báo Bà Rịa - Vũng Tàu)");
        let d = distance(
            h,
            story(&tokens("[Tin nhanh] Vũng Tàu ngập"), &tokens(&repost)),
        );
        assert!(d <= MAX_DISTANCE, "repost at {d} bits");
        let plain = super::super::text::fold(STORY);
        assert_eq!(h, story(&title, &tokens(&plain)));
        let other = "Sáng nay, Sở Y tế tổ chức tiêm vắc xin sởi cho trẻ em tại các trạm y tế \
            xã trên địa bàn huyện Châu Đức, phụ huynh đưa con đến đông đủ, các bác sĩ khám \
            sàng lọc trước khi tiêm, theo dõi sau tiêm ba mươi phút, chưa ghi nhận phản ứng \
            nặng nào, đợt tiêm kéo dài đến cuối tuần.";
        let d = distance(h, story(&tokens("Tiêm vắc xin sởi"), &tokens(other)));
        assert!(d > 12, "another story at {d} bits");
        // A short post is told apart by its title too.
        let a = story(&tokens("Cháy kho hàng ở Phú Mỹ"), &tokens("Đang cập nhật."));
        let b = story(
            &tokens("Khai trương cảng mới ở Phú Mỹ"),
            &tokens("Đang cập nhật."),
        );
        assert!(distance(a, b) > MAX_DISTANCE);
    }

    #[test]
    fn bands_of_near_hashes_meet() {
        let a = 0x1234_5678_9abc_def0u64;
        let b = a ^ (1 << 3) ^ (1 << 20) ^ (1 << 40);
        assert!(bands(a).iter().zip(bands(b)).any(|(x, y)| *x == y));
    }
}
