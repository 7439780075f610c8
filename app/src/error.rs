//! The one error type that crosses the wire. Messages are safe to show to anyone;
//! details stay in the server log.

use crate::i18n::Lang;
use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};
use std::fmt;

/// A message in both languages. The client shows the one its user chose (and switches with
/// them); a REST answer picks one by `Accept-Language`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Text {
    pub vi: String,
    pub en: String,
}

impl Text {
    pub fn new(vi: impl Into<String>, en: impl Into<String>) -> Self {
        Self {
            vi: vi.into(),
            en: en.into(),
        }
    }

    pub fn get(&self, lang: Lang) -> &str {
        lang.pick(&self.vi, &self.en)
    }
}

/// `tr!("tiếng Việt {x}", "English {x}")`: a [`Text`], each side formatted like `format!`
/// (inline captures, or the same trailing arguments for both).
#[macro_export]
macro_rules! tr {
    ($vi:literal, $en:literal $(,)?) => {
        $crate::error::Text {
            vi: format!($vi),
            en: format!($en),
        }
    };
    ($vi:literal, $en:literal, $($arg:expr),+ $(,)?) => {
        $crate::error::Text {
            vi: format!($vi, $($arg),+),
            en: format!($en, $($arg),+),
        }
    };
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "detail", rename_all = "snake_case")]
pub enum AppError {
    /// Not signed in, or the session has expired.
    Unauthorized,
    /// Signed in, but the role does not allow this.
    Forbidden,
    NotFound(String),
    /// Bad input: which field, and what is wrong with it.
    Invalid {
        field: String,
        message: Text,
    },
    /// The request carries more than the server takes (bytes or rows).
    TooLarge(Text),
    /// Too many requests from this client: seconds until it may try again.
    RateLimited(u64),
    /// The database is away for a moment: seconds until trying again makes sense.
    Unavailable(u64),
    /// Something failed on the server; the log has the details.
    Internal,
    /// The request never reached our code (network, decoding).
    Transport(String),
}

impl AppError {
    pub fn invalid(field: impl Into<String>, message: Text) -> Self {
        Self::Invalid {
            field: field.into(),
            message,
        }
    }

    /// What to tell a person, in their language.
    pub fn message(&self, lang: Lang) -> String {
        let en = lang == Lang::En;
        match self {
            Self::Unauthorized => lang
                .pick(
                    "chưa đăng nhập hoặc phiên đã hết hạn",
                    "not signed in or session expired",
                )
                .into(),
            Self::Forbidden => lang
                .pick(
                    "vai trò của bạn không được làm việc này",
                    "your role does not allow this",
                )
                .into(),
            Self::NotFound(what) if en => format!("not found: {what}"),
            Self::NotFound(what) => format!("không tìm thấy: {what}"),
            Self::Invalid { field, message } => format!("{field}: {}", message.get(lang)),
            Self::TooLarge(m) => m.get(lang).into(),
            Self::RateLimited(s) if en => format!("too many requests: try again in {s} s"),
            Self::RateLimited(s) => format!("quá nhiều yêu cầu: thử lại sau {s} giây"),
            Self::Unavailable(s) if en => {
                format!("the service is unavailable for a moment: try again in {s} s")
            }
            Self::Unavailable(s) => format!("dịch vụ tạm thời gián đoạn: thử lại sau {s} giây"),
            Self::Internal => lang.pick("lỗi máy chủ", "internal error").into(),
            Self::Transport(m) if en => format!("request failed: {m}"),
            Self::Transport(m) => format!("yêu cầu không thành công: {m}"),
        }
    }

    /// HTTP status for this error, used by REST routes and server functions alike.
    pub fn status(&self) -> u16 {
        match self {
            Self::Unauthorized => 401,
            Self::Forbidden => 403,
            Self::NotFound(_) => 404,
            Self::Invalid { .. } => 422,
            Self::TooLarge(_) => 413,
            Self::RateLimited(_) => 429,
            Self::Unavailable(_) => 503,
            Self::Internal | Self::Transport(_) => 500,
        }
    }
}

/// English, for logs; people get [`AppError::message`] in their language.
impl fmt::Display for AppError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for AppError {}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            // Arguments that do not decode are the caller's mistake: 422, not 500.
            ServerFnErrorErr::Args(m)
            | ServerFnErrorErr::MissingArg(m)
            | ServerFnErrorErr::Deserialization(m) => {
                Self::invalid("request", tr!("yêu cầu không đọc được: {m}", "{m}"))
            }
            other => Self::Transport(other.to_string()),
        }
    }
}

pub type AppResult<T> = Result<T, AppError>;

/// What is wrong with a JSON text, in both languages, from serde_json's error (whose own
/// words are English and name Rust types): the line and column, and the field or value
/// at fault where serde says which.
pub fn json_problem(e: &serde_json::Error) -> Text {
    let (line, col) = (e.line(), e.column());
    let msg = e.to_string();
    // serde quotes names between backticks: "missing field `code`".
    let quoted = |prefix: &str| {
        msg.strip_prefix(prefix)
            .and_then(|rest| rest.split('`').next())
            .map(str::to_string)
    };
    use serde_json::error::Category;
    match e.classify() {
        Category::Syntax | Category::Eof => tr!(
            "JSON sai cú pháp ở dòng {line}, cột {col}",
            "malformed JSON at line {line}, column {col}"
        ),
        Category::Data => {
            if let Some(f) = quoted("missing field `") {
                tr!("thiếu trường «{f}»", "missing field '{f}'")
            } else if let Some(f) = quoted("unknown field `") {
                tr!(
                    "trường «{f}» không có trong định nghĩa (dòng {line}, cột {col})",
                    "unknown field '{f}' (line {line}, column {col})"
                )
            } else if let Some(v) = quoted("unknown variant `") {
                tr!(
                    "giá trị «{v}» không thuộc các giá trị cho phép (dòng {line}, cột {col})",
                    "'{v}' is not one of the allowed values (line {line}, column {col})"
                )
            } else {
                tr!(
                    "sai kiểu giá trị ở dòng {line}, cột {col}",
                    "a value of the wrong type at line {line}, column {col}"
                )
            }
        }
        Category::Io => tr!("không đọc được JSON", "the JSON could not be read"),
    }
}
