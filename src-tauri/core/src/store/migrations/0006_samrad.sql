-- 0006: the samråd log (consultation meetings of police, region and municipalities) [001 §5]:
-- date, kind, the participating organisations (units of the actor directory), and how the case
-- was brought: with consent (linked to a consent record that held on the day and covered every
-- participant) or de-identified (the summary that was brought, fixed, and which identifier
-- scanner hits the worker accepted, by kind only: never the hit's text).
--
-- A consultation is a record: never changed or deleted once entered (triggers, mapped to
-- Error::SamradFrozen). A wrong entry is corrected by a new version that names the one it
-- corrects and says why; each version can be corrected only once (the chain never forks).
-- Keys of the vocabularies are in vocab.rs (SamradKind, SamradMode) and samrad/gate.rs.

CREATE TABLE samrad (
    id                INTEGER PRIMARY KEY,
    case_id           INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    supersedes        INTEGER REFERENCES samrad(id),
    correction_reason TEXT NOT NULL DEFAULT '',
    held_on           TEXT NOT NULL,
    kind              TEXT NOT NULL CHECK (kind IN ('planerande', 'konsulterande', 'akut', 'uppfoljande')),
    mode              TEXT NOT NULL CHECK (mode IN ('samtycke', 'avidentifierat')),
    consent_id        INTEGER REFERENCES consents(id),
    -- The de-identified summary that was brought (JSON of samrad::summary::Summary), and the day
    -- it was drawn up (its relative times count from that day).
    summary           TEXT,
    built_on          TEXT,
    recorded_at       TEXT NOT NULL,
    CHECK ((mode = 'samtycke') = (consent_id IS NOT NULL)),
    CHECK ((mode = 'avidentifierat') = (summary IS NOT NULL AND built_on IS NOT NULL)),
    CHECK ((supersedes IS NULL) = (length(trim(correction_reason)) = 0))
) STRICT;
CREATE INDEX samrad_case ON samrad(case_id);
CREATE UNIQUE INDEX samrad_corrected_once ON samrad(supersedes) WHERE supersedes IS NOT NULL;

-- The organisations taking part: at least one per consultation (checked by the core).
CREATE TABLE samrad_participants (
    samrad_id INTEGER NOT NULL REFERENCES samrad(id) ON DELETE CASCADE,
    unit_id   INTEGER NOT NULL REFERENCES actor_units(id),
    PRIMARY KEY (samrad_id, unit_id)
) STRICT;

-- The scanner hits the worker accepted, counted by part and kind: never the text.
CREATE TABLE samrad_accepted_hits (
    samrad_id INTEGER NOT NULL REFERENCES samrad(id) ON DELETE CASCADE,
    part      TEXT NOT NULL CHECK (part IN ('underlag', 'fragestallning')),
    kind      TEXT NOT NULL CHECK (kind IN ('namn', 'plats', 'personnummer', 'telefon', 'adress',
                  'epost', 'postnummer', 'datum')),
    count     INTEGER NOT NULL CHECK (count > 0),
    PRIMARY KEY (samrad_id, part, kind)
) STRICT;

CREATE TRIGGER samrad_never_change BEFORE UPDATE ON samrad
BEGIN SELECT RAISE(ABORT, 'samrad_frozen'); END;
CREATE TRIGGER samrad_never_deleted BEFORE DELETE ON samrad
BEGIN SELECT RAISE(ABORT, 'samrad_frozen'); END;
CREATE TRIGGER samrad_participants_never_change BEFORE UPDATE ON samrad_participants
BEGIN SELECT RAISE(ABORT, 'samrad_frozen'); END;
CREATE TRIGGER samrad_participants_never_deleted BEFORE DELETE ON samrad_participants
BEGIN SELECT RAISE(ABORT, 'samrad_frozen'); END;
CREATE TRIGGER samrad_accepted_never_change BEFORE UPDATE ON samrad_accepted_hits
BEGIN SELECT RAISE(ABORT, 'samrad_frozen'); END;
CREATE TRIGGER samrad_accepted_never_deleted BEFORE DELETE ON samrad_accepted_hits
BEGIN SELECT RAISE(ABORT, 'samrad_frozen'); END;
-- Participants and accepted hits are inserted only with their own (newest) consultation.
CREATE TRIGGER samrad_participants_with_their_record BEFORE INSERT ON samrad_participants
WHEN NEW.samrad_id IS NOT (SELECT max(id) FROM samrad)
BEGIN SELECT RAISE(ABORT, 'samrad_frozen'); END;
CREATE TRIGGER samrad_accepted_with_their_record BEFORE INSERT ON samrad_accepted_hits
WHEN NEW.samrad_id IS NOT (SELECT max(id) FROM samrad)
BEGIN SELECT RAISE(ABORT, 'samrad_frozen'); END;
