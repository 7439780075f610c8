//! Module 3's wire types.

use serde::{Deserialize, Serialize};

/// A post's tone.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Sentiment {
    Positive,
    Neutral,
    Negative,
}

impl Sentiment {
    pub const ALL: [Sentiment; 3] = [Self::Positive, Self::Neutral, Self::Negative];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Positive => "positive",
            Self::Neutral => "neutral",
            Self::Negative => "negative",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.as_str() == s)
    }

    pub fn label(self, lang: crate::i18n::Lang) -> &'static str {
        match self {
            Self::Positive => lang.pick("Tích cực", "Positive"),
            Self::Neutral => lang.pick("Trung tính", "Neutral"),
            Self::Negative => lang.pick("Tiêu cực", "Negative"),
        }
    }
}

/// `POST /api/v1/social/analyze`: one text to run through the analyser.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnalyzeInput {
    pub text: String,
}

/// What the analyser makes of one text.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Analysis {
    /// Lowercase, NFC, tone marks placed by one rule.
    pub normalized: String,
    /// Without any mark (đ → d).
    pub folded: String,
    pub sentiment: Sentiment,
    /// In (−1, 1): below 0 negative, above 0 positive.
    pub score: f64,
    /// The lexicon phrases that made the tone, with their weighted contribution.
    pub phrases: Vec<(String, f64)>,
    /// The watchlist topics the text matches.
    pub topics: Vec<String>,
    /// The districts the text names (unit codes).
    pub units: Vec<String>,
    /// The 64-bit SimHash of the text (hex), as near-duplicates are grouped by.
    pub simhash: String,
}

/// A watchlist topic as an administrator defines it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TopicInput {
    pub name: String,
    /// Keyword phrases, with or without diacritics; a post matching any is on the topic.
    pub phrases: Vec<String>,
    /// Phrases that keep a post off the topic even when a phrase matches.
    #[serde(default)]
    pub exclude: Vec<String>,
    /// A district's code: posts on the topic count for it.
    #[serde(default)]
    pub unit: Option<String>,
    /// A sector (health, tourism, …), free text.
    #[serde(default)]
    pub sector: Option<String>,
}

/// A stored topic.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Topic {
    pub id: i64,
    pub name: String,
    pub phrases: Vec<String>,
    pub exclude: Vec<String>,
    pub unit: Option<String>,
    pub sector: Option<String>,
    /// RFC 3339.
    pub updated_at: String,
}

/// Where posts come from: a feed fetched on a schedule, or pushed by a department's tools.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SourceKind {
    Rss,
    Atom,
    Jsonfeed,
    Push,
}

impl SourceKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Rss => "rss",
            Self::Atom => "atom",
            Self::Jsonfeed => "jsonfeed",
            Self::Push => "push",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [Self::Rss, Self::Atom, Self::Jsonfeed, Self::Push]
            .into_iter()
            .find(|k| k.as_str() == s)
    }
}

/// A source as an administrator defines it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceInput {
    /// Short and stable: letters, digits, `-`, `_`.
    pub code: String,
    #[serde(default)]
    pub name: Option<String>,
    pub kind: SourceKind,
    /// The feed's address (not for push sources).
    #[serde(default)]
    pub url: Option<String>,
    /// Seconds between fetches, 60 to 86,400 (default 900).
    #[serde(default)]
    pub interval_s: Option<i64>,
    #[serde(default)]
    pub active: Option<bool>,
}

/// A stored source and its health.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Source {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub kind: SourceKind,
    pub url: Option<String>,
    pub interval_s: i64,
    pub active: bool,
    /// `unknown` (not fetched yet), `ok`, `failing` (the last fetch failed; retried with
    /// backoff).
    pub state: String,
    pub last_fetch_at: Option<String>,
    pub last_ok_at: Option<String>,
    /// Failed fetches in a row.
    pub failures: i64,
    pub last_error: Option<String>,
    pub posts: i64,
    /// A push source's signing secret: in the answer that creates it, never again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret: Option<String>,
}

/// A post pushed by a department's tool (`POST /api/v1/social/posts`, signed).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PostInput {
    pub url: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub text: String,
    #[serde(default)]
    pub author: Option<String>,
    /// RFC 3339; default: when it arrives.
    #[serde(default)]
    pub published_at: Option<String>,
    /// The tool's own id of the post; default: its URL. A post sent twice is stored once.
    #[serde(default)]
    pub guid: Option<String>,
}

/// A stored post as officials read it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Post {
    pub id: i64,
    pub url: String,
    pub title: String,
    pub source: String,
    /// RFC 3339.
    pub published_at: String,
    pub sentiment: Sentiment,
    pub score: f64,
    pub topics: Vec<String>,
    /// The near-duplicate group: the id of the story's earliest post.
    pub cluster: i64,
    /// Whether this post is its story's earliest (reposts are not counted again).
    pub first: bool,
    /// The story's other posts (reposts, or the first and its other reposts).
    #[serde(default)]
    pub reposts: u64,
    /// For a repost: the source of the story's first post.
    #[serde(default)]
    pub first_source: Option<String>,
    pub units: Vec<String>,
}

/// The `/social` board's filters.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoardQuery {
    /// The last 1, 7 or 30 days.
    pub days: u32,
    /// A topic's id: its mentions only. None: every topic.
    #[serde(default)]
    pub topic: Option<i64>,
    /// A district's code: the posts that name it only.
    #[serde(default)]
    pub unit: Option<String>,
}

/// Posts by tone: positive, neutral, negative.
pub type ByTone = [u64; 3];

/// One bar of the board's timeline: an hour (a day's board) or a day, in the province's
/// time. `from`/`to` (RFC 3339) are what the posts behind it are asked for with.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ToneBucket {
    /// `2024-06-01` or `2024-06-01 14:00`.
    pub label: String,
    pub from: String,
    pub to: String,
    /// Stories (a repost is not counted again) by tone.
    pub tones: ByTone,
}

/// A topic's mentions in the period: stories, by tone and per bucket of the timeline.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TopicVolume {
    pub id: i64,
    pub name: String,
    pub tones: ByTone,
    pub counts: Vec<u64>,
}

impl TopicVolume {
    pub fn total(&self) -> u64 {
        self.tones.iter().sum()
    }
}

/// A source's posts in the period (reposts included: it published them).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SourceVolume {
    pub code: String,
    pub name: String,
    pub tones: ByTone,
    /// Of its posts, how many were the first of their story.
    pub first: u64,
}

/// The `/social` page's figures for a period.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SocialBoard {
    pub days: u32,
    /// The period, RFC 3339.
    pub from: String,
    pub to: String,
    pub topic: Option<i64>,
    pub unit: Option<String>,
    /// Posts in the period (reposts included) and stories (each counted once).
    pub posts: u64,
    pub stories: u64,
    /// Stories by tone.
    pub tones: ByTone,
    pub timeline: Vec<ToneBucket>,
    /// Every topic, most mentioned first (share of voice), with its own timeline.
    pub topics: Vec<TopicVolume>,
    /// The ten sources with the most posts.
    pub sources: Vec<SourceVolume>,
    /// Stories naming each district.
    pub by_unit: Vec<(String, u64)>,
    pub districts: Vec<crate::modules::indicators::model::UnitName>,
}

/// The posts behind a point of the board: a bucket, optionally one topic, tone or source.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostFilter {
    /// RFC 3339.
    pub from: String,
    pub to: String,
    #[serde(default)]
    pub topic: Option<i64>,
    #[serde(default)]
    pub unit: Option<String>,
    #[serde(default)]
    pub sentiment: Option<Sentiment>,
    /// A source's code.
    #[serde(default)]
    pub source: Option<String>,
}
