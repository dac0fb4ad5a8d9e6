-- 013_erasure.sql — a person's details erased while the chain verifies; names shown only
-- to those who need them.
--
-- Issue 15. Student membership in a mentoring community is part of a FERPA education
-- record. Events never held names (schema/002); now:
--
-- 1. ERASURE. `mcledger person erase <id> --reason TEXT` appends PersonDetailsErased
--    (which fields were erased; no personal data) and, in the same transaction, calls
--    mcledger.erase_details(), which empties the person's directory entry: the name
--    becomes NULL and erased_position cites the event. Like record_names (schema/011),
--    it acts only beside the event at the position given, so an erasure always leaves
--    a fact in the log, and a name never comes back once erased. The log, its hashes
--    and checkpoints are untouched, so `verify` passes at every position.
--    `mcledger person purge` erases in bulk (graduates past the retention policy).
--    Copies outside this table are outside the ledger's reach: WAL, backups and replicas
--    keep the old name until they age out (docs/PRIVACY.md, "Backups").
--
-- 2. NEED TO KNOW. A compliance audit needs ids and facts, not names. The auditor role
--    loses SELECT on mcledger.people; a new role, mcledger_directory_reader, holds it
--    (grant it beside the auditor duty to whoever must see names: `mcledger db grant ann
--    directory-reader`). Administrators (writer) keep reading names, and so does the
--    report job (reporter), whose roster files carry them.
--
--    Names reach readers through the view mcledger.directory: the name for a member of
--    writer, reporter or directory reader (and superusers), NULL for anyone else, and
--    '[erased]' for an erased person, whoever asks. roster_current joins it instead of
--    the table, so an auditor's roster shows ids only.

DO $roles$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'mcledger_directory_reader') THEN
        BEGIN
            CREATE ROLE mcledger_directory_reader NOLOGIN;
        EXCEPTION WHEN duplicate_object OR unique_violation THEN
            NULL; -- another database of this cluster created it at the same moment
        END;
    END IF;
END
$roles$;

DO $connect$
BEGIN
    EXECUTE pg_catalog.format('GRANT CONNECT ON DATABASE %I TO mcledger_directory_reader', pg_catalog.current_database());
END
$connect$;
GRANT USAGE ON SCHEMA mcledger TO mcledger_directory_reader;

ALTER TABLE mcledger.people
    ALTER COLUMN name DROP NOT NULL,
    ADD COLUMN erased_position bigint CHECK (erased_position > 0),
    ADD CONSTRAINT people_name_or_erased CHECK ((name IS NULL) = (erased_position IS NOT NULL));
COMMENT ON COLUMN mcledger.people.erased_position IS
    'The PersonDetailsErased event that emptied this entry (schema/013); the name is then NULL.';

REVOKE SELECT ON mcledger.people FROM mcledger_auditor;
GRANT SELECT ON mcledger.people TO mcledger_directory_reader;

CREATE FUNCTION mcledger.may_read_names() RETURNS boolean
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, pg_temp
    RETURN pg_catalog.pg_has_role(current_user, 'mcledger_directory_reader', 'MEMBER')
        OR pg_catalog.pg_has_role(current_user, 'mcledger_writer', 'MEMBER')
        OR pg_catalog.pg_has_role(current_user, 'mcledger_reporter', 'MEMBER');

-- Every person the directory knows; the name only for those who may read names.
CREATE VIEW mcledger.directory AS
    SELECT p.person_id,
           CASE WHEN p.erased_position IS NOT NULL THEN '[erased]'
                WHEN mcledger.may_read_names() THEN p.name
           END AS name,
           p.erased_position
      FROM mcledger.people p;

CREATE OR REPLACE VIEW mcledger.roster_current AS
    SELECT t.community, t.role, t.person, d.name, t.since, t.start_position
      FROM mcledger.roster_tenures t
      LEFT JOIN mcledger.directory d ON d.person_id = t.person
     WHERE t.epoch_to IS NULL AND t.until IS NULL;

INSERT INTO mcledger.event_types (type, schema_version, required_keys) VALUES
    ('PersonDetailsErased', 1, '{"person","fields"}');

-- p_entries: a JSON array of {"id": person id, "position": its PersonDetailsErased event}.
-- All or none (MCL04). A person with no directory entry is recorded as erased too.
CREATE FUNCTION mcledger.erase_details(p_entries jsonb) RETURNS integer
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_bad   record;
    v_count integer;
BEGIN
    IF jsonb_typeof(p_entries) IS DISTINCT FROM 'array' THEN
        RAISE EXCEPTION USING ERRCODE = 'MCL04', MESSAGE = 'erase_details needs a JSON array of {id, position}';
    END IF;
    SELECT r.id, r.position INTO v_bad
      FROM jsonb_to_recordset(p_entries) AS r(id text, position bigint)
      LEFT JOIN mcledger.events e ON e.position = r.position AND e.data->>'person' = r.id AND e.type = 'PersonDetailsErased'
      LEFT JOIN mcledger.people p ON p.person_id = r.id
     WHERE r.id IS NULL OR e.position IS NULL OR p.erased_position IS NOT NULL
        OR (p.person_id IS NOT NULL AND e.position <= p.registered_position)
     LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'MCL04',
            MESSAGE = format('no erasure of %s without its event: position %s is not a later PersonDetailsErased of that person, or the details are already erased',
                coalesce(v_bad.id, '(no id)'), coalesce(v_bad.position::text, '(none)'));
    END IF;
    INSERT INTO mcledger.people (person_id, name, registered_position, erased_position)
    SELECT r.id, NULL, r.position, r.position FROM jsonb_to_recordset(p_entries) AS r(id text, position bigint)
    ON CONFLICT (person_id) DO UPDATE
        SET name = NULL, erased_position = EXCLUDED.erased_position, updated_at = now();
    GET DIAGNOSTICS v_count = ROW_COUNT;
    RETURN v_count;
END
$$;

-- record_names of schema/011, refusing a name for a person whose details were erased.
CREATE OR REPLACE FUNCTION mcledger.record_names(p_entries jsonb) RETURNS integer
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_bad   record;
    v_count integer;
BEGIN
    IF jsonb_typeof(p_entries) IS DISTINCT FROM 'array' THEN
        RAISE EXCEPTION USING ERRCODE = 'MCL04', MESSAGE = 'record_names needs a JSON array of {id, name, position}';
    END IF;
    SELECT r.id, r.position, e.type, p.registered_position AS cited, p.erased_position AS erased INTO v_bad
      FROM jsonb_to_recordset(p_entries) AS r(id text, name text, position bigint)
      LEFT JOIN mcledger.events e ON e.position = r.position AND e.data->>'person' = r.id
      LEFT JOIN mcledger.people p ON p.person_id = r.id
     WHERE r.id IS NULL OR r.name IS NULL OR e.position IS NULL OR p.erased_position IS NOT NULL
        OR NOT ((p.person_id IS NULL AND e.type = 'PersonRegistered')
             OR (p.person_id IS NOT NULL AND e.type = 'PersonDetailsChanged' AND e.position > p.registered_position))
     LIMIT 1;
    IF FOUND THEN
        IF v_bad.erased IS NOT NULL THEN
            RAISE EXCEPTION USING ERRCODE = 'MCL04',
                MESSAGE = format('the details of %s were erased at position %s; an erased name is not recorded again', v_bad.id, v_bad.erased);
        END IF;
        RAISE EXCEPTION USING ERRCODE = 'MCL04',
            MESSAGE = format('no name for %s without its event: position %s is not a %s of that person%s',
                coalesce(v_bad.id, '(no id)'), coalesce(v_bad.position::text, '(none)'),
                CASE WHEN v_bad.cited IS NULL THEN 'registration' ELSE 'details change' END,
                CASE WHEN v_bad.cited IS NULL THEN '' ELSE format(' after position %s', v_bad.cited) END),
            HINT = 'a name is recorded with the PersonRegistered or PersonDetailsChanged event that introduces or changes it';
    END IF;
    INSERT INTO mcledger.people (person_id, name, registered_position)
    SELECT r.id, r.name, r.position FROM jsonb_to_recordset(p_entries) AS r(id text, name text, position bigint)
    ON CONFLICT (person_id) DO UPDATE
        SET name = EXCLUDED.name, registered_position = EXCLUDED.registered_position, updated_at = now();
    GET DIAGNOSTICS v_count = ROW_COUNT;
    RETURN v_count;
END
$$;

ALTER VIEW mcledger.directory OWNER TO mcledger_owner;
ALTER FUNCTION mcledger.may_read_names() OWNER TO mcledger_owner;
ALTER FUNCTION mcledger.erase_details(jsonb) OWNER TO mcledger_owner;
REVOKE ALL ON mcledger.directory FROM PUBLIC;
GRANT SELECT ON mcledger.directory TO mcledger_writer, mcledger_auditor, mcledger_reporter, mcledger_directory_reader;
REVOKE ALL ON FUNCTION mcledger.may_read_names(), mcledger.erase_details(jsonb) FROM PUBLIC;
-- Every role that reads a view joining the directory calls it (a view's functions are
-- checked against whoever queries the view): the projector included (schema/012).
GRANT EXECUTE ON FUNCTION mcledger.may_read_names() TO mcledger_writer, mcledger_auditor, mcledger_reporter, mcledger_directory_reader, mcledger_projector;
GRANT EXECUTE ON FUNCTION mcledger.erase_details(jsonb) TO mcledger_writer;
