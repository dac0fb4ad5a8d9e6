-- 002_people_directory.sql — the directory of people's names, beside the immutable log.
--
-- Events carry ids and facts only (DESIGN.md, "Personal data"): a person's name lives
-- here, keyed by the person id of their `person-<id>` stream, so that it can later be
-- erased or crypto-shredded while the hash chain still verifies. The command handler
-- writes a row in the same transaction as the PersonRegistered event that introduces
-- the person, so a registration never commits without its name, nor a name without its
-- registration.
--
-- Unlike mcledger.events this table is mutable on purpose (a name may be corrected or
-- erased), but only the owner may DELETE: the CLI role inserts and updates.
--
-- Roles: mcledger_writer SELECT, INSERT, UPDATE; mcledger_auditor and mcledger_reporter
-- SELECT (the roster and the nightly reports show names to those who need them).

CREATE TABLE mcledger.people (
    person_id           text        NOT NULL PRIMARY KEY
                                    CHECK (person_id ~ '^[a-z0-9][a-z0-9-]{0,63}$'),
    name                text        NOT NULL CHECK (name <> '' AND length(name) <= 200),
    -- The position of the event that registered the person (or last changed the name).
    registered_position bigint      NOT NULL CHECK (registered_position > 0),
    updated_at          timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE mcledger.people IS
    'Names of the people of the program, keyed by person id; never copied into events (see schema/002).';

ALTER TABLE mcledger.people OWNER TO mcledger_owner;
REVOKE ALL ON mcledger.people FROM PUBLIC;
GRANT SELECT, INSERT, UPDATE ON mcledger.people TO mcledger_writer;
GRANT SELECT ON mcledger.people TO mcledger_auditor, mcledger_reporter;
