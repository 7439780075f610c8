//! Module 3: social-network monitoring. What the province's open sources (news feeds, its
//! own portals, posts a department's tools collect) say, by topic, district and tone.

pub mod model;
