-- 023_texts_by_index.sql — mcledger.record_texts finds each text's event by its index, whatever
-- the planner guesses.
--
-- Issue 16 (and issue 15's figure, "commitments cost ≤ 5 %"). record_texts (schema/015) joins
-- its entries, from jsonb_to_recordset, to mcledger.events on event_id. PostgreSQL cannot see
-- how many entries a jsonb argument holds and guesses 100; against a log of a few thousand
-- events that guess makes a hash join the cheaper plan, so each call read the whole log
-- (measured on a log of 2,000 events: 200 µs a call of two texts, against 23 µs by the
-- index). From some tens of thousands of events the planner picks the index on its own; a
-- young ledger, and the benchmark's store figure (append_text_on, 0.62× of the same write
-- without texts), paid the scan on every write with a --reason.
--
-- The event of each entry is now looked up in a LATERAL subquery the planner may not pull up
-- (OFFSET 0): one probe of events_event_id_key per entry, on a log of any size, for a call
-- of two texts or an import's hundred thousand.
--
-- Two patterns with a bounded repetition go the way of schema/022's person id check, since
-- PostgreSQL's regular expressions unroll a count into a state per step (about 3.5 µs a
-- value each, against 0.3 µs and 1 µs): the salt's '^[0-9a-f]{32}$' is checked as 32
-- characters of '^[0-9a-f]*$', and event_texts' field check '^[A-Za-z]{1,64}$' becomes
-- '^[A-Za-z]+$' of at most 64 characters (the constraint keeps its name). Each accepts
-- exactly what it did: every character either pattern admits is one byte.
--
-- Nothing else changes: the same checks in the same order, the same SQLSTATE, message and
-- hint, and the entry reported is the first refused one in the order given.

ALTER TABLE mcledger.event_texts DROP CONSTRAINT event_texts_field_check;
ALTER TABLE mcledger.event_texts ADD CONSTRAINT event_texts_field_check
    CHECK (field ~ '^[A-Za-z]+$' AND length(field) <= 64);

CREATE OR REPLACE FUNCTION mcledger.record_texts(p_entries jsonb) RETURNS integer
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_bad   record;
    v_count integer;
BEGIN
    IF jsonb_typeof(p_entries) IS DISTINCT FROM 'array' THEN
        RAISE EXCEPTION USING ERRCODE = 'MCL04', MESSAGE = 'record_texts needs a JSON array of {eventId, field, text, salt}';
    END IF;
    SELECT r."eventId" AS event_id, r.field, e.position INTO v_bad
      FROM jsonb_to_recordset(p_entries) AS r("eventId" uuid, field text, text text, salt text)
      LEFT JOIN LATERAL (SELECT x.position, x.data, x.metadata FROM mcledger.events x
                          WHERE x.event_id = r."eventId" OFFSET 0) e ON true
     WHERE r."eventId" IS NULL OR r.field IS NULL OR r.text IS NULL OR r.salt IS NULL
        OR NOT (length(r.salt) = 32 AND r.salt ~ '^[0-9a-f]*$')
        OR e.position IS NULL
        OR cardinality(mcledger.text_commitments(e.data, e.metadata, r.field)) = 0
        OR NOT mcledger.text_commitment(decode(r.salt, 'hex'), r.text) = ALL (mcledger.text_commitments(e.data, e.metadata, r.field))
     LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'MCL04',
            MESSAGE = format('no text for %s of event %s without its commitment: %s',
                coalesce(v_bad.field, '(no field)'), coalesce(v_bad.event_id::text, '(no id)'),
                CASE WHEN v_bad.position IS NULL THEN 'no such event is in the log'
                     ELSE format('the event at position %s commits to no such text', v_bad.position) END),
            HINT = 'a text is recorded with the event that commits to sha256(salt || text), in the same transaction';
    END IF;
    INSERT INTO mcledger.event_texts (event_id, field, text, salt)
    SELECT r."eventId", r.field, r.text, decode(r.salt, 'hex')
      FROM jsonb_to_recordset(p_entries) AS r("eventId" uuid, field text, text text, salt text);
    GET DIAGNOSTICS v_count = ROW_COUNT;
    RETURN v_count;
END
$$;
