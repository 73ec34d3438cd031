-- Issue 17: persons of the case and organisations in the consent.

-- Organisations in the actor directory (e.g. "Region Dalarna"): a unit may belong to one.
CREATE TABLE actor_organisations (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0)
) STRICT;
ALTER TABLE actor_units ADD COLUMN organisation_id INTEGER REFERENCES actor_organisations(id);

-- Organisations a consent accepts as a whole (every unit of it, also one added later, except
-- the units and contacts the consent excludes in consent_actors).
CREATE TABLE consent_organisations (
    consent_id      INTEGER NOT NULL REFERENCES consents(id) ON DELETE CASCADE,
    organisation_id INTEGER NOT NULL REFERENCES actor_organisations(id),
    PRIMARY KEY (consent_id, organisation_id)
) STRICT;

-- Persons of the case a consent names: accepted (may take part) or excluded [003 "Delaktighet"].
CREATE TABLE consent_persons (
    consent_id INTEGER NOT NULL REFERENCES consents(id) ON DELETE CASCADE,
    person_id  INTEGER NOT NULL REFERENCES persons(id),
    accepted   INTEGER NOT NULL CHECK (accepted IN (0, 1)),
    PRIMARY KEY (consent_id, person_id)
) STRICT;
