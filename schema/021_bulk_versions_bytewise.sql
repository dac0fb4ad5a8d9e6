-- 021_bulk_versions_bytewise.sql — mcledger.append_bulk's version pass sorts less.
--
-- Issue 16, "bulk import near COPY". Of schema/019's checks of a 20,000-row roster import
-- (40,000 events on 20,020 streams), the version pass cost about as much as recomputing
-- every hash: the plan sorted the streams twice in the database's collation (C.UTF-8
-- compares through strcoll) for a merge join and for the window over each stream, and
-- numbered the rows with a set-returning function beside unnest.
--
-- This body changes only how that pass runs: the window partitions by the stream's
-- bytes (COLLATE "C"; which stream sorts first does not matter, only the order within
-- each), and the rows are numbered WITH ORDINALITY. The planner then hash-joins the
-- streams to their base versions instead of sorting them. Measured on those rows, the
-- pass went from about 0.58 s to 0.35 s on a loaded machine.
--
-- The row-by-row pass stays as schema/019 wrote it: a set-based check of every hash
-- (each row against the claimed hash before it, lag() or a second array beside unnest)
-- measured 10–60 % slower than the loop, the canonical form's text being the cost either
-- way. Every check, its order, SQLSTATE, message and result row are schema/019's.

CREATE OR REPLACE FUNCTION mcledger.append_bulk(
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
    v_version  record;
    v_event    mcledger.bulk_event;
    v_count    integer := coalesce(cardinality(p_events), 0);
    v_login    text := session_user;
    v_actor    text := coalesce(nullif(p_actor, ''), session_user);
    v_common   text;
    v_previous bytea;
    v_ord      bigint := 0;
    v_problem  text;
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

    -- Pass 1, the versions: the first event whose version is not its stream's next. Only
    -- each event's order, stream and version are sorted, byte-wise (COLLATE "C": the
    -- order within a stream is what counts, not the collation's order of the streams);
    -- a stream the expected versions name starts from the version just checked, the
    -- others are looked up.
    WITH input AS MATERIALIZED (
        SELECT u.stream, u.version, u.ord
          FROM unnest(p_events) WITH ORDINALITY
               AS u("position", stream, version, event_id, type, schema_version, data, metadata, hash, ord)
    ), numbered AS (
        SELECT i.ord, i.stream, i.version, row_number() OVER (PARTITION BY i.stream COLLATE "C" ORDER BY i.ord) AS nth
          FROM input i
    ), base AS (
        SELECT s.stream, coalesce(x.value::integer, (SELECT max(e.version) FROM mcledger.events e WHERE e.stream = s.stream), 0) AS version
          FROM (SELECT DISTINCT i.stream FROM input i) s
          LEFT JOIN jsonb_each_text(p_expected) AS x ON x.key = s.stream
    )
    SELECT n.ord, format('its version %s does not follow version %s of stream %s', n.version, b.version + n.nth - 1, n.stream) AS problem
      INTO v_version
      FROM numbered n LEFT JOIN base b ON b.stream = n.stream
     WHERE n.version IS DISTINCT FROM b.version + n.nth
     ORDER BY n.ord
     LIMIT 1;

    -- Pass 2, every event in order up to the first wrong one; the call's own fields of
    -- the canonical form (7 to 11) are the same for each.
    v_common := mcledger.netstring(mcledger.canonical_date(p_occurred_on))
        || mcledger.netstring(mcledger.canonical_time(p_recorded_at))
        || mcledger.netstring(v_actor)
        || mcledger.netstring(coalesce(p_command_id, ''))
        || mcledger.netstring(coalesce(p_correlation_id::text, ''));
    FOREACH v_event IN ARRAY p_events LOOP
        v_ord := v_ord + 1;
        IF v_event."position" IS DISTINCT FROM v_head.position + v_ord THEN
            v_problem := 'its position does not follow the one before';
        ELSIF v_ord = v_version.ord THEN
            v_problem := v_version.problem;
        ELSIF v_event.metadata->>'login' IS DISTINCT FROM v_login THEN
            v_problem := 'its metadata does not name this session''s login';
        ELSIF v_event.hash IS DISTINCT FROM sha256(coalesce(v_previous, v_head.hash) || convert_to(
                mcledger.netstring(v_event."position"::text) || mcledger.netstring(v_event.stream)
                || mcledger.netstring(v_event.version::text) || mcledger.netstring(v_event.event_id::text)
                || mcledger.netstring(v_event.type) || mcledger.netstring(v_event.schema_version::text)
                || v_common || mcledger.netstring(v_event.data::text) || mcledger.netstring(v_event.metadata::text), 'UTF8')) THEN
            v_problem := 'its hash is not the chain''s hash of it (schema/001)';
        END IF;
        IF v_problem IS NOT NULL THEN
            RAISE EXCEPTION USING ERRCODE = 'MCL04',
                MESSAGE = format('bulk append refused at event %s (position %s): %s; nothing was written', v_ord, coalesce(v_event."position"::text, '(none)'), v_problem);
        END IF;
        v_previous := v_event.hash;
    END LOOP;

    INSERT INTO mcledger.events (position, stream, version, event_id, type, schema_version, data,
                                 metadata, actor, command_id, correlation_id, occurred_on, recorded_at, hash)
    SELECT u."position", u.stream, u.version, u.event_id, u.type, u.schema_version, u.data, u.metadata,
           v_actor, p_command_id, p_correlation_id, p_occurred_on, p_recorded_at, u.hash
      FROM unnest(p_events) AS u;

    UPDATE mcledger.ledger_head h SET position = v_head.position + v_count, hash = v_previous, updated_at = p_recorded_at
     WHERE h.ledger = 1;
    IF p_command_id IS NOT NULL THEN
        INSERT INTO mcledger.commands (login, command_id, fingerprint, first_position, last_position, recorded_at)
        VALUES (v_login, p_command_id, p_fingerprint, v_head.position + 1, v_head.position + v_count, p_recorded_at);
    END IF;
    PERFORM pg_notify('mcledger_events', (v_head.position + v_count)::text);

    RETURN QUERY SELECT v_head.position + 1, v_head.position + v_count, v_count, false;
END
$$;
