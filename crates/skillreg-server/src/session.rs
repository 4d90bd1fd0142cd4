//! Server-side sessions: [`Sessions`] keeps them in memory (a restart signs everyone out), each
//! with a random id (the cookie's value), the actor it signed in as, a CSRF token, and idle and
//! absolute timeouts. Sign-ins under way ([`PendingSignIn`]: state, nonce, PKCE verifier) are
//! kept the same way, for ten minutes at most.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use skillreg_l10n::Lang;
use skillreg_store::Actor;
use subtle::ConstantTimeEq;

/// The session cookie: `__Host-` binds it to this host, HTTPS and path `/`.
pub const SESSION_COOKIE: &str = "__Host-skillreg";
/// The cookie that ties a sign-in under way to the browser that started it.
pub const SIGNIN_COOKIE: &str = "__Host-skillreg-signin";
/// How long a sign-in may take at the identity provider.
pub const SIGNIN_TIMEOUT: Duration = Duration::from_secs(600);

/// 32 random bytes from the operating system, as 64 hex digits.
pub fn random_token() -> Result<String, getrandom::Error> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes)?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// Whether two secrets are equal, in time that does not depend on where they differ.
pub fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len() && bool::from(a.as_bytes().ct_eq(b.as_bytes()))
}

/// A signed-in person's session.
#[derive(Debug, Clone)]
pub struct Session {
    /// The random id (the cookie's value).
    pub id: String,
    /// Who the registry is asked by.
    pub actor: Actor,
    /// The employee number from the ID token.
    pub employee_no: String,
    /// The token every form carries.
    pub csrf: String,
    /// The language chosen at sign-in (from the browser's Accept-Language).
    pub lang: Lang,
    started: Instant,
    last_seen: Instant,
}

impl Session {
    /// The first 8 hex digits of the id: names the session in the audit trail and the log
    /// without giving away the cookie.
    pub fn short_id(&self) -> &str {
        self.id.get(..8).unwrap_or(&self.id)
    }

    /// The audit trail's `via` for this session's reads and writes.
    pub fn via(&self) -> String {
        format!("web session {}", self.short_id())
    }
}

/// A sign-in under way: what the callback must match.
#[derive(Debug, Clone)]
pub struct PendingSignIn {
    /// The `state` sent to the provider.
    pub state: String,
    /// The `nonce` the ID token must carry.
    pub nonce: String,
    /// The PKCE verifier whose challenge was sent.
    pub pkce_verifier: String,
    started: Instant,
}

/// Sessions and sign-ins under way, in memory.
#[derive(Debug)]
pub struct Sessions {
    idle: Duration,
    absolute: Duration,
    sessions: Mutex<HashMap<String, Session>>,
    pending: Mutex<HashMap<String, PendingSignIn>>,
}

impl Sessions {
    /// An empty store with these timeouts.
    pub fn new(idle: Duration, absolute: Duration) -> Sessions {
        Sessions {
            idle,
            absolute,
            sessions: Mutex::new(HashMap::new()),
            pending: Mutex::new(HashMap::new()),
        }
    }

    /// Starts a session for `actor` under a new random id.
    ///
    /// ```
    /// use std::time::Duration;
    /// use skillreg_server::Sessions;
    /// use skillreg_store::Actor;
    ///
    /// let sessions = Sessions::new(Duration::from_secs(1800), Duration::from_secs(8 * 3600));
    /// let s = sessions.create(Actor::Employee("10023".into()), "10023".into(), skillreg_l10n::Lang::Sv)?;
    /// assert_eq!(s.via(), format!("web session {}", &s.id[..8]));
    /// assert!(sessions.get(&s.id).is_some());
    /// sessions.end(&s.id);
    /// assert!(sessions.get(&s.id).is_none());
    /// Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn create(
        &self,
        actor: Actor,
        employee_no: String,
        lang: Lang,
    ) -> Result<Session, getrandom::Error> {
        let now = Instant::now();
        let session = Session {
            id: random_token()?,
            actor,
            employee_no,
            csrf: random_token()?,
            lang,
            started: now,
            last_seen: now,
        };
        if let Ok(mut sessions) = self.sessions.lock() {
            sessions.retain(|_, s| self.alive(s, now));
            sessions.insert(session.id.clone(), session.clone());
        }
        Ok(session)
    }

    fn alive(&self, s: &Session, now: Instant) -> bool {
        now.duration_since(s.last_seen) < self.idle && now.duration_since(s.started) < self.absolute
    }

    /// The live session with `id`, touched (its idle time starts again); an expired one is
    /// removed and `None`.
    pub fn get(&self, id: &str) -> Option<Session> {
        let now = Instant::now();
        let mut sessions = self.sessions.lock().ok()?;
        let alive = sessions.get(id).map(|s| self.alive(s, now))?;
        if !alive {
            sessions.remove(id);
            return None;
        }
        let session = sessions.get_mut(id)?;
        session.last_seen = now;
        Some(session.clone())
    }

    /// Keeps `lang` as the session's language (the person's choice, over Accept-Language).
    pub fn set_lang(&self, id: &str, lang: Lang) {
        if let Ok(mut sessions) = self.sessions.lock()
            && let Some(session) = sessions.get_mut(id)
        {
            session.lang = lang;
        }
    }

    /// Ends the session `id`.
    pub fn end(&self, id: &str) {
        if let Ok(mut sessions) = self.sessions.lock() {
            sessions.remove(id);
        }
    }

    /// How many sessions are live.
    pub fn count(&self) -> usize {
        let now = Instant::now();
        self.sessions
            .lock()
            .map_or(0, |s| s.values().filter(|s| self.alive(s, now)).count())
    }

    /// Keeps a sign-in under way under a new random id (the sign-in cookie's value).
    pub fn begin_sign_in(
        &self,
        state: String,
        nonce: String,
        pkce_verifier: String,
    ) -> Result<String, getrandom::Error> {
        let id = random_token()?;
        let now = Instant::now();
        if let Ok(mut pending) = self.pending.lock() {
            pending.retain(|_, p| now.duration_since(p.started) < SIGNIN_TIMEOUT);
            pending.insert(
                id.clone(),
                PendingSignIn {
                    state,
                    nonce,
                    pkce_verifier,
                    started: now,
                },
            );
        }
        Ok(id)
    }

    /// Takes the sign-in under way `id` (once: a replayed callback finds nothing).
    pub fn take_sign_in(&self, id: &str) -> Option<PendingSignIn> {
        let pending = self.pending.lock().ok()?.remove(id)?;
        (pending.started.elapsed() < SIGNIN_TIMEOUT).then_some(pending)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_hex() -> Result<(), getrandom::Error> {
        let (a, b) = (random_token()?, random_token()?);
        assert_eq!(a.len(), 64);
        assert!(a.bytes().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(a, b);
        assert!(same_secret(&a, &a.clone()));
        assert!(!same_secret(&a, &b));
        assert!(!same_secret(&a, &a[..63]));
        Ok(())
    }

    #[test]
    fn idle_session_ends() -> Result<(), getrandom::Error> {
        let sessions = Sessions::new(Duration::from_millis(50), Duration::from_secs(60));
        let s = sessions.create(Actor::Employee("10023".into()), "10023".into(), Lang::Sv)?;
        assert!(sessions.get(&s.id).is_some());
        std::thread::sleep(Duration::from_millis(80));
        assert!(sessions.get(&s.id).is_none());
        Ok(())
    }

    #[test]
    fn sign_in_is_taken_once() -> Result<(), getrandom::Error> {
        let sessions = Sessions::new(Duration::from_secs(60), Duration::from_secs(60));
        let id = sessions.begin_sign_in("s".into(), "n".into(), "v".into())?;
        assert_eq!(
            sessions.take_sign_in(&id).map(|p| p.state),
            Some("s".into())
        );
        assert!(sessions.take_sign_in(&id).is_none());
        Ok(())
    }
}
