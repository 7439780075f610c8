//! The proxy's media addresses: the upstream address, the camera and an expiry, sealed
//! (ChaCha20-Poly1305) with a key every copy of the server reads from the database. The
//! browser gets an opaque token: it learns neither the camera's host nor its paths, cannot
//! forge one for another host, and cannot use one for another camera or after it expires.

use crate::auth::internal;
use app::error::AppResult;
use base64::Engine;
use ring::aead::{Aad, LessSafeKey, Nonce, UnboundKey, CHACHA20_POLY1305, NONCE_LEN};
use ring::rand::{SecureRandom, SystemRandom};
use sea_orm::{ConnectionTrait, Statement};
use serde::{Deserialize, Serialize};

const B64: base64::engine::GeneralPurpose = base64::engine::general_purpose::URL_SAFE_NO_PAD;

/// What a token holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Sealed {
    /// The upstream address.
    pub u: String,
    /// Unix seconds after which the token is refused.
    pub e: i64,
}

/// The sealing key.
pub struct Sealer {
    key: LessSafeKey,
    rng: SystemRandom,
}

impl Sealer {
    pub fn new(secret: &[u8; 32]) -> AppResult<Self> {
        let key = UnboundKey::new(&CHACHA20_POLY1305, secret)
            .map_err(|_| internal("camera key of the wrong length"))?;
        Ok(Self {
            key: LessSafeKey::new(key),
            rng: SystemRandom::new(),
        })
    }

    /// The shared key, made by the first copy of the server that needs it.
    pub async fn load<C: ConnectionTrait>(db: &C) -> AppResult<Self> {
        let backend = db.get_database_backend();
        let mut fresh = [0u8; 32];
        SystemRandom::new()
            .fill(&mut fresh)
            .map_err(|_| internal("no randomness for the camera key"))?;
        // Two copies starting at once both try; the first insert wins and both read it.
        db.execute_raw(Statement::from_sql_and_values(
            backend,
            "INSERT INTO camera_key (id, secret) VALUES (1, $1) ON CONFLICT (id) DO NOTHING",
            vec![hex::encode(fresh).into()],
        ))
        .await
        .map_err(internal)?;
        let row = db
            .query_one_raw(Statement::from_string(
                backend,
                "SELECT secret FROM camera_key WHERE id = 1",
            ))
            .await
            .map_err(internal)?
            .ok_or_else(|| internal("no camera key"))?;
        let secret: String = row.try_get_by_index(0).map_err(internal)?;
        let bytes: [u8; 32] = hex::decode(secret)
            .ok()
            .and_then(|b| b.try_into().ok())
            .ok_or_else(|| internal("camera key is not 32 hex bytes"))?;
        Self::new(&bytes)
    }

    /// A token for `what`, bound to `camera` (a token made for one camera is refused for
    /// another).
    pub fn seal(&self, camera: &str, what: &Sealed) -> AppResult<String> {
        let mut nonce = [0u8; NONCE_LEN];
        self.rng
            .fill(&mut nonce)
            .map_err(|_| internal("no randomness for a nonce"))?;
        let mut data = serde_json::to_vec(what).map_err(internal)?;
        self.key
            .seal_in_place_append_tag(
                Nonce::assume_unique_for_key(nonce),
                Aad::from(camera.as_bytes()),
                &mut data,
            )
            .map_err(|_| internal("sealing failed"))?;
        let mut out = nonce.to_vec();
        out.extend_from_slice(&data);
        Ok(B64.encode(out))
    }

    /// What `token` holds, if this key sealed it for `camera` and it has not expired at
    /// `now` (unix seconds).
    pub fn open(&self, camera: &str, token: &str, now: i64) -> Option<Sealed> {
        let raw = B64.decode(token).ok()?;
        if raw.len() <= NONCE_LEN {
            return None;
        }
        let (nonce, sealed) = raw.split_at(NONCE_LEN);
        let nonce = Nonce::try_assume_unique_for_key(nonce).ok()?;
        let mut data = sealed.to_vec();
        let plain = self
            .key
            .open_in_place(nonce, Aad::from(camera.as_bytes()), &mut data)
            .ok()?;
        let s: Sealed = serde_json::from_slice(plain).ok()?;
        (s.e >= now).then_some(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_open_only_for_their_camera_their_key_and_in_time() {
        let s = Sealer::new(&[7; 32]).unwrap();
        let what = Sealed {
            u: "http://10.0.0.5/live/seg1.ts".into(),
            e: 1_000,
        };
        let t = s.seal("cam-1", &what).unwrap();
        assert!(!t.contains("10.0.0.5") && !t.contains("seg1"));
        assert_eq!(s.open("cam-1", &t, 999), Some(what.clone()));
        assert_eq!(s.open("cam-1", &t, 1_001), None, "expired");
        assert_eq!(s.open("cam-2", &t, 999), None, "another camera");
        assert_eq!(Sealer::new(&[8; 32]).unwrap().open("cam-1", &t, 999), None);
        let mut bytes = B64.decode(&t).unwrap();
        let last = bytes.len() - 1;
        bytes[last] ^= 1;
        assert_eq!(s.open("cam-1", &B64.encode(bytes), 999), None, "tampered");
        assert_eq!(s.open("cam-1", "not a token", 999), None);
        assert_ne!(
            s.seal("cam-1", &what).unwrap(),
            t,
            "a fresh nonce each time"
        );
    }
}
