//! OpenID Connect sign-in through the `openidconnect` crate: discovery and the provider's keys
//! at start-up, the authorization request (code flow with PKCE S256, `state` and `nonce`), and
//! the callback's code exchange and ID token checks (signature against the provider's JWKS,
//! issuer, audience, expiry, nonce). [`Identity::from_claims`] maps the token's claims to who
//! signs in: HR, a viewer of a unit, or a person by employee number.

use std::collections::BTreeMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use openidconnect::core::{
    CoreAuthDisplay, CoreAuthPrompt, CoreAuthenticationFlow, CoreErrorResponseType,
    CoreGenderClaim, CoreJsonWebKey, CoreJweContentEncryptionAlgorithm, CoreJwsSigningAlgorithm,
    CoreProviderMetadata, CoreRevocableToken, CoreRevocationErrorResponse,
    CoreTokenIntrospectionResponse, CoreTokenType,
};
use openidconnect::{
    AdditionalClaims, AuthorizationCode, ClientId, ClientSecret, CsrfToken, EmptyExtraTokenFields,
    EndpointMaybeSet, EndpointNotSet, EndpointSet, HttpRequest, HttpResponse, IdTokenFields,
    IssuerUrl, Nonce, PkceCodeChallenge, PkceCodeVerifier, RedirectUrl, Scope,
    StandardErrorResponse, StandardTokenResponse, TokenResponse as _,
};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::config::OidcConfig;
use crate::error::ServerError;

/// The ID token's claims beyond the standard ones (the employee number, the groups ...).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct ExtraClaims {
    /// Every claim by name.
    #[serde(flatten)]
    pub claims: BTreeMap<String, Value>,
}

impl AdditionalClaims for ExtraClaims {}

type TokenResponse = StandardTokenResponse<
    IdTokenFields<
        ExtraClaims,
        EmptyExtraTokenFields,
        CoreGenderClaim,
        CoreJweContentEncryptionAlgorithm,
        CoreJwsSigningAlgorithm,
    >,
    CoreTokenType,
>;

type OidcClient = openidconnect::Client<
    ExtraClaims,
    CoreAuthDisplay,
    CoreGenderClaim,
    CoreJweContentEncryptionAlgorithm,
    CoreJsonWebKey,
    CoreAuthPrompt,
    StandardErrorResponse<CoreErrorResponseType>,
    TokenResponse,
    CoreTokenIntrospectionResponse,
    CoreRevocableToken,
    CoreRevocationErrorResponse,
    EndpointSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointMaybeSet,
    EndpointMaybeSet,
>;

/// An HTTP client for the provider: no redirects followed (the crate's advice against SSRF),
/// timeouts, rustls.
#[derive(Debug, Clone)]
pub struct HttpClient(reqwest::Client);

/// A transport error talking to the provider.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct HttpError(String);

impl HttpClient {
    /// A client with a 10-second timeout that follows no redirects.
    pub fn new() -> Result<HttpClient, HttpError> {
        use rustls_platform_verifier::BuilderVerifierExt;
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let tls = rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .and_then(|b| b.with_platform_verifier())
            .map_err(|e| HttpError(format!("cannot set up TLS: {e}")))?
            .with_no_client_auth();
        reqwest::Client::builder()
            .tls_backend_preconfigured(tls)
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(std::time::Duration::from_secs(5))
            .timeout(std::time::Duration::from_secs(10))
            .user_agent(concat!("skillreg/", env!("CARGO_PKG_VERSION")))
            .build()
            .map(HttpClient)
            .map_err(|e| HttpError(format!("cannot build the HTTP client: {e}")))
    }

    /// `GET url`: the body of a `200` answer, at most `limit` bytes.
    pub(crate) async fn get(&self, url: &str, limit: usize) -> Result<Vec<u8>, HttpError> {
        let resp = self
            .0
            .get(url)
            .send()
            .await
            .map_err(|e| HttpError(e.to_string()))?;
        if !resp.status().is_success() {
            return Err(HttpError(format!("{url} answered {}", resp.status())));
        }
        let body = resp.bytes().await.map_err(|e| HttpError(e.to_string()))?;
        if body.len() > limit {
            return Err(HttpError(format!("{url} answered more than {limit} bytes")));
        }
        Ok(body.to_vec())
    }

    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, HttpError> {
        let (parts, body) = request.into_parts();
        let mut req = self
            .0
            .request(parts.method, parts.uri.to_string())
            .body(body);
        for (name, value) in &parts.headers {
            req = req.header(name, value);
        }
        let resp = req.send().await.map_err(|e| HttpError(e.to_string()))?;
        let status = resp.status();
        let headers = resp.headers().clone();
        let body = resp.bytes().await.map_err(|e| HttpError(e.to_string()))?;
        let mut out = HttpResponse::new(body.to_vec());
        *out.status_mut() = status;
        *out.headers_mut() = headers;
        Ok(out)
    }
}

impl<'c> openidconnect::AsyncHttpClient<'c> for HttpClient {
    type Error = HttpError;
    type Future = Pin<Box<dyn Future<Output = Result<HttpResponse, HttpError>> + Send + 'c>>;

    fn call(&'c self, request: HttpRequest) -> Self::Future {
        Box::pin(self.send(request))
    }
}

/// The provider as discovered at start-up, with this service's client registration.
pub struct Provider {
    client: OidcClient,
    http: HttpClient,
    config: OidcConfig,
    jwks_uri: String,
}

impl std::fmt::Debug for Provider {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Provider")
            .field("issuer", &self.config.issuer)
            .field("client_id", &self.config.client_id)
            .finish_non_exhaustive()
    }
}

/// Where to send the browser, and what the callback must match.
#[derive(Debug)]
pub struct AuthRequest {
    /// The provider's authorization URL with every parameter.
    pub url: String,
    /// The `state` parameter.
    pub state: String,
    /// The `nonce` the ID token must carry.
    pub nonce: String,
    /// The PKCE verifier (kept server-side).
    pub pkce_verifier: String,
}

/// Why a callback was refused.
#[derive(Debug, thiserror::Error)]
pub enum CallbackError {
    /// The provider refused the code (wrong PKCE verifier, reused or expired code ...).
    #[error("the identity provider refused the sign-in code: {0}")]
    Exchange(String),
    /// The ID token failed a check (signature, issuer, audience, expiry, nonce).
    #[error("the ID token was refused: {0}")]
    IdToken(String),
}

impl Provider {
    /// Discovers `config.issuer` (its metadata and keys) and registers this service's client.
    pub async fn discover(
        config: &OidcConfig,
        secret: String,
        redirect_uri: String,
    ) -> Result<Provider, ServerError> {
        let fail = |message: String| ServerError::Provider {
            issuer: config.issuer.clone(),
            message,
        };
        let http = HttpClient::new().map_err(|e| fail(e.0))?;
        let issuer =
            IssuerUrl::new(config.issuer.clone()).map_err(|e| fail(format!("not a URL: {e}")))?;
        let metadata = CoreProviderMetadata::discover_async(issuer, &http)
            .await
            .map_err(|e| fail(format!("discovery failed: {}", error_chain(&e))))?;
        let jwks_uri = metadata.jwks_uri().url().to_string();
        let redirect =
            RedirectUrl::new(redirect_uri).map_err(|e| fail(format!("redirect URI: {e}")))?;
        let client = OidcClient::from_provider_metadata(
            metadata,
            ClientId::new(config.client_id.clone()),
            Some(ClientSecret::new(secret)),
        )
        .set_redirect_uri(redirect);
        Ok(Provider {
            client,
            http,
            config: config.clone(),
            jwks_uri,
        })
    }

    /// A new authorization request: fresh state, nonce and PKCE verifier.
    pub fn auth_request(&self) -> AuthRequest {
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let mut request = self.client.authorize_url(
            CoreAuthenticationFlow::AuthorizationCode,
            CsrfToken::new_random,
            Nonce::new_random,
        );
        for scope in &self.config.scopes {
            request = request.add_scope(Scope::new(scope.clone()));
        }
        let (url, state, nonce) = request.set_pkce_challenge(challenge).url();
        AuthRequest {
            url: url.to_string(),
            state: state.secret().clone(),
            nonce: nonce.secret().clone(),
            pkce_verifier: verifier.secret().clone(),
        }
    }

    /// Exchanges `code` (with the PKCE verifier) and checks the ID token against `nonce`;
    /// the token's claims beyond the standard ones.
    pub async fn finish(
        &self,
        code: String,
        pkce_verifier: String,
        nonce: String,
    ) -> Result<BTreeMap<String, Value>, CallbackError> {
        let response = self
            .client
            .exchange_code(AuthorizationCode::new(code))
            .map_err(|e| CallbackError::Exchange(e.to_string()))?
            .set_pkce_verifier(PkceCodeVerifier::new(pkce_verifier))
            .request_async(&self.http)
            .await
            .map_err(|e| CallbackError::Exchange(error_chain(&e)))?;
        let id_token = response
            .id_token()
            .ok_or_else(|| CallbackError::IdToken("the answer has no ID token".to_string()))?;
        let verifier = self.client.id_token_verifier();
        let claims = id_token
            .claims(&verifier, &Nonce::new(nonce))
            .map_err(|e| CallbackError::IdToken(error_chain(&e)))?;
        let mut all = claims.additional_claims().claims.clone();
        all.insert(
            "sub".to_string(),
            Value::String(claims.subject().as_str().to_string()),
        );
        Ok(all)
    }

    /// The provider's key set URL (`jwks_uri` of its discovery document).
    pub(crate) fn jwks_uri(&self) -> &str {
        &self.jwks_uri
    }

    /// The HTTP client that talks to the provider.
    pub(crate) fn http(&self) -> &HttpClient {
        &self.http
    }

    /// The configuration this provider was discovered from.
    pub fn config(&self) -> &OidcConfig {
        &self.config
    }

    /// Checks a raw ID token (as the callback does, without the code exchange): for tests of
    /// the issuer, audience and nonce checks with tokens obtained elsewhere.
    pub fn verify_id_token(
        &self,
        token: &str,
        nonce: &str,
    ) -> Result<BTreeMap<String, Value>, CallbackError> {
        let id_token: openidconnect::IdToken<
            ExtraClaims,
            CoreGenderClaim,
            CoreJweContentEncryptionAlgorithm,
            CoreJwsSigningAlgorithm,
        > = token
            .parse()
            .map_err(|e: serde_json::Error| CallbackError::IdToken(e.to_string()))?;
        let verifier = self.client.id_token_verifier();
        let claims = id_token
            .claims(&verifier, &Nonce::new(nonce.to_string()))
            .map_err(|e| CallbackError::IdToken(error_chain(&e)))?;
        Ok(claims.additional_claims().claims.clone())
    }
}

fn error_chain(e: &dyn std::error::Error) -> String {
    let mut out = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        let text = s.to_string();
        if !out.contains(&text) {
            out += ": ";
            out += &text;
        }
        source = s.source();
    }
    out
}

/// Who the ID token says signs in, before the registry is asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Identity {
    /// A member of one of `hr_groups`.
    Hr {
        /// The employee number, when the token carries one.
        employee_no: Option<String>,
    },
    /// A member of a group in `[oidc.viewers]`: the unit it maps to.
    Viewer {
        /// The unit id.
        unit: String,
        /// The employee number, when the token carries one.
        employee_no: Option<String>,
    },
    /// Anyone else, by employee number (an employee or, if the registry says so, a manager).
    Person(String),
}

impl Identity {
    /// Maps the claims: HR groups first, then viewer groups (the first by group name),
    /// else the employee number. `None` when nothing applies (no employee number claim).
    ///
    /// ```
    /// use skillreg_server::Identity;
    /// let config: skillreg_server::OidcConfig = toml::from_str(r#"
    ///     issuer = "https://id.example"
    ///     client_id = "skillreg"
    ///     client_secret_env = "SKILLREG_OIDC_SECRET"
    ///     employee_claim = "employee_number"
    ///     hr_groups = ["skillreg-hr"]
    /// "#)?;
    /// let claims = serde_json::json!({"employee_number": "10023", "groups": ["staff"]});
    /// let claims = serde_json::from_value(claims)?;
    /// assert_eq!(Identity::from_claims(&config, &claims), Some(Identity::Person("10023".into())));
    /// Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_claims(config: &OidcConfig, claims: &BTreeMap<String, Value>) -> Option<Identity> {
        let employee_no = claims.get(&config.employee_claim).and_then(|v| match v {
            Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        });
        let groups: Vec<&str> = match claims.get(&config.groups_claim) {
            Some(Value::Array(items)) => items.iter().filter_map(Value::as_str).collect(),
            Some(Value::String(one)) => vec![one.as_str()],
            _ => Vec::new(),
        };
        if groups
            .iter()
            .any(|g| config.hr_groups.iter().any(|h| h == g))
        {
            return Some(Identity::Hr { employee_no });
        }
        if let Some(unit) = config
            .viewers
            .iter()
            .find(|(group, _)| groups.contains(&group.as_str()))
            .map(|(_, unit)| unit.clone())
        {
            return Some(Identity::Viewer { unit, employee_no });
        }
        employee_no.map(Identity::Person)
    }
}
