-- 018_one_check.sql — the log's two after-insert checks as one trigger and one query.
--
-- Issue 16, "fast paths". Every statement that inserts into mcledger.events fired two
-- AFTER STATEMENT triggers over its transition table: check_disclosure_stream
-- (schema/014) and check_event_types (schema/009, as schema/015 left it). Each is a PL/pgSQL function of its own
-- to compile in every new session and to call on every append, and each ran its own
-- query over the inserted rows; the types check also looked the session's login up in
-- pg_roles (a view over two catalogs) and ran two subqueries per row for the payload's
-- required keys and inline texts.
-- For one event per commit that was about a third of the append's server time, and in
-- a fresh session (every CLI command) several milliseconds of planning.
--
-- check_appended_events() does both in one query over the inserted rows, in the order
-- the two triggers fired (by name: the disclosure check first), with the same SQLSTATE
-- (MCL06), messages and hints, reporting the same row:
--
--   1. any RecordsDisclosed event not on the disclosures stream, or other type on it,
--      the first by position — for every session, superuser or not;
--   2. else, unless the session is a superuser's that has not switched role (SET ROLE),
--      the first event by position whose type and schema version the registry lacks,
--      whose payload is not a JSON object, that holds inline a text the registry says
--      lives beside the log (schema/015), or that lacks a required key (or has it as
--      JSON null); for an event wrong in several ways, the same problem in that order.
--
-- What changed is only how: the superuser test reads the session's `is_superuser`
-- setting, which with no role set describes the session user as pg_roles does; the
-- required keys and the text fields are tested at once (`jsonb_strip_nulls(data) ?&
-- required_keys`: every key present and not null; `data ?| text_fields`: any text
-- inline) and listed, sorted, only for the event refused. A direct
-- INSERT by the owner or a superuser is checked exactly as through mcledger.append or
-- mcledger.append_bulk. The BEFORE STATEMENT durability check (schema/006) stays as it
-- is, so it still refuses before any row is written.

CREATE FUNCTION mcledger.check_appended_events() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_typed  boolean := current_setting('role') <> 'none' OR current_setting('is_superuser') <> 'on';
    v_bad    record;
    v_inline text;
BEGIN
    SELECT a.position, a.stream, a.type, a.schema_version, a.data, jsonb_typeof(a.data) AS shape,
           t.type IS NOT NULL AS known, t.required_keys, t.text_fields,
           (a.type = 'RecordsDisclosed') <> (a.stream = 'disclosures') AS misplaced
      INTO v_bad
      FROM appended a
      LEFT JOIN mcledger.event_types t ON t.type = a.type AND t.schema_version = a.schema_version
     WHERE (a.type = 'RecordsDisclosed') <> (a.stream = 'disclosures')
        OR (v_typed AND (t.type IS NULL OR jsonb_typeof(a.data) <> 'object'
                         OR NOT jsonb_strip_nulls(a.data) ?& t.required_keys OR a.data ?| t.text_fields))
     ORDER BY (a.type = 'RecordsDisclosed') <> (a.stream = 'disclosures') DESC, a.position
     LIMIT 1;
    IF NOT FOUND THEN
        RETURN NULL;
    END IF;
    IF v_bad.misplaced THEN
        RAISE EXCEPTION USING ERRCODE = 'MCL06',
            MESSAGE = format('a %s event on stream %s: RecordsDisclosed events go on the disclosures stream, and only they',
                             v_bad.type, v_bad.stream),
            HINT = 'record a disclosure with mcledger.record_disclosure()';
    ELSIF NOT v_bad.known THEN
        RAISE EXCEPTION USING ERRCODE = 'MCL06',
            MESSAGE = format('event type %s (schema version %s) is not one this ledger can read', v_bad.type, v_bad.schema_version),
            HINT = 'the known types and versions are listed in mcledger.event_types';
    ELSIF v_bad.shape <> 'object' THEN
        RAISE EXCEPTION USING ERRCODE = 'MCL06',
            MESSAGE = format('the payload of a %s event must be a JSON object, not %s', v_bad.type, v_bad.shape);
    ELSIF v_bad.data ?| v_bad.text_fields THEN
        v_inline := (SELECT string_agg(k, ', ' ORDER BY k) FROM unnest(v_bad.text_fields) k WHERE v_bad.data ? k);
        RAISE EXCEPTION USING ERRCODE = 'MCL06',
            MESSAGE = CASE WHEN v_bad.schema_version = 1 THEN
                format('a %s event at schema version 1 with its %s inline is no longer written: since schema/015 that text lives beside the log; append schema version 2, committed under "texts"',
                    v_bad.type, v_inline)
                ELSE format('the payload of a %s event (schema version %s) holds %s inline; that text lives beside the log, committed under "texts"',
                    v_bad.type, v_bad.schema_version, v_inline)
                END,
            HINT = 'see schema/015: record the text with mcledger.record_texts';
    ELSE
        RAISE EXCEPTION USING ERRCODE = 'MCL06',
            MESSAGE = format('the payload of a %s event (schema version %s) lacks %s', v_bad.type, v_bad.schema_version,
                             (SELECT string_agg(k, ', ' ORDER BY k) FROM unnest(v_bad.required_keys) k
                               WHERE coalesce(jsonb_typeof(v_bad.data -> k), 'null') = 'null')),
            HINT = 'the required keys of each type are listed in mcledger.event_types';
    END IF;
END
$$;

DROP TRIGGER events_check_types ON mcledger.events;
DROP TRIGGER events_check_disclosure_stream ON mcledger.events;
DROP FUNCTION mcledger.check_event_types();
DROP FUNCTION mcledger.check_disclosure_stream();

CREATE TRIGGER events_check_appended
    AFTER INSERT ON mcledger.events
    REFERENCING NEW TABLE AS appended
    FOR EACH STATEMENT EXECUTE FUNCTION mcledger.check_appended_events();

ALTER FUNCTION mcledger.check_appended_events() OWNER TO mcledger_owner;
REVOKE ALL ON FUNCTION mcledger.check_appended_events() FROM PUBLIC;
