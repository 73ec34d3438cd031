-- 0004: risk assessments (riskbedömningar) [003 Del 4] and the duty to report concern about a
-- child (orosanmälan, SoL 14 kap. 1 §) [003 "Anmälningsplikt"]. Keys of the vocabularies are
-- listed in risk/mod.rs.
--
-- Both are records: never changed or deleted once entered. A risk assessment is corrected by
-- a new version that names the one it corrects (`supersedes`) and says why; the old version
-- stays, readable, and each version can be corrected only once (the chain never forks).

CREATE TABLE risk_assessments (
    id                    INTEGER PRIMARY KEY,
    case_id               INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    person_id             INTEGER NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
    supersedes            INTEGER REFERENCES risk_assessments(id),
    correction_reason     TEXT NOT NULL DEFAULT '',
    instrument            TEXT NOT NULL CHECK (instrument IN ('freda_kortfragor', 'freda_beskrivning',
                              'freda_farlighet', 'sara_sv', 'patriark', 'annan')),
    instrument_other      TEXT NOT NULL DEFAULT '',
    assessed_on           TEXT NOT NULL,
    assessor              TEXT NOT NULL CHECK (length(trim(assessor)) > 0),
    sources               TEXT NOT NULL DEFAULT '',
    level                 TEXT NOT NULL CHECK (level IN ('lag', 'medel', 'hog', 'egen')),
    level_own             TEXT NOT NULL DEFAULT '',
    scenarios             TEXT NOT NULL DEFAULT '',
    protective_measures   TEXT NOT NULL DEFAULT '',
    police_obtained       TEXT NOT NULL CHECK (police_obtained IN ('nej', 'ja_samtycke', 'ja_lagstod')),
    police_obtained_ground TEXT NOT NULL DEFAULT '',
    police_shared         TEXT NOT NULL CHECK (police_shared IN ('nej', 'ja_samtycke', 'ja_lagstod')),
    police_shared_ground  TEXT NOT NULL DEFAULT '',
    next_reassessment_on  TEXT NOT NULL,
    recorded_at           TEXT NOT NULL,
    CHECK (instrument <> 'annan' OR length(trim(instrument_other)) > 0),
    CHECK (level <> 'egen' OR length(trim(level_own)) > 0),
    CHECK (police_obtained <> 'ja_lagstod' OR length(trim(police_obtained_ground)) > 0),
    CHECK (police_shared <> 'ja_lagstod' OR length(trim(police_shared_ground)) > 0),
    -- The core checks the exact maximum (six months); this is the backstop.
    CHECK (next_reassessment_on > assessed_on AND next_reassessment_on <= date(assessed_on, '+7 months')),
    CHECK ((supersedes IS NULL) = (length(trim(correction_reason)) = 0))
) STRICT;
CREATE INDEX risk_assessments_case ON risk_assessments(case_id);
-- A version is corrected at most once.
CREATE UNIQUE INDEX risk_assessments_corrected_once ON risk_assessments(supersedes)
    WHERE supersedes IS NOT NULL;

CREATE TRIGGER risk_assessments_never_change
BEFORE UPDATE ON risk_assessments
BEGIN
    SELECT RAISE(ABORT, 'risk_frozen');
END;

CREATE TRIGGER risk_assessments_never_deleted
BEFORE DELETE ON risk_assessments
BEGIN
    SELECT RAISE(ABORT, 'risk_frozen');
END;

-- What was decided about the duty to report concern for a child: a report was made (date, to
-- whom) or why none is made.
CREATE TABLE report_decisions (
    id            INTEGER PRIMARY KEY,
    case_id       INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    child_id      INTEGER NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
    kind          TEXT NOT NULL CHECK (kind IN ('gjord', 'ingen')),
    reported_on   TEXT,
    reported_to   TEXT NOT NULL DEFAULT '',
    reason        TEXT CHECK (reason IN ('redan_anmald', 'utreds_redan', 'annat')),
    reason_text   TEXT NOT NULL DEFAULT '',
    earlier_on    TEXT,
    recorded_at   TEXT NOT NULL,
    CHECK (kind <> 'gjord' OR (reported_on IS NOT NULL AND length(trim(reported_to)) > 0
                               AND reason IS NULL)),
    CHECK (kind <> 'ingen' OR (reason IS NOT NULL AND reported_on IS NULL)),
    CHECK (reason IS NOT 'redan_anmald' OR earlier_on IS NOT NULL),
    CHECK (reason IS NOT 'annat' OR length(trim(reason_text)) > 0)
) STRICT;
CREATE INDEX report_decisions_case ON report_decisions(case_id);

CREATE TRIGGER report_decisions_never_change
BEFORE UPDATE ON report_decisions
BEGIN
    SELECT RAISE(ABORT, 'risk_frozen');
END;

CREATE TRIGGER report_decisions_never_deleted
BEFORE DELETE ON report_decisions
BEGIN
    SELECT RAISE(ABORT, 'risk_frozen');
END;
