-- Schema 9: courses made for occupational groups (WLX 1.3 `Course/@audience`, the TOML
-- catalog's `audience`). The occupation codes, separated by single spaces; empty = everyone.
ALTER TABLE courses ADD COLUMN audience TEXT NOT NULL DEFAULT '';
