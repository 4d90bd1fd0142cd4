//! The ID token checks on their own: tokens obtained from the provider outside the service (for
//! the service's client, for another client, from another provider instance) are given to the
//! service's verifier, which must accept only the one for its client, issuer and nonce.

use reqwest::StatusCode;
use skillreg_peers::oidc::start_oidc;
use skillreg_server::{Config, Provider};

use super::{Browser, Res, http, provider, register};

/// Percent-encodes a form value.
fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Signs `account` in at `issuer` as client `client_id` (code flow with PKCE, by hand) and
/// returns the ID token the token endpoint gives for `nonce`.
async fn id_token(
    issuer: &str,
    (client_id, secret): (&str, &str),
    redirect_uri: &str,
    nonce: &str,
    account: &str,
) -> Res<String> {
    let (challenge, verifier) = openidconnect::PkceCodeChallenge::new_random_sha256();
    let auth = format!(
        "{issuer}/auth?client_id={}&response_type=code&scope=openid%20profile&redirect_uri={}&state=s1&nonce={}&code_challenge={}&code_challenge_method=S256",
        enc(client_id),
        enc(redirect_uri),
        enc(nonce),
        challenge.as_str()
    );
    let mut browser = Browser::default();
    let mut next = browser.get(&auth).await?.location().to_string();
    let login = format!("{issuer}{next}");
    next = browser
        .post(&login, &[("login", account)])
        .await?
        .location()
        .to_string();
    for _ in 0..5 {
        if next.starts_with(redirect_uri) {
            break;
        }
        let url = if next.starts_with('/') {
            format!("{issuer}{next}")
        } else {
            next.clone()
        };
        next = browser.get(&url).await?.location().to_string();
    }
    let code = next
        .split("code=")
        .nth(1)
        .and_then(|s| s.split('&').next())
        .ok_or_else(|| format!("no code in {next}"))?;
    let body = format!(
        "grant_type=authorization_code&code={code}&redirect_uri={}&code_verifier={}",
        enc(redirect_uri),
        enc(verifier.secret())
    );
    let answer = http()?
        .post(format!("{issuer}/token"))
        .basic_auth(client_id, Some(secret))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await?;
    assert_eq!(answer.status(), StatusCode::OK);
    let json: serde_json::Value = answer.json().await?;
    Ok(json["id_token"].as_str().ok_or("no id_token")?.to_string())
}

async fn verifier(issuer: &str, client_id: &str, redirect_uri: &str) -> Res<Provider> {
    let text = format!(
        "registry = \"unused.db\"\npublic_url = \"http://127.0.0.1:1\"\n[oidc]\nissuer = {issuer:?}\nclient_id = {client_id:?}\nclient_secret_env = \"UNUSED\"\nemployee_claim = \"employee_number\"\n"
    );
    let config = Config::parse(&text, "server.toml".as_ref())?;
    let oidc = config.oidc.ok_or("no [oidc]")?;
    Ok(Provider::discover(&oidc, "unused".into(), redirect_uri.into()).await?)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn id_token_for_another_client_from_another_issuer_or_with_another_nonce_is_refused() -> Res {
    let issuer = provider()?.issuer.clone();
    let redirect = "http://127.0.0.1:1/auth/callback";
    let ours = register(&issuer, redirect).await?;
    let theirs = register(&issuer, redirect).await?;
    let service = verifier(&issuer, &ours.0, redirect).await?;

    let token = id_token(&issuer, (&ours.0, &ours.1), redirect, "n-1", "10023").await?;
    let claims = service.verify_id_token(&token, "n-1")?;
    assert_eq!(claims["employee_number"], "10023");
    let wrong_nonce = service.verify_id_token(&token, "n-2").map(|_| ());
    assert!(
        matches!(&wrong_nonce, Err(e) if e.to_string().contains("Invalid nonce")),
        "{wrong_nonce:?}"
    );

    let token = id_token(&issuer, (&theirs.0, &theirs.1), redirect, "n-1", "10023").await?;
    let other_audience = service.verify_id_token(&token, "n-1").map(|_| ());
    assert!(
        matches!(&other_audience, Err(e) if e.to_string().contains("Invalid audiences")),
        "{other_audience:?}"
    );

    // A second provider instance: another issuer (signing with the same development key,
    // so that only the issuer check can tell).
    let other = start_oidc()?;
    let there = register(&other.issuer, redirect).await?;
    let token = id_token(
        &other.issuer,
        (&there.0, &there.1),
        redirect,
        "n-1",
        "10023",
    )
    .await?;
    let other_issuer = service.verify_id_token(&token, "n-1").map(|_| ());
    assert!(
        matches!(&other_issuer, Err(e) if e.to_string().contains("Invalid issuer")),
        "{other_issuer:?}"
    );
    Ok(())
}
