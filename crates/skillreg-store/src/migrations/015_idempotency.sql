-- Schema 15: the Idempotency-Key of the HTTP API's writes. A request with a key is claimed
-- once per caller and key; the first answer is kept so that a retry gets it again instead of
-- writing twice. Rows are bookkeeping, not a person's data: they hold the answer's JSON
-- (counts, ids, the employee number written about) and are removed 24 hours after the claim.
CREATE TABLE idempotency_keys (
    caller       TEXT    NOT NULL,          -- who sent it: `api token NAME` or the subject
    key          TEXT    NOT NULL,          -- 1-255 visible ASCII characters
    fingerprint  TEXT    NOT NULL,          -- a hash of method, path and body
    claimed_at   TEXT    NOT NULL,          -- UTC, RFC 3339
    status       INTEGER,                   -- the answer's HTTP status; NULL while answering
    content_type TEXT,
    body         BLOB,
    PRIMARY KEY (caller, key)
) WITHOUT ROWID;

CREATE INDEX idempotency_keys_claimed ON idempotency_keys (claimed_at);
