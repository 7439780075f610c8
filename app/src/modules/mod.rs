//! The single source for navigation and routes: one entry per page of the product.

pub mod admin;
pub mod auth;
pub mod datasets;
pub mod environment;
pub mod feedback;
pub mod indicators;
pub mod open_data;
pub mod overview;
pub mod placeholder;

use crate::i18n::Lang;
use crate::model::Role;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Module {
    Overview,
    AdminServices,
    Security,
    Social,
    Health,
    Education,
    Tourism,
    Environment,
    Indicators,
    Feedback,
    Cameras,
    Data,
    OpenData,
    Report,
    AirQuality,
    Admin,
}

impl Module {
    /// The dashboards officials steer by, in menu order.
    pub const DASHBOARDS: [Module; 12] = [
        Module::Overview,
        Module::AdminServices,
        Module::Security,
        Module::Social,
        Module::Health,
        Module::Education,
        Module::Tourism,
        Module::Environment,
        Module::Indicators,
        Module::Feedback,
        Module::Cameras,
        Module::Data,
    ];
    /// Pages anyone may open.
    pub const PUBLIC: [Module; 3] = [Module::OpenData, Module::AirQuality, Module::Report];

    pub fn path(self) -> &'static str {
        match self {
            Module::Overview => "/",
            Module::AdminServices => "/admin-services",
            Module::Security => "/security",
            Module::Social => "/social",
            Module::Health => "/health",
            Module::Education => "/education",
            Module::Tourism => "/tourism",
            Module::Environment => "/environment",
            Module::Indicators => "/indicators",
            Module::Feedback => "/feedback",
            Module::Cameras => "/cameras",
            Module::Data => "/data",
            Module::OpenData => "/open-data",
            Module::Report => "/report",
            Module::AirQuality => "/air-quality",
            Module::Admin => "/admin",
        }
    }

    /// Stable identifier, used in test ids and CSS classes.
    pub fn slug(self) -> &'static str {
        match self {
            Module::Overview => "overview",
            Module::AdminServices => "admin-services",
            Module::Security => "security",
            Module::Social => "social",
            Module::Health => "health",
            Module::Education => "education",
            Module::Tourism => "tourism",
            Module::Environment => "environment",
            Module::Indicators => "indicators",
            Module::Feedback => "feedback",
            Module::Cameras => "cameras",
            Module::Data => "data",
            Module::OpenData => "open-data",
            Module::Report => "report",
            Module::AirQuality => "air-quality",
            Module::Admin => "admin",
        }
    }

    /// The least role that may see the page. The server enforces the same rule on its data.
    pub fn role(self) -> Role {
        match self {
            Module::OpenData | Module::Report | Module::AirQuality => Role::Public,
            Module::Admin => Role::Admin,
            _ => Role::Official,
        }
    }

    /// A short glyph for the menu (text, so it needs no icon font).
    pub fn icon(self) -> &'static str {
        match self {
            Module::Overview => "◎",
            Module::AdminServices => "▤",
            Module::Security => "◆",
            Module::Social => "☍",
            Module::Health => "✚",
            Module::Education => "✎",
            Module::Tourism => "☀",
            Module::Environment => "❦",
            Module::Indicators => "▲",
            Module::Feedback => "✉",
            Module::Cameras => "◉",
            Module::Data => "▦",
            Module::OpenData => "⇩",
            Module::Report => "✦",
            Module::AirQuality => "☁",
            Module::Admin => "⚙",
        }
    }

    pub fn title(self, lang: Lang) -> &'static str {
        let (vi, en) = match self {
            Module::Overview => ("Tổng quan", "Overview"),
            Module::AdminServices => ("Dịch vụ hành chính công", "Public administration services"),
            Module::Security => ("An toàn thông tin", "Information security"),
            Module::Social => ("Giám sát mạng xã hội", "Social-network monitoring"),
            Module::Health => ("Y tế", "Health"),
            Module::Education => ("Giáo dục", "Education"),
            Module::Tourism => ("Du lịch", "Tourism"),
            Module::Environment => (
                "Tài nguyên và môi trường",
                "Natural resources & environment",
            ),
            Module::Indicators => ("Chỉ tiêu kinh tế – xã hội", "Socio-economic indicators"),
            Module::Feedback => ("Phản ánh kiến nghị", "Citizen feedback"),
            Module::Cameras => ("Camera giám sát", "Camera surveillance"),
            Module::Data => ("Dữ liệu và chất lượng", "Data and quality"),
            Module::OpenData => ("Dữ liệu mở", "Open data"),
            Module::Report => ("Gửi phản ánh", "Report an issue"),
            Module::AirQuality => ("Chất lượng không khí", "Air quality"),
            Module::Admin => ("Quản trị", "Administration"),
        };
        lang.pick(vi, en)
    }

    /// What the finished module will show, for its honest empty state.
    pub fn promises(self, lang: Lang) -> &'static [&'static str] {
        match (self, lang) {
            (Module::AdminServices, Lang::Vi) => &[
                "Hồ sơ tiếp nhận, giải quyết trước hạn, đúng hạn, trễ hạn, đang xử lý",
                "Theo cơ quan và thủ tục",
                "Chỉ số phục vụ người dân (QĐ 766/QĐ-TTg)",
            ],
            (Module::AdminServices, Lang::En) => &[
                "Dossiers received, resolved early, on time, late, pending",
                "Per agency and procedure",
                "Public-service quality index (Decision 766/QĐ-TTg)",
            ],
            (Module::Security, Lang::Vi) => &[
                "Sự kiện an toàn thông tin",
                "Tình trạng hoạt động và chứng chỉ TLS của cổng thông tin",
            ],
            (Module::Security, Lang::En) => &[
                "Security events",
                "Government sites' uptime and TLS certificates",
            ],
            (Module::Social, Lang::Vi) => {
                &["Lượt đề cập, chủ đề, sắc thái", "Cảnh báo tăng đột biến"]
            }
            (Module::Social, Lang::En) => &["Mentions, topics, sentiment", "Spike alerts"],
            (Module::Health, Lang::Vi) => {
                &["Cơ sở y tế, giường bệnh, lượt khám", "Bản đồ bệnh viện"]
            }
            (Module::Health, Lang::En) => &["Facilities, beds, visits", "Map of hospitals"],
            (Module::Education, Lang::Vi) => {
                &["Trường, lớp, học sinh theo cấp học", "Theo địa bàn"]
            }
            (Module::Education, Lang::En) => {
                &["Schools, classes and pupils by level", "By district"]
            }
            (Module::Tourism, Lang::Vi) => &[
                "Lượt khách, khách lưu trú, khách quốc tế",
                "Doanh thu du lịch",
            ],
            (Module::Tourism, Lang::En) => &[
                "Visitors, overnight and international guests",
                "Tourism revenue",
            ],
            (Module::Environment, Lang::Vi) => {
                &["Trạm quan trắc không khí, nước", "Chỉ số VN_AQI, VN_WQI"]
            }
            (Module::Environment, Lang::En) => {
                &["Air and water monitoring stations", "VN_AQI and VN_WQI"]
            }
            (Module::Indicators, Lang::Vi) => &[
                "Chỉ tiêu so với kế hoạch",
                "Cấu hình chỉ tiêu cho quản trị viên",
            ],
            (Module::Indicators, Lang::En) => &[
                "Indicators against targets",
                "Indicator configuration for administrators",
            ],
            (Module::Feedback, Lang::Vi) => &["Phản ánh của người dân", "Tiến độ và kết quả xử lý"],
            (Module::Feedback, Lang::En) => &["Citizens' reports", "Handling progress and results"],
            (Module::Cameras, Lang::Vi) => &["Bản đồ camera", "Hình ảnh trực tiếp"],
            (Module::Cameras, Lang::En) => &["Camera map", "Live view"],
            _ => &[],
        }
    }
}
