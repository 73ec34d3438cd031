-- Issue 6: the protection decisions, persons of the case invited to a SIP, and the
-- meeting-safety checklist.

-- A decision written down before someone was invited to a protected person's SIP, or an alleged
-- perpetrator to anyone's: the warning the worker saw and the reason they wrote. G1 "warns
-- before they are invited, and records the decision"; P1 "do not include trainees or temporary
-- staff" — refused unless overridden with a recorded reason. A decision is a record: it never
-- changes and is never deleted (removing the participant leaves it).
CREATE TABLE protection_decisions (
    id          INTEGER PRIMARY KEY,
    case_id     INTEGER NOT NULL REFERENCES cases(id),
    sip_id      INTEGER NOT NULL REFERENCES sips(id),
    -- 'tillfallig' (trainee / temporary staff), 'utovare' (alleged perpetrator), 'bada'.
    kind        TEXT NOT NULL CHECK (kind IN ('tillfallig', 'utovare', 'bada')),
    unit_id     INTEGER REFERENCES actor_units(id),
    contact_id  INTEGER REFERENCES actor_contacts(id),
    person_id   INTEGER REFERENCES persons(id),
    warning     TEXT NOT NULL,
    reason      TEXT NOT NULL CHECK (length(trim(reason)) > 0),
    decided_on  TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    profile     TEXT NOT NULL,
    CHECK ((unit_id IS NULL) <> (person_id IS NULL))
) STRICT;
CREATE INDEX protection_decisions_sip ON protection_decisions(sip_id);

CREATE TRIGGER protection_decisions_never_change
BEFORE UPDATE ON protection_decisions
BEGIN
    SELECT RAISE(ABORT, 'decision_frozen');
END;
CREATE TRIGGER protection_decisions_never_deleted
BEFORE DELETE ON protection_decisions
BEGIN
    SELECT RAISE(ABORT, 'decision_frozen');
END;

-- The decision a participant was added under, if one was needed.
ALTER TABLE sip_participants ADD COLUMN decision_id INTEGER REFERENCES protection_decisions(id);

-- Persons of the case invited to the SIP: a guardian, a parent, a närstående.
CREATE TABLE sip_person_participants (
    id          INTEGER PRIMARY KEY,
    sip_id      INTEGER NOT NULL REFERENCES sips(id) ON DELETE CASCADE,
    person_id   INTEGER NOT NULL REFERENCES persons(id),
    decision_id INTEGER REFERENCES protection_decisions(id),
    UNIQUE (sip_id, person_id)
) STRICT;

-- The meeting-safety checklist gone through for a protected person's meeting (JSON of
-- protection::MeetingSafetyChecklist); NULL when not gone through.
ALTER TABLE sip_meetings ADD COLUMN safety_checklist TEXT;

-- "… or the person's whereabouts are protected from them": a relation kind of its own
-- (vistelseort_skyddad_mot). SQLite can't change a CHECK, so the table is rebuilt (nothing
-- refers to it).
CREATE TABLE relations_v5 (
    id          INTEGER PRIMARY KEY,
    case_id     INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    from_person INTEGER NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
    to_person   INTEGER NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
    kind        TEXT NOT NULL CHECK (kind IN ('vardnadshavare', 'foralder', 'narstaende', 'utovare_mot',
                                              'vistelseort_skyddad_mot')),
    custody     INTEGER CHECK (custody IN (0, 1)),
    CHECK (from_person <> to_person),
    CHECK ((kind = 'vardnadshavare') = (custody IS NOT NULL)),
    UNIQUE (from_person, to_person, kind)
) STRICT;
INSERT INTO relations_v5(id, case_id, from_person, to_person, kind, custody)
    SELECT id, case_id, from_person, to_person, kind, custody FROM relations;
DROP TABLE relations;
ALTER TABLE relations_v5 RENAME TO relations;
CREATE INDEX relations_case ON relations(case_id);
