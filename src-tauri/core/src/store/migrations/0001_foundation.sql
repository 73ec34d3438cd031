-- 0001: the foundation. Settings, and the minimal case register the start screen lists.
-- Later issues extend these tables with numbered migrations; never edit a released one.

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE cases (
    id         INTEGER PRIMARY KEY,
    reference  TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL
) STRICT;

CREATE TABLE persons (
    id               INTEGER PRIMARY KEY,
    case_id          INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    name             TEXT NOT NULL,
    identity_number  TEXT,
    protection_level TEXT NOT NULL DEFAULT 'ingen'
        CHECK (protection_level IN ('ingen', 'sekretessmarkering', 'skyddad_folkbokforing', 'fingerade_personuppgifter'))
) STRICT;

CREATE INDEX persons_case ON persons(case_id);
