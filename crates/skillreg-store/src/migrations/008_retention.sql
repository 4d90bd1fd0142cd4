-- Schema 8: erasure keeps no identifier, not even a hash.
--
-- Schema 6 remembered each erased person by a keyed hash of their employee number, so that a
-- source still listing them would not bring them back. The key was fixed, so trying every
-- number found them again. Instead the registry now keeps only the retention cutoff of its
-- latest erasure: a person it does not hold whose every employment ended before that day is
-- never created (the record itself says they left long ago), and someone rehired comes back
-- with the employments after it only.
CREATE TABLE retention (
    one        INTEGER PRIMARY KEY CHECK (one = 1),
    cutoff_day INTEGER NOT NULL
);

-- The people erased so far left on or before their last day; the day after the latest is the
-- cutoff that keeps every one of them out.
INSERT INTO retention (one, cutoff_day)
SELECT 1, max(last_day) + 1 FROM erased_people HAVING count(*) > 0;

DROP TABLE erased_people;
