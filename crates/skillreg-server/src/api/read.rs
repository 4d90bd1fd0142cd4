//! The shape of the reads: [`Caller::read`] runs the store call on the registry pool as the
//! caller and turns a refusal into a problem; the handler then answers it with its `ETag`
//! ([`super::fresh::fresh`]), a page at a time where it is a list ([`super::page::paginate`]).

use skillreg_store::Registry;

use super::auth::Caller;
use super::problem::ApiError;
use crate::app::AppState;

impl Caller {
    /// Runs `read` on a worker's registry narrowed to this caller (the store's checks, the
    /// audit rows naming the caller's `via`); a refusal is the problem
    /// [`ApiError::from_server`] makes of it, `what` naming the operation in the service's log.
    pub(crate) async fn read<T, F>(
        self,
        state: &AppState,
        what: &str,
        read: F,
    ) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&Registry) -> Result<T, skillreg_store::Error> + Send + 'static,
    {
        state
            .pool
            .run(self.actor, self.via, read)
            .await
            .map_err(|e| ApiError::from_server(e, what))
    }
}
