//! Single sign-on with OpenID Connect, next to passwords: the authorization code flow with
//! PKCE (S256). The provider's discovery document and keys are read at start (the keys again
//! when a token names one not seen yet); the state, nonce and PKCE verifier of each sign-in
//! wait server-side (in the database, so any instance may finish it) for ten minutes at most
//! and are used once, and the browser that started a sign-in must be the one that finishes it
//! (a cookie holds the state). The ID token
//! is checked for its signature, issuer, audience, authorized party, expiry and nonce; the
//! role comes from a claim, read as role words or through a mapping of its values (groups);
//! accounts are matched by e-mail. A sign-in ends in the same session, with the same CSRF
//! rules, as a password one.

use super::auth::Role;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::jwk::Jwk;
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};
use std::sync::RwLock;
use std::time::Duration;
use trellis_store::SsoPending;

/// How long a started sign-in may take to come back.
pub const PENDING_SECONDS: i64 = 600;
/// The keys are read again on an unknown key id at most this often.
const KEYS_REFRESH_SECONDS: i64 = 60;
/// Clock difference allowed with the provider.
const LEEWAY_SECONDS: u64 = 60;
/// The signatures accepted: public-key ones only (a shared secret would let anyone holding it
/// mint tokens; `none` is never accepted).
const ACCEPTED: &[Algorithm] = &[
    Algorithm::RS256,
    Algorithm::RS384,
    Algorithm::RS512,
    Algorithm::PS256,
    Algorithm::PS384,
    Algorithm::PS512,
    Algorithm::ES256,
    Algorithm::ES384,
    Algorithm::EdDSA,
];

/// What `trellis serve` is told about the provider.
#[derive(Clone, Debug)]
pub struct OidcConfig {
    /// The issuer URL (its discovery document is under `/.well-known/openid-configuration`).
    pub issuer: String,
    pub client_id: String,
    pub client_secret: String,
    /// Where people reach Trellis (the redirect URI is this and `/login/sso/callback`).
    pub public_url: String,
    /// The provider's name on the sign-in button.
    pub name: String,
    /// Scopes asked for besides `openid`.
    pub scopes: Vec<String>,
    /// The claim that says the role (a string or a list of strings).
    pub role_claim: String,
    /// Claim value → role. Empty: the claim's values are role words themselves.
    pub role_map: Vec<(String, Role)>,
    /// The certificate authorities (PEM) to trust for the provider's HTTPS, when it is not
    /// one of Mozilla's (a company's own authority); None: Mozilla's roots.
    pub ca_file: Option<std::path::PathBuf>,
}

impl OidcConfig {
    /// Reads `VALUE=ROLE` (the mapping's entries as given on the command line).
    pub fn parse_mapping(text: &str) -> Result<(String, Role), String> {
        let (value, role) = text.rsplit_once('=').ok_or_else(|| {
            format!("`{text}` is not VALUE=ROLE (for example product-leaders=leader)")
        })?;
        let role = Role::parse(role.trim()).ok_or_else(|| {
            format!(
                "`{}` in `{text}` is not a role; the roles are {}",
                role.trim(),
                Role::WORDS.join(", ")
            )
        })?;
        if value.trim().is_empty() {
            return Err(format!("`{text}` names no claim value before `=`"));
        }
        Ok((value.trim().to_string(), role))
    }

    fn redirect_uri(&self) -> String {
        format!(
            "{}/login/sso/callback",
            self.public_url.trim_end_matches('/')
        )
    }

    /// Where the provider sends people back after signing out of it.
    fn after_logout_uri(&self) -> String {
        format!("{}/login", self.public_url.trim_end_matches('/'))
    }
}

/// The provider's endpoints, from its discovery document.
#[derive(Clone, Debug)]
struct Endpoints {
    issuer: String,
    authorization: String,
    token: String,
    jwks: String,
    userinfo: Option<String>,
    end_session: Option<String>,
    /// The client authenticates with HTTP Basic (else in the form).
    basic_auth: bool,
    algorithms: Vec<Algorithm>,
}

/// Why a sign-in was refused, in words for the person and for the audit log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refusal {
    /// What the person is told.
    pub message: String,
    /// What the audit log and the server log keep.
    pub why: String,
    /// Whether it is about who they are (403) rather than a broken exchange (401).
    pub forbidden: bool,
}

impl Refusal {
    fn token(why: impl Into<String>) -> Self {
        Refusal {
            message: "Your identity provider's answer could not be trusted, so you are not signed in. Try again; if it happens again, tell your Trellis admin.".into(),
            why: why.into(),
            forbidden: false,
        }
    }

    fn exchange(why: impl Into<String>) -> Self {
        Refusal {
            message: "Trellis could not finish signing you in with your identity provider. Try again; if it happens again, tell your Trellis admin.".into(),
            why: why.into(),
            forbidden: false,
        }
    }
}

/// Who the provider says signed in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Identity {
    pub email: String,
    pub role: Role,
    /// The claim values the role was read from (for the audit log).
    pub values: Vec<String>,
}

/// The single sign-on of this instance: the provider, its keys and the sign-ins on their way.
pub struct Oidc {
    pub config: OidcConfig,
    endpoints: Endpoints,
    keys: RwLock<(Vec<Jwk>, i64)>,
    agent: ureq::Agent,
}

impl std::fmt::Debug for Oidc {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Oidc")
            .field("issuer", &self.endpoints.issuer)
            .finish_non_exhaustive()
    }
}

/// An issuer or endpoint URL Trellis will talk to: HTTPS, or HTTP on this machine only.
pub fn check_url(what: &str, url: &str) -> Result<(), String> {
    let parsed: axum::http::Uri = url
        .parse()
        .map_err(|e| format!("{what} `{url}` is not a URL: {e}"))?;
    let host = parsed.host().unwrap_or("");
    match parsed.scheme_str() {
        Some("https") if !host.is_empty() => Ok(()),
        Some("http") if matches!(host, "127.0.0.1" | "localhost" | "[::1]" | "::1") => Ok(()),
        Some("http") => Err(format!(
            "{what} `{url}` is plain HTTP; single sign-on needs HTTPS (plain HTTP only on this machine: localhost, 127.0.0.1)"
        )),
        _ => Err(format!("{what} `{url}` is not an http(s) URL")),
    }
}

/// The certificates of a PEM file, or why not.
pub fn authorities(path: &std::path::Path) -> Result<Vec<ureq::tls::Certificate<'static>>, String> {
    let text = std::fs::read(path).map_err(|e| {
        format!(
            "cannot read the certificate authorities in {}: {e}",
            path.display()
        )
    })?;
    let mut certs = Vec::new();
    for item in ureq::tls::parse_pem(&text) {
        match item {
            Ok(ureq::tls::PemItem::Certificate(c)) => certs.push(c),
            Ok(_) => {}
            Err(e) => {
                return Err(format!(
                    "{} is not a PEM file of certificates: {e}",
                    path.display()
                ));
            }
        }
    }
    if certs.is_empty() {
        return Err(format!(
            "{} holds no PEM certificate (-----BEGIN CERTIFICATE-----)",
            path.display()
        ));
    }
    Ok(certs)
}

fn agent(authorities: Option<Vec<ureq::tls::Certificate<'static>>>) -> ureq::Agent {
    let mut config = ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_secs(15)))
        .http_status_as_error(false)
        .max_redirects(0);
    if let Some(certs) = authorities {
        config = config.tls_config(
            ureq::tls::TlsConfig::builder()
                .root_certs(ureq::tls::RootCerts::from(certs))
                .build(),
        );
    }
    ureq::Agent::new_with_config(config.build())
}

/// The body of a GET as JSON, or why not.
fn get_json(agent: &ureq::Agent, url: &str, bearer: Option<&str>) -> Result<Value, String> {
    let mut request = agent.get(url).header("Accept", "application/json");
    if let Some(token) = bearer {
        request = request.header("Authorization", &format!("Bearer {token}"));
    }
    let mut response = request.call().map_err(|e| {
        let hint = if e.to_string().contains("certificate") {
            "; if its certificate comes from your company's own authority, give that authority with --oidc-ca-file"
        } else {
            ""
        };
        format!("cannot reach {url}: {e}{hint}")
    })?;
    let status = response.status();
    let body = response
        .body_mut()
        .read_to_string()
        .map_err(|e| format!("cannot read the answer of {url}: {e}"))?;
    if !status.is_success() {
        return Err(format!("{url} answered {status}"));
    }
    serde_json::from_str(&body).map_err(|e| format!("{url} did not answer JSON: {e}"))
}

fn text_field(doc: &Value, key: &str) -> Option<String> {
    doc.get(key).and_then(Value::as_str).map(str::to_string)
}

fn words(doc: &Value, key: &str) -> Option<Vec<String>> {
    doc.get(key).and_then(Value::as_array).map(|a| {
        a.iter()
            .filter_map(Value::as_str)
            .map(str::to_string)
            .collect()
    })
}

/// Reads the endpoints from a discovery document fetched for `issuer`.
fn endpoints(issuer: &str, doc: &Value) -> Result<Endpoints, String> {
    let said = text_field(doc, "issuer").ok_or("the discovery document names no issuer")?;
    if said.trim_end_matches('/') != issuer.trim_end_matches('/') {
        return Err(format!(
            "the discovery document names the issuer `{said}`, not `{issuer}`; give --oidc-issuer exactly as the provider names itself"
        ));
    }
    let need = |key: &str| {
        let url =
            text_field(doc, key).ok_or_else(|| format!("the discovery document has no `{key}`"))?;
        check_url(key, &url)?;
        Ok::<_, String>(url)
    };
    let methods = words(doc, "token_endpoint_auth_methods_supported")
        .unwrap_or_else(|| vec!["client_secret_basic".into()]);
    let basic_auth = methods.iter().any(|m| m == "client_secret_basic");
    if !basic_auth && !methods.iter().any(|m| m == "client_secret_post") {
        return Err(format!(
            "the provider takes client credentials only as {}; Trellis sends a client secret (client_secret_basic or client_secret_post)",
            methods.join(", ")
        ));
    }
    let offered = words(doc, "id_token_signing_alg_values_supported").unwrap_or_default();
    let algorithms: Vec<Algorithm> = offered
        .iter()
        .filter_map(|a| a.parse::<Algorithm>().ok())
        .filter(|a| ACCEPTED.contains(a))
        .collect();
    if algorithms.is_empty() {
        return Err(format!(
            "the provider signs ID tokens with {}; Trellis accepts only public-key signatures (RS256, PS256, ES256, EdDSA and their kin)",
            if offered.is_empty() {
                "nothing it names".to_string()
            } else {
                offered.join(", ")
            }
        ));
    }
    if let Some(methods) = words(doc, "code_challenge_methods_supported")
        && !methods.iter().any(|m| m == "S256")
    {
        return Err("the provider does not take PKCE with S256, which Trellis requires".into());
    }
    let optional = |key: &str| -> Result<Option<String>, String> {
        match text_field(doc, key) {
            Some(url) => check_url(key, &url).map(|()| Some(url)),
            None => Ok(None),
        }
    };
    Ok(Endpoints {
        issuer: said,
        authorization: need("authorization_endpoint")?,
        token: need("token_endpoint")?,
        jwks: need("jwks_uri")?,
        userinfo: optional("userinfo_endpoint")?,
        end_session: optional("end_session_endpoint")?,
        basic_auth,
        algorithms,
    })
}

/// The keys of a JWKS document that Trellis can use (others, such as encryption keys of a
/// kind it does not know, are passed over).
fn keys_of(doc: &Value) -> Vec<Jwk> {
    doc.get("keys")
        .and_then(Value::as_array)
        .map(|keys| {
            keys.iter()
                .filter_map(|k| serde_json::from_value::<Jwk>(k.clone()).ok())
                .collect()
        })
        .unwrap_or_default()
}

/// A random value for a URL: 32 bytes, base64url.
fn random_url_token() -> String {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).unwrap_or_else(|e| panic!("no random source: {e}"));
    URL_SAFE_NO_PAD.encode(bytes)
}

/// The PKCE challenge of a verifier (S256).
pub fn challenge(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

fn query_escape(text: &str) -> String {
    crate::http::html::url(text)
}

/// What an ID token must say to be believed.
pub struct Expect<'a> {
    pub issuer: &'a str,
    pub client_id: &'a str,
    pub nonce: &'a str,
    pub algorithms: &'a [Algorithm],
}

/// Checks an ID token against the provider's keys: signature (with an accepted algorithm and
/// a key of the provider), issuer, audience (and the authorized party when there are several),
/// expiry, nonce. Returns its claims. `Err(None)`: no key with the token's key id (read the
/// keys again and retry).
pub fn verify_id_token(
    token: &str,
    keys: &[Jwk],
    expect: &Expect<'_>,
) -> Result<Map<String, Value>, Option<Refusal>> {
    let header = jsonwebtoken::decode_header(token)
        .map_err(|e| Some(Refusal::token(format!("the ID token is not a JWT: {e}"))))?;
    if !expect.algorithms.contains(&header.alg) {
        return Err(Some(Refusal::token(format!(
            "the ID token is signed with {:?}, which is not accepted",
            header.alg
        ))));
    }
    let key = match &header.kid {
        Some(kid) => keys
            .iter()
            .find(|k| k.common.key_id.as_deref() == Some(kid)),
        // Without a key id, the only key there is, if there is one.
        None if keys.len() == 1 => keys.first(),
        None => {
            return Err(Some(Refusal::token(
                "the ID token names no key and the provider has several",
            )));
        }
    };
    let Some(key) = key else { return Err(None) };
    let key = DecodingKey::from_jwk(key).map_err(|e| {
        Some(Refusal::token(format!(
            "the provider's key is unusable: {e}"
        )))
    })?;
    let mut validation = Validation::new(header.alg);
    validation.leeway = LEEWAY_SECONDS;
    validation.set_issuer(&[expect.issuer]);
    validation.set_audience(&[expect.client_id]);
    validation.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
    let data =
        jsonwebtoken::decode::<Map<String, Value>>(token, &key, &validation).map_err(|e| {
            use jsonwebtoken::errors::ErrorKind as K;
            let why = match e.kind() {
                K::ExpiredSignature => "the ID token has expired".to_string(),
                K::InvalidAudience => format!(
                    "the ID token was issued to another client, not to this one ({})",
                    expect.client_id
                ),
                K::InvalidIssuer => format!(
                    "the ID token was issued by someone else, not {}",
                    expect.issuer
                ),
                K::InvalidSignature => "the ID token's signature is wrong".to_string(),
                other => format!("the ID token was refused: {other:?}"),
            };
            Some(Refusal::token(why))
        })?;
    let claims = data.claims;
    let audiences = match claims.get("aud") {
        Some(Value::Array(a)) => a.len(),
        _ => 1,
    };
    let azp = claims.get("azp").and_then(Value::as_str);
    if (audiences > 1 || azp.is_some()) && azp != Some(expect.client_id) {
        return Err(Some(Refusal::token(format!(
            "the ID token was issued to {}, not to this client ({})",
            azp.unwrap_or("several clients"),
            expect.client_id
        ))));
    }
    if claims.get("nonce").and_then(Value::as_str) != Some(expect.nonce) {
        return Err(Some(Refusal::token(
            "the ID token's nonce is not the one this sign-in sent (a replayed token)",
        )));
    }
    Ok(claims)
}

/// The values of a claim: a string, a list of strings, or several words separated by spaces
/// or commas.
fn claim_values(claims: &Map<String, Value>, claim: &str) -> Vec<String> {
    match claims.get(claim) {
        Some(Value::String(s)) => s
            .split([' ', ','])
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect(),
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_string)
            .collect(),
        _ => Vec::new(),
    }
}

/// Who signed in, from the claims: a verified e-mail, and the role the role claim gives
/// (the highest when several values map to roles). Refused without one.
pub fn identity(claims: &Map<String, Value>, config: &OidcConfig) -> Result<Identity, Refusal> {
    let email = claims
        .get("email")
        .and_then(Value::as_str)
        .map(|e| e.trim().to_lowercase())
        .filter(|e| e.contains('@'))
        .ok_or_else(|| Refusal {
            message: "Your identity provider did not say your e-mail address, which Trellis needs to find your account. Ask your Trellis admin to have the provider send it (the email scope).".into(),
            why: "no email claim".into(),
            forbidden: true,
        })?;
    if claims.get("email_verified").and_then(Value::as_bool) == Some(false) {
        return Err(Refusal {
            message: format!(
                "Your identity provider has not verified {email}, so Trellis cannot tell it is yours. Verify it with the provider, then sign in again."
            ),
            why: format!("{email} is not verified by the provider"),
            forbidden: true,
        });
    }
    let values = claim_values(claims, &config.role_claim);
    let role = Role::ALL.iter().copied().find(|role| {
        values.iter().any(|v| {
            if config.role_map.is_empty() {
                Role::parse(v) == Some(*role)
            } else {
                config
                    .role_map
                    .iter()
                    .any(|(value, r)| value == v && r == role)
            }
        })
    });
    let Some(role) = role else {
        let said = if values.is_empty() {
            format!("no {} claim", config.role_claim)
        } else {
            format!("{} {}", config.role_claim, values.join(", "))
        };
        return Err(Refusal {
            message: format!(
                "You signed in as {email}, but none of your groups at your identity provider gives a role in Trellis. Ask your Trellis admin to add you to a group Trellis knows."
            ),
            why: format!("{email}: {said} maps to no role"),
            forbidden: true,
        });
    };
    Ok(Identity {
        email,
        role,
        values,
    })
}

impl Oidc {
    /// Reads the provider's discovery document and keys. Blocking: call it once at start.
    pub fn discover(config: OidcConfig) -> Result<Oidc, String> {
        check_url("--oidc-issuer", &config.issuer)?;
        check_url("--public-url", &config.public_url)?;
        if config.client_id.trim().is_empty() {
            return Err(
                "TRELLIS_OIDC_CLIENT_ID is not set: the client id the provider gave Trellis".into(),
            );
        }
        if config.client_secret.is_empty() {
            return Err("TRELLIS_OIDC_CLIENT_SECRET is not set: the client secret the provider gave Trellis".into());
        }
        let trusted = match &config.ca_file {
            Some(path) => Some(authorities(path)?),
            None => None,
        };
        let agent = agent(trusted);
        let url = format!(
            "{}/.well-known/openid-configuration",
            config.issuer.trim_end_matches('/')
        );
        let doc = get_json(&agent, &url, None)?;
        let endpoints = endpoints(&config.issuer, &doc)?;
        let keys = keys_of(&get_json(&agent, &endpoints.jwks, None)?);
        if keys.is_empty() {
            return Err(format!(
                "the provider's keys ({}) hold no signing key Trellis can read",
                endpoints.jwks
            ));
        }
        Ok(Oidc {
            config,
            endpoints,
            keys: RwLock::new((keys, super::auth::now())),
            agent,
        })
    }

    /// The issuer as the provider names itself.
    pub fn issuer(&self) -> &str {
        &self.endpoints.issuer
    }

    /// The origin of the provider's sign-out page, which the logout form is allowed to lead
    /// to (the CSP's form-action), if it has one.
    pub fn logout_origin(&self) -> Option<String> {
        let uri: axum::http::Uri = self.endpoints.end_session.as_deref()?.parse().ok()?;
        Some(format!("{}://{}", uri.scheme_str()?, uri.authority()?))
    }

    /// Starts a sign-in: its state (for the browser's cookie), what to keep until the
    /// provider sends the browser back, and the provider's address to send it to.
    pub fn begin(&self, next: &str) -> (String, SsoPending, String) {
        let state = random_url_token();
        let pending = SsoPending {
            verifier: random_url_token(),
            nonce: random_url_token(),
            next: next.to_string(),
        };
        let url = format!(
            "{}{}response_type=code&client_id={}&redirect_uri={}&scope={}&state={}&nonce={}&code_challenge={}&code_challenge_method=S256",
            self.endpoints.authorization,
            if self.endpoints.authorization.contains('?') {
                '&'
            } else {
                '?'
            },
            query_escape(&self.config.client_id),
            query_escape(&self.config.redirect_uri()),
            query_escape(&self.scope()),
            state,
            pending.nonce,
            challenge(&pending.verifier),
        );
        (state, pending, url)
    }

    fn scope(&self) -> String {
        let mut scopes = vec!["openid".to_string()];
        for s in &self.config.scopes {
            if !scopes.contains(s) {
                scopes.push(s.clone());
            }
        }
        scopes.join(" ")
    }

    /// Finishes a sign-in the provider sent back with `code`: who signed in. Blocking (it
    /// talks to the provider).
    pub fn finish(&self, code: &str, pending: &SsoPending, now: i64) -> Result<Identity, Refusal> {
        let answer = self.exchange(code, &pending.verifier)?;
        let id_token = answer
            .get("id_token")
            .and_then(Value::as_str)
            .ok_or_else(|| Refusal::exchange("the token endpoint gave no ID token"))?;
        let mut claims = self.verify(id_token, &pending.nonce, now)?;
        // Providers often keep the e-mail and groups for the userinfo endpoint.
        let lacking =
            !claims.contains_key("email") || !claims.contains_key(&self.config.role_claim);
        if lacking
            && let (Some(url), Some(access)) = (
                &self.endpoints.userinfo,
                answer.get("access_token").and_then(Value::as_str),
            )
        {
            let info = get_json(&self.agent, url, Some(access)).map_err(Refusal::exchange)?;
            if info.get("sub") != claims.get("sub") {
                return Err(Refusal::token(
                    "the userinfo endpoint spoke of someone other than the ID token",
                ));
            }
            if let Value::Object(info) = info {
                for (k, v) in info {
                    claims.entry(k).or_insert(v);
                }
            }
        }
        identity(&claims, &self.config)
    }

    /// Trades the code for tokens at the token endpoint.
    fn exchange(&self, code: &str, verifier: &str) -> Result<Map<String, Value>, Refusal> {
        let redirect = self.config.redirect_uri();
        let mut form = vec![
            ("grant_type", "authorization_code"),
            ("code", code),
            ("redirect_uri", redirect.as_str()),
            ("code_verifier", verifier),
        ];
        let mut request = self
            .agent
            .post(&self.endpoints.token)
            .header("Accept", "application/json");
        if self.endpoints.basic_auth {
            // RFC 6749 §2.3.1: each part form-encoded before Basic.
            let pair = format!(
                "{}:{}",
                query_escape(&self.config.client_id),
                query_escape(&self.config.client_secret)
            );
            request = request.header(
                "Authorization",
                &format!(
                    "Basic {}",
                    base64::engine::general_purpose::STANDARD.encode(pair)
                ),
            );
        } else {
            form.push(("client_id", &self.config.client_id));
            form.push(("client_secret", &self.config.client_secret));
        }
        let mut response = request
            .send_form(form)
            .map_err(|e| Refusal::exchange(format!("cannot reach the token endpoint: {e}")))?;
        let status = response.status();
        let body = response
            .body_mut()
            .read_to_string()
            .map_err(|e| Refusal::exchange(format!("cannot read the token endpoint: {e}")))?;
        let doc: Value = serde_json::from_str(&body).map_err(|e| {
            Refusal::exchange(format!(
                "the token endpoint answered {status}, not JSON: {e}"
            ))
        })?;
        if !status.is_success() {
            let error = text_field(&doc, "error").unwrap_or_default();
            let described = text_field(&doc, "error_description").unwrap_or_default();
            return Err(Refusal::exchange(format!(
                "the token endpoint answered {status}: {error} {described}"
            )));
        }
        match doc {
            Value::Object(map) => Ok(map),
            _ => Err(Refusal::exchange(
                "the token endpoint's answer is not an object",
            )),
        }
    }

    /// Checks an ID token, reading the provider's keys again (at most once a minute) when
    /// it names a key not seen yet (the provider rotated its keys).
    fn verify(&self, token: &str, nonce: &str, now: i64) -> Result<Map<String, Value>, Refusal> {
        let expect = Expect {
            issuer: &self.endpoints.issuer,
            client_id: &self.config.client_id,
            nonce,
            algorithms: &self.endpoints.algorithms,
        };
        let first = {
            let keys = self.keys.read().unwrap_or_else(|p| p.into_inner());
            verify_id_token(token, &keys.0, &expect)
        };
        match first {
            Ok(claims) => Ok(claims),
            Err(Some(refusal)) => Err(refusal),
            Err(None) => {
                let fetched_at = self.keys.read().unwrap_or_else(|p| p.into_inner()).1;
                if now - fetched_at >= KEYS_REFRESH_SECONDS {
                    let doc = get_json(&self.agent, &self.endpoints.jwks, None)
                        .map_err(Refusal::exchange)?;
                    let fresh = keys_of(&doc);
                    if !fresh.is_empty() {
                        *self.keys.write().unwrap_or_else(|p| p.into_inner()) = (fresh, now);
                    }
                }
                let keys = self.keys.read().unwrap_or_else(|p| p.into_inner());
                verify_id_token(token, &keys.0, &expect).map_err(|e| {
                    e.unwrap_or_else(|| {
                        Refusal::token(
                            "the ID token is signed with a key the provider does not list",
                        )
                    })
                })
            }
        }
    }

    /// The provider's sign-out address for someone leaving Trellis, if it has one.
    pub fn logout_url(&self) -> Option<String> {
        let end = self.endpoints.end_session.as_deref()?;
        Some(format!(
            "{end}{}client_id={}&post_logout_redirect_uri={}",
            if end.contains('?') { '&' } else { '?' },
            query_escape(&self.config.client_id),
            query_escape(&self.config.after_logout_uri()),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jsonwebtoken::{EncodingKey, Header};
    use serde_json::json;

    const EC_KEY: &str = "-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgjMbhuoikdz1pAFw1
yaxAxLyE8pmoyfv8eA3uO1aECfahRANCAAQmXKcusfKD2+edgj8WzBSa+5nKH4md
pIYyKouSABx/T1p0UGne40YKBj3nCMBvQaCxePI4Xe9AGHu1moBrUBky
-----END PRIVATE KEY-----";

    fn config(map: &[(&str, Role)]) -> OidcConfig {
        OidcConfig {
            issuer: "https://id.example".into(),
            client_id: "trellis".into(),
            client_secret: "s".into(),
            public_url: "https://trellis.example".into(),
            name: "Example ID".into(),
            scopes: vec!["email".into()],
            role_claim: "groups".into(),
            role_map: map.iter().map(|(v, r)| (v.to_string(), *r)).collect(),
            ca_file: None,
        }
    }

    fn key() -> (EncodingKey, Jwk) {
        let key = EncodingKey::from_ec_pem(EC_KEY.as_bytes()).expect("the test key");
        let mut jwk = Jwk::from_encoding_key(&key, Algorithm::ES256).expect("its JWK");
        jwk.common.key_id = Some("k1".into());
        (key, jwk)
    }

    fn sign(claims: Value, kid: &str) -> String {
        let mut header = Header::new(Algorithm::ES256);
        header.kid = Some(kid.into());
        jsonwebtoken::encode(&header, &claims, &key().0).expect("signed")
    }

    fn good(now: i64) -> Value {
        json!({"iss": "https://id.example", "aud": "trellis", "sub": "u1", "exp": now + 300,
               "iat": now, "nonce": "n1", "email": "Dana@Northwind.example", "groups": ["product-leaders"]})
    }

    fn check(token: &str) -> Result<Map<String, Value>, Option<Refusal>> {
        verify_id_token(
            token,
            &[key().1],
            &Expect {
                issuer: "https://id.example",
                client_id: "trellis",
                nonce: "n1",
                algorithms: &[Algorithm::ES256, Algorithm::RS256],
            },
        )
    }

    fn why(token: &str) -> String {
        check(token).expect_err("refused").expect("a reason").why
    }

    #[test]
    fn a_good_id_token_is_believed_and_every_broken_one_refused() {
        let now = super::super::auth::now();
        let claims = check(&sign(good(now), "k1")).expect("believed");
        assert_eq!(claims["sub"], "u1");
        let with = |key: &str, value: Value| {
            let mut c = good(now);
            c[key] = value;
            sign(c, "k1")
        };
        assert!(why(&with("aud", json!("another-app"))).contains("another client"));
        assert!(why(&with("exp", json!(now - 3600))).contains("expired"));
        assert!(why(&with("iss", json!("https://evil.example"))).contains("someone else"));
        assert!(why(&with("nonce", json!("n2"))).contains("nonce"));
        // Several audiences: the authorized party must be Trellis.
        let mut c = good(now);
        c["aud"] = json!(["trellis", "other"]);
        assert!(why(&sign(c.clone(), "k1")).contains("several clients"));
        c["azp"] = json!("trellis");
        assert!(check(&sign(c, "k1")).is_ok());
        // A key the provider does not list: read the keys again.
        assert_eq!(check(&sign(good(now), "k2")), Err(None));
        // A tampered payload fails the signature.
        let token = sign(good(now), "k1");
        let parts: Vec<&str> = token.split('.').collect();
        let mut forged = good(now);
        forged["email"] = json!("admin@northwind.example");
        let forged = format!(
            "{}.{}.{}",
            parts[0],
            URL_SAFE_NO_PAD.encode(forged.to_string()),
            parts[2]
        );
        assert!(why(&forged).contains("signature"));
        // No signature at all (`alg: none`) and a shared-secret signature are never taken.
        let none = format!(
            "{}.{}.",
            URL_SAFE_NO_PAD.encode(r#"{"alg":"none","kid":"k1"}"#),
            URL_SAFE_NO_PAD.encode(good(now).to_string())
        );
        assert!(check(&none).is_err());
        let mut hs = Header::new(Algorithm::HS256);
        hs.kid = Some("k1".into());
        let hs = jsonwebtoken::encode(&hs, &good(now), &EncodingKey::from_secret(b"s").unwrap())
            .unwrap();
        assert!(why(&hs).contains("not accepted"));
        assert!(why("not a token").contains("not a JWT"));
    }

    #[test]
    fn roles_come_from_the_mapped_claim_and_nobody_unmapped_gets_in() {
        let now = 1_000;
        let claims = |v: Value| {
            good(now)
                .as_object()
                .cloned()
                .map(|mut c| {
                    c.insert("groups".into(), v);
                    c
                })
                .unwrap()
        };
        let map = [
            ("product-leaders", Role::Leader),
            ("pms", Role::Member),
            ("it", Role::Admin),
        ];
        let who = identity(&claims(json!(["pms", "product-leaders"])), &config(&map)).unwrap();
        assert_eq!(
            (who.email.as_str(), who.role),
            ("dana@northwind.example", Role::Leader)
        );
        assert_eq!(
            identity(&claims(json!("it")), &config(&map)).unwrap().role,
            Role::Admin
        );
        let refused = identity(&claims(json!(["sales"])), &config(&map)).unwrap_err();
        assert!(
            refused.forbidden && refused.message.contains("none of your groups"),
            "{refused:?}"
        );
        assert!(
            refused.why.contains("groups sales maps to no role"),
            "{refused:?}"
        );
        assert!(
            identity(&claims(json!(null)), &config(&map))
                .unwrap_err()
                .why
                .contains("no groups claim")
        );
        // Without a mapping the claim holds role words.
        assert_eq!(
            identity(&claims(json!("viewer manager")), &config(&[]))
                .unwrap()
                .role,
            Role::Manager
        );
        assert!(identity(&claims(json!(["product-leaders"])), &config(&[])).is_err());
        // No e-mail, or one the provider has not verified.
        let mut c = claims(json!("pms"));
        c.insert("email_verified".into(), json!(false));
        assert!(
            identity(&c, &config(&map))
                .unwrap_err()
                .message
                .contains("not verified")
        );
        c.remove("email");
        assert!(
            identity(&c, &config(&map))
                .unwrap_err()
                .why
                .contains("no email")
        );
    }

    #[test]
    fn a_company_authority_is_read_from_its_pem_file() {
        let tls = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../e2e/fixtures/tls");
        assert_eq!(authorities(&tls.join("ca.pem")).expect("read").len(), 1);
        let key_only = authorities(&tls.join("server-key.pem")).unwrap_err();
        assert!(
            key_only
                .ends_with("server-key.pem holds no PEM certificate (-----BEGIN CERTIFICATE-----)"),
            "{key_only}"
        );
        let missing = authorities(&tls.join("nothing.pem")).unwrap_err();
        assert!(
            missing.starts_with("cannot read the certificate authorities in "),
            "{missing}"
        );
    }

    #[test]
    fn the_discovery_document_is_read_strictly() {
        let doc = json!({"issuer": "https://id.example", "authorization_endpoint": "https://id.example/auth",
            "token_endpoint": "https://id.example/token", "jwks_uri": "https://id.example/jwks",
            "id_token_signing_alg_values_supported": ["RS256", "HS256"],
            "code_challenge_methods_supported": ["S256"]});
        let e = endpoints("https://id.example/", &doc).expect("read");
        assert_eq!(e.algorithms, vec![Algorithm::RS256]);
        assert!(e.basic_auth && e.end_session.is_none());
        assert!(
            endpoints("https://other.example", &doc)
                .unwrap_err()
                .contains("names the issuer")
        );
        let mut only_hs = doc.clone();
        only_hs["id_token_signing_alg_values_supported"] = json!(["HS256"]);
        assert!(
            endpoints("https://id.example", &only_hs)
                .unwrap_err()
                .contains("public-key")
        );
        let mut plain = doc.clone();
        plain["token_endpoint"] = json!("http://id.example/token");
        assert!(
            endpoints("https://id.example", &plain)
                .unwrap_err()
                .contains("plain HTTP")
        );
        let mut no_pkce = doc;
        no_pkce["code_challenge_methods_supported"] = json!(["plain"]);
        assert!(
            endpoints("https://id.example", &no_pkce)
                .unwrap_err()
                .contains("PKCE")
        );
        assert!(check_url("x", "http://127.0.0.1:9000/").is_ok());
        assert!(check_url("x", "http://intranet:9000/").is_err());
        assert_eq!(
            challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
        assert_eq!(
            OidcConfig::parse_mapping("product-leaders=leader"),
            Ok(("product-leaders".into(), Role::Leader))
        );
        assert!(
            OidcConfig::parse_mapping("x=boss")
                .unwrap_err()
                .contains("not a role")
        );
        assert!(OidcConfig::parse_mapping("leader").is_err());
    }
}
