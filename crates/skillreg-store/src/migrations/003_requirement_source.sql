-- Schema 3: which outside system stated each requirement (NULL: a catalog file or the library),
-- so that a full export can withdraw the requirements it stated before and no longer states.

ALTER TABLE requirements ADD COLUMN source TEXT;
