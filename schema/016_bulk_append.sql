-- 016_bulk_append.sql — an import's events numbered and chained by the client, checked
-- whole by the server.
--
-- Issue 16, "fast paths". An import sent its events as one JSON array to mcledger.append,
-- which parsed it, numbered the events and hashed them one by one in PL/pgSQL. Now the
-- client does that work as it decides each chunk of rows: it reads the head (position,
-- hash) and the server's clock at the start of its transaction, numbers its events from
-- there, writes each one's metadata with its login, computes the chain exactly as
-- schema/001 defines it, and streams the rows with COPY into a temporary table of its
-- session. One call of mcledger.append_bulk then trusts none of it:
--
--   * it takes the ledger lock the single append takes (schema/001), answers a command
--     id seen before with its first outcome (per login, schema/011) and checks every
--     expected version, as mcledger.append does;
--   * in one set-based statement it recomputes every row's hash from the canonical form
--     (mcledger.canonical_form, schema/010) over the row as the log will store it and
--     the hash of the row before (the head's for the first), and checks the positions
--     follow the head densely, each stream's versions follow its current version, the
--     metadata's "login" is session_user, and the time is one of this transaction's
--     (between its start and now);
--   * only then inserts every row in one INSERT … SELECT, so the log's constraints and
--     triggers (durability, registered types, disclosure streams) guard it as any append.
--
-- Anything wrong refuses the whole call and nothing is written: a wrong hash or login,
-- a gap or a stale position (another append moved the head: MCL01, so the client decides
-- again), a stale expected version (MCL01), a reused command id (MCL02).
--
-- The rows come as an array argument built by the caller's own query over its temporary
-- table, as mcledger.append's do: this SECURITY DEFINER function reads no relation the
-- caller can define, so no view or policy of the caller's runs with the owner's rights.

CREATE TYPE mcledger.bulk_event AS (
    "position"      bigint,
    stream          text,
    version         integer,
    event_id        uuid,
    type            text,
    schema_version  integer,
    data            jsonb,
    metadata        jsonb,
    hash            bytea
);

-- Returns the range appended (or, for a repeated command id, first appended) and
-- whether it was a replay.
CREATE FUNCTION mcledger.append_bulk(
    p_events mcledger.bulk_event[],
    p_expected jsonb,
    p_command_id text,
    p_fingerprint text,
    p_actor text,
    p_correlation_id uuid,
    p_occurred_on date,
    p_recorded_at timestamptz
) RETURNS TABLE (first_position bigint, last_position bigint, events integer, replayed boolean)
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_command  mcledger.commands%ROWTYPE;
    v_head     mcledger.ledger_head%ROWTYPE;
    v_conflict record;
    v_bad      record;
    v_count    integer := coalesce(cardinality(p_events), 0);
    v_login    text := session_user;
    v_actor    text := coalesce(nullif(p_actor, ''), session_user);
    v_last     bytea;
BEGIN
    IF v_count = 0 THEN
        RAISE EXCEPTION USING ERRCODE = 'MCL04', MESSAGE = 'append_bulk needs a non-empty array of events';
    END IF;
    IF jsonb_typeof(coalesce(p_expected, '{}')) <> 'object' THEN
        RAISE EXCEPTION USING ERRCODE = 'MCL04', MESSAGE = 'expected versions must be a JSON object';
    END IF;
    IF p_recorded_at IS NULL OR p_recorded_at < transaction_timestamp() OR p_recorded_at > clock_timestamp() THEN
        RAISE EXCEPTION USING ERRCODE = 'MCL04',
            MESSAGE = format('recorded_at %s is not a time of this transaction; read clock_timestamp() inside it', p_recorded_at);
    END IF;

    -- The lock, the replay and the expected versions exactly as mcledger.append (schema/011).
    PERFORM pg_advisory_xact_lock(7164793357218064997);
    SELECT * INTO v_head FROM mcledger.ledger_head h WHERE h.ledger = 1;

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
            RETURN QUERY SELECT v_command.first_position, v_command.last_position,
                (v_command.last_position - v_command.first_position + 1)::integer, true;
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

    -- The client numbered from the head it read; another append since moved it.
    IF (p_events[1])."position" IS DISTINCT FROM v_head.position + 1 THEN
        RAISE EXCEPTION USING ERRCODE = 'MCL01',
            MESSAGE = format('concurrency conflict on the ledger head: the events start at position %s, the head is at %s',
                coalesce((p_events[1])."position"::text, '(none)'), v_head.position),
            DETAIL = jsonb_build_object('stream', '$head', 'expected', coalesce((p_events[1])."position", 1) - 1, 'actual', v_head.position)::text;
    END IF;

    -- Every row checked in one statement; the first wrong one, in order, is named.
    WITH input AS (
        SELECT i.*,
               lag(i.hash) OVER (ORDER BY i.ord) AS previous,
               row_number() OVER (PARTITION BY i.stream ORDER BY i.ord) AS nth
          FROM unnest(p_events) WITH ORDINALITY AS i("position", stream, version, event_id, type, schema_version, data, metadata, hash, ord)
    ), base AS (
        SELECT s.stream, coalesce((SELECT max(e.version) FROM mcledger.events e WHERE e.stream = s.stream), 0) AS version
          FROM (SELECT DISTINCT n.stream FROM input n) s
    )
    SELECT n.ord, n."position",
           CASE
               WHEN n."position" IS DISTINCT FROM v_head.position + n.ord THEN 'its position does not follow the one before'
               WHEN n.version IS DISTINCT FROM b.version + n.nth THEN format('its version %s does not follow version %s of stream %s', n.version, b.version + n.nth - 1, n.stream)
               WHEN n.metadata->>'login' IS DISTINCT FROM v_login THEN 'its metadata does not name this session''s login'
               ELSE 'its hash is not the chain''s hash of it (schema/001)'
           END AS problem
      INTO v_bad
      FROM input n LEFT JOIN base b ON b.stream = n.stream
     WHERE n."position" IS DISTINCT FROM v_head.position + n.ord
        OR n.version IS DISTINCT FROM b.version + n.nth
        OR n.metadata->>'login' IS DISTINCT FROM v_login
        OR n.hash IS DISTINCT FROM sha256(coalesce(n.previous, v_head.hash) || convert_to(mcledger.canonical_form(
               n."position", n.stream, n.version, n.event_id, n.type, n.schema_version, p_occurred_on,
               p_recorded_at, v_actor, p_command_id, p_correlation_id, n.data, n.metadata), 'UTF8'))
     ORDER BY n.ord
     LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'MCL04',
            MESSAGE = format('bulk append refused at event %s (position %s): %s; nothing was written', v_bad.ord, coalesce(v_bad."position"::text, '(none)'), v_bad.problem);
    END IF;

    INSERT INTO mcledger.events (position, stream, version, event_id, type, schema_version, data,
                                 metadata, actor, command_id, correlation_id, occurred_on, recorded_at, hash)
    SELECT u."position", u.stream, u.version, u.event_id, u.type, u.schema_version, u.data, u.metadata,
           v_actor, p_command_id, p_correlation_id, p_occurred_on, p_recorded_at, u.hash
      FROM unnest(p_events) AS u;

    v_last := (p_events[v_count]).hash;
    UPDATE mcledger.ledger_head h SET position = v_head.position + v_count, hash = v_last, updated_at = p_recorded_at
     WHERE h.ledger = 1;
    IF p_command_id IS NOT NULL THEN
        INSERT INTO mcledger.commands (login, command_id, fingerprint, first_position, last_position, recorded_at)
        VALUES (v_login, p_command_id, p_fingerprint, v_head.position + 1, v_head.position + v_count, p_recorded_at);
    END IF;
    PERFORM pg_notify('mcledger_events', (v_head.position + v_count)::text);

    RETURN QUERY SELECT v_head.position + 1, v_head.position + v_count, v_count, false;
END
$$;

ALTER TYPE mcledger.bulk_event OWNER TO mcledger_owner;
ALTER FUNCTION mcledger.append_bulk(mcledger.bulk_event[], jsonb, text, text, text, uuid, date, timestamptz) OWNER TO mcledger_owner;
REVOKE ALL ON FUNCTION mcledger.append_bulk(mcledger.bulk_event[], jsonb, text, text, text, uuid, date, timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION mcledger.append_bulk(mcledger.bulk_event[], jsonb, text, text, text, uuid, date, timestamptz) TO mcledger_writer;
