//! Access tokens (JWT) of the identity provider: a real oidc-provider (tests/oidc/provider.mjs)
//! issues RFC 9068 access tokens for the API's resource indicator through the authorization
//! code flow, and one service with `[oidc]` takes them. Refused: another issuer (a second
//! provider), another audience, an unknown key, an expired token, `alg: none`, HMAC with the
//! provider's key id, a tampered payload and an ID token.
//!
//! [`employee_token`] gives other tests of this binary an access token for a person of the
//! sample registry, and [`oidc_api`] the service that takes it.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use reqwest::blocking::{Client, Response};
use skillreg_peers::oidc::{OidcProvider, start_oidc};
use skillreg_server::Options;
use skillreg_store::{Actor, Registry};

use super::{Api, Res, base_config, json, problem, sample_registry, today};

/// The API's audience (`api_audience`; the provider's resource indicator for it).
const AUDIENCE: &str = "https://skillreg.example.org/api";
/// The redirect URI the test clients register (the code is taken from the redirect).
const REDIRECT: &str = "https://skillreg.example.org/auth/callback";

/// A provider and a client registered at it.
struct Idp {
    provider: OidcProvider,
    client_id: String,
    secret: String,
}

fn http() -> Res<Client> {
    let _ = rustls::crypto::ring::default_provider().install_default();
    Ok(Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()?)
}

impl Idp {
    fn start() -> Res<Idp> {
        let provider = start_oidc()?;
        let body = serde_json::json!({
            "redirect_uris": [REDIRECT],
            "response_types": ["code"],
            "grant_types": ["authorization_code"],
            "token_endpoint_auth_method": "client_secret_basic",
        });
        let answer: serde_json::Value = http()?
            .post(format!("{}/reg", provider.issuer))
            .json(&body)
            .send()?
            .error_for_status()?
            .json()?;
        let client_id = answer["client_id"].as_str().ok_or("no client_id")?;
        let secret = answer["client_secret"].as_str().ok_or("no client_secret")?;
        Ok(Idp {
            client_id: client_id.to_string(),
            secret: secret.to_string(),
            provider,
        })
    }

    /// Signs `account` in (authorization code flow with PKCE, `resource` as the resource
    /// indicator): the token endpoint's answer (`access_token`, `id_token` ...).
    fn tokens(&self, account: &str, resource: &str) -> Res<serde_json::Value> {
        let issuer = &self.provider.issuer;
        let client = http()?;
        let (challenge, verifier) = openidconnect::PkceCodeChallenge::new_random_sha256();
        let mut auth = url::Url::parse(&format!("{issuer}/auth"))?;
        auth.query_pairs_mut()
            .append_pair("client_id", &self.client_id)
            .append_pair("response_type", "code")
            .append_pair("scope", "openid profile api")
            .append_pair("redirect_uri", REDIRECT)
            .append_pair("state", "state-of-the-test")
            .append_pair("nonce", "nonce-of-the-test")
            .append_pair("code_challenge", challenge.as_str())
            .append_pair("code_challenge_method", "S256")
            .append_pair("resource", resource);
        let mut cookies: BTreeMap<String, String> = BTreeMap::new();
        let mut next = auth.to_string();
        let mut form: Option<String> = None;
        let code = loop {
            if let Some(rest) = next.strip_prefix(REDIRECT) {
                let url = url::Url::parse(&format!("{REDIRECT}{rest}"))?;
                let code = url.query_pairs().find(|(k, _)| k == "code");
                break code
                    .map(|(_, v)| v.into_owned())
                    .ok_or(format!("no code in the redirect: {url}"))?;
            }
            let jar: Vec<String> = cookies.iter().map(|(k, v)| format!("{k}={v}")).collect();
            let request = match form.take() {
                Some(login) => client
                    .post(&next)
                    .header("content-type", "application/x-www-form-urlencoded")
                    .body(form_body(&[("login", login.as_str())])),
                None => client.get(&next),
            };
            let answer = request.header("cookie", jar.join("; ")).send()?;
            for value in answer.headers().get_all("set-cookie") {
                let pair = value.to_str()?.split(';').next().unwrap_or_default();
                if let Some((k, v)) = pair.split_once('=') {
                    cookies.insert(k.trim().to_string(), v.trim().to_string());
                }
            }
            let location = answer
                .headers()
                .get("location")
                .and_then(|v| v.to_str().ok())
                .map(str::to_string);
            let Some(location) = location else {
                let status = answer.status();
                return Err(
                    format!("{next}: {status} without a redirect: {}", answer.text()?).into(),
                );
            };
            next = if location.starts_with('/') {
                format!("{issuer}{location}")
            } else {
                location
            };
            if next.contains("/interaction/") {
                form = Some(account.to_string());
            }
        };
        let answer = client
            .post(format!("{issuer}/token"))
            .basic_auth(&self.client_id, Some(&self.secret))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(form_body(&[
                ("grant_type", "authorization_code"),
                ("code", code.as_str()),
                ("redirect_uri", REDIRECT),
                ("code_verifier", verifier.secret().as_str()),
                ("resource", resource),
            ]))
            .send()?;
        let status = answer.status();
        let body = answer.text()?;
        if !status.is_success() {
            return Err(format!("token endpoint: {status}: {body}").into());
        }
        Ok(serde_json::from_str(&body)?)
    }

    /// An access token of `account` for `resource`.
    fn access_token(&self, account: &str, resource: &str) -> Res<String> {
        let tokens = self.tokens(account, resource)?;
        Ok(tokens["access_token"]
            .as_str()
            .ok_or("no access_token")?
            .to_string())
    }
}

/// The provider of this binary's access tokens.
fn idp() -> Res<&'static Idp> {
    static IDP: OnceLock<Result<Idp, String>> = OnceLock::new();
    IDP.get_or_init(|| Idp::start().map_err(|e| e.to_string()))
        .as_ref()
        .map_err(|e| e.clone().into())
}

/// The service of this binary that takes access tokens of [`idp`] (the sample registry,
/// `[oidc]` with HR group `skillreg-hr`, viewer group `steering-soc` of SOC, `api_audience`
/// [`AUDIENCE`]). Read-only: tests that write start their own.
pub(crate) fn oidc_api() -> Res<&'static Api> {
    static API: OnceLock<Result<Api, String>> = OnceLock::new();
    API.get_or_init(|| {
        start_with_oidc("[limits]\nper_minute = 600\nburst = 100\n").map_err(|e| e.to_string())
    })
    .as_ref()
    .map_err(|e| e.clone().into())
}

/// An access token (JWT, from the test identity provider) of employee `no` of the sample
/// registry, for [`oidc_api`]: the provider's accounts are `10023` (an employee), `10001`
/// (manager of 10023, 10024 ...), `10041` (left), `99999` (unknown), `hr1` (HR) and
/// `steering` (viewer of SOC); any of these names may be given as `no`.
pub(crate) fn employee_token(no: &str) -> Res<String> {
    idp()?.access_token(no, AUDIENCE)
}

/// A service that takes access tokens of [`idp`], `limits` (a `[limits]` table) added.
fn start_with_oidc(limits: &str) -> Res<Api> {
    let idp = idp()?;
    let (dir, db) = sample_registry()?;
    let config = format!(
        "{}{limits}[oidc]\nissuer = {:?}\nclient_id = {:?}\nclient_secret_env = \"SKILLREG_TEST_SECRET\"\nemployee_claim = \"employee_number\"\nhr_groups = [\"skillreg-hr\"]\napi_audience = {AUDIENCE:?}\n[oidc.viewers]\nsteering-soc = \"SOC\"\n",
        base_config(&db),
        idp.provider.issuer,
        idp.client_id
    );
    let options = Options::default()
        .with_client_secret(idp.secret.clone())
        .with_today(today());
    Api::serve(dir, db, &config, options)
}

/// `GET path` with `token` as the bearer credential.
fn get(api: &Api, token: &str, path: &str) -> Res<Response> {
    Ok(api
        .client
        .get(format!("{}{path}", api.origin))
        .bearer_auth(token)
        .send()?)
}

/// An `application/x-www-form-urlencoded` body.
fn form_body(fields: &[(&str, &str)]) -> String {
    url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(fields)
        .finish()
}

/// base64url without padding.
fn b64(bytes: &[u8]) -> String {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..=chunk.len() {
            out.push(char::from(ABC[((n >> (18 - 6 * i)) & 63) as usize]));
        }
    }
    out
}

/// The refusal's detail, after checking it is a 401 problem.
fn refused(response: Response) -> Res<String> {
    let p = problem(response, 401)?;
    Ok(p["detail"].as_str().unwrap_or_default().to_string())
}

#[test]
fn access_tokens_are_their_people_as_at_sign_in() -> Res {
    let api = oidc_api()?;
    let employee = employee_token("10023")?;
    let me = json(get(api, &employee, "/api/v1/me")?, 200)?;
    assert_eq!(me["actor"], "employee:10023");
    assert_eq!(me["via"], "api access token of 10023");
    // Her own brief, and not her colleague's.
    let brief = json(get(api, &employee, "/api/v1/people/10023/brief")?, 200)?;
    assert_eq!(brief["employee_no"], "10023", "{brief}");
    problem(get(api, &employee, "/api/v1/people/10024/brief")?, 403)?;

    // The manager of 10023 reads her brief; not someone outside the team.
    let manager = employee_token("10001")?;
    let me = json(get(api, &manager, "/api/v1/me")?, 200)?;
    assert_eq!(me["actor"], "manager:10001");
    json(get(api, &manager, "/api/v1/people/10023/brief")?, 200)?;
    json(get(api, &manager, "/api/v1/gaps?manager=10001")?, 200)?;
    problem(get(api, &manager, "/api/v1/gaps?all=true")?, 403)?;

    // HR reads everyone.
    let hr = employee_token("hr1")?;
    let me = json(get(api, &hr, "/api/v1/me")?, 200)?;
    assert_eq!(me["actor"], "hr");
    json(get(api, &hr, "/api/v1/people/10024/brief")?, 200)?;
    json(get(api, &hr, "/api/v1/gaps?all=true")?, 200)?;

    // The steering group views SOC: no person's brief.
    let viewer = employee_token("steering")?;
    let me = json(get(api, &viewer, "/api/v1/me")?, 200)?;
    assert_eq!(me["actor"], "viewer:SOC");
    problem(get(api, &viewer, "/api/v1/people/10023/brief")?, 403)?;

    // The same refusals as at sign-in: someone who left, someone the registry does not know,
    // no employee number: 403 (the token holds; its person may not come in).
    for account in ["10041", "99999", "nobody"] {
        let token = employee_token(account)?;
        let p = problem(get(api, &token, "/api/v1/me")?, 403)?;
        assert!(!p["detail"].as_str().unwrap_or_default().is_empty(), "{p}");
    }
    // The audit trail names the token's subject as the way in.
    let registry = Registry::open_existing(&api.db, Actor::Hr)?.with_today(today());
    let entries = registry.audit(&skillreg_store::AuditFilter::default())?;
    assert!(
        entries.iter().any(|e| e.via == "api access token of 10001"),
        "no audit row names the manager's access token"
    );
    Ok(())
}

#[test]
fn tokens_of_another_issuer_audience_or_key_and_expired_ones_are_401() -> Res {
    let api = oidc_api()?;
    // Another issuer (a second provider: the same development keys, so only `iss` tells).
    let other = Idp::start()?;
    let token = other.access_token("10023", AUDIENCE)?;
    let why = refused(get(api, &token, "/api/v1/me")?)?;
    assert!(why.contains("was not issued by"), "{why}");

    // Another audience.
    let token = idp()?.access_token("hr1", "https://other.example.org/api")?;
    let why = refused(get(api, &token, "/api/v1/me")?)?;
    assert!(why.contains("not meant for this API"), "{why}");

    // Expired an hour ago.
    let token = idp()?.access_token("hr1", "urn:skillreg:test:expired")?;
    let why = refused(get(api, &token, "/api/v1/me")?)?;
    assert!(why.contains("expired"), "{why}");

    // Signed by a key of our own (Ed25519) under a kid the provider does not have.
    let seed = [7u8; 32];
    let mut der = vec![
        0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04,
        0x20,
    ];
    der.extend_from_slice(&seed);
    let mut header = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::EdDSA);
    header.typ = Some("at+jwt".to_string());
    header.kid = Some("not-the-providers".to_string());
    let now = chrono::Utc::now().timestamp();
    let claims = serde_json::json!({
        "iss": idp()?.provider.issuer, "aud": AUDIENCE, "sub": "hr1", "iat": now,
        "exp": now + 600, "employee_number": "10030", "groups": ["skillreg-hr"],
    });
    let forged = jsonwebtoken::encode(
        &header,
        &claims,
        &jsonwebtoken::EncodingKey::from_ed_der(&der),
    )?;
    let why = refused(get(api, &forged, "/api/v1/me")?)?;
    assert!(
        why.contains("key the identity provider does not have"),
        "{why}"
    );
    Ok(())
}

#[test]
fn alg_none_hmac_tampered_payloads_and_id_tokens_are_401() -> Res {
    let api = oidc_api()?;
    let tokens = idp()?.tokens("10023", AUDIENCE)?;
    let real = tokens["access_token"].as_str().ok_or("no access token")?;
    let parts: Vec<&str> = real.split('.').collect();
    assert_eq!(parts.len(), 3, "not a JWT: {real}");
    let header: serde_json::Value = serde_json::from_slice(&jsonwebtoken_part(parts[0])?)?;
    assert_eq!(header["typ"], "at+jwt");
    let kid = header["kid"].as_str().unwrap_or_default().to_string();
    let payload: serde_json::Value = serde_json::from_slice(&jsonwebtoken_part(parts[1])?)?;
    assert_eq!(payload["employee_number"], "10023");

    // alg none: the payload of the real token, no signature.
    let none = format!(
        "{}.{}.",
        b64(format!(r#"{{"alg":"none","typ":"at+jwt","kid":"{kid}"}}"#).as_bytes()),
        parts[1]
    );
    let why = refused(get(api, &none, "/api/v1/me")?)?;
    assert!(why.contains("not a signed JWT"), "{why}");

    // HS256 under the provider's RSA key id (the key confusion attack).
    let mut hs = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256);
    hs.typ = Some("at+jwt".to_string());
    hs.kid = Some(kid.clone());
    let hmac = jsonwebtoken::encode(
        &hs,
        &payload,
        &jsonwebtoken::EncodingKey::from_secret(b"the provider's public key")?,
    )?;
    let why = refused(get(api, &hmac, "/api/v1/me")?)?;
    assert!(why.contains("does not fit"), "{why}");

    // A tampered payload: HR's claims under the employee's signature.
    let hr = employee_token("hr1")?;
    let hr_payload = hr.split('.').nth(1).ok_or("no payload")?;
    let tampered = format!("{}.{hr_payload}.{}", parts[0], parts[2]);
    let why = refused(get(api, &tampered, "/api/v1/me")?)?;
    assert!(why.contains("signature does not hold"), "{why}");

    // The ID token of the same sign-in is not an access token.
    let id_token = tokens["id_token"].as_str().ok_or("no id token")?;
    let why = refused(get(api, id_token, "/api/v1/me")?)?;
    assert!(why.contains("not an access token"), "{why}");

    // Not a JWT at all.
    let why = refused(get(api, "three.little.pigs", "/api/v1/me")?)?;
    assert!(why.contains("not a signed JWT"), "{why}");
    Ok(())
}

#[test]
fn refused_tokens_are_rate_limited_per_address_and_good_ones_still_pass() -> Res {
    let api = start_with_oidc("[limits]\nper_minute = 1\nburst = 2\n")?;
    for _ in 0..2 {
        refused(get(&api, "not.a.token", "/api/v1/me")?)?;
    }
    let limited = get(&api, "not.a.token", "/api/v1/me")?;
    assert_eq!(
        limited
            .headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok()),
        Some("60")
    );
    problem(limited, 429)?;
    // A token that holds is not counted, and passes.
    let token = employee_token("10023")?;
    let me = json(get(&api, &token, "/api/v1/me")?, 200)?;
    assert_eq!(me["actor"], "employee:10023");
    Ok(())
}

/// The bytes of a base64url part of a JWT.
fn jsonwebtoken_part(part: &str) -> Res<Vec<u8>> {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut bits = 0u32;
    let mut n = 0;
    let mut out = Vec::new();
    for c in part.bytes() {
        let v = ABC.iter().position(|a| *a == c).ok_or("not base64url")?;
        bits = (bits << 6) | v as u32;
        n += 6;
        if n >= 8 {
            n -= 8;
            out.push((bits >> n) as u8);
            bits &= (1 << n) - 1;
        }
    }
    Ok(out)
}
