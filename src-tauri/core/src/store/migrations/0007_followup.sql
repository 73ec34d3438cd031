-- 0007: follow-up and statistics (issue 7). What the app can't derive from what it already
-- holds, asked at closing or follow-up, and the deviations (avvikelser) in cooperation.

-- "Who used violence" (partner, ex-partner, parent, other relative, other) for a person
-- subjected to violence, when the relations of the case can't tell (a närstående may be a
-- partner, an ex-partner or a relative; nobody may be registered at all). One answer per
-- (person, perpetrator); perpetrator_id is NULL when the perpetrator is not a person of the
-- case. A corrected answer replaces the old one; the change is in the case history.
CREATE TABLE followup_violence_by (
    id             INTEGER PRIMARY KEY,
    person_id      INTEGER NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
    perpetrator_id INTEGER REFERENCES persons(id) ON DELETE CASCADE,
    relation       TEXT NOT NULL CHECK (relation IN ('partner', 'f_d_partner', 'foralder',
                       'annan_narstaende', 'annan')),
    answered_on    TEXT NOT NULL,
    CHECK (perpetrator_id IS NULL OR perpetrator_id <> person_id)
) STRICT;
CREATE UNIQUE INDEX followup_violence_by_once
    ON followup_violence_by(person_id, ifnull(perpetrator_id, 0));

-- Deviations in cooperation [003 "Avvikelsehantering"]: not tied to a case. The description
-- has passed the identifier scanner (the core refuses it otherwise).
CREATE TABLE deviations (
    id          INTEGER PRIMARY KEY,
    occurred_on TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('kallelse_ej_besvarad', 'insats_ej_utford',
                    'information_rojd', 'samtycke_ej_foljt', 'annat')),
    description TEXT NOT NULL CHECK (length(trim(description)) > 0),
    status      TEXT NOT NULL DEFAULT 'oppen' CHECK (status IN ('oppen', 'utredd', 'atgardad')),
    recorded_at TEXT NOT NULL
) STRICT;

CREATE TABLE deviation_parties (
    deviation_id INTEGER NOT NULL REFERENCES deviations(id),
    unit_id      INTEGER NOT NULL REFERENCES actor_units(id),
    PRIMARY KEY (deviation_id, unit_id)
) STRICT;

-- The history of status changes: append-only.
CREATE TABLE deviation_status_changes (
    id           INTEGER PRIMARY KEY,
    deviation_id INTEGER NOT NULL REFERENCES deviations(id),
    from_status  TEXT,
    to_status    TEXT NOT NULL CHECK (to_status IN ('oppen', 'utredd', 'atgardad')),
    on_date      TEXT NOT NULL,
    recorded_at  TEXT NOT NULL
) STRICT;
CREATE INDEX deviation_status_changes_dev ON deviation_status_changes(deviation_id);

CREATE TRIGGER deviation_status_changes_no_update
BEFORE UPDATE ON deviation_status_changes
BEGIN
    SELECT RAISE(ABORT, 'record_frozen');
END;

CREATE TRIGGER deviation_status_changes_no_delete
BEFORE DELETE ON deviation_status_changes
BEGIN
    SELECT RAISE(ABORT, 'record_frozen');
END;

CREATE TRIGGER deviations_never_deleted
BEFORE DELETE ON deviations
BEGIN
    SELECT RAISE(ABORT, 'record_frozen');
END;
