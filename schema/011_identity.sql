-- 011_identity.sql — who appended each event, by login; command ids per login; names
-- changed only with a trace.
--
-- Issue 12, "trust the login, not the flag". Until now `--actor` was the only record of
-- who wrote an event: free text any administrator could set, so one login could request,
-- approve and pay its own stipend under three names, and predict and pre-claim another
-- administrator's `--command-id`.
--
-- 1. THE LOGIN IS PART OF THE EVENT. mcledger.append now adds the key "login" to every
--    event's metadata, holding session_user: the role that authenticated the connection,
--    which neither SET ROLE nor this SECURITY DEFINER function changes. The server sets
--    it last, over any "login" the caller sends, so no caller can choose it. The metadata
--    is field 13 of the canonical form (schema/001), so the chain, the Merkle tree and
--    every signed checkpoint cover the login with no change to the hash recipe: every
--    existing hash stays valid. A stored column `login`, generated from the metadata,
--    sits beside `actor` for queries:
--
--        SELECT position, type, actor, login FROM mcledger.events ORDER BY position DESC LIMIT 5;
--
--    Events appended before this migration have no login (NULL). `--actor` stays, as the
--    display name the login chose (the CLI defaults it to the login).
--
-- 2. COMMAND IDS ARE PER LOGIN. mcledger.commands gains the login that used the id, and
--    its key becomes (login, command_id): a command id answers with its first outcome
--    only to the login that first used it, so another login cannot pre-claim it. Ids
--    recorded before this migration belong to no login ('') and still answer any login
--    that repeats them, as they did.
--
-- 3. NAMES CHANGE ONLY WITH A TRACE. The writer loses INSERT and UPDATE on
--    mcledger.people. Names are written only through mcledger.record_names(), which
--    accepts a name for a person only beside an event of the log that introduces or
--    changes it: a new person's name needs that person's PersonRegistered event at the
--    position given; a changed name needs a PersonDetailsChanged event of that person
--    (which holds no name: only which fields changed) at a position after the one the
--    row last cites. So every change of a name leaves a fact in the log, with its login,
--    actor, date and reason, that the audit trail shows.

-- 1. The login on every event -------------------------------------------------------------

ALTER TABLE mcledger.events
    ADD COLUMN login text GENERATED ALWAYS AS (metadata->>'login') STORED;
COMMENT ON COLUMN mcledger.events.login IS
    'The database login (session_user) that appended the event, from its metadata, which the chain covers; NULL before schema/011.';

-- 2. Command ids per login ----------------------------------------------------------------

ALTER TABLE mcledger.commands ADD COLUMN login text NOT NULL DEFAULT '';
ALTER TABLE mcledger.commands ALTER COLUMN login DROP DEFAULT;
ALTER TABLE mcledger.commands DROP CONSTRAINT commands_pkey;
ALTER TABLE mcledger.commands ADD CONSTRAINT commands_pkey PRIMARY KEY (login, command_id);
COMMENT ON COLUMN mcledger.commands.login IS
    'The login that first used the command id (session_user); empty for ids recorded before schema/011.';

-- The append of schema/001, with the login. Only the lines marked "schema/011" change.
CREATE OR REPLACE FUNCTION mcledger.append(
    p_events jsonb,
    p_expected jsonb,
    p_command_id text,
    p_fingerprint text,
    p_actor text,
    p_correlation_id uuid,
    p_occurred_on date,
    p_metadata jsonb
) RETURNS TABLE ("position" bigint, stream text, version integer, event_id uuid, type text, replayed boolean)
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_command    mcledger.commands%ROWTYPE;
    v_head       mcledger.ledger_head%ROWTYPE;
    v_conflict   record;
    v_hash       bytea;
    v_now        timestamptz;
    v_common     text;
    v_count      integer;
    v_login      text := session_user;                                   -- schema/011
    v_actor      text := coalesce(nullif(p_actor, ''), session_user);    -- schema/011
    v_login_meta jsonb := jsonb_build_object('login', session_user::text);  -- schema/011
    a_position   bigint[];
    a_stream     text[];
    a_version    integer[];
    a_event_id   uuid[];
    a_type       text[];
    a_schema     integer[];
    a_data       jsonb[];
    a_meta       jsonb[];
    a_canonical  bytea[];
    a_hash       bytea[];
    v_canonical  bytea;
    v_index      integer;
BEGIN
    IF jsonb_typeof(p_events) IS DISTINCT FROM 'array' OR jsonb_array_length(p_events) = 0 THEN
        RAISE EXCEPTION USING ERRCODE = 'MCL04', MESSAGE = 'append needs a non-empty JSON array of events';
    END IF;
    IF jsonb_typeof(coalesce(p_expected, '{}')) <> 'object' OR jsonb_typeof(coalesce(p_metadata, '{}')) <> 'object' THEN
        RAISE EXCEPTION USING ERRCODE = 'MCL04', MESSAGE = 'expected versions and metadata must be JSON objects';
    END IF;

    PERFORM pg_advisory_xact_lock(7164793357218064997);
    SELECT * INTO v_head FROM mcledger.ledger_head h WHERE h.ledger = 1;

    -- A repeated command id answers with its first outcome and writes nothing: only to
    -- the login that used it first, or to any login for an id from before schema/011.
    IF p_command_id IS NOT NULL THEN
        SELECT * INTO v_command FROM mcledger.commands c
         WHERE c.command_id = p_command_id AND c.login IN (v_login, '')   -- schema/011
         ORDER BY c.login DESC LIMIT 1;
        IF FOUND THEN
            IF v_command.fingerprint IS DISTINCT FROM p_fingerprint THEN
                RAISE EXCEPTION USING ERRCODE = 'MCL02',
                    MESSAGE = format('command id %s reused with a different command', p_command_id),
                    HINT = 'Use a new --command-id for a new command.';
            END IF;
            RETURN QUERY SELECT e.position, e.stream, e.version, e.event_id, e.type, true
                FROM mcledger.events e
                WHERE e.position BETWEEN v_command.first_position AND v_command.last_position
                ORDER BY e.position;
            RETURN;
        END IF;
    END IF;

    IF p_expected IS NOT NULL AND p_expected <> '{}' THEN
        SELECT x.key AS stream, x.value::integer AS expected, coalesce(cur.version, 0) AS actual INTO v_conflict
          FROM jsonb_each_text(p_expected) AS x
          LEFT JOIN LATERAL (SELECT max(e.version) AS version FROM mcledger.events e WHERE e.stream = x.key) cur ON true
         WHERE x.value::integer <> coalesce(cur.version, 0)
         LIMIT 1;
        IF FOUND THEN
            RAISE EXCEPTION USING ERRCODE = 'MCL01',
                MESSAGE = format('concurrency conflict on stream %s: expected version %s, found %s', v_conflict.stream, v_conflict.expected, v_conflict.actual),
                DETAIL = jsonb_build_object('stream', v_conflict.stream, 'expected', v_conflict.expected, 'actual', v_conflict.actual)::text;
        END IF;
    END IF;

    v_now := clock_timestamp();
    v_common := mcledger.netstring(to_char(p_occurred_on, 'YYYY-MM-DD'))
        || mcledger.netstring(to_char(v_now AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'))
        || mcledger.netstring(v_actor)                                   -- schema/011
        || mcledger.netstring(coalesce(p_command_id, ''))
        || mcledger.netstring(coalesce(p_correlation_id::text, ''));
    WITH input AS (
        SELECT i.ord, i.e->>'stream' AS stream, i.e->>'type' AS type,
               coalesce((i.e->>'schemaVersion')::integer, 1) AS schema_version,
               i.e->'data' AS data,
               coalesce((i.e->>'eventId')::uuid, gen_random_uuid()) AS event_id,
               coalesce(p_metadata, '{}') || coalesce(i.e->'metadata', '{}') || v_login_meta AS metadata  -- schema/011
          FROM jsonb_array_elements(p_events) WITH ORDINALITY AS i(e, ord)
    ), base AS (
        SELECT s.stream, coalesce((SELECT max(e.version) FROM mcledger.events e WHERE e.stream = s.stream), 0) AS version
          FROM (SELECT DISTINCT n.stream FROM input n) s
    ), numbered AS (
        SELECT n.*, v_head.position + n.ord AS position,
               b.version + row_number() OVER (PARTITION BY n.stream ORDER BY n.ord) AS version
          FROM input n LEFT JOIN base b ON b.stream = n.stream
         ORDER BY n.ord
    )
    SELECT count(*), array_agg(n.position), array_agg(n.stream),
           array_agg(n.version), array_agg(n.event_id),
           array_agg(n.type), array_agg(n.schema_version),
           array_agg(n.data), array_agg(n.metadata),
           array_agg(convert_to(
               mcledger.netstring(n.position::text) || mcledger.netstring(n.stream)
               || mcledger.netstring(n.version::text) || mcledger.netstring(n.event_id::text)
               || mcledger.netstring(n.type) || mcledger.netstring(n.schema_version::text)
               || v_common || mcledger.netstring(n.data::text) || mcledger.netstring(n.metadata::text),
               'UTF8'))
      INTO v_count, a_position, a_stream, a_version, a_event_id, a_type, a_schema, a_data, a_meta, a_canonical
      FROM numbered n;
    IF array_position(a_canonical, NULL) IS NOT NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'MCL04', MESSAGE = 'each event needs "stream", "type" and "data"';
    END IF;

    v_hash := v_head.hash;
    a_hash := array_fill(NULL::bytea, ARRAY[v_count]);
    v_index := 0;
    FOREACH v_canonical IN ARRAY a_canonical LOOP
        v_index := v_index + 1;
        IF a_position[v_index] <> v_head.position + v_index THEN
            RAISE EXCEPTION 'mcledger.append: events aggregated out of order at %', v_index;
        END IF;
        v_hash := sha256(v_hash || v_canonical);
        a_hash[v_index] := v_hash;
    END LOOP;

    INSERT INTO mcledger.events (position, stream, version, event_id, type, schema_version, data,
                                 metadata, actor, command_id, correlation_id, occurred_on, recorded_at, hash)
    SELECT u.p, u.s, u.v, u.id, u.t, u.sv, u.d, u.m, v_actor, p_command_id, p_correlation_id,  -- schema/011
           p_occurred_on, v_now, u.h
      FROM unnest(a_position, a_stream, a_version, a_event_id, a_type, a_schema, a_data, a_meta, a_hash)
           AS u(p, s, v, id, t, sv, d, m, h);

    UPDATE mcledger.ledger_head h SET position = v_head.position + v_count, hash = v_hash, updated_at = v_now
     WHERE h.ledger = 1;
    IF p_command_id IS NOT NULL THEN
        INSERT INTO mcledger.commands (login, command_id, fingerprint, first_position, last_position, recorded_at)  -- schema/011
        VALUES (v_login, p_command_id, p_fingerprint, v_head.position + 1, v_head.position + v_count, v_now);
    END IF;
    PERFORM pg_notify('mcledger_events', (v_head.position + v_count)::text);

    RETURN QUERY SELECT u.p, u.s, u.v, u.id, u.t, false
        FROM unnest(a_position, a_stream, a_version, a_event_id, a_type) AS u(p, s, v, id, t);
END
$$;

-- The audit trail shows the login beside the actor (a new last column).
CREATE OR REPLACE VIEW mcledger.audit_trail AS
    SELECT s.subject, e.position, e.occurred_on, e.recorded_at, e.stream, e.type, e.event_id, e.actor,
           e.metadata->>'reason' AS reason,
           coalesce((e.metadata->>'postCloseAdjustment')::boolean, false) AS post_close,
           c.position AS voided_by, e.data, e.login
      FROM mcledger.audit_subjects s
      JOIN mcledger.events e ON e.position = s.position
      LEFT JOIN mcledger.audit_corrections_all c ON c.voids_event_id = e.event_id;

-- 3. Names change only beside a fact of the log -------------------------------------------

INSERT INTO mcledger.event_types (type, schema_version, required_keys) VALUES
    ('PersonDetailsChanged', 1, '{"person","fields"}');

-- p_entries: a JSON array of {"id": person id, "name": text, "position": the event}.
-- All or none: the first entry without its event refuses the whole call (MCL04).
CREATE FUNCTION mcledger.record_names(p_entries jsonb) RETURNS integer
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
    SELECT r.id, r.position, e.type, p.registered_position AS cited INTO v_bad
      FROM jsonb_to_recordset(p_entries) AS r(id text, name text, position bigint)
      LEFT JOIN mcledger.events e ON e.position = r.position AND e.data->>'person' = r.id
      LEFT JOIN mcledger.people p ON p.person_id = r.id
     WHERE r.id IS NULL OR r.name IS NULL OR e.position IS NULL
        OR NOT ((p.person_id IS NULL AND e.type = 'PersonRegistered')
             OR (p.person_id IS NOT NULL AND e.type = 'PersonDetailsChanged' AND e.position > p.registered_position))
     LIMIT 1;
    IF FOUND THEN
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

ALTER FUNCTION mcledger.record_names(jsonb) OWNER TO mcledger_owner;
REVOKE ALL ON FUNCTION mcledger.record_names(jsonb) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION mcledger.record_names(jsonb) TO mcledger_writer;
REVOKE INSERT, UPDATE ON mcledger.people FROM mcledger_writer;
