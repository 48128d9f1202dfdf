//! The web side of single sign-on ([`super::oidc`]): the login page's button starts a sign-in
//! at the provider, the provider sends the browser back to the callback, and the callback ends
//! in a session like a password sign-in (same cookie, same CSRF token, same lifetime). Every
//! refusal is audited and shown on the login page, where a password still works.

use super::auth::{
    ClientAddr, LoginPage, NextParam, cookie, now, random_token, safe_next, sha256_hex,
};
use super::oidc::Refusal;
use crate::{AppError, AppState};
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

impl AppState {
    /// The cookie that ties a sign-in at the provider to the browser that started it.
    fn sso_cookie(&self) -> &'static str {
        if self.secure_cookies {
            "__Host-trellis_sso"
        } else {
            "trellis_sso"
        }
    }

    /// The cookie that says this session came from the provider (logging out then signs out
    /// of the provider too).
    pub(crate) fn via_sso_cookie(&self) -> &'static str {
        if self.secure_cookies {
            "__Host-trellis_via_sso"
        } else {
            "trellis_via_sso"
        }
    }

    /// The provider's name for the login page's button, with single sign-on.
    pub(crate) fn sso_name(&self) -> Option<String> {
        self.oidc.as_ref().map(|o| o.config.name.clone())
    }
}

/// Sign-ins one address may have waiting at once (an office behind one address signs in
/// together in the morning; an attacker may not fill the table).
pub const PENDING_PER_ADDRESS: i64 = 300;

/// `GET /login/sso`: off to the provider, remembering where to come back to.
pub async fn start(
    State(state): State<AppState>,
    ClientAddr(addr): ClientAddr,
    Query(q): Query<NextParam>,
) -> Result<Response, AppError> {
    let Some(oidc) = state.oidc.clone() else {
        return Err(AppError::NotFound(
            "Single sign-on is not set up on this Trellis.".into(),
        ));
    };
    let ip = addr
        .map(|a| a.ip().to_string())
        .unwrap_or_else(|| "unknown".into());
    let (key, pending, url) = oidc.begin(&safe_next(q.next.as_deref()));
    let kept = state
        .store
        .sso_begin(
            &sha256_hex(&key),
            &pending,
            &ip,
            now(),
            super::oidc::PENDING_SECONDS,
            PENDING_PER_ADDRESS,
        )
        .await?;
    if !kept {
        let mut response = refuse(
            &state,
            &ip,
            Refusal {
                message: "Too many sign-ins were started from this address in the last ten minutes. Wait a few minutes, then try again.".into(),
                why: format!("{PENDING_PER_ADDRESS} sign-ins already waiting from this address"),
                forbidden: false,
            },
        )
        .await?;
        *response.status_mut() = StatusCode::TOO_MANY_REQUESTS;
        response.headers_mut().insert(
            header::RETRY_AFTER,
            axum::http::HeaderValue::from_static("60"),
        );
        return Ok(response);
    }
    let mut response = Redirect::to(&url).into_response();
    response.headers_mut().append(
        header::SET_COOKIE,
        state.set_cookie(state.sso_cookie(), &key, super::oidc::PENDING_SECONDS),
    );
    Ok(response)
}

/// What the provider sends back.
#[derive(Deserialize, Default)]
pub struct Callback {
    pub code: Option<String>,
    pub state: Option<String>,
    pub error: Option<String>,
    pub error_description: Option<String>,
}

/// `GET /login/sso/callback`: the provider's answer, checked, ends in a session or a refusal.
pub async fn callback(
    State(state): State<AppState>,
    ClientAddr(addr): ClientAddr,
    headers: HeaderMap,
    Query(q): Query<Callback>,
) -> Result<Response, AppError> {
    let Some(oidc) = state.oidc.clone() else {
        return Err(AppError::NotFound(
            "Single sign-on is not set up on this Trellis.".into(),
        ));
    };
    let ip = addr
        .map(|a| a.ip().to_string())
        .unwrap_or_else(|| "unknown".into());
    if let Some(error) = &q.error {
        let said = q.error_description.as_deref().unwrap_or(error);
        return refuse(
            &state,
            &ip,
            Refusal {
                message: format!("Your identity provider did not sign you in: {said}."),
                why: format!("the provider answered {error}: {said}"),
                forbidden: error == "access_denied",
            },
        )
        .await;
    }
    let (Some(code), Some(key)) = (q.code, q.state) else {
        return refuse(
            &state,
            &ip,
            Refusal {
                message: "This sign-in came back without what the identity provider should have sent. Sign in again.".into(),
                why: "a callback without code or state".into(),
                forbidden: false,
            },
        )
        .await;
    };
    let started_here = cookie(&headers, state.sso_cookie())
        .is_some_and(|c| super::auth::csrf_matches(c, &key) && !c.is_empty());
    if !started_here {
        return refuse(
            &state,
            &ip,
            Refusal {
                message: "This sign-in was not started in this browser, or it took too long. Sign in again.".into(),
                why: "the callback's state is not the one this browser's cookie holds".into(),
                forbidden: false,
            },
        )
        .await;
    }
    let Some(pending) = state
        .store
        .sso_take(&sha256_hex(&key), now(), super::oidc::PENDING_SECONDS)
        .await?
    else {
        return refuse(
            &state,
            &ip,
            Refusal {
                message: "This sign-in expired or was already used. Sign in again.".into(),
                why: "an unknown, used or expired sign-in state".into(),
                forbidden: false,
            },
        )
        .await;
    };
    let next = pending.next.clone();
    let finishing = oidc.clone();
    let finished = tokio::task::spawn_blocking(move || finishing.finish(&code, &pending, now()))
        .await
        .map_err(|e| AppError::Internal(format!("single sign-on failed: {e}")))?;
    let identity = match finished {
        Ok(done) => done,
        Err(refusal) => return refuse(&state, &ip, refusal).await,
    };
    // An account is linked to the person with this e-mail in the org, if exactly one has it,
    // or whose id is the e-mail (as HR exports that use e-mails as ids make them).
    let person = match state.snapshot().await {
        Ok(snap) => person_for_email(&snap.org, &identity.email),
        Err(_) => None,
    };
    let Some(account) = state
        .store
        .account_for_sso(&identity.email, identity.role.as_str(), person.as_deref())
        .await?
    else {
        return refuse(
            &state,
            &ip,
            Refusal {
                message: format!(
                    "The Trellis account for {} is disabled. Ask your Trellis admin to enable it.",
                    identity.email
                ),
                why: format!(
                    "{} signed in at the provider; the account is disabled",
                    identity.email
                ),
                forbidden: true,
            },
        )
        .await;
    };
    // A new account, or a role the provider changed, is audited with the claim it came from.
    let role = identity.role.as_str();
    let claim = format!("{} {}", oidc.config.role_claim, identity.values.join(", "));
    let what = match (&account.previous_role, account.created) {
        (_, true) => Some(format!(
            "account made by single sign-on as {role} ({claim})"
        )),
        (Some(before), false) => Some(format!(
            "role changed from {before} to {role} by the identity provider ({claim})"
        )),
        (None, false) => None,
    };
    if let Some(what) = what {
        state
            .store
            .audit("single sign-on", &identity.email, &what, true)
            .await?;
    }
    let token = random_token();
    let t = now();
    state
        .store
        .create_session(
            &sha256_hex(&token),
            account.user.id,
            &random_token(),
            t + super::auth::SESSION_SECONDS,
        )
        .await?;
    tracing::info!(email = %identity.email, role = identity.role.as_str(), "signed in with single sign-on");
    let mut response = Redirect::to(&safe_next(Some(&next))).into_response();
    let h = response.headers_mut();
    h.append(
        header::SET_COOKIE,
        state.set_cookie(state.session_cookie(), &token, super::auth::SESSION_SECONDS),
    );
    h.append(
        header::SET_COOKIE,
        state.set_cookie(state.via_sso_cookie(), "1", super::auth::SESSION_SECONDS),
    );
    h.append(
        header::SET_COOKIE,
        state.set_cookie(state.sso_cookie(), "", 0),
    );
    Ok(response)
}

/// The person of `org` whose e-mail is `email` (exactly one), or whose id is it.
pub fn person_for_email(org: &trellis_model::Org, email: &str) -> Option<String> {
    let mut having = org.people.iter().filter(|p| {
        p.email
            .as_ref()
            .is_some_and(|e| e.text.trim().eq_ignore_ascii_case(email))
    });
    match (having.next(), having.next()) {
        (Some(p), None) => Some(p.id.id.clone()),
        (Some(_), Some(_)) => None,
        (None, _) => org
            .people
            .iter()
            .find(|p| p.id.id.eq_ignore_ascii_case(email))
            .map(|p| p.id.id.clone()),
    }
}

/// The login page with why single sign-on refused, audited.
async fn refuse(state: &AppState, ip: &str, refusal: Refusal) -> Result<Response, AppError> {
    tracing::warn!(address = %ip, why = %refusal.why, "single sign-on refused");
    state
        .store
        .audit(
            &format!("single sign-on from {ip}"),
            "sign-in",
            &format!("sign in refused · {}", refusal.why),
            false,
        )
        .await?;
    let csrf = random_token();
    let page = LoginPage {
        csrf: csrf.clone(),
        next: "/".into(),
        email: String::new(),
        error: Some(refusal.message),
        sso: state.sso_name(),
    };
    let status = if refusal.forbidden {
        StatusCode::FORBIDDEN
    } else {
        StatusCode::UNAUTHORIZED
    };
    let mut response = (status, page).into_response();
    let h = response.headers_mut();
    h.append(
        header::SET_COOKIE,
        state.set_cookie(state.login_cookie(), &csrf, 3600),
    );
    h.append(
        header::SET_COOKIE,
        state.set_cookie(state.sso_cookie(), "", 0),
    );
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::person_for_email;

    #[test]
    fn a_person_is_found_by_their_e_mail_or_an_id_that_is_one() {
        let loaded = trellis_model::load(&trellis_model::Sources::from_pairs(vec![(
            "org.yaml".into(),
            "org: { name: T, leader: dana }\npeople:\n  - { id: dana, name: Dana, email: Dana@Example.com }\n  - { id: sam@example.com, name: Sam, reports_to: dana }\n  - { id: a, name: A, reports_to: dana, email: twin@example.com }\n  - { id: b, name: B, reports_to: dana, email: twin@example.com }\n".into(),
        )]));
        // Two people with one e-mail is an error in the files; until it is fixed, nobody.
        assert_eq!(loaded.problems.len(), 1, "{:?}", loaded.problems);
        let org = &loaded.org;
        assert_eq!(
            person_for_email(org, "dana@example.com").as_deref(),
            Some("dana")
        );
        assert_eq!(
            person_for_email(org, "SAM@example.com").as_deref(),
            Some("sam@example.com")
        );
        assert_eq!(
            person_for_email(org, "twin@example.com"),
            None,
            "two people: nobody"
        );
        assert_eq!(person_for_email(org, "nobody@example.com"), None);
    }
}
