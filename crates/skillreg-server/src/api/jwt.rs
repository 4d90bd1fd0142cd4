//! Access tokens (JWT) of the identity provider in `[oidc]`.

use std::sync::Arc;

use super::auth::Caller;
use super::problem::ApiError;
use crate::app::AppState;

/// The caller an access token names, or `401`.
pub(crate) async fn caller(state: &Arc<AppState>, _token: String) -> Result<Caller, ApiError> {
    if state.provider.is_none() {
        return Err(ApiError::unauthenticated(
            "Not a service token (they begin `skr_`), and this service takes no access tokens: it has no [oidc] identity provider.",
        ));
    }
    Err(ApiError::unauthenticated(
        "Access tokens of the identity provider are not accepted yet.",
    ))
}
