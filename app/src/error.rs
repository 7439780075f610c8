//! The one error type that crosses the wire. Messages are safe to show to anyone;
//! details stay in the server log.

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};
use std::fmt;

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
        message: String,
    },
    /// The request carries more than the server takes (bytes or rows).
    TooLarge(String),
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
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self::Invalid {
            field: field.into(),
            message: message.into(),
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

impl fmt::Display for AppError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Unauthorized => write!(f, "not signed in or session expired"),
            Self::Forbidden => write!(f, "your role does not allow this"),
            Self::NotFound(what) => write!(f, "not found: {what}"),
            Self::Invalid { field, message } => write!(f, "{field}: {message}"),
            Self::TooLarge(m) => write!(f, "too large: {m}"),
            Self::RateLimited(s) => write!(f, "too many requests: try again in {s} s"),
            Self::Unavailable(s) => {
                write!(
                    f,
                    "the service is unavailable for a moment: try again in {s} s"
                )
            }
            Self::Internal => write!(f, "internal error"),
            Self::Transport(m) => write!(f, "request failed: {m}"),
        }
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
            | ServerFnErrorErr::Deserialization(m) => Self::invalid("request", m),
            other => Self::Transport(other.to_string()),
        }
    }
}

pub type AppResult<T> = Result<T, AppError>;
