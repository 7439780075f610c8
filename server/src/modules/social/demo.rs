//! The demo's social picture: five watchlist topics, three push sources (named "demo": a
//! demo fetches no real site), and eight weeks of invented posts ending when it is loaded,
//! written from templates with the province's places and stored through the same path as
//! pushed posts (analysed, matched, grouped). A few reposts are grouped with their story.
//! In the last hours the flood topic rises, mostly negative, from two sources: the spike
//! check then shows what a crisis looks like in the feed.

use super::store::{self, Matcher, NewPost, HOUR_US};
use app::error::AppResult;
use app::modules::social::model::{SourceInput, SourceKind, TopicInput};
use rand::{Rng, SeedableRng};

const TOPICS: [(&str, &[&str], &str, Option<&str>); 5] = [
    (
        "Ngập úng",
        &["ngập", "ngập úng", "triều cường", "thoát nước"],
        "hạ tầng",
        None,
    ),
    (
        "Giao thông QL51",
        &["ql51", "quốc lộ 51", "kẹt xe", "ùn tắc"],
        "giao thông",
        None,
    ),
    (
        "Du lịch biển",
        &["du lịch", "du khách", "bãi biển"],
        "du lịch",
        None,
    ),
    (
        "Môi trường",
        &["ô nhiễm", "cá chết", "rác thải", "xả thải", "bốc mùi"],
        "môi trường",
        None,
    ),
    (
        "Dịch vụ công",
        &["dịch vụ công", "hồ sơ", "một cửa"],
        "hành chính",
        None,
    ),
];

const SOURCES: [(&str, &str); 3] = [
    ("demo-bao", "Báo địa phương (demo)"),
    ("demo-cong", "Cổng thông tin các sở (demo)"),
    ("demo-mxh", "Bài đăng công khai do Sở TT&TT tổng hợp (demo)"),
];

const PLACES: [&str; 8] = [
    "Vũng Tàu",
    "Bà Rịa",
    "Phú Mỹ",
    "Long Điền",
    "Đất Đỏ",
    "Xuyên Mộc",
    "Châu Đức",
    "Côn Đảo",
];
const STREETS: [&str; 8] = [
    "Lê Hồng Phong",
    "Nguyễn An Ninh",
    "Ba Cu",
    "Võ Thị Sáu",
    "Cách Mạng Tháng Tám",
    "Nguyễn Hữu Cảnh",
    "Trần Hưng Đạo",
    "Hùng Vương",
];
const BEACHES: [&str; 6] = [
    "Bãi Sau",
    "Bãi Trước",
    "Long Hải",
    "Hồ Tràm",
    "Hồ Cốc",
    "Đầm Trầu",
];

/// Per topic: (negative, neutral, positive) opening sentences with `{p}` place, `{s}`
/// street, `{b}` beach, `{n}` a number; then extra sentences any post of the topic may add.
type Templates = ([&'static str; 3], [&'static str; 6]);

const TEXTS: [Templates; 5] = [
    (
        [
            "Mưa lớn khiến đường {s} ở {p} ngập sâu, nhiều xe chết máy, người dân bức xúc vì năm nào cũng vậy.",
            "{p} ra quân nạo vét cống thoát nước trên đường {s} trước mùa mưa, dự kiến xong trong {n} ngày.",
            "Sau khi nâng cấp hệ thống thoát nước, đường {s} ở {p} không còn ngập khi mưa lớn, người dân phấn khởi.",
        ],
        [
            "Nước rút chậm, nhiều hộ kinh doanh phải đóng cửa cả buổi.",
            "Lực lượng chức năng có mặt phân luồng, hỗ trợ người đi đường.",
            "Triều cường dâng cao vào chiều tối làm tình hình thêm khó khăn.",
            "Công ty thoát nước cho biết sẽ kiểm tra lại các tuyến cống.",
            "Nhiều phụ huynh phải lội nước đón con tan học.",
            "Trạm bơm tạm được bố trí tại các điểm trũng.",
        ],
    ),
    (
        [
            "Kẹt xe kéo dài trên QL51 đoạn qua {p}, tài xế mệt mỏi vì chờ hơn {n} phút, rất bức xúc.",
            "Sở Giao thông vận tải thông báo phân luồng trên quốc lộ 51 đoạn qua {p} từ tuần sau.",
            "Đoạn QL51 qua {p} được mở rộng xong, xe cộ lưu thông thông thoáng, an toàn hơn hẳn.",
        ],
        [
            "Xe container nối đuôi nhau từ cảng về.",
            "Cảnh sát giao thông tăng cường tuần tra vào giờ cao điểm.",
            "Người đi xe máy được khuyến cáo chọn đường khác.",
            "Dự án nút giao mới đang được thi công.",
            "Nhiều người đi làm sớm hơn để tránh giờ cao điểm.",
            "Camera giám sát ghi nhận lưu lượng xe tăng mạnh dịp cuối tuần.",
        ],
    ),
    (
        [
            "Du khách phản ánh tình trạng chặt chém giá ở {b}, thất vọng vì dịch vụ kém.",
            "{p} công bố lịch các sự kiện du lịch tháng tới tại {b}, dự kiến đón {n} nghìn lượt khách.",
            "Du khách đổ về {b} dịp cuối tuần, nhiều người khen bãi biển sạch đẹp, dịch vụ chu đáo.",
        ],
        [
            "Các khách sạn gần biển kín phòng.",
            "Lực lượng cứu hộ trực suốt ngày tại bãi tắm.",
            "Hải sản tươi được bán với giá niêm yết.",
            "Nhiều gia đình từ Thành phố Hồ Chí Minh về nghỉ cuối tuần.",
            "Ban quản lý bãi tắm bố trí thêm chỗ giữ xe.",
            "Các điểm check-in mới thu hút giới trẻ.",
        ],
    ),
    (
        [
            "Người dân {p} phản ánh cá chết hàng loạt, nước bốc mùi hôi thối gần khu dân cư.",
            "Sở Tài nguyên và Môi trường lấy mẫu nước ở {p} để kiểm tra chất lượng, kết quả có sau {n} ngày.",
            "Chiến dịch nhặt rác thải ở {b} thu hút hàng trăm tình nguyện viên, bờ biển sạch đẹp trở lại.",
        ],
        [
            "Trạm quan trắc tự động được đặt thêm ở cửa sông.",
            "Chính quyền địa phương kêu gọi người dân không vứt rác xuống kênh.",
            "Cơ sở chế biến hải sản gần đó bị kiểm tra.",
            "Nhiều người lo ngại ảnh hưởng đến nuôi trồng thủy sản.",
            "Đoàn thanh niên tổ chức phân loại rác tại nguồn.",
            "Kết quả quan trắc được công khai trên cổng thông tin.",
        ],
    ),
    (
        [
            "Người dân phản ánh hồ sơ ở bộ phận một cửa {p} bị trễ hẹn, phải đi lại nhiều lần rất mệt mỏi.",
            "{p} tiếp nhận hồ sơ dịch vụ công trực tuyến toàn trình cho {n} thủ tục từ tháng tới.",
            "Người dân {p} hài lòng vì hồ sơ đất đai được giải quyết nhanh chóng, cán bộ tận tình.",
        ],
        [
            "Kết quả được trả qua bưu điện.",
            "Tổng đài hỗ trợ trả lời thắc mắc trong giờ hành chính.",
            "Nhiều thủ tục đã được cắt giảm giấy tờ.",
            "Người cao tuổi được hướng dẫn nộp hồ sơ trên điện thoại.",
            "Bộ phận một cửa mở thêm quầy vào sáng thứ bảy.",
            "Phiếu đánh giá mức độ hài lòng được phát tại quầy.",
        ],
    ),
];

fn fill(template: &str, rng: &mut impl Rng) -> String {
    template
        .replace("{p}", PLACES[rng.gen_range(0..PLACES.len())])
        .replace("{s}", STREETS[rng.gen_range(0..STREETS.len())])
        .replace("{b}", BEACHES[rng.gen_range(0..BEACHES.len())])
        .replace("{n}", &rng.gen_range(5..60).to_string())
}

/// One invented post of a topic, with the tone's weights (negative, neutral, positive).
fn post(topic: usize, weights: [u32; 3], rng: &mut impl Rng) -> (String, String) {
    let (openings, extras) = &TEXTS[topic];
    let total: u32 = weights.iter().sum();
    let mut pick = rng.gen_range(0..total.max(1));
    let mut tone = 0;
    while tone < 2 && pick >= weights[tone] {
        pick -= weights[tone];
        tone += 1;
    }
    let first = fill(openings[tone], rng);
    let a = rng.gen_range(0..extras.len());
    let b = (a + rng.gen_range(1..extras.len())) % extras.len();
    let title: String = first
        .split([',', '.'])
        .next()
        .unwrap_or_default()
        .to_string();
    (title, format!("{first} {} {}", extras[a], extras[b]))
}

pub async fn seed<C: crate::db::Conn>(db: &C, now: i64) -> AppResult<()> {
    for (name, phrases, sector, unit) in TOPICS {
        let t = TopicInput {
            name: name.into(),
            phrases: phrases.iter().map(|p| p.to_string()).collect(),
            exclude: Vec::new(),
            unit: unit.map(str::to_string),
            sector: Some(sector.into()),
        };
        store::save_topic(db, &t, now).await?;
    }
    let mut sources = Vec::new();
    for (code, name) in SOURCES {
        let s = SourceInput {
            code: code.into(),
            name: Some(name.into()),
            kind: SourceKind::Push,
            url: None,
            interval_s: None,
            active: Some(true),
        };
        sources.push(super::sources::save(db, &s, now).await?.0.id);
    }
    let matcher = Matcher::load(db).await?;
    let mut rng = rand::rngs::StdRng::seed_from_u64(3);
    let hour = now.div_euclid(HOUR_US) * HOUR_US;
    // Usual hours per topic (per hour at the day's peak), and each topic's usual tone.
    let rates = [0.5, 0.6, 0.5, 0.3, 0.4];
    let tones: [[u32; 3]; 5] = [[5, 3, 2], [5, 4, 1], [2, 3, 5], [4, 4, 2], [3, 4, 3]];
    let mut by_source: Vec<Vec<NewPost>> = sources.iter().map(|_| Vec::new()).collect();
    let mut n = 0u32;
    for h in (1..8 * 24 * 7).rev() {
        let at = hour - h * HOUR_US;
        let hod = (at / HOUR_US + 7).rem_euclid(24) as f64;
        let rhythm = 0.2 + (-(hod - 14.0).powi(2) / 30.0).exp();
        for (topic, rate) in rates.iter().enumerate() {
            if rng.gen::<f64>() >= rate * rhythm {
                continue;
            }
            let (title, text) = post(topic, tones[topic], &mut rng);
            let source = rng.gen_range(0..sources.len());
            n += 1;
            let published_at = at + rng.gen_range(0..HOUR_US);
            // One story in ten is reposted by another source an hour or two later.
            if rng.gen_ratio(1, 10) {
                by_source[(source + 1) % sources.len()].push(NewPost {
                    guid: store::guid_key(&format!("demo-{n}-repost")),
                    url: format!("https://demo.invalid/bai/{n}-chia-se"),
                    title: format!("[Chia sẻ] {title}"),
                    body: format!("{text} (Nguồn: {})", SOURCES[source].1),
                    author: None,
                    published_at: published_at + rng.gen_range(HOUR_US..2 * HOUR_US),
                });
            }
            by_source[source].push(NewPost {
                guid: store::guid_key(&format!("demo-{n}")),
                url: format!("https://demo.invalid/bai/{n}"),
                title,
                body: text,
                author: None,
                published_at,
            });
        }
    }
    // The last 24 minutes: the flood topic rises, mostly negative, from two sources.
    for k in 0..16u32 {
        let (title, text) = post(0, [8, 1, 1], &mut rng);
        n += 1;
        by_source[(k % 2) as usize].push(NewPost {
            guid: store::guid_key(&format!("demo-{n}")),
            url: format!("https://demo.invalid/bai/{n}"),
            title,
            body: text,
            author: None,
            published_at: now - i64::from(16 - k) * 90_000_000,
        });
    }
    for (source, posts) in sources.iter().zip(by_source) {
        store::store_posts(db, *source, posts, &matcher, now).await?;
    }
    super::spikes::check(db, now).await
}
