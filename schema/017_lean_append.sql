-- 017_lean_append.sql — mcledger.append with the same outcome for less work per call.
--
-- Issue 16, "fast paths". One event per commit cost about six times the server time of a
-- plain INSERT, nearly all of it in starting up the executor for the statements of
-- schema/011's body: one set-based statement (events unpacked, streams' versions looked
-- up, numbered by a window, ten arrays aggregated) whose plan has a dozen nodes to
-- initialise on every call, a second look-up of the expected streams' versions, and a
-- RETURN QUERY over the arrays again.
--
-- This body does the per-event work in PL/pgSQL expressions instead, which need no
-- executor: it walks the array of events in order, looks each stream's version up once
-- (reusing the version the expected-version check already read), numbers, builds the
-- canonical form (schema/001) and chains the hash as it goes, and returns the rows from
-- the arrays it built. The statements left are the ones that touch tables: the lock, the
-- head, a replayed command id, each stream's version, the one INSERT … SELECT of every
-- event (so the log's statement triggers see the whole append, as before), the head's
-- update, the command record and the NOTIFY.
--
-- Nothing a caller can observe changes: the same checks in the same order with the same
-- SQLSTATEs and messages (a conflict before a malformed event, a malformed event after
-- every event was read, so a bad "schemaVersion" or "eventId" raises as it did), the same
-- rows, bytes, hashes and metadata, the same result rows.

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
    v_head_pos   bigint;
    v_head_hash  bytea;
    v_hash       bytea;
    v_now        timestamptz;
    v_common     text;
    v_count      integer;
    v_login      text := session_user;
    v_actor      text := coalesce(nullif(p_actor, ''), session_user);
    v_meta       jsonb := coalesce(p_metadata, '{}');
    v_login_meta jsonb := jsonb_build_object('login', session_user::text);
    -- Each stream's version so far: read once, then counted up event by event.
    v_versions   jsonb := '{}';
    v_key        text;
    v_value      text;
    v_actual     integer;
    v_event      jsonb;
    v_stream     text;
    v_canonical  bytea;
    v_malformed  boolean := false;
    a_position   bigint[];
    a_stream     text[];
    a_version    integer[];
    a_event_id   uuid[];
    a_type       text[];
    a_schema     integer[];
    a_data       jsonb[];
    a_meta       jsonb[];
    a_hash       bytea[];
BEGIN
    IF jsonb_typeof(p_events) IS DISTINCT FROM 'array' OR jsonb_array_length(p_events) = 0 THEN
        RAISE EXCEPTION USING ERRCODE = 'MCL04', MESSAGE = 'append needs a non-empty JSON array of events';
    END IF;
    IF jsonb_typeof(coalesce(p_expected, '{}')) <> 'object' OR jsonb_typeof(coalesce(p_metadata, '{}')) <> 'object' THEN
        RAISE EXCEPTION USING ERRCODE = 'MCL04', MESSAGE = 'expected versions and metadata must be JSON objects';
    END IF;

    PERFORM pg_advisory_xact_lock(7164793357218064997);
    SELECT h.position, h.hash INTO v_head_pos, v_head_hash FROM mcledger.ledger_head h WHERE h.ledger = 1;

    -- A repeated command id answers with its first outcome and writes nothing: only to
    -- the login that used it first, or to any login for an id from before schema/011.
    IF p_command_id IS NOT NULL THEN
        SELECT * INTO v_command FROM mcledger.commands c
         WHERE c.command_id = p_command_id AND c.login IN (v_login, '')
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

    -- Expected versions, in the order of the object's keys; the first that differs refuses.
    IF p_expected IS NOT NULL AND p_expected <> '{}' THEN
        FOR v_key, v_value IN SELECT x.key, x.value FROM jsonb_each_text(p_expected) AS x LOOP
            SELECT coalesce(max(e.version), 0) INTO v_actual FROM mcledger.events e WHERE e.stream = v_key;
            IF v_value::integer <> v_actual THEN
                RAISE EXCEPTION USING ERRCODE = 'MCL01',
                    MESSAGE = format('concurrency conflict on stream %s: expected version %s, found %s', v_key, v_value::integer, v_actual),
                    DETAIL = jsonb_build_object('stream', v_key, 'expected', v_value::integer, 'actual', v_actual)::text;
            END IF;
            v_versions := v_versions || jsonb_build_object(v_key, v_actual);
        END LOOP;
    END IF;

    v_now := clock_timestamp();
    v_common := mcledger.netstring(to_char(p_occurred_on, 'YYYY-MM-DD'))
        || mcledger.netstring(to_char(v_now AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'))
        || mcledger.netstring(v_actor)
        || mcledger.netstring(coalesce(p_command_id, ''))
        || mcledger.netstring(coalesce(p_correlation_id::text, ''));

    -- Every event in order: numbered after the head and its stream's version, put in
    -- canonical form and chained. A malformed event (no stream, type or data) is refused
    -- once every event was read, as schema/011's one statement did.
    v_count := jsonb_array_length(p_events);
    v_hash := v_head_hash;
    FOR v_index IN 1..v_count LOOP
        v_event := p_events -> (v_index - 1);
        v_stream := v_event ->> 'stream';
        a_position[v_index] := v_head_pos + v_index;
        a_stream[v_index] := v_stream;
        a_type[v_index] := v_event ->> 'type';
        a_schema[v_index] := coalesce((v_event ->> 'schemaVersion')::integer, 1);
        a_data[v_index] := v_event -> 'data';
        a_event_id[v_index] := coalesce((v_event ->> 'eventId')::uuid, gen_random_uuid());
        a_meta[v_index] := v_meta || coalesce(v_event -> 'metadata', '{}') || v_login_meta;
        IF v_stream IS NULL THEN
            v_malformed := true;
            CONTINUE;
        END IF;
        IF NOT v_versions ? v_stream THEN
            SELECT coalesce(max(e.version), 0) INTO v_actual FROM mcledger.events e WHERE e.stream = v_stream;
            v_versions := v_versions || jsonb_build_object(v_stream, v_actual);
        END IF;
        a_version[v_index] := (v_versions ->> v_stream)::integer + 1;
        v_versions := jsonb_set(v_versions, ARRAY[v_stream], to_jsonb(a_version[v_index]));
        v_canonical := convert_to(
            mcledger.netstring(a_position[v_index]::text) || mcledger.netstring(v_stream)
            || mcledger.netstring(a_version[v_index]::text) || mcledger.netstring(a_event_id[v_index]::text)
            || mcledger.netstring(a_type[v_index]) || mcledger.netstring(a_schema[v_index]::text)
            || v_common || mcledger.netstring(a_data[v_index]::text) || mcledger.netstring(a_meta[v_index]::text),
            'UTF8');
        IF v_canonical IS NULL THEN
            v_malformed := true;
        END IF;
        v_hash := sha256(v_hash || v_canonical);
        a_hash[v_index] := v_hash;
    END LOOP;
    IF v_malformed THEN
        RAISE EXCEPTION USING ERRCODE = 'MCL04', MESSAGE = 'each event needs "stream", "type" and "data"';
    END IF;

    INSERT INTO mcledger.events (position, stream, version, event_id, type, schema_version, data,
                                 metadata, actor, command_id, correlation_id, occurred_on, recorded_at, hash)
    SELECT u.p, u.s, u.v, u.id, u.t, u.sv, u.d, u.m, v_actor, p_command_id, p_correlation_id,
           p_occurred_on, v_now, u.h
      FROM unnest(a_position, a_stream, a_version, a_event_id, a_type, a_schema, a_data, a_meta, a_hash)
           AS u(p, s, v, id, t, sv, d, m, h);

    UPDATE mcledger.ledger_head h SET position = v_head_pos + v_count, hash = v_hash, updated_at = v_now
     WHERE h.ledger = 1;
    IF p_command_id IS NOT NULL THEN
        INSERT INTO mcledger.commands (login, command_id, fingerprint, first_position, last_position, recorded_at)
        VALUES (v_login, p_command_id, p_fingerprint, v_head_pos + 1, v_head_pos + v_count, v_now);
    END IF;
    PERFORM pg_notify('mcledger_events', (v_head_pos + v_count)::text);

    FOR v_index IN 1..v_count LOOP
        "position" := a_position[v_index];
        "stream" := a_stream[v_index];
        "version" := a_version[v_index];
        "event_id" := a_event_id[v_index];
        "type" := a_type[v_index];
        "replayed" := false;
        RETURN NEXT;
    END LOOP;
END
$$;

ALTER FUNCTION mcledger.append(jsonb, jsonb, text, text, text, uuid, date, jsonb) OWNER TO mcledger_owner;
REVOKE ALL ON FUNCTION mcledger.append(jsonb, jsonb, text, text, text, uuid, date, jsonb) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION mcledger.append(jsonb, jsonb, text, text, text, uuid, date, jsonb) TO mcledger_writer;
