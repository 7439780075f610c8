//! Users, password sign-in, sessions and API keys.

pub mod api_keys;
pub mod extract;
pub mod throttle;

use crate::audit;
use crate::db::entity::{app_user, session};
use app::error::{AppError, AppResult};
use app::model::{Role, SessionUser};
use app::tr;
use argon2::password_hash::{
    rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::Argon2;
use base64::Engine;
use chrono::Utc;
use rand::RngCore;
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, Set};
use sha2::{Digest, Sha256};
use std::time::Duration;

pub const MIN_PASSWORD_LEN: usize = 8;

/// argon2id with the crate's defaults (19 MiB, 2 passes).
pub fn hash_password(password: &str) -> anyhow::Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| anyhow::anyhow!("cannot hash password: {e}"))
}

pub fn verify_password(hash: &str, password: &str) -> bool {
    PasswordHash::new(hash)
        .map(|parsed| {
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
}

/// 32 random bytes, URL-safe base64: the cookie value or the secret part of a key.
pub fn new_secret() -> String {
    let mut bytes = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

pub fn sha256_hex(text: &str) -> String {
    hex::encode(Sha256::digest(text.as_bytes()))
}

fn session_user(u: &app_user::Model) -> SessionUser {
    SessionUser {
        email: u.email.clone(),
        display_name: u.display_name.clone(),
        role: Role::parse(&u.role).unwrap_or(Role::Public),
        department: u.department_code.clone(),
    }
}

/// Checks what a new user would be, without touching the database. A steward keeps one
/// department's data, so names it.
pub fn validate_new_user(
    email: &str,
    role: Role,
    department: Option<&str>,
    password: &str,
) -> AppResult<()> {
    let email = email.trim();
    if email.is_empty() || !email.contains('@') || email.contains(char::is_whitespace) {
        return Err(AppError::invalid(
            "email",
            tr!(
                "phải là địa chỉ thư điện tử hợp lệ",
                "must be an email address"
            ),
        ));
    }
    if role == Role::Public {
        return Err(AppError::invalid(
            "role",
            tr!(
                "phải là official, steward hoặc admin (người dân không cần tài khoản)",
                "must be official, steward or admin (the public needs no account)"
            ),
        ));
    }
    if role == Role::Steward && department.is_none_or(|d| d.trim().is_empty()) {
        return Err(AppError::invalid(
            "department",
            tr!(
                "cán bộ quản lý dữ liệu phụ trách dữ liệu của một đơn vị: hãy nêu rõ đơn vị",
                "a steward keeps one department's data: name the department"
            ),
        ));
    }
    if password.chars().count() < MIN_PASSWORD_LEN {
        return Err(AppError::invalid(
            "password",
            tr!(
                "phải có ít nhất {MIN_PASSWORD_LEN} ký tự",
                "must have at least {MIN_PASSWORD_LEN} characters"
            ),
        ));
    }
    Ok(())
}

pub async fn create_user(
    db: &DatabaseConnection,
    actor: &str,
    email: &str,
    display_name: &str,
    role: Role,
    department: Option<&str>,
    password: &str,
) -> AppResult<app_user::Model> {
    validate_new_user(email, role, department, password)?;
    let email = email.trim().to_lowercase();
    let existing = app_user::Entity::find()
        .filter(app_user::Column::Email.eq(&email))
        .one(db)
        .await
        .map_err(internal)?;
    if existing.is_some() {
        return Err(AppError::invalid(
            "email",
            tr!(
                "đã có tài khoản với địa chỉ thư điện tử này",
                "a user with this email exists already"
            ),
        ));
    }
    if let Some(code) = department {
        crate::registry::require_department(db, code).await?;
    }
    let hash = hash_password(password).map_err(internal)?;
    let user = app_user::ActiveModel {
        email: Set(email.clone()),
        display_name: Set(if display_name.trim().is_empty() {
            email.clone()
        } else {
            display_name.trim().to_string()
        }),
        role: Set(role.as_str().to_string()),
        department_code: Set(department.map(str::to_string)),
        password_hash: Set(hash),
        disabled: Set(false),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await
    .map_err(internal)?;
    audit::record(
        db,
        actor,
        "user.create",
        &email,
        serde_json::json!({ "role": role.as_str(), "department": department }),
    )
    .await
    .map_err(internal)?;
    Ok(user)
}

/// Checks the password and opens a session. Wrong email and wrong password look the same.
/// Attempts are limited per address and per account; the hash runs off the async workers.
pub async fn login(
    db: &DatabaseConnection,
    guard: &throttle::SignInGuard,
    limits: &crate::web::limits::Limits,
    client: Option<&str>,
    email: &str,
    password: &str,
    ttl: Duration,
) -> AppResult<(SessionUser, String)> {
    let email = email.trim().to_lowercase();
    if email.chars().count() > 320 || password.len() > 1_024 {
        return Err(AppError::Unauthorized);
    }
    limits.check(crate::web::limits::Group::SignIn, client)?;
    // Failures per account, counted in the database (every copy sees them); keyed by a
    // hash, which fits the counter's key whatever the length of the address.
    let failures = format!("login:{}", sha256_hex(&email));
    if let Some(wait) = crate::web::quota::blocked(
        db,
        &failures,
        throttle::MAX_FAILURES,
        throttle::FAILURE_WINDOW_SECS,
    )
    .await?
    {
        return Err(AppError::RateLimited(wait));
    }
    let user = app_user::Entity::find()
        .filter(app_user::Column::Email.eq(&email))
        .one(db)
        .await
        .map_err(internal)?;
    let user = user.filter(|u| !u.disabled);
    // Unknown accounts spend the same time on a real check, so timing reveals nothing.
    let hash = user
        .as_ref()
        .map_or_else(|| dummy_hash().to_string(), |u| u.password_hash.clone());
    let given = password.to_string();
    let ok = guard.hash(move || verify_password(&hash, &given)).await?;
    let Some(user) = user.filter(|_| ok) else {
        // Counted only: the check above refuses once the allowance is spent.
        let _ =
            crate::web::quota::take(db, &failures, u32::MAX, throttle::FAILURE_WINDOW_SECS).await;
        audit::record(
            db,
            "public",
            "session.login_failed",
            &email,
            serde_json::json!({ "client": client }),
        )
        .await
        .map_err(internal)?;
        return Err(AppError::Unauthorized);
    };
    crate::web::quota::forget(db, &failures).await?;
    let now = Utc::now();
    // Old sessions go when someone signs in; no background job needed for that.
    session::Entity::delete_many()
        .filter(session::Column::ExpiresAt.lt(now))
        .exec(db)
        .await
        .map_err(internal)?;
    let token = new_secret();
    session::ActiveModel {
        id: Set(sha256_hex(&token)),
        user_id: Set(user.id),
        created_at: Set(now),
        expires_at: Set(now + chrono::Duration::from_std(ttl).unwrap_or(chrono::Duration::hours(8))),
    }
    .insert(db)
    .await
    .map_err(internal)?;
    audit::record(
        db,
        &user.email,
        "session.login",
        &user.email,
        serde_json::json!({}),
    )
    .await
    .map_err(internal)?;
    Ok((session_user(&user), token))
}

/// The user of a live session, or `None` (unknown or expired token, disabled user).
pub async fn user_for_session(
    db: &DatabaseConnection,
    token: &str,
) -> AppResult<Option<SessionUser>> {
    let found = session::Entity::find_by_id(sha256_hex(token))
        .one(db)
        .await
        .map_err(internal)?;
    let Some(s) = found.filter(|s| s.expires_at > Utc::now()) else {
        return Ok(None);
    };
    let user = app_user::Entity::find_by_id(s.user_id)
        .one(db)
        .await
        .map_err(internal)?;
    Ok(user.filter(|u| !u.disabled).map(|u| session_user(&u)))
}

pub async fn logout(db: &DatabaseConnection, token: &str) -> AppResult<()> {
    session::Entity::delete_by_id(sha256_hex(token))
        .exec(db)
        .await
        .map_err(internal)?;
    Ok(())
}

/// Logs the cause and returns the safe wire error.
pub fn internal(e: impl std::fmt::Display) -> AppError {
    tracing::error!(error = %e, "internal error");
    AppError::Internal
}

/// A hash of a random password, checked against when the email is unknown.
fn dummy_hash() -> &'static str {
    static HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HASH.get_or_init(|| hash_password(&new_secret()).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_hash_and_verify() {
        let h = hash_password("mật khẩu dài").unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_password(&h, "mật khẩu dài"));
        assert!(!verify_password(&h, "wrong"));
        assert!(!verify_password("not a hash", "x"));
    }

    #[test]
    fn new_users_are_checked() {
        assert!(validate_new_user("a@b.vn", Role::Official, None, "12345678").is_ok());
        assert!(validate_new_user("a@b.vn", Role::Steward, Some("SDL"), "12345678").is_ok());
        assert!(matches!(
            validate_new_user("a@b.vn", Role::Steward, None, "12345678"),
            Err(AppError::Invalid { field, .. }) if field == "department"
        ));
        assert_eq!(
            validate_new_user("nope", Role::Official, None, "12345678").unwrap_err(),
            AppError::invalid(
                "email",
                tr!(
                    "phải là địa chỉ thư điện tử hợp lệ",
                    "must be an email address"
                )
            )
        );
        assert!(matches!(
            validate_new_user("a@b.vn", Role::Official, None, "short"),
            Err(AppError::Invalid { field, .. }) if field == "password"
        ));
        assert!(matches!(
            validate_new_user("a@b.vn", Role::Public, None, "12345678"),
            Err(AppError::Invalid { field, .. }) if field == "role"
        ));
    }
}
