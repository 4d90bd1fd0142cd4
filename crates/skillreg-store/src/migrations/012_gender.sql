-- Schema 12: a person's gender, for the equality follow-up of the competence programmes. Only
-- the source that owns people sets it, only where its mapping asks for it; NULL = not stated.
-- Erasure empties it with the name.
ALTER TABLE persons ADD COLUMN gender TEXT CHECK (gender IS NULL OR gender IN ('female', 'male', 'other'));
