-- Issue 19: "Ändra samtycke" and the printed consent forms.

-- A consent entered as a change of the one in force names the record it replaces. A record is
-- changed at most once (the next change starts from the new one), and the link never changes.
ALTER TABLE consents ADD COLUMN supersedes INTEGER REFERENCES consents(id);
CREATE UNIQUE INDEX consents_changed_once ON consents(supersedes) WHERE supersedes IS NOT NULL;
CREATE TRIGGER consents_link_never_changes BEFORE UPDATE OF supersedes ON consents
BEGIN SELECT RAISE(ABORT, 'consent_frozen'); END;

-- A consent form printed (exported as PDF) for signature: which record the paper belongs to,
-- so that the documents list can say which printed copy is current and which one is replaced.
CREATE TABLE consent_prints (
    id          INTEGER PRIMARY KEY,
    consent_id  INTEGER NOT NULL REFERENCES consents(id) ON DELETE CASCADE,
    printed_on  TEXT NOT NULL,
    recorded_at TEXT NOT NULL
) STRICT;
CREATE INDEX consent_prints_consent ON consent_prints(consent_id);

CREATE TRIGGER consent_prints_never_change BEFORE UPDATE ON consent_prints
BEGIN SELECT RAISE(ABORT, 'consent_frozen'); END;
CREATE TRIGGER consent_prints_never_deleted BEFORE DELETE ON consent_prints
WHEN NOT EXISTS (SELECT 1 FROM gallring_in_progress g JOIN sips s ON s.case_id = g.case_id
                   JOIN consents c ON c.sip_id = s.id WHERE c.id = OLD.consent_id)
BEGIN SELECT RAISE(ABORT, 'consent_frozen'); END;
