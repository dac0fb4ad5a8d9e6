-- 009_event_types.sql — the server refuses an event no reader of this ledger can read.
--
-- Issue 12. The writer role could append any type, version and payload through
-- mcledger.append; one event of a type the domain does not know made every later write,
-- catch-up and report fail. Now mcledger.event_types lists every type and schema version
-- the domain reads (Sources/Mentoring/Events: each payload's typeName and schemaVersion)
-- with the payload keys it cannot do without (its non-optional properties), and a
-- statement trigger on mcledger.events refuses, with SQLSTATE MCL06 and nothing written,
-- an append in which any event
--
--   * has a type and schema version not in the registry,
--   * has a payload (data) that is not a JSON object, or
--   * lacks a required key, or has it as JSON null.
--
-- Adding an event type or version to the domain means adding its row here, in a new
-- migration; a test (EventTypeRegistryTests) compares this table with the domain's list.
--
-- A superuser session that has not switched role (SET ROLE) is not checked: it can
-- write the table directly and disable the trigger anyway, so the check would guard
-- nothing against it, and the event store's own tests append types of no domain as the
-- superuser. Every ledger role, and any login acting through one, is checked.
--
--   SELECT type, schema_version, required_keys FROM mcledger.event_types ORDER BY type;

CREATE TABLE mcledger.event_types (
    type            text     NOT NULL CHECK (type ~ '^[A-Z][A-Za-z]{0,199}$'),
    schema_version  integer  NOT NULL CHECK (schema_version > 0),
    required_keys   text[]   NOT NULL DEFAULT '{}',
    PRIMARY KEY (type, schema_version)
);
COMMENT ON TABLE mcledger.event_types IS
    'Every event type and schema version mcledger.append accepts, with the payload keys each must carry (schema/009).';

INSERT INTO mcledger.event_types (type, schema_version, required_keys) VALUES
    ('CommunityEstablished', 1, '{"community","name","focus"}'),
    ('CommunityRetired', 1, '{"community","reason"}'),
    ('PolicySet', 1, '{"year","policy"}'),
    ('YearClosed', 1, '{"year"}'),
    ('PersonRegistered', 1, '{"person","role"}'),
    ('PersonRetitled', 1, '{"person","title"}'),
    ('StudentPlaced', 1, '{"student","community"}'),
    ('StudentReleased', 1, '{"student","community"}'),
    ('TrainingCompleted', 1, '{"person","hours"}'),
    ('CommunityMemberAssigned', 1, '{"community","member","deiApproval","saApproval"}'),
    ('CommunityMemberRemoved', 1, '{"community","member"}'),
    ('LeaderAppointed', 1, '{"community","leader"}'),
    ('LeaderSteppedDown', 1, '{"community","leader"}'),
    ('ResidentJoined', 1, '{"community","resident"}'),
    ('ResidentLeft', 1, '{"community","resident"}'),
    ('StaffLiaisonAssigned', 1, '{"community","staff"}'),
    ('StaffLiaisonUnassigned', 1, '{"community","staff"}'),
    ('StudentJoined', 1, '{"community","student"}'),
    ('StudentLeft', 1, '{"community","student"}'),
    ('GatheringHeld', 1, '{"community","kind","hours","facilitator","attendees"}'),
    ('HoursLogged', 1, '{"community","leader","hours","activity"}'),
    ('MeetingHeld', 1, '{"community","leader","mode","students","hours"}'),
    ('StipendApproved', 1, '{"community","year","payee"}'),
    ('StipendPaid', 1, '{"community","year","payee","amount","reference"}'),
    ('StipendRequested', 1, '{"community","year","payee","amount"}'),
    ('StipendReversed', 1, '{"community","year","payee","reason"}'),
    ('EventCorrected', 1, '{"voids","voidedType","reason"}');

CREATE FUNCTION mcledger.check_event_types() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_bad record;
BEGIN
    IF current_setting('role') = 'none'
       AND coalesce((SELECT r.rolsuper FROM pg_roles r WHERE r.rolname = session_user), false) THEN
        RETURN NULL;
    END IF;
    SELECT a.position, a.type, a.schema_version, jsonb_typeof(a.data) AS shape, t.type IS NOT NULL AS known,
           (SELECT array_agg(k ORDER BY k) FROM unnest(t.required_keys) k
             WHERE coalesce(jsonb_typeof(a.data -> k), 'null') = 'null') AS missing
      INTO v_bad
      FROM appended a
      LEFT JOIN mcledger.event_types t ON t.type = a.type AND t.schema_version = a.schema_version
     WHERE t.type IS NULL
        OR jsonb_typeof(a.data) <> 'object'
        OR EXISTS (SELECT 1 FROM unnest(t.required_keys) k WHERE coalesce(jsonb_typeof(a.data -> k), 'null') = 'null')
     ORDER BY a.position
     LIMIT 1;
    IF NOT FOUND THEN
        RETURN NULL;
    END IF;
    IF NOT v_bad.known THEN
        RAISE EXCEPTION USING ERRCODE = 'MCL06',
            MESSAGE = format('event type %s (schema version %s) is not one this ledger can read', v_bad.type, v_bad.schema_version),
            HINT = 'the known types and versions are listed in mcledger.event_types';
    ELSIF v_bad.shape <> 'object' THEN
        RAISE EXCEPTION USING ERRCODE = 'MCL06',
            MESSAGE = format('the payload of a %s event must be a JSON object, not %s', v_bad.type, v_bad.shape);
    ELSE
        RAISE EXCEPTION USING ERRCODE = 'MCL06',
            MESSAGE = format('the payload of a %s event (schema version %s) lacks %s', v_bad.type, v_bad.schema_version, array_to_string(v_bad.missing, ', ')),
            HINT = 'the required keys of each type are listed in mcledger.event_types';
    END IF;
END
$$;

CREATE TRIGGER events_check_types
    AFTER INSERT ON mcledger.events
    REFERENCING NEW TABLE AS appended
    FOR EACH STATEMENT EXECUTE FUNCTION mcledger.check_event_types();

ALTER TABLE mcledger.event_types OWNER TO mcledger_owner;
ALTER FUNCTION mcledger.check_event_types() OWNER TO mcledger_owner;
REVOKE ALL ON mcledger.event_types FROM PUBLIC;
REVOKE ALL ON FUNCTION mcledger.check_event_types() FROM PUBLIC;
GRANT SELECT ON mcledger.event_types TO mcledger_writer, mcledger_auditor, mcledger_reporter;
