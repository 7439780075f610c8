use crate::error::AppError;
use crate::model::SessionUser;
use leptos::prelude::*;

/// The signed-in user, or `None` for the public.
#[server(prefix = "/api", endpoint = "auth/me")]
pub async fn fetch_me() -> Result<Option<SessionUser>, AppError> {
    crate::ssr::current_user().await
}

#[server(prefix = "/api", endpoint = "auth/login")]
pub async fn sign_in(email: String, password: String) -> Result<SessionUser, AppError> {
    use crate::ssr;
    if email.trim().is_empty() {
        let e = AppError::invalid("email", tr!("bắt buộc", "required"));
        ssr::set_status(&e);
        return Err(e);
    }
    if password.is_empty() {
        let e = AppError::invalid("password", tr!("bắt buộc", "required"));
        ssr::set_status(&e);
        return Err(e);
    }
    let backend = ssr::backend()?;
    let client = ssr::client_address();
    match backend
        .login(client.as_deref(), email.trim(), &password)
        .await
    {
        Ok((user, token)) => {
            ssr::set_session_cookie(
                Some(&token),
                backend.session_ttl_secs(),
                backend.secure_cookies(),
            );
            Ok(user)
        }
        Err(e) => {
            ssr::set_status(&e);
            Err(e)
        }
    }
}

#[server(prefix = "/api", endpoint = "auth/logout")]
pub async fn sign_out() -> Result<(), AppError> {
    use crate::ssr;
    let backend = ssr::backend()?;
    if let Some(token) = ssr::request_cookie(ssr::SESSION_COOKIE) {
        backend.logout(&token).await?;
    }
    ssr::set_session_cookie(None, 0, backend.secure_cookies());
    Ok(())
}
