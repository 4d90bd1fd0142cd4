-- Schema 14: service tokens, with which another system (an HR system, an intranet, a learning
-- platform, a sync job) calls the registry's HTTP API as one actor. The secret itself is never
-- stored: only its BLAKE3 hash (derived-key mode), which is what a presented token is looked up
-- by. A token is revoked, never deleted, so that who made it and when stays known; the audit
-- trail holds every creation and revocation.
CREATE TABLE service_tokens (
    id           INTEGER PRIMARY KEY,
    name         TEXT    NOT NULL UNIQUE,
    actor        TEXT    NOT NULL,          -- as `Actor` displays: hr, manager:N, sync:S, viewer:U
    secret_hash  BLOB    NOT NULL UNIQUE CHECK (length(secret_hash) = 32),
    created_by   TEXT    NOT NULL,
    created_at   TEXT    NOT NULL,          -- UTC, RFC 3339
    expires_day  INTEGER,                   -- the last day it is valid (a day number), or none
    revoked_by   TEXT,
    revoked_at   TEXT,
    last_used_at TEXT,
    CHECK ((revoked_by IS NULL) = (revoked_at IS NULL))
);

-- What a token is and whose secret it checks never change; only its revocation, its last use
-- and (in an erasure) an employee number it names may.
CREATE TRIGGER service_tokens_fixed BEFORE UPDATE OF name, secret_hash, created_at, expires_day
ON service_tokens
BEGIN
    SELECT RAISE(ABORT, 'a service token''s name, secret and expiry cannot change: revoke it and create another');
END;
CREATE TRIGGER service_tokens_kept BEFORE DELETE ON service_tokens
BEGIN
    SELECT RAISE(ABORT, 'service tokens are revoked, never deleted');
END;
CREATE TRIGGER service_tokens_revoked_for_good BEFORE UPDATE OF revoked_at ON service_tokens
WHEN OLD.revoked_at IS NOT NULL AND NEW.revoked_at IS NOT OLD.revoked_at
BEGIN
    SELECT RAISE(ABORT, 'a revoked service token stays revoked');
END;
