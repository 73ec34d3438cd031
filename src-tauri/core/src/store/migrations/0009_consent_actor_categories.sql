-- Issue 17: category scope per actor. Where the person wants it, an accepted actor gets only
-- some of the consent's accepted categories ("health information between the vårdcentral and
-- social services, not to the school"). No row for an actor: the same as for all.
CREATE TABLE consent_actor_categories (
    consent_id INTEGER NOT NULL REFERENCES consents(id) ON DELETE CASCADE,
    unit_id    INTEGER NOT NULL REFERENCES actor_units(id),
    contact_id INTEGER REFERENCES actor_contacts(id),
    category   TEXT NOT NULL CHECK (category IN ('identitet_kontakt', 'valdssituationen', 'halsa',
                   'social_situation_boende', 'barn', 'riskbedomning', 'insatser_plan',
                   'polisarende', 'annat'))
) STRICT;
CREATE UNIQUE INDEX consent_actor_categories_once
    ON consent_actor_categories(consent_id, unit_id, ifnull(contact_id, 0), category);

-- As the rest of the scope: written with its record, in the same transaction, and never
-- changed or deleted …
CREATE TRIGGER consent_actor_categories_only_with_their_record
BEFORE INSERT ON consent_actor_categories
WHEN NEW.consent_id <> (SELECT max(id) FROM consents)
BEGIN
    SELECT RAISE(ABORT, 'consent_frozen');
END;

CREATE TRIGGER consent_actor_categories_never_change
BEFORE UPDATE ON consent_actor_categories
BEGIN
    SELECT RAISE(ABORT, 'consent_frozen');
END;

-- … except by gallring of its own case (as 0008 does for the rest of the scope).
CREATE TRIGGER consent_actor_categories_never_deleted
BEFORE DELETE ON consent_actor_categories
WHEN NOT EXISTS (SELECT 1 FROM gallring_in_progress g JOIN sips s ON s.case_id = g.case_id
                   JOIN consents c ON c.sip_id = s.id WHERE c.id = OLD.consent_id)
BEGIN
    SELECT RAISE(ABORT, 'consent_frozen');
END;

-- Issue 17: the information categories of the SIP's questions for the meeting (a JSON list of
-- category keys; NULL: not chosen, the default of the plan's free text applies). An invitation
-- carries the questions only to a recipient whose consent covers every one.
ALTER TABLE sips ADD COLUMN questions_categories TEXT;
