-- 0002: persons in full, relations, the actor directory, the SIP lifecycle, plan versions,
-- follow-ups and the case history. Keys of the vocabularies are listed in vocab.rs.

-- Persons are rebuilt with every field. No release let a user create persons before this
-- migration (0001 had no screen for it); a number stored by 0001 was never validated, so it
-- is kept as a note on the person, not as an identity number.
CREATE TABLE persons_v2 (
    id                 INTEGER PRIMARY KEY,
    case_id            INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    name               TEXT NOT NULL CHECK (length(trim(name)) > 0),
    -- 'personnummer' | 'samordningsnummer' | 'saknas'
    id_kind            TEXT NOT NULL DEFAULT 'saknas'
        CHECK (id_kind IN ('personnummer', 'samordningsnummer', 'saknas')),
    identity_number    TEXT,           -- canonical YYYYMMDD-NNNC
    no_number_reason   TEXT,
    no_number_note     TEXT NOT NULL DEFAULT '',
    birth_date         TEXT,           -- YYYY-MM-DD, derived from the number or entered
    legal_sex          TEXT NOT NULL DEFAULT 'okant' CHECK (legal_sex IN ('kvinna', 'man', 'okant')),
    language           TEXT NOT NULL DEFAULT '',
    interpreter_needed INTEGER NOT NULL DEFAULT 0 CHECK (interpreter_needed IN (0, 1)),
    protection_level   TEXT NOT NULL DEFAULT 'ingen'
        CHECK (protection_level IN ('ingen', 'sekretessmarkering', 'skyddad_folkbokforing', 'fingerade_personuppgifter')),
    address            TEXT,
    phone              TEXT,
    contact_way        TEXT NOT NULL DEFAULT '',
    -- "Address and phone … may not be stored at all when protected" (issue 3): the database
    -- itself refuses, whatever the code above it does.
    CHECK (protection_level = 'ingen' OR (address IS NULL AND phone IS NULL)),
    CHECK ((id_kind = 'saknas') = (identity_number IS NULL)),
    CHECK (id_kind <> 'saknas' OR no_number_reason IS NOT NULL)
) STRICT;

INSERT INTO persons_v2 (id, case_id, name, id_kind, identity_number, no_number_reason,
                        no_number_note, protection_level)
SELECT id, case_id, name, 'saknas', NULL, 'annat',
       CASE WHEN identity_number IS NULL OR identity_number = '' THEN ''
            ELSE 'Tidigare registrerat, ej kontrollerat nummer: ' || identity_number END,
       protection_level
  FROM persons;

DROP TABLE persons;
ALTER TABLE persons_v2 RENAME TO persons;
CREATE INDEX persons_case ON persons(case_id);

CREATE TABLE person_roles (
    person_id INTEGER NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
    role      TEXT NOT NULL CHECK (role IN ('valdsutsatt', 'barn_som_bevittnat_vald', 'valdsutovare')),
    PRIMARY KEY (person_id, role)
) STRICT;

CREATE TABLE person_violence_forms (
    person_id INTEGER NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
    form      TEXT NOT NULL,
    PRIMARY KEY (person_id, form)
) STRICT;

-- "A <kind> B": A = from_person, B = to_person. Both in the same case.
CREATE TABLE relations (
    id          INTEGER PRIMARY KEY,
    case_id     INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    from_person INTEGER NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
    to_person   INTEGER NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
    kind        TEXT NOT NULL CHECK (kind IN ('vardnadshavare', 'foralder', 'narstaende', 'utovare_mot')),
    custody     INTEGER CHECK (custody IN (0, 1)),
    CHECK (from_person <> to_person),
    CHECK ((kind = 'vardnadshavare') = (custody IS NOT NULL)),
    UNIQUE (from_person, to_person, kind)
) STRICT;
CREATE INDEX relations_case ON relations(case_id);

-- The actor directory (samverkanskontakter). Not tied to a case.
CREATE TABLE actor_units (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL CHECK (length(trim(name)) > 0),
    actor_type TEXT NOT NULL,
    principal  TEXT NOT NULL CHECK (principal IN ('kommun', 'region', 'stat', 'ideell', 'annan')),
    area       TEXT NOT NULL DEFAULT '',
    phone      TEXT NOT NULL DEFAULT '',
    email      TEXT NOT NULL DEFAULT '',
    UNIQUE (name, actor_type)
) STRICT;

CREATE TABLE actor_contacts (
    id        INTEGER PRIMARY KEY,
    unit_id   INTEGER NOT NULL REFERENCES actor_units(id),
    name      TEXT NOT NULL CHECK (length(trim(name)) > 0),
    role      TEXT NOT NULL DEFAULT '',
    phone     TEXT NOT NULL DEFAULT '',   -- work phone only
    email     TEXT NOT NULL DEFAULT '',   -- work e-mail only
    temporary INTEGER NOT NULL DEFAULT 0 CHECK (temporary IN (0, 1)), -- vikarie eller praktikant
    active    INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
) STRICT;
CREATE INDEX actor_contacts_unit ON actor_contacts(unit_id);

CREATE TABLE sips (
    id                 INTEGER PRIMARY KEY,
    case_id            INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    person_id          INTEGER NOT NULL REFERENCES persons(id),
    state              TEXT NOT NULL DEFAULT 'behov_upptackt'
        CHECK (state IN ('behov_upptackt', 'forberedelse', 'kallad', 'plan_upprattad', 'uppfoljning', 'avslutad')),
    need_discovered_on TEXT NOT NULL,
    initiated_by       TEXT NOT NULL,     -- the unit/worker who discovered the need
    requested_by       TEXT NOT NULL DEFAULT 'ingen' CHECK (requested_by IN ('ingen', 'personen', 'narstaende')),
    what_matters       TEXT NOT NULL DEFAULT '',  -- "Vad är viktigt för dig?" in the person's words
    background         TEXT NOT NULL DEFAULT '',
    questions          TEXT NOT NULL DEFAULT '',  -- frågeställningar, one per line
    closed_on          TEXT,
    closing_reason     TEXT,
    created_at         TEXT NOT NULL,
    CHECK ((state = 'avslutad') = (closed_on IS NOT NULL)),
    CHECK (closed_on IS NULL OR length(trim(closing_reason)) > 0)
) STRICT;
CREATE INDEX sips_case ON sips(case_id);

CREATE TABLE sip_transitions (
    id          INTEGER PRIMARY KEY,
    sip_id      INTEGER NOT NULL REFERENCES sips(id) ON DELETE CASCADE,
    from_state  TEXT,
    to_state    TEXT NOT NULL,
    on_date     TEXT NOT NULL,
    recorded_at TEXT NOT NULL
) STRICT;
CREATE INDEX sip_transitions_sip ON sip_transitions(sip_id);

-- Participants chosen from the directory: a unit, optionally one contact person of it.
CREATE TABLE sip_participants (
    id         INTEGER PRIMARY KEY,
    sip_id     INTEGER NOT NULL REFERENCES sips(id) ON DELETE CASCADE,
    unit_id    INTEGER NOT NULL REFERENCES actor_units(id),
    contact_id INTEGER REFERENCES actor_contacts(id),
    UNIQUE (sip_id, unit_id, contact_id)
) STRICT;

CREATE TABLE sip_meetings (
    id             INTEGER PRIMARY KEY,
    sip_id         INTEGER NOT NULL REFERENCES sips(id) ON DELETE CASCADE,
    on_date        TEXT NOT NULL,
    at_time        TEXT NOT NULL,
    digital        INTEGER NOT NULL CHECK (digital IN (0, 1)),
    place          TEXT NOT NULL DEFAULT '',
    person_present INTEGER NOT NULL DEFAULT 0 CHECK (person_present IN (0, 1)),
    held           INTEGER NOT NULL DEFAULT 0 CHECK (held IN (0, 1)),
    CHECK (digital = 1 OR length(trim(place)) > 0)
) STRICT;
CREATE INDEX sip_meetings_sip ON sip_meetings(sip_id);

CREATE TABLE sip_meeting_present (
    meeting_id     INTEGER NOT NULL REFERENCES sip_meetings(id) ON DELETE CASCADE,
    participant_id INTEGER NOT NULL REFERENCES sip_participants(id) ON DELETE CASCADE,
    PRIMARY KEY (meeting_id, participant_id)
) STRICT;

-- Plan versions. The newest version is a draft until it is frozen (fastställd / utskriven);
-- a frozen version never changes, and saving after that creates version N+1.
CREATE TABLE plan_versions (
    id           INTEGER PRIMARY KEY,
    sip_id       INTEGER NOT NULL REFERENCES sips(id),
    version      INTEGER NOT NULL CHECK (version >= 1),
    content      TEXT NOT NULL,            -- JSON of sip::plan::PlanContent
    follow_up_on TEXT,                     -- copied from content, for sorting by due date
    saved_at     TEXT NOT NULL,
    frozen_on    TEXT,
    frozen_as    TEXT CHECK (frozen_as IN ('faststalld', 'utskriven')),
    CHECK ((frozen_on IS NULL) = (frozen_as IS NULL)),
    UNIQUE (sip_id, version)
) STRICT;

CREATE TRIGGER plan_versions_frozen_never_change
BEFORE UPDATE ON plan_versions WHEN OLD.frozen_on IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'plan_version_frozen');
END;

CREATE TRIGGER plan_versions_never_deleted
BEFORE DELETE ON plan_versions
BEGIN
    SELECT RAISE(ABORT, 'plan_version_frozen');
END;

CREATE TABLE followups (
    id              INTEGER PRIMARY KEY,
    sip_id          INTEGER NOT NULL REFERENCES sips(id),
    plan_version_id INTEGER NOT NULL REFERENCES plan_versions(id),
    on_date         TEXT NOT NULL,
    note            TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE TABLE followup_items (
    followup_id      INTEGER NOT NULL REFERENCES followups(id),
    intervention_key TEXT NOT NULL,
    carried_out      TEXT NOT NULL CHECK (carried_out IN ('ja', 'delvis', 'nej')),
    goal_met         TEXT NOT NULL CHECK (goal_met IN ('helt', 'delvis', 'inte')),
    comment          TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (followup_id, intervention_key)
) STRICT;

-- The case history: every change, in the same transaction as the change. Append-only; the
-- hardening issue chains it with hashes. case_id is NULL for the actor directory.
CREATE TABLE case_history (
    id      INTEGER PRIMARY KEY,
    case_id INTEGER,
    at      TEXT NOT NULL,      -- UTC, RFC 3339
    profile TEXT NOT NULL,      -- the user profile that made the change
    action  TEXT NOT NULL,      -- stable key, e.g. 'person.update'
    summary TEXT NOT NULL       -- Swedish, names fields and states, never protected contact data
) STRICT;
CREATE INDEX case_history_case ON case_history(case_id);

CREATE TRIGGER case_history_append_only_update
BEFORE UPDATE ON case_history
BEGIN
    SELECT RAISE(ABORT, 'case_history_append_only');
END;

CREATE TRIGGER case_history_append_only_delete
BEFORE DELETE ON case_history
BEGIN
    SELECT RAISE(ABORT, 'case_history_append_only');
END;
