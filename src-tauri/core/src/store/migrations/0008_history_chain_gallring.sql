-- 0008: the hash-chained case history and gallring (retention), issue 8.
--
-- Every history entry carries `digest` (SHA-256 of its content: at, profile, action, summary)
-- and `hash` (SHA-256 of the previous entry's hash, its id, its case and its digest); see
-- audit.rs. SQL can't hash: the entries written before this migration are chained in Rust, in
-- the same transaction as this script (store::migrate), and `case_history_tip` is set there.

ALTER TABLE case_history ADD COLUMN digest TEXT;
ALTER TABLE case_history ADD COLUMN hash TEXT;
-- 1 = the content was emptied by gallring: id, case, digest and hash stay, so the chain
-- still verifies; at, profile, action and summary are ''.
ALTER TABLE case_history ADD COLUMN emptied INTEGER NOT NULL DEFAULT 0 CHECK (emptied IN (0, 1));

-- The number of entries and the newest entry's hash, written with every entry (audit::record):
-- cutting off the newest entries with SQL shows unless this row is rewound as well.
CREATE TABLE case_history_tip (
    only      INTEGER PRIMARY KEY CHECK (only = 1),
    entries   INTEGER NOT NULL CHECK (entries >= 0),
    last_id   INTEGER,
    last_hash TEXT NOT NULL
) STRICT;

-- Gallring of one case is in progress (inside retention::delete_case's transaction only; the
-- row is removed before the commit). The never-deleted triggers below let exactly that case's
-- records go, and nothing else.
CREATE TABLE gallring_in_progress (
    case_id INTEGER PRIMARY KEY
) STRICT;

-- History entries: inserted only with their hash; changed only (a) once, to chain an entry
-- written before 0008 (content unchanged), or (b) by gallring of their own case, which
-- empties the content and keeps id, case, digest and hash. Never deleted (0002's trigger).
DROP TRIGGER case_history_append_only_update;
CREATE TRIGGER case_history_append_only_update
BEFORE UPDATE ON case_history
WHEN NOT (
    (OLD.hash IS NULL AND NEW.hash IS NOT NULL AND NEW.digest IS NOT NULL
     AND NEW.id = OLD.id AND NEW.case_id IS OLD.case_id AND NEW.at = OLD.at
     AND NEW.profile = OLD.profile AND NEW.action = OLD.action AND NEW.summary = OLD.summary
     AND NEW.emptied = 0)
    OR
    (OLD.emptied = 0 AND NEW.emptied = 1 AND OLD.hash IS NOT NULL
     AND NEW.id = OLD.id AND NEW.case_id IS OLD.case_id
     AND NEW.digest = OLD.digest AND NEW.hash = OLD.hash
     AND NEW.at = '' AND NEW.profile = '' AND NEW.action = '' AND NEW.summary = ''
     AND EXISTS (SELECT 1 FROM gallring_in_progress WHERE case_id = OLD.case_id))
)
BEGIN
    SELECT RAISE(ABORT, 'case_history_append_only');
END;

CREATE TRIGGER case_history_inserted_chained
BEFORE INSERT ON case_history
WHEN NEW.hash IS NULL OR NEW.digest IS NULL OR NEW.emptied <> 0
BEGIN
    SELECT RAISE(ABORT, 'case_history_append_only');
END;

-- The records that are never deleted may go when their own case is gallrad. retention.rs
-- deletes children before parents, so the path from each row to its case still exists when
-- the trigger asks.
DROP TRIGGER plan_versions_never_deleted;
CREATE TRIGGER plan_versions_never_deleted
BEFORE DELETE ON plan_versions
WHEN NOT EXISTS (SELECT 1 FROM gallring_in_progress g JOIN sips s ON s.case_id = g.case_id
                  WHERE s.id = OLD.sip_id)
BEGIN
    SELECT RAISE(ABORT, 'plan_version_frozen');
END;

DROP TRIGGER consents_never_deleted;
CREATE TRIGGER consents_never_deleted
BEFORE DELETE ON consents
WHEN NOT EXISTS (SELECT 1 FROM gallring_in_progress g JOIN sips s ON s.case_id = g.case_id
                  WHERE s.id = OLD.sip_id)
BEGIN
    SELECT RAISE(ABORT, 'consent_frozen');
END;

DROP TRIGGER consent_actors_never_deleted;
CREATE TRIGGER consent_actors_never_deleted
BEFORE DELETE ON consent_actors
WHEN NOT EXISTS (SELECT 1 FROM gallring_in_progress g JOIN sips s ON s.case_id = g.case_id
                   JOIN consents c ON c.sip_id = s.id WHERE c.id = OLD.consent_id)
BEGIN
    SELECT RAISE(ABORT, 'consent_frozen');
END;

DROP TRIGGER consent_categories_never_deleted;
CREATE TRIGGER consent_categories_never_deleted
BEFORE DELETE ON consent_categories
WHEN NOT EXISTS (SELECT 1 FROM gallring_in_progress g JOIN sips s ON s.case_id = g.case_id
                   JOIN consents c ON c.sip_id = s.id WHERE c.id = OLD.consent_id)
BEGIN
    SELECT RAISE(ABORT, 'consent_frozen');
END;

DROP TRIGGER consent_notices_never_deleted;
CREATE TRIGGER consent_notices_never_deleted
BEFORE DELETE ON consent_notices
WHEN NOT EXISTS (SELECT 1 FROM gallring_in_progress g JOIN sips s ON s.case_id = g.case_id
                   JOIN consents c ON c.sip_id = s.id WHERE c.id = OLD.consent_id)
BEGIN
    SELECT RAISE(ABORT, 'consent_frozen');
END;

DROP TRIGGER child_exceptions_never_deleted;
CREATE TRIGGER child_exceptions_never_deleted
BEFORE DELETE ON child_exceptions
WHEN NOT EXISTS (SELECT 1 FROM gallring_in_progress g JOIN sips s ON s.case_id = g.case_id
                  WHERE s.id = OLD.sip_id)
BEGIN
    SELECT RAISE(ABORT, 'consent_frozen');
END;

DROP TRIGGER consent_overrides_never_deleted;
CREATE TRIGGER consent_overrides_never_deleted
BEFORE DELETE ON consent_overrides
WHEN NOT EXISTS (SELECT 1 FROM gallring_in_progress g JOIN sips s ON s.case_id = g.case_id
                  WHERE s.id = OLD.sip_id)
BEGIN
    SELECT RAISE(ABORT, 'consent_frozen');
END;

DROP TRIGGER risk_assessments_never_deleted;
CREATE TRIGGER risk_assessments_never_deleted
BEFORE DELETE ON risk_assessments
WHEN NOT EXISTS (SELECT 1 FROM gallring_in_progress WHERE case_id = OLD.case_id)
BEGIN
    SELECT RAISE(ABORT, 'risk_frozen');
END;

DROP TRIGGER report_decisions_never_deleted;
CREATE TRIGGER report_decisions_never_deleted
BEFORE DELETE ON report_decisions
WHEN NOT EXISTS (SELECT 1 FROM gallring_in_progress WHERE case_id = OLD.case_id)
BEGIN
    SELECT RAISE(ABORT, 'risk_frozen');
END;

DROP TRIGGER protection_decisions_never_deleted;
CREATE TRIGGER protection_decisions_never_deleted
BEFORE DELETE ON protection_decisions
WHEN NOT EXISTS (SELECT 1 FROM gallring_in_progress WHERE case_id = OLD.case_id)
BEGIN
    SELECT RAISE(ABORT, 'decision_frozen');
END;

DROP TRIGGER samrad_never_deleted;
CREATE TRIGGER samrad_never_deleted BEFORE DELETE ON samrad
WHEN NOT EXISTS (SELECT 1 FROM gallring_in_progress WHERE case_id = OLD.case_id)
BEGIN SELECT RAISE(ABORT, 'samrad_frozen'); END;

DROP TRIGGER samrad_participants_never_deleted;
CREATE TRIGGER samrad_participants_never_deleted BEFORE DELETE ON samrad_participants
WHEN NOT EXISTS (SELECT 1 FROM gallring_in_progress g JOIN samrad r ON r.case_id = g.case_id
                  WHERE r.id = OLD.samrad_id)
BEGIN SELECT RAISE(ABORT, 'samrad_frozen'); END;

DROP TRIGGER samrad_accepted_never_deleted;
CREATE TRIGGER samrad_accepted_never_deleted BEFORE DELETE ON samrad_accepted_hits
WHEN NOT EXISTS (SELECT 1 FROM gallring_in_progress g JOIN samrad r ON r.case_id = g.case_id
                  WHERE r.id = OLD.samrad_id)
BEGIN SELECT RAISE(ABORT, 'samrad_frozen'); END;
