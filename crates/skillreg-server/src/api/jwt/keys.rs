//! The identity provider's signing keys (its JWKS) and the checks of an access token against
//! them: [`AccessTokens::verify`].

use std::collections::BTreeMap;
use std::sync::RwLock;
use std::time::{Duration, Instant};

use jsonwebtoken::jwk::{AlgorithmParameters, EllipticCurve, Jwk, PublicKeyUse};
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde_json::Value;

use crate::error::ServerError;
use crate::oidc::Provider;

/// How far `exp` and `nbf` may be off, for clocks that differ a little.
pub(crate) const LEEWAY_SECS: u64 = 30;

/// The least time between two fetches of the key set for a token of an unknown key.
const REFETCH_EVERY: Duration = Duration::from_secs(60);

/// The most a key set may weigh.
const JWKS_LIMIT: usize = 1 << 20;

/// Why an access token was refused (the token itself never appears in it).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum Refused {
    /// Not a signed JWT (three parts, a header with a known `alg`); `alg: none` ends here.
    #[error("not a signed JWT access token: {0}")]
    NotJwt(String),
    /// A JWT, but not typed as an access token (RFC 9068 `typ: at+jwt`): an ID token, say.
    #[error(
        "not an access token: its typ is {0:?}, not \"at+jwt\" (an ID token is not an access token)"
    )]
    NotAccessToken(String),
    /// Signed by a key the provider's key set does not hold.
    #[error("signed by a key the identity provider does not have (kid {0:?})")]
    UnknownKey(String),
    /// The header's algorithm does not fit the key it names.
    #[error("its algorithm {0:?} does not fit the provider's key {1:?}")]
    WrongAlgorithm(Algorithm, String),
    /// Signature, issuer, audience, expiry or not-before failed.
    #[error("{0}")]
    Invalid(String),
}

/// The provider's key set, refetched (at most once a minute) when a token names a key it
/// does not hold, and the checks every access token passes.
#[derive(Debug)]
pub(crate) struct AccessTokens {
    issuer: String,
    audience: String,
    keys: RwLock<Vec<Jwk>>,
    /// When the key set was last fetched; the lock also makes refetches one at a time.
    fetched: tokio::sync::Mutex<Instant>,
}

impl AccessTokens {
    /// Fetches the provider's key set (from its discovery's `jwks_uri`).
    pub(crate) async fn start(provider: &Provider) -> Result<AccessTokens, ServerError> {
        let keys = fetch(provider)
            .await
            .map_err(|message| ServerError::Provider {
                issuer: provider.config().issuer.clone(),
                message,
            })?;
        Ok(AccessTokens {
            issuer: provider.config().issuer.clone(),
            audience: provider.config().api_audience().to_string(),
            keys: RwLock::new(keys),
            fetched: tokio::sync::Mutex::new(Instant::now()),
        })
    }

    /// The claims of `token` once it passes every check: a JWT typed `at+jwt`, signed by a key
    /// of the provider with an algorithm that key is for (never `none`, never HMAC), `iss` the
    /// provider, `aud` holding the API's audience, `exp` ahead and `nbf` behind (30 s leeway).
    pub(crate) async fn verify(
        &self,
        provider: &Provider,
        token: &str,
    ) -> Result<BTreeMap<String, Value>, Refused> {
        let header =
            jsonwebtoken::decode_header(token).map_err(|e| Refused::NotJwt(e.to_string()))?;
        let typ = header.typ.clone().unwrap_or_default();
        let typ_ok =
            typ.eq_ignore_ascii_case("at+jwt") || typ.eq_ignore_ascii_case("application/at+jwt");
        if !typ_ok {
            return Err(Refused::NotAccessToken(typ));
        }
        let kid = header.kid.clone().unwrap_or_default();
        let jwk = match self.key(&kid) {
            Some(jwk) => jwk,
            None => {
                self.refetch(provider).await;
                self.key(&kid)
                    .ok_or_else(|| Refused::UnknownKey(kid.clone()))?
            }
        };
        if !algorithms(&jwk).contains(&header.alg) {
            return Err(Refused::WrongAlgorithm(header.alg, kid));
        }
        let key = DecodingKey::from_jwk(&jwk).map_err(|e| Refused::Invalid(e.to_string()))?;
        let mut validation = Validation::new(header.alg);
        validation.set_issuer(&[&self.issuer]);
        validation.set_audience(&[&self.audience]);
        validation.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
        validation.leeway = LEEWAY_SECS;
        validation.validate_nbf = true;
        jsonwebtoken::decode::<BTreeMap<String, Value>>(token, &key, &validation)
            .map(|data| data.claims)
            .map_err(|e| Refused::Invalid(explain(&e, &self.issuer, &self.audience)))
    }

    /// The signing key `kid` names; without a `kid`, the key set's only signing key.
    fn key(&self, kid: &str) -> Option<Jwk> {
        let keys = self.keys.read().ok()?;
        let mut signing = keys.iter().filter(|k| {
            !matches!(k.common.public_key_use, Some(PublicKeyUse::Encryption))
                && !matches!(k.algorithm, AlgorithmParameters::OctetKey(_))
        });
        if kid.is_empty() {
            let first = signing.next()?;
            return signing.next().is_none().then(|| first.clone());
        }
        signing
            .find(|k| k.common.key_id.as_deref() == Some(kid))
            .cloned()
    }

    /// Fetches the key set again, unless it was fetched in the last minute.
    async fn refetch(&self, provider: &Provider) {
        let mut fetched = self.fetched.lock().await;
        if fetched.elapsed() < REFETCH_EVERY {
            return;
        }
        *fetched = Instant::now();
        match fetch(provider).await {
            Ok(keys) => {
                tracing::info!(
                    "fetched the identity provider's keys again: {} keys",
                    keys.len()
                );
                if let Ok(mut held) = self.keys.write() {
                    *held = keys;
                }
            }
            Err(e) => tracing::warn!("cannot fetch the identity provider's keys again: {e}"),
        }
    }
}

/// The provider's key set: the keys this crate can read (others are left out).
async fn fetch(provider: &Provider) -> Result<Vec<Jwk>, String> {
    let uri = provider.jwks_uri();
    let body = provider
        .http()
        .get(uri, JWKS_LIMIT)
        .await
        .map_err(|e| format!("cannot fetch the key set {uri}: {e}"))?;
    let set: Value =
        serde_json::from_slice(&body).map_err(|e| format!("the key set {uri} is not JSON: {e}"))?;
    let Some(Value::Array(keys)) = set.get("keys") else {
        return Err(format!("the key set {uri} has no \"keys\" array"));
    };
    Ok(keys
        .iter()
        .filter_map(|k| serde_json::from_value::<Jwk>(k.clone()).ok())
        .collect())
}

/// The algorithms a key may sign with: its own `alg` when it names one, else those of its
/// type (RSA: RS* and PS*; EC: by curve; OKP Ed25519: EdDSA). Never HMAC, never `none`.
fn algorithms(jwk: &Jwk) -> Vec<Algorithm> {
    use Algorithm::{ES256, ES384, EdDSA, PS256, PS384, PS512, RS256, RS384, RS512};
    let of_type = match &jwk.algorithm {
        AlgorithmParameters::RSA(_) => vec![RS256, RS384, RS512, PS256, PS384, PS512],
        AlgorithmParameters::EllipticCurve(p) => match p.curve {
            EllipticCurve::P256 => vec![ES256],
            EllipticCurve::P384 => vec![ES384],
            _ => Vec::new(),
        },
        AlgorithmParameters::OctetKeyPair(p) if p.curve == EllipticCurve::Ed25519 => vec![EdDSA],
        _ => Vec::new(),
    };
    match jwk
        .common
        .key_algorithm
        .map(|a| a.to_string().parse::<Algorithm>())
    {
        Some(Ok(alg)) => of_type.into_iter().filter(|a| *a == alg).collect(),
        Some(Err(_)) => Vec::new(),
        None => of_type,
    }
}

/// The check that failed, in words.
fn explain(e: &jsonwebtoken::errors::Error, issuer: &str, audience: &str) -> String {
    use jsonwebtoken::errors::ErrorKind;
    match e.kind() {
        ErrorKind::InvalidSignature => "the signature does not hold".to_string(),
        ErrorKind::ExpiredSignature => "it has expired".to_string(),
        ErrorKind::ImmatureSignature => "it is not valid yet (nbf)".to_string(),
        ErrorKind::InvalidIssuer => format!("it was not issued by {issuer}"),
        ErrorKind::InvalidAudience => format!("it is not meant for this API (audience {audience})"),
        ErrorKind::MissingRequiredClaim(c) => format!("it has no {c} claim"),
        other => format!("it does not hold: {other:?}"),
    }
}
