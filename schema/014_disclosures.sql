-- 014_disclosures.sql — the record of disclosures of student records (FERPA 34 CFR 99.32).
--
-- Issue 15. Membership in a community is part of a student's education record. Every
-- command or report that writes student-identifying records out of the database
-- (`roster`, `audit trail <student>`, the nightly report's rosters.csv, `person record`)
-- first appends a RecordsDisclosed event, in the same transaction that reads the
-- records, and prints or writes only after that transaction commits: no record, no
-- output. docs/PRIVACY.md describes the whole.
--
-- 1. THE EVENT. RecordsDisclosed goes on a stream of its own, `disclosures`, so it never
--    contends with a community's or person's stream, and no decision reads it. Its
--    payload: recipient (the login that read, another party named with --recipient, or
--    for `person record` the student), purpose (the basis: 99.31(a)(1) school officials
--    with a legitimate educational interest by default, 99.10 for a student's own
--    record), scope (the query as typed), students (the ids disclosed, sorted, each
--    once), output (roster, trail, nightly or record). The login and actor that read, and
--    when, are the envelope's, set by the server as for every event (schema/011).
--
--        SELECT position, recorded_at, login, data->>'output', data->>'recipient', data->>'purpose',
--               data->>'scope', jsonb_array_length(data->'students')
--          FROM mcledger.events WHERE stream = 'disclosures' ORDER BY position DESC LIMIT 10;
--        SELECT position, recorded_at, login, data->>'scope' FROM mcledger.events
--         WHERE stream = 'disclosures' AND data->'students' ? 's-ana' ORDER BY position;
--
-- 2. WHO MAY APPEND IT. Auditors and the nightly job read student records but may not
--    call mcledger.append. mcledger.record_disclosure() appends exactly one
--    RecordsDisclosed event on the disclosures stream, through mcledger.append itself, so
--    the login, the chain, the command checks and the registry stay one path. It is
--    granted to the writer, the auditor and the reporter. It checks its input (MCL04):
--    recipient 1–200 characters, purpose and scope 1–2,000, none with a control
--    character; students a non-empty JSON array of ids (lowercase letters, digits and
--    '-', 1–64, not starting with '-'); output one of the four kinds.
--
-- 3. ONE STREAM, ONE TYPE. A statement trigger refuses (MCL06) a RecordsDisclosed event
--    on any other stream and any other type on the disclosures stream, so reading that
--    stream is reading every disclosure, and nothing else hides in it.

INSERT INTO mcledger.event_types (type, schema_version, required_keys) VALUES
    ('RecordsDisclosed', 1, '{"recipient","purpose","scope","students","output"}');

CREATE FUNCTION mcledger.record_disclosure(
    p_recipient text,
    p_purpose text,
    p_scope text,
    p_students jsonb,
    p_output text,
    p_occurred_on date
) RETURNS bigint
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_students jsonb;
    v_bad      text;
    v_position bigint;
BEGIN
    IF p_recipient IS NULL OR btrim(p_recipient) = '' OR length(p_recipient) > 200 OR p_recipient ~ '[[:cntrl:]]' THEN
        RAISE EXCEPTION USING ERRCODE = 'MCL04',
            MESSAGE = 'a disclosure needs a recipient of 1 to 200 characters without control characters';
    END IF;
    IF p_purpose IS NULL OR btrim(p_purpose) = '' OR length(p_purpose) > 2000 OR p_purpose ~ '[[:cntrl:]]' THEN
        RAISE EXCEPTION USING ERRCODE = 'MCL04',
            MESSAGE = 'a disclosure needs a purpose of 1 to 2000 characters without control characters';
    END IF;
    IF p_scope IS NULL OR btrim(p_scope) = '' OR length(p_scope) > 2000 OR p_scope ~ '[[:cntrl:]]' THEN
        RAISE EXCEPTION USING ERRCODE = 'MCL04',
            MESSAGE = 'a disclosure needs a scope of 1 to 2000 characters without control characters';
    END IF;
    IF p_output IS NULL OR p_output NOT IN ('roster', 'trail', 'nightly', 'record') THEN
        RAISE EXCEPTION USING ERRCODE = 'MCL04',
            MESSAGE = format('a disclosure''s output is roster, trail, nightly or record, not %s', coalesce(p_output, 'nothing'));
    END IF;
    IF jsonb_typeof(p_students) IS DISTINCT FROM 'array' OR jsonb_array_length(p_students) = 0 THEN
        RAISE EXCEPTION USING ERRCODE = 'MCL04',
            MESSAGE = 'a disclosure names the students disclosed: a non-empty JSON array of ids';
    END IF;
    SELECT s::text INTO v_bad FROM jsonb_array_elements(p_students) AS s
     WHERE jsonb_typeof(s) <> 'string' OR NOT (s #>> '{}') ~ '^[a-z0-9][a-z0-9-]{0,63}$'
     LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'MCL04',
            MESSAGE = format('a disclosure''s students are ids (lowercase letters, digits and -), not %s', left(v_bad, 80));
    END IF;
    SELECT jsonb_agg(d.id ORDER BY d.id) INTO v_students
      FROM (SELECT DISTINCT s #>> '{}' AS id FROM jsonb_array_elements(p_students) AS s) d;

    SELECT a.position INTO v_position
      FROM mcledger.append(
               jsonb_build_array(jsonb_build_object(
                   'stream', 'disclosures', 'type', 'RecordsDisclosed', 'schemaVersion', 1,
                   'data', jsonb_build_object('recipient', p_recipient, 'purpose', p_purpose, 'scope', p_scope,
                                              'students', v_students, 'output', p_output))),
               '{}'::jsonb, NULL, NULL, NULL, NULL, coalesce(p_occurred_on, current_date), '{}'::jsonb) AS a;
    RETURN v_position;
END
$$;

CREATE FUNCTION mcledger.check_disclosure_stream() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_bad record;
BEGIN
    SELECT a.position, a.stream, a.type INTO v_bad
      FROM appended a
     WHERE (a.type = 'RecordsDisclosed') <> (a.stream = 'disclosures')
     ORDER BY a.position
     LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'MCL06',
            MESSAGE = format('a %s event on stream %s: RecordsDisclosed events go on the disclosures stream, and only they',
                             v_bad.type, v_bad.stream),
            HINT = 'record a disclosure with mcledger.record_disclosure()';
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER events_check_disclosure_stream
    AFTER INSERT ON mcledger.events
    REFERENCING NEW TABLE AS appended
    FOR EACH STATEMENT EXECUTE FUNCTION mcledger.check_disclosure_stream();

ALTER FUNCTION mcledger.record_disclosure(text, text, text, jsonb, text, date) OWNER TO mcledger_owner;
ALTER FUNCTION mcledger.check_disclosure_stream() OWNER TO mcledger_owner;
REVOKE ALL ON FUNCTION mcledger.record_disclosure(text, text, text, jsonb, text, date) FROM PUBLIC;
REVOKE ALL ON FUNCTION mcledger.check_disclosure_stream() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION mcledger.record_disclosure(text, text, text, jsonb, text, date)
    TO mcledger_writer, mcledger_auditor, mcledger_reporter;
