-- 0011: samråd's own consent, and copies of a SIP consent (issue 17).
--
-- 1. A consent to samråd [001 §6, §12]: the person's own secrecy waiver for consultations with
--    the police, the region and the municipalities, for a person of a case (no SIP needed). The
--    same record as a SIP consent (giver, form, documentation, named actors, categories,
--    validity ≤ 1 year, withdrawal), kept in its own tables: a SIP consent is limited to the SIP
--    [003 4] and never counts for samråd.
-- 2. The samråd log may name the person (person_id, notes, categories) only under such a
--    consent; the consent records the consultation rested on are linked (samrad_consent_basis).
--    The table is rebuilt because SQLite can't change a CHECK: `consent_id` (a SIP consent) is
--    kept for the consultations recorded before this migration, and a trigger refuses it in
--    every new row: a consultation never borrows a SIP consent again.
-- 3. consent_copies: a copy of a SIP consent given to one accepted actor (exported as PDF). The
--    withdrawal checklist lists the actors that got one.

CREATE TABLE samrad_consents (
    id                     INTEGER PRIMARY KEY,
    case_id                INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    person_id              INTEGER NOT NULL REFERENCES persons(id),
    giver_kind             TEXT NOT NULL CHECK (giver_kind IN ('person', 'guardian', 'child_own')),
    guardian_id            INTEGER REFERENCES persons(id),
    form                   TEXT NOT NULL CHECK (form IN ('skriftligt', 'muntligt', 'pa_annat_satt')),
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
    CHECK (valid_to >= valid_from AND valid_to <= date(valid_from, '+1 year')),
    CHECK (withdrawn_on IS NULL
           OR (withdrawn_on >= valid_from AND length(trim(withdrawal_received_by)) > 0))
) STRICT;
CREATE INDEX samrad_consents_case ON samrad_consents(case_id, person_id);

CREATE TABLE samrad_consent_actors (
    consent_id INTEGER NOT NULL REFERENCES samrad_consents(id) ON DELETE CASCADE,
    unit_id    INTEGER NOT NULL REFERENCES actor_units(id),
    contact_id INTEGER REFERENCES actor_contacts(id),
    accepted   INTEGER NOT NULL CHECK (accepted IN (0, 1))
) STRICT;
CREATE UNIQUE INDEX samrad_consent_actors_once
    ON samrad_consent_actors(consent_id, unit_id, ifnull(contact_id, 0));

CREATE TABLE samrad_consent_categories (
    consent_id INTEGER NOT NULL REFERENCES samrad_consents(id) ON DELETE CASCADE,
    category   TEXT NOT NULL CHECK (category IN ('identitet_kontakt', 'valdssituationen', 'halsa',
                   'social_situation_boende', 'barn', 'riskbedomning', 'insatser_plan',
                   'polisarende', 'annat')),
    accepted   INTEGER NOT NULL CHECK (accepted IN (0, 1)),
    PRIMARY KEY (consent_id, category)
) STRICT;

-- After a withdrawal: the organisations that took part in a consultation under the consent.
CREATE TABLE samrad_consent_notices (
    id         INTEGER PRIMARY KEY,
    consent_id INTEGER NOT NULL REFERENCES samrad_consents(id) ON DELETE CASCADE,
    unit_id    INTEGER NOT NULL REFERENCES actor_units(id),
    told_on    TEXT,
    UNIQUE (consent_id, unit_id)
) STRICT;

-- The samråd log, rebuilt (children first, so dropping the old tables cascades nothing).
CREATE TABLE samrad_v11 (
    id                INTEGER PRIMARY KEY,
    case_id           INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    supersedes        INTEGER REFERENCES samrad_v11(id),
    correction_reason TEXT NOT NULL DEFAULT '',
    held_on           TEXT NOT NULL,
    kind              TEXT NOT NULL CHECK (kind IN ('planerande', 'konsulterande', 'akut', 'uppfoljande')),
    mode              TEXT NOT NULL CHECK (mode IN ('samtycke', 'avidentifierat')),
    -- A SIP consent: only in consultations recorded before 0011 (see the trigger below).
    consent_id        INTEGER REFERENCES consents(id),
    summary           TEXT,
    built_on          TEXT,
    recorded_at       TEXT NOT NULL,
    -- Under a samråd consent: the person named, the worker's notes, the categories brought
    -- (keys of InfoCategory, comma-separated).
    person_id         INTEGER REFERENCES persons(id),
    notes             TEXT NOT NULL DEFAULT '',
    categories        TEXT NOT NULL DEFAULT '',
    CHECK ((mode = 'samtycke') = (consent_id IS NOT NULL OR person_id IS NOT NULL)),
    CHECK (consent_id IS NULL OR person_id IS NULL),
    CHECK (person_id IS NOT NULL OR (notes = '' AND categories = '')),
    CHECK ((mode = 'avidentifierat') = (summary IS NOT NULL AND built_on IS NOT NULL)),
    CHECK ((supersedes IS NULL) = (length(trim(correction_reason)) = 0))
) STRICT;
INSERT INTO samrad_v11(id, case_id, supersedes, correction_reason, held_on, kind, mode,
                       consent_id, summary, built_on, recorded_at)
    SELECT id, case_id, supersedes, correction_reason, held_on, kind, mode, consent_id, summary,
           built_on, recorded_at
      FROM samrad ORDER BY id;

CREATE TABLE samrad_participants_v11 (
    samrad_id INTEGER NOT NULL REFERENCES samrad_v11(id) ON DELETE CASCADE,
    unit_id   INTEGER NOT NULL REFERENCES actor_units(id),
    PRIMARY KEY (samrad_id, unit_id)
) STRICT;
INSERT INTO samrad_participants_v11(samrad_id, unit_id)
    SELECT samrad_id, unit_id FROM samrad_participants;

CREATE TABLE samrad_accepted_hits_v11 (
    samrad_id INTEGER NOT NULL REFERENCES samrad_v11(id) ON DELETE CASCADE,
    part      TEXT NOT NULL CHECK (part IN ('underlag', 'fragestallning')),
    kind      TEXT NOT NULL CHECK (kind IN ('namn', 'plats', 'personnummer', 'telefon', 'adress',
                  'epost', 'postnummer', 'datum')),
    count     INTEGER NOT NULL CHECK (count > 0),
    PRIMARY KEY (samrad_id, part, kind)
) STRICT;
INSERT INTO samrad_accepted_hits_v11(samrad_id, part, kind, count)
    SELECT samrad_id, part, kind, count FROM samrad_accepted_hits;

DROP TABLE samrad_accepted_hits;
DROP TABLE samrad_participants;
DROP TABLE samrad;
ALTER TABLE samrad_v11 RENAME TO samrad;
ALTER TABLE samrad_participants_v11 RENAME TO samrad_participants;
ALTER TABLE samrad_accepted_hits_v11 RENAME TO samrad_accepted_hits;
CREATE INDEX samrad_case ON samrad(case_id);
CREATE UNIQUE INDEX samrad_corrected_once ON samrad(supersedes) WHERE supersedes IS NOT NULL;

-- The samråd consent records a consultation rested on (for a child: each guardian's).
CREATE TABLE samrad_consent_basis (
    samrad_id  INTEGER NOT NULL REFERENCES samrad(id) ON DELETE CASCADE,
    consent_id INTEGER NOT NULL REFERENCES samrad_consents(id),
    PRIMARY KEY (samrad_id, consent_id)
) STRICT;

-- A copy of a SIP consent given to an accepted actor (exported as PDF).
CREATE TABLE consent_copies (
    id          INTEGER PRIMARY KEY,
    consent_id  INTEGER NOT NULL REFERENCES consents(id) ON DELETE CASCADE,
    unit_id     INTEGER NOT NULL REFERENCES actor_units(id),
    contact_id  INTEGER REFERENCES actor_contacts(id),
    sent_on     TEXT NOT NULL,
    recorded_at TEXT NOT NULL
) STRICT;
CREATE INDEX consent_copies_consent ON consent_copies(consent_id);

-- The samråd log never changes (as 0006 and 0008), now with the new tables.
CREATE TRIGGER samrad_never_change BEFORE UPDATE ON samrad
BEGIN SELECT RAISE(ABORT, 'samrad_frozen'); END;
CREATE TRIGGER samrad_never_deleted BEFORE DELETE ON samrad
WHEN NOT EXISTS (SELECT 1 FROM gallring_in_progress WHERE case_id = OLD.case_id)
BEGIN SELECT RAISE(ABORT, 'samrad_frozen'); END;
-- Never again a SIP consent as the ground of a consultation.
CREATE TRIGGER samrad_never_borrows_a_sip_consent BEFORE INSERT ON samrad
WHEN NEW.consent_id IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'samrad_frozen'); END;
CREATE TRIGGER samrad_participants_never_change BEFORE UPDATE ON samrad_participants
BEGIN SELECT RAISE(ABORT, 'samrad_frozen'); END;
CREATE TRIGGER samrad_participants_never_deleted BEFORE DELETE ON samrad_participants
WHEN NOT EXISTS (SELECT 1 FROM gallring_in_progress g JOIN samrad r ON r.case_id = g.case_id
                  WHERE r.id = OLD.samrad_id)
BEGIN SELECT RAISE(ABORT, 'samrad_frozen'); END;
CREATE TRIGGER samrad_accepted_never_change BEFORE UPDATE ON samrad_accepted_hits
BEGIN SELECT RAISE(ABORT, 'samrad_frozen'); END;
CREATE TRIGGER samrad_accepted_never_deleted BEFORE DELETE ON samrad_accepted_hits
WHEN NOT EXISTS (SELECT 1 FROM gallring_in_progress g JOIN samrad r ON r.case_id = g.case_id
                  WHERE r.id = OLD.samrad_id)
BEGIN SELECT RAISE(ABORT, 'samrad_frozen'); END;
CREATE TRIGGER samrad_participants_with_their_record BEFORE INSERT ON samrad_participants
WHEN NEW.samrad_id IS NOT (SELECT max(id) FROM samrad)
BEGIN SELECT RAISE(ABORT, 'samrad_frozen'); END;
CREATE TRIGGER samrad_accepted_with_their_record BEFORE INSERT ON samrad_accepted_hits
WHEN NEW.samrad_id IS NOT (SELECT max(id) FROM samrad)
BEGIN SELECT RAISE(ABORT, 'samrad_frozen'); END;
CREATE TRIGGER samrad_basis_with_its_record BEFORE INSERT ON samrad_consent_basis
WHEN NEW.samrad_id IS NOT (SELECT max(id) FROM samrad)
BEGIN SELECT RAISE(ABORT, 'samrad_frozen'); END;
CREATE TRIGGER samrad_basis_never_change BEFORE UPDATE ON samrad_consent_basis
BEGIN SELECT RAISE(ABORT, 'samrad_frozen'); END;
CREATE TRIGGER samrad_basis_never_deleted BEFORE DELETE ON samrad_consent_basis
WHEN NOT EXISTS (SELECT 1 FROM gallring_in_progress g JOIN samrad r ON r.case_id = g.case_id
                  WHERE r.id = OLD.samrad_id)
BEGIN SELECT RAISE(ABORT, 'samrad_frozen'); END;

-- A samråd consent is never changed once entered (as 0003): only the withdrawal, once.
CREATE TRIGGER samrad_consents_scope_never_changes
BEFORE UPDATE OF case_id, person_id, giver_kind, guardian_id, form, doc_on, doc_how,
                 doc_received_by, doc_witness, other_text, excluded_text, valid_from, valid_to,
                 recorded_at
ON samrad_consents
BEGIN SELECT RAISE(ABORT, 'consent_frozen'); END;
CREATE TRIGGER samrad_consents_withdrawn_once
BEFORE UPDATE OF withdrawn_on, withdrawal_how, withdrawal_received_by ON samrad_consents
WHEN OLD.withdrawn_on IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'consent_frozen'); END;
CREATE TRIGGER samrad_consents_never_deleted BEFORE DELETE ON samrad_consents
WHEN NOT EXISTS (SELECT 1 FROM gallring_in_progress WHERE case_id = OLD.case_id)
BEGIN SELECT RAISE(ABORT, 'consent_frozen'); END;
CREATE TRIGGER samrad_consent_actors_never_change BEFORE UPDATE ON samrad_consent_actors
BEGIN SELECT RAISE(ABORT, 'consent_frozen'); END;
CREATE TRIGGER samrad_consent_categories_never_change BEFORE UPDATE ON samrad_consent_categories
BEGIN SELECT RAISE(ABORT, 'consent_frozen'); END;
CREATE TRIGGER samrad_consent_actors_only_with_their_record BEFORE INSERT ON samrad_consent_actors
WHEN NEW.consent_id <> (SELECT max(id) FROM samrad_consents)
BEGIN SELECT RAISE(ABORT, 'consent_frozen'); END;
CREATE TRIGGER samrad_consent_categories_only_with_their_record
BEFORE INSERT ON samrad_consent_categories
WHEN NEW.consent_id <> (SELECT max(id) FROM samrad_consents)
BEGIN SELECT RAISE(ABORT, 'consent_frozen'); END;
CREATE TRIGGER samrad_consent_actors_never_deleted BEFORE DELETE ON samrad_consent_actors
WHEN NOT EXISTS (SELECT 1 FROM gallring_in_progress g JOIN samrad_consents c
                   ON c.case_id = g.case_id WHERE c.id = OLD.consent_id)
BEGIN SELECT RAISE(ABORT, 'consent_frozen'); END;
CREATE TRIGGER samrad_consent_categories_never_deleted BEFORE DELETE ON samrad_consent_categories
WHEN NOT EXISTS (SELECT 1 FROM gallring_in_progress g JOIN samrad_consents c
                   ON c.case_id = g.case_id WHERE c.id = OLD.consent_id)
BEGIN SELECT RAISE(ABORT, 'consent_frozen'); END;
CREATE TRIGGER samrad_consent_notices_ticked_once BEFORE UPDATE ON samrad_consent_notices
WHEN OLD.told_on IS NOT NULL OR NEW.consent_id <> OLD.consent_id OR NEW.unit_id <> OLD.unit_id
BEGIN SELECT RAISE(ABORT, 'consent_frozen'); END;
CREATE TRIGGER samrad_consent_notices_never_deleted BEFORE DELETE ON samrad_consent_notices
WHEN NOT EXISTS (SELECT 1 FROM gallring_in_progress g JOIN samrad_consents c
                   ON c.case_id = g.case_id WHERE c.id = OLD.consent_id)
BEGIN SELECT RAISE(ABORT, 'consent_frozen'); END;

-- A copy, once recorded as sent, stays.
CREATE TRIGGER consent_copies_never_change BEFORE UPDATE ON consent_copies
BEGIN SELECT RAISE(ABORT, 'consent_frozen'); END;
CREATE TRIGGER consent_copies_never_deleted BEFORE DELETE ON consent_copies
WHEN NOT EXISTS (SELECT 1 FROM gallring_in_progress g JOIN sips s ON s.case_id = g.case_id
                   JOIN consents c ON c.sip_id = s.id WHERE c.id = OLD.consent_id)
BEGIN SELECT RAISE(ABORT, 'consent_frozen'); END;
