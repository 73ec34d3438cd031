-- Consent (samtycke) to a SIP [003 "Samtycke och sekretess i SIP"]. A record is never changed
-- once entered: a changed scope is a new record (the newest valid one from the same giver is in
-- force); only the withdrawal is added later, once, and the notification checklist is ticked.

CREATE TABLE consents (
    id                     INTEGER PRIMARY KEY,
    sip_id                 INTEGER NOT NULL REFERENCES sips(id) ON DELETE CASCADE,
    giver_kind             TEXT NOT NULL CHECK (giver_kind IN ('person', 'guardian', 'child_own')),
    guardian_id            INTEGER REFERENCES persons(id),
    form                   TEXT NOT NULL CHECK (form IN ('skriftligt', 'muntligt', 'pa_annat_satt')),
    -- "Oral consent must be documented": date, how, who received it, any witness.
    doc_on                 TEXT,
    doc_how                TEXT NOT NULL DEFAULT '',
    doc_received_by        TEXT NOT NULL DEFAULT '',
    doc_witness            TEXT NOT NULL DEFAULT '',
    other_text             TEXT NOT NULL DEFAULT '',
    excluded_text          TEXT NOT NULL DEFAULT '',
    valid_from             TEXT NOT NULL,
    valid_to               TEXT NOT NULL,
    withdrawn_on           TEXT,
    withdrawal_how         TEXT NOT NULL DEFAULT '',
    withdrawal_received_by TEXT NOT NULL DEFAULT '',
    recorded_at            TEXT NOT NULL,
    CHECK ((giver_kind = 'guardian') = (guardian_id IS NOT NULL)),
    CHECK (form = 'skriftligt'
           OR (doc_on IS NOT NULL AND length(trim(doc_how)) > 0 AND length(trim(doc_received_by)) > 0)),
    -- "valid at most one year" (the core checks the exact day; SQLite's date() rolls 29 Feb
    -- forward, so this is the backstop, one day looser in leap years).
    CHECK (valid_to >= valid_from AND valid_to <= date(valid_from, '+1 year')),
    CHECK (withdrawn_on IS NULL
           OR (withdrawn_on >= valid_from AND length(trim(withdrawal_received_by)) > 0))
) STRICT;
CREATE INDEX consents_sip ON consents(sip_id);

-- The named actors: accepted (may take part) or excluded (not accepted by the person).
CREATE TABLE consent_actors (
    consent_id INTEGER NOT NULL REFERENCES consents(id) ON DELETE CASCADE,
    unit_id    INTEGER NOT NULL REFERENCES actor_units(id),
    contact_id INTEGER REFERENCES actor_contacts(id),
    accepted   INTEGER NOT NULL CHECK (accepted IN (0, 1))
) STRICT;
CREATE UNIQUE INDEX consent_actors_once ON consent_actors(consent_id, unit_id, ifnull(contact_id, 0));

CREATE TABLE consent_categories (
    consent_id INTEGER NOT NULL REFERENCES consents(id) ON DELETE CASCADE,
    category   TEXT NOT NULL CHECK (category IN ('identitet_kontakt', 'valdssituationen', 'halsa',
                   'social_situation_boende', 'barn', 'riskbedomning', 'insatser_plan',
                   'polisarende', 'annat')),
    accepted   INTEGER NOT NULL CHECK (accepted IN (0, 1)),
    PRIMARY KEY (consent_id, category)
) STRICT;

-- After a withdrawal: every actor that received information under the consent must be told.
CREATE TABLE consent_notices (
    id         INTEGER PRIMARY KEY,
    consent_id INTEGER NOT NULL REFERENCES consents(id) ON DELETE CASCADE,
    unit_id    INTEGER NOT NULL REFERENCES actor_units(id),
    contact_id INTEGER REFERENCES actor_contacts(id),
    told_on    TEXT
) STRICT;
CREATE INDEX consent_notices_consent ON consent_notices(consent_id);

-- A child's SIP: the child's views and the maturity assessment ("record the assessment").
CREATE TABLE child_consent (
    sip_id   INTEGER PRIMARY KEY REFERENCES sips(id) ON DELETE CASCADE,
    views    TEXT NOT NULL DEFAULT '',
    maturity TEXT NOT NULL DEFAULT ''
) STRICT;

-- When a guardian with custody does not consent: which exception applies, and why.
CREATE TABLE child_exceptions (
    id          INTEGER PRIMARY KEY,
    sip_id      INTEGER NOT NULL REFERENCES sips(id) ON DELETE CASCADE,
    guardian_id INTEGER NOT NULL REFERENCES persons(id),
    kind        TEXT NOT NULL CHECK (kind IN ('board_decided', 'guardian_not_invited')),
    reason      TEXT NOT NULL CHECK (length(trim(reason)) > 0),
    recorded_on TEXT NOT NULL,
    UNIQUE (sip_id, guardian_id)
) STRICT;

-- A disclosure without consent on a legal ground (an orosanmälan, a police report): who
-- decided, on which ground, what was given to whom.
CREATE TABLE consent_overrides (
    id           INTEGER PRIMARY KEY,
    sip_id       INTEGER NOT NULL REFERENCES sips(id) ON DELETE CASCADE,
    unit_id      INTEGER REFERENCES actor_units(id),
    recipient    TEXT NOT NULL DEFAULT '',
    legal_ground TEXT NOT NULL CHECK (legal_ground IN ('orosanmalan', 'polisanmalan', 'uppgiftsskyldighet', 'annat_lagstod')),
    provision    TEXT NOT NULL CHECK (length(trim(provision)) > 0),
    what         TEXT NOT NULL CHECK (length(trim(what)) > 0),
    decided_by   TEXT NOT NULL CHECK (length(trim(decided_by)) > 0),
    decided_on   TEXT NOT NULL,
    recorded_at  TEXT NOT NULL,
    CHECK (unit_id IS NOT NULL OR length(trim(recipient)) > 0)
) STRICT;

-- What was entered stays as it was entered.
CREATE TRIGGER consents_scope_never_changes
BEFORE UPDATE OF sip_id, giver_kind, guardian_id, form, doc_on, doc_how, doc_received_by,
                 doc_witness, other_text, excluded_text, valid_from, valid_to, recorded_at
ON consents
BEGIN
    SELECT RAISE(ABORT, 'consent_frozen');
END;

CREATE TRIGGER consents_withdrawn_once
BEFORE UPDATE OF withdrawn_on, withdrawal_how, withdrawal_received_by ON consents
WHEN OLD.withdrawn_on IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'consent_frozen');
END;

CREATE TRIGGER consents_never_deleted
BEFORE DELETE ON consents
BEGIN
    SELECT RAISE(ABORT, 'consent_frozen');
END;

CREATE TRIGGER consent_actors_never_change
BEFORE UPDATE ON consent_actors
BEGIN
    SELECT RAISE(ABORT, 'consent_frozen');
END;

CREATE TRIGGER consent_categories_never_change
BEFORE UPDATE ON consent_categories
BEGIN
    SELECT RAISE(ABORT, 'consent_frozen');
END;

-- The scope is written with its record, in the same transaction, and never later.
CREATE TRIGGER consent_actors_only_with_their_record
BEFORE INSERT ON consent_actors
WHEN NEW.consent_id <> (SELECT max(id) FROM consents)
BEGIN
    SELECT RAISE(ABORT, 'consent_frozen');
END;

CREATE TRIGGER consent_categories_only_with_their_record
BEFORE INSERT ON consent_categories
WHEN NEW.consent_id <> (SELECT max(id) FROM consents)
BEGIN
    SELECT RAISE(ABORT, 'consent_frozen');
END;

CREATE TRIGGER consent_actors_never_deleted
BEFORE DELETE ON consent_actors
BEGIN
    SELECT RAISE(ABORT, 'consent_frozen');
END;

CREATE TRIGGER consent_categories_never_deleted
BEFORE DELETE ON consent_categories
BEGIN
    SELECT RAISE(ABORT, 'consent_frozen');
END;

-- A checklist row is ticked once, and stays.
CREATE TRIGGER consent_notices_ticked_once
BEFORE UPDATE ON consent_notices
WHEN OLD.told_on IS NOT NULL OR NEW.consent_id <> OLD.consent_id OR NEW.unit_id <> OLD.unit_id
     OR NEW.contact_id IS NOT OLD.contact_id
BEGIN
    SELECT RAISE(ABORT, 'consent_frozen');
END;

CREATE TRIGGER consent_notices_never_deleted
BEFORE DELETE ON consent_notices
BEGIN
    SELECT RAISE(ABORT, 'consent_frozen');
END;

CREATE TRIGGER child_exceptions_never_change
BEFORE UPDATE ON child_exceptions
BEGIN
    SELECT RAISE(ABORT, 'consent_frozen');
END;

CREATE TRIGGER child_exceptions_never_deleted
BEFORE DELETE ON child_exceptions
BEGIN
    SELECT RAISE(ABORT, 'consent_frozen');
END;

CREATE TRIGGER consent_overrides_never_change
BEFORE UPDATE ON consent_overrides
BEGIN
    SELECT RAISE(ABORT, 'consent_frozen');
END;

CREATE TRIGGER consent_overrides_never_deleted
BEFORE DELETE ON consent_overrides
BEGIN
    SELECT RAISE(ABORT, 'consent_frozen');
END;
