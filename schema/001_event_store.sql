-- 001_event_store.sql — the immutable event log, its hash chain and its roles.
--
-- Applied by `mcledger db migrate` inside one transaction, as a role that may create
-- roles (a superuser or CREATEROLE owner of the database). Every object ends up owned by
-- mcledger_owner, a NOLOGIN role, so that no login role owns the ledger.
--
-- Roles (cluster-wide, NOLOGIN; grant them to login roles, e.g.
-- `CREATE ROLE clerk LOGIN IN ROLE mcledger_writer`):
--   mcledger_owner    owns the schema and every table; even it cannot UPDATE, DELETE or
--                     TRUNCATE events (triggers refuse).
--   mcledger_writer   the CLI: reads the log to decide, appends only through
--                     mcledger.append(); no INSERT, UPDATE, DELETE or TRUNCATE.
--   mcledger_auditor  read-only: SELECT on the log and the head, EXECUTE on the
--                     canonical-form function so the chain can be recomputed in SQL.
--   mcledger_reporter the nightly job: reads like an auditor.
--
-- ---------------------------------------------------------------------------------------
-- THE CANONICAL FORM AND THE HASH CHAIN
--
-- Each event's hash is
--
--     hash(p) = sha256( hash(p-1) || convert_to(canonical_form(event p), 'UTF8') )
--
-- with hash(0) = 32 zero bytes. canonical_form is the concatenation of thirteen
-- netstrings, `<octet length>:<UTF-8 bytes>,`, of these fields in this order:
--
--      1 position         decimal, e.g. 42
--      2 stream           as stored
--      3 version          decimal
--      4 event_id         lowercase hyphenated uuid
--      5 type             as stored
--      6 schema_version   decimal
--      7 occurred_on      YYYY-MM-DD
--      8 recorded_at      UTC, YYYY-MM-DDTHH:MM:SS.ffffffZ (microseconds, always six digits)
--      9 actor            as stored
--     10 command_id       as stored, or empty when there is none
--     11 correlation_id   lowercase hyphenated uuid, or empty when there is none
--     12 data             jsonb's own text output (data::text)
--     13 metadata         jsonb's own text output (metadata::text)
--
-- jsonb's text output is deterministic for a stored value (keys sorted, duplicates
-- dropped, one space after ':' and ','), so the bytes an auditor reads back are the
-- bytes that were hashed. An auditor recomputes the chain with plain SQL:
--
--   WITH RECURSIVE chain(position, computed) AS (
--       SELECT 0::bigint, '\x0000000000000000000000000000000000000000000000000000000000000000'::bytea
--     UNION ALL
--       SELECT e.position,
--              sha256(c.computed || convert_to(mcledger.canonical_form(e.position, e.stream,
--                  e.version, e.event_id, e.type, e.schema_version, e.occurred_on,
--                  e.recorded_at, e.actor, e.command_id, e.correlation_id, e.data,
--                  e.metadata), 'UTF8'))
--         FROM chain c JOIN mcledger.events e ON e.position = c.position + 1
--   )
--   SELECT c.position FROM chain c JOIN mcledger.events e USING (position)
--    WHERE c.computed <> e.hash ORDER BY c.position LIMIT 1;   -- no row: the chain holds
--
-- and compares the last position and hash with mcledger.ledger_head (a deleted newest
-- row shows as a head the log no longer reaches). canonical_form is a plain SQL
-- function over the columns; its body below is the normative text of this recipe.
-- ---------------------------------------------------------------------------------------

DO $roles$
DECLARE
    r text;
BEGIN
    FOREACH r IN ARRAY ARRAY['mcledger_owner', 'mcledger_writer', 'mcledger_auditor', 'mcledger_reporter'] LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = r) THEN
            BEGIN
                EXECUTE format('CREATE ROLE %I NOLOGIN', r);
            EXCEPTION WHEN duplicate_object OR unique_violation THEN
                NULL; -- another database of this cluster created it at the same moment
            END;
        END IF;
    END LOOP;
END
$roles$;

-- The schema may already exist: migrate creates it to record migrations in.
ALTER SCHEMA mcledger OWNER TO mcledger_owner;
REVOKE ALL ON SCHEMA mcledger FROM PUBLIC;
GRANT USAGE ON SCHEMA mcledger TO mcledger_writer, mcledger_auditor, mcledger_reporter;
ALTER TABLE mcledger.schema_migrations OWNER TO mcledger_owner;
GRANT SELECT ON mcledger.schema_migrations TO mcledger_writer, mcledger_auditor, mcledger_reporter;

CREATE TABLE mcledger.events (
    position        bigint      NOT NULL PRIMARY KEY CHECK (position > 0),
    stream          text        NOT NULL CHECK (stream <> '' AND length(stream) <= 200),
    version         integer     NOT NULL CHECK (version > 0),
    event_id        uuid        NOT NULL UNIQUE,
    type            text        NOT NULL CHECK (type <> '' AND length(type) <= 200),
    schema_version  integer     NOT NULL CHECK (schema_version > 0),
    data            jsonb       NOT NULL,
    metadata        jsonb       NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(metadata) = 'object'),
    actor           text        NOT NULL CHECK (actor <> '' AND length(actor) <= 200),
    command_id      text        CHECK (command_id <> '' AND length(command_id) <= 200),
    correlation_id  uuid,
    occurred_on     date        NOT NULL,
    recorded_at     timestamptz NOT NULL,
    hash            bytea       NOT NULL CHECK (octet_length(hash) = 32),
    CONSTRAINT events_stream_version_key UNIQUE (stream, version)
);
CREATE INDEX events_command_id_idx ON mcledger.events (command_id) WHERE command_id IS NOT NULL;
COMMENT ON TABLE mcledger.events IS
    'The immutable ledger. Append only through mcledger.append(); see schema/001 for the hash chain.';

-- One row per ledger: the last position and hash. Locking this row serialises appends,
-- so positions are dense and equal to commit order; it also lets verify notice a deleted
-- newest event.
CREATE TABLE mcledger.ledger_head (
    ledger      smallint    NOT NULL PRIMARY KEY CHECK (ledger = 1),
    position    bigint      NOT NULL CHECK (position >= 0),
    hash        bytea       NOT NULL CHECK (octet_length(hash) = 32),
    updated_at  timestamptz NOT NULL
);
INSERT INTO mcledger.ledger_head VALUES (1, 0, '\x0000000000000000000000000000000000000000000000000000000000000000', now());

-- Idempotency keys: the first outcome of each command id, checked inside the append.
CREATE TABLE mcledger.commands (
    command_id      text        NOT NULL PRIMARY KEY,
    fingerprint     text        NOT NULL,
    first_position  bigint      NOT NULL,
    last_position   bigint      NOT NULL,
    recorded_at     timestamptz NOT NULL
);

CREATE FUNCTION mcledger.netstring(value text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN octet_length(value)::text || ':' || value || ',';

CREATE FUNCTION mcledger.canonical_form(
    p_position bigint, p_stream text, p_version integer, p_event_id uuid, p_type text,
    p_schema_version integer, p_occurred_on date, p_recorded_at timestamptz, p_actor text,
    p_command_id text, p_correlation_id uuid, p_data jsonb, p_metadata jsonb
) RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE  -- STABLE, not IMMUTABLE: to_char is declared STABLE
    RETURN mcledger.netstring(p_position::text)
        || mcledger.netstring(p_stream)
        || mcledger.netstring(p_version::text)
        || mcledger.netstring(p_event_id::text)
        || mcledger.netstring(p_type)
        || mcledger.netstring(p_schema_version::text)
        || mcledger.netstring(to_char(p_occurred_on, 'YYYY-MM-DD'))
        || mcledger.netstring(to_char(p_recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'))
        || mcledger.netstring(p_actor)
        || mcledger.netstring(coalesce(p_command_id, ''))
        || mcledger.netstring(coalesce(p_correlation_id::text, ''))
        || mcledger.netstring(p_data::text)
        || mcledger.netstring(p_metadata::text);

-- Immutability, enforced for every role including the owner. A superuser can still
-- disable triggers; the hash chain and the recorded head are what catch that.
CREATE FUNCTION mcledger.refuse_change() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RAISE EXCEPTION USING
        ERRCODE = 'MCL03',
        MESSAGE = format('mcledger.%s is append-only: %s is refused', TG_TABLE_NAME, TG_OP),
        HINT = 'Correct a mistake by appending a correction event (mcledger correct <event-id> --reason TEXT).';
END
$$;

CREATE TRIGGER events_refuse_update_delete BEFORE UPDATE OR DELETE ON mcledger.events
    FOR EACH ROW EXECUTE FUNCTION mcledger.refuse_change();
CREATE TRIGGER events_refuse_truncate BEFORE TRUNCATE ON mcledger.events
    FOR EACH STATEMENT EXECUTE FUNCTION mcledger.refuse_change();
CREATE TRIGGER commands_refuse_update_delete BEFORE UPDATE OR DELETE ON mcledger.commands
    FOR EACH ROW EXECUTE FUNCTION mcledger.refuse_change();
CREATE TRIGGER commands_refuse_truncate BEFORE TRUNCATE ON mcledger.commands
    FOR EACH STATEMENT EXECUTE FUNCTION mcledger.refuse_change();
CREATE TRIGGER ledger_head_refuse_delete BEFORE DELETE ON mcledger.ledger_head
    FOR EACH ROW EXECUTE FUNCTION mcledger.refuse_change();
CREATE TRIGGER ledger_head_refuse_truncate BEFORE TRUNCATE ON mcledger.ledger_head
    FOR EACH STATEMENT EXECUTE FUNCTION mcledger.refuse_change();

-- mcledger.append: the only way into the log, one call per command (one round trip).
--
--   p_events      jsonb array, in order, of
--                 {"stream": text, "type": text, "schemaVersion": int, "data": any json,
--                  "eventId": uuid (optional), "metadata": object (optional, merged over p_metadata)}
--   p_expected    jsonb object {stream: version} for every stream the decision read;
--                 0 means "the stream must not exist yet".
--   p_command_id  idempotency key or NULL; p_fingerprint identifies the command it
--                 stands for (same id with another fingerprint is refused).
--
-- Returns the appended events (or, for a repeated command id, the events of the first
-- append with replayed = true). Errors: MCL01 concurrency conflict (DETAIL is JSON
-- {"stream","expected","actual"}), MCL02 command id reused for another command,
-- MCL04 malformed input.
--
-- Order of work: take the ledger lock; answer a known command id with its first outcome;
-- check every expected version; only then number the events (positions and versions),
-- chain their hashes, insert them, move the head, record the command id and NOTIFY.
-- Everything up to the checks writes nothing, so a refused append leaves no trace and
-- burns no position.
CREATE FUNCTION mcledger.append(
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

    -- Serialise the ledger: from here to commit no other append runs, so positions are
    -- dense and equal to commit order. A transaction-level advisory lock costs no write;
    -- once it is held, this statement's successors see every append committed before.
    PERFORM pg_advisory_xact_lock(7164793357218064997);
    SELECT * INTO v_head FROM mcledger.ledger_head h WHERE h.ledger = 1;

    -- A repeated command id answers with its first outcome and writes nothing.
    IF p_command_id IS NOT NULL THEN
        SELECT * INTO v_command FROM mcledger.commands c WHERE c.command_id = p_command_id;
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

    -- Every stream the decision read must still be at the version it read.
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

    -- Number the events and build each one's canonical form (schema/001's netstrings,
    -- as mcledger.canonical_form builds them; the fields shared by the whole append are
    -- encoded once). Set-based: one statement however many events, each stream's current
    -- version looked up once, the rows sorted once and aggregated in that order (the
    -- hash loop below checks the order, so a planner surprise cannot break the chain).
    v_now := clock_timestamp();
    v_common := mcledger.netstring(to_char(p_occurred_on, 'YYYY-MM-DD'))
        || mcledger.netstring(to_char(v_now AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'))
        || mcledger.netstring(p_actor)
        || mcledger.netstring(coalesce(p_command_id, ''))
        || mcledger.netstring(coalesce(p_correlation_id::text, ''));
    WITH input AS (
        SELECT i.ord, i.e->>'stream' AS stream, i.e->>'type' AS type,
               coalesce((i.e->>'schemaVersion')::integer, 1) AS schema_version,
               i.e->'data' AS data,
               coalesce((i.e->>'eventId')::uuid, gen_random_uuid()) AS event_id,
               coalesce(p_metadata, '{}') || coalesce(i.e->'metadata', '{}') AS metadata
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
    -- A missing stream, type or data makes its netstring, so its canonical form, NULL.
    IF array_position(a_canonical, NULL) IS NOT NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'MCL04', MESSAGE = 'each event needs "stream", "type" and "data"';
    END IF;

    -- The chain itself is sequential: each hash covers the one before. FOREACH walks the
    -- canonical forms once; subscripting a flat array of variable-length values would
    -- walk it from the start for every event, quadratic in an import.
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
    SELECT u.p, u.s, u.v, u.id, u.t, u.sv, u.d, u.m, p_actor, p_command_id, p_correlation_id,
           p_occurred_on, v_now, u.h
      FROM unnest(a_position, a_stream, a_version, a_event_id, a_type, a_schema, a_data, a_meta, a_hash)
           AS u(p, s, v, id, t, sv, d, m, h);

    UPDATE mcledger.ledger_head h SET position = v_head.position + v_count, hash = v_hash, updated_at = v_now
     WHERE h.ledger = 1;
    IF p_command_id IS NOT NULL THEN
        INSERT INTO mcledger.commands VALUES (p_command_id, p_fingerprint, v_head.position + 1, v_head.position + v_count, v_now);
    END IF;
    PERFORM pg_notify('mcledger_events', (v_head.position + v_count)::text);

    RETURN QUERY SELECT u.p, u.s, u.v, u.id, u.t, false
        FROM unnest(a_position, a_stream, a_version, a_event_id, a_type) AS u(p, s, v, id, t);
END
$$;

ALTER TABLE mcledger.events OWNER TO mcledger_owner;
ALTER TABLE mcledger.ledger_head OWNER TO mcledger_owner;
ALTER TABLE mcledger.commands OWNER TO mcledger_owner;
ALTER FUNCTION mcledger.netstring(text) OWNER TO mcledger_owner;
ALTER FUNCTION mcledger.canonical_form(bigint, text, integer, uuid, text, integer, date, timestamptz, text, text, uuid, jsonb, jsonb) OWNER TO mcledger_owner;
ALTER FUNCTION mcledger.refuse_change() OWNER TO mcledger_owner;
ALTER FUNCTION mcledger.append(jsonb, jsonb, text, text, text, uuid, date, jsonb) OWNER TO mcledger_owner;

REVOKE ALL ON ALL TABLES IN SCHEMA mcledger FROM PUBLIC;
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA mcledger FROM PUBLIC;
GRANT SELECT ON mcledger.events, mcledger.ledger_head TO mcledger_writer, mcledger_auditor, mcledger_reporter;
GRANT SELECT ON mcledger.commands TO mcledger_writer, mcledger_auditor;
GRANT EXECUTE ON FUNCTION mcledger.append(jsonb, jsonb, text, text, text, uuid, date, jsonb) TO mcledger_writer;
GRANT EXECUTE ON FUNCTION mcledger.netstring(text) TO mcledger_writer, mcledger_auditor, mcledger_reporter;
GRANT EXECUTE ON FUNCTION mcledger.canonical_form(bigint, text, integer, uuid, text, integer, date, timestamptz, text, text, uuid, jsonb, jsonb)
    TO mcledger_writer, mcledger_auditor, mcledger_reporter;
