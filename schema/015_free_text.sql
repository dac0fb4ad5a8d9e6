-- 015_free_text.sql — free text beside the log, committed in the event, redactable.
--
-- Issue 15. Free text went into immutable payloads — a gathering's title, a logged
-- activity, a leader's exception, a waiver, a payment reference, a member's approvals,
-- every `--reason` — where "moved at Ana R.'s request after her leave" could never be
-- removed: the chain covers every byte of an event. Now:
--
-- 1. THE TEXT LIVES BESIDE THE EVENT. mcledger.event_texts holds one row per (event,
--    field): the text and a salt of 16 random bytes, chosen per text. The event carries
--    only a commitment to it, lowercase hex of
--
--        sha256(salt || convert_to(text, 'UTF8'))
--
--    in its payload's "texts" object (field → commitment) or, for the write's --reason,
--    in its metadata as "reasonSha256". The payload types whose texts moved are at
--    schema version 2 (rows below); their version 1 events keep the text inline, as
--    written, and are read as before: they cannot change, so they cannot be redacted.
--    A reason shared by the events of one write is one text with one salt: each event
--    has its row, all with the same commitment. The payload `reason` of
--    CommunityRetired, StipendReversed and EventCorrected is that same text (the
--    command's --reason), committed with the same salt, so the field `reason` of such an
--    event is one row that both commitments cover.
--
-- 2. NO TEXT THE CHAIN DOES NOT COMMIT TO. The writer cannot write the table. Texts go
--    in through mcledger.record_texts(), which accepts a text only for an event of the
--    log whose every commitment for that field equals sha256(salt || text); the CLI
--    calls it in the transaction of the append. Triggers refuse every DELETE and
--    TRUNCATE, and every UPDATE but a redaction's (text and salt to NULL, citing the
--    redaction event), for every role including the owner. A text altered behind the
--    triggers no longer matches its commitment: `mcledger verify` names the event and
--    field (docs/VERIFYING.md shows the SQL).
--
-- 3. REDACTION LEAVES A FACT. `mcledger redact <event-id> --field NAME --reason TEXT`
--    appends TextRedacted (the event id and field; no text) to that event's stream and,
--    in the same transaction, calls mcledger.redact_text(), which acts only beside that
--    event, like record_names and erase_details (schema/011, 013): it sets text and salt
--    to NULL and cites the redaction's position. A --reason is redacted from every event
--    of the write it was given with (they share it). The copies the read models hold
--    (roster exceptions and approvals, the audit's waivers, references, reasons) are
--    replaced in the same transaction. Every reader then shows
--
--        [redacted 2027-01-04 by registrar: <the redaction's reason>]
--
--    built by the view mcledger.event_texts_shown. The commitment stays in the event and
--    the chain verifies at every position, with or without a checkpoint.
--
-- 4. WHO READS TEXTS. Writer, auditor and reporter read the table and the view: the texts
--    are facts of the trail an auditor checks (why an exception, why a correction), and
--    the salts let an auditor check each text against its commitment. The directory
--    split of schema/013 does not apply: free text is not meant to hold names, and when
--    one does, redaction removes it for everyone at once rather than hiding it from some.

-- 1. The table -------------------------------------------------------------------------

CREATE TABLE mcledger.event_texts (
    event_id            uuid    NOT NULL,
    field               text    NOT NULL CHECK (field ~ '^[A-Za-z]{1,64}$'),
    text                text,
    salt                bytea   CHECK (octet_length(salt) = 16),
    redacted_position   bigint  CHECK (redacted_position > 0),
    PRIMARY KEY (event_id, field),
    CONSTRAINT event_texts_text_or_redacted
        CHECK ((text IS NULL) = (salt IS NULL) AND (text IS NULL) = (redacted_position IS NOT NULL))
);
COMMENT ON TABLE mcledger.event_texts IS
    'Free text beside the log: the event commits to sha256(salt || text) (schema/015); redacted texts are NULL and cite their TextRedacted event.';

CREATE TRIGGER event_texts_refuse_delete BEFORE DELETE ON mcledger.event_texts
    FOR EACH ROW EXECUTE FUNCTION mcledger.refuse_change();
CREATE TRIGGER event_texts_refuse_truncate BEFORE TRUNCATE ON mcledger.event_texts
    FOR EACH STATEMENT EXECUTE FUNCTION mcledger.refuse_change();

-- The one change a text may undergo: it goes, and the row cites the redaction.
CREATE FUNCTION mcledger.refuse_text_change() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF OLD.redacted_position IS NULL AND NEW.redacted_position IS NOT NULL
       AND NEW.text IS NULL AND NEW.salt IS NULL
       AND NEW.event_id = OLD.event_id AND NEW.field = OLD.field THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION USING
        ERRCODE = 'MCL03',
        MESSAGE = 'mcledger.event_texts changes only by redaction: a text is never rewritten or restored',
        HINT = 'Remove a text with mcledger redact <event-id> --field NAME --reason TEXT.';
END
$$;
CREATE TRIGGER event_texts_refuse_update BEFORE UPDATE ON mcledger.event_texts
    FOR EACH ROW EXECUTE FUNCTION mcledger.refuse_text_change();

-- 2. Commitments ------------------------------------------------------------------------

-- The commitment to a text: what an event holds for it.
CREATE FUNCTION mcledger.text_commitment(p_salt bytea, p_text text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN encode(sha256(p_salt || convert_to(p_text, 'UTF8')), 'hex');

-- Every commitment an event holds for a field: its payload's texts->field and, for the
-- write's reason, its metadata's reasonSha256. Empty: the event commits to no such text.
CREATE FUNCTION mcledger.text_commitments(p_data jsonb, p_metadata jsonb, p_field text) RETURNS text[]
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN array_remove(ARRAY[
        CASE WHEN jsonb_typeof(p_data -> 'texts') = 'object' THEN p_data -> 'texts' ->> p_field END,
        CASE WHEN p_field = 'reason' THEN p_metadata ->> 'reasonSha256' END
    ], NULL);

-- p_entries: a JSON array of {"eventId": uuid, "field": text, "text": text, "salt": hex}.
-- All or none (MCL04): each text must match every commitment its event holds for the field.
CREATE FUNCTION mcledger.record_texts(p_entries jsonb) RETURNS integer
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
      LEFT JOIN mcledger.events e ON e.event_id = r."eventId"
     WHERE r."eventId" IS NULL OR r.field IS NULL OR r.text IS NULL OR r.salt IS NULL OR r.salt !~ '^[0-9a-f]{32}$'
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

-- 3. What readers show ------------------------------------------------------------------

-- Each text as readers show it: the text, or the notice of its redaction with the date,
-- actor and reason of the TextRedacted event (no reason if that too was redacted).
CREATE VIEW mcledger.event_texts_shown AS
    SELECT t.event_id, t.field,
           CASE WHEN t.redacted_position IS NULL THEN t.text
                ELSE '[redacted ' || coalesce(to_char(r.occurred_on, 'YYYY-MM-DD'), '?') || ' by ' || coalesce(r.actor, '?')
                     || coalesce(': ' || rr.text, '') || ']'
           END AS text,
           t.redacted_position
      FROM mcledger.event_texts t
      LEFT JOIN mcledger.events r ON r.position = t.redacted_position
      LEFT JOIN mcledger.event_texts rr ON rr.event_id = r.event_id AND rr.field = 'reason';

-- The audit trail: the reason from beside the log for events written since this
-- migration (metadata reasonSha256), inline before; every text of the event (a new last
-- column, field → text or notice; NULL when it has none beside the log).
CREATE OR REPLACE VIEW mcledger.audit_trail AS
    SELECT s.subject, e.position, e.occurred_on, e.recorded_at, e.stream, e.type, e.event_id, e.actor,
           CASE WHEN e.metadata ? 'reasonSha256'
                THEN coalesce((SELECT x.text FROM mcledger.event_texts_shown x WHERE x.event_id = e.event_id AND x.field = 'reason'), '[text missing]')
                ELSE e.metadata->>'reason'
           END AS reason,
           coalesce((e.metadata->>'postCloseAdjustment')::boolean, false) AS post_close,
           c.position AS voided_by, e.data, e.login,
           CASE WHEN e.data ? 'texts' OR e.metadata ? 'reasonSha256'
                THEN (SELECT jsonb_object_agg(x.field, x.text) FROM mcledger.event_texts_shown x WHERE x.event_id = e.event_id)
           END AS texts
      FROM mcledger.audit_subjects s
      JOIN mcledger.events e ON e.position = s.position
      LEFT JOIN mcledger.audit_corrections_all c ON c.voids_event_id = e.event_id;

-- 4. The registry: version 2 of every type whose free text moved, and TextRedacted ------

-- The payload fields that must not appear inline in an event of that type and version:
-- from version 2 their text lives beside the log.
ALTER TABLE mcledger.event_types ADD COLUMN text_fields text[] NOT NULL DEFAULT '{}';

INSERT INTO mcledger.event_types (type, schema_version, required_keys, text_fields) VALUES
    ('GatheringHeld', 2, '{"community","kind","hours","facilitator","attendees"}', '{"title"}'),
    ('HoursLogged', 2, '{"community","leader","hours","texts"}', '{"activity"}'),
    ('LeaderAppointed', 2, '{"community","leader"}', '{"exception"}'),
    ('StipendApproved', 2, '{"community","year","payee"}', '{"waiver"}'),
    ('StipendPaid', 2, '{"community","year","payee","amount","texts"}', '{"reference"}'),
    ('CommunityRetired', 2, '{"community","texts"}', '{"reason"}'),
    ('StipendReversed', 2, '{"community","year","payee","texts"}', '{"reason"}'),
    ('EventCorrected', 2, '{"voids","voidedType","texts"}', '{"reason"}'),
    ('CommunityMemberAssigned', 2, '{"community","member","texts"}', '{"deiApproval","saApproval"}'),
    ('TextRedacted', 1, '{"event","field"}', '{}');

-- check_event_types of schema/009, refusing free text inline where it must be beside.
CREATE OR REPLACE FUNCTION mcledger.check_event_types() RETURNS trigger
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
             WHERE coalesce(jsonb_typeof(a.data -> k), 'null') = 'null') AS missing,
           (SELECT array_agg(k ORDER BY k) FROM unnest(t.text_fields) k
             WHERE jsonb_typeof(a.data) = 'object' AND a.data ? k) AS inline            -- schema/015
      INTO v_bad
      FROM appended a
      LEFT JOIN mcledger.event_types t ON t.type = a.type AND t.schema_version = a.schema_version
     WHERE t.type IS NULL
        OR jsonb_typeof(a.data) <> 'object'
        OR EXISTS (SELECT 1 FROM unnest(t.required_keys) k WHERE coalesce(jsonb_typeof(a.data -> k), 'null') = 'null')
        OR EXISTS (SELECT 1 FROM unnest(t.text_fields) k WHERE a.data ? k)                 -- schema/015
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
    ELSIF v_bad.inline IS NOT NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'MCL06',
            MESSAGE = format('the payload of a %s event (schema version %s) holds %s inline; that text lives beside the log, committed under "texts"',
                v_bad.type, v_bad.schema_version, array_to_string(v_bad.inline, ', ')),
            HINT = 'see schema/015: record the text with mcledger.record_texts';
    ELSE
        RAISE EXCEPTION USING ERRCODE = 'MCL06',
            MESSAGE = format('the payload of a %s event (schema version %s) lacks %s', v_bad.type, v_bad.schema_version, array_to_string(v_bad.missing, ', ')),
            HINT = 'the required keys of each type are listed in mcledger.event_types';
    END IF;
END
$$;

-- 5. Redaction --------------------------------------------------------------------------

-- Removes the text of p_field of event p_event_id beside the TextRedacted event at
-- p_position (of that event and field, appended in this transaction, after the event).
-- A write's reason goes from every event of that write that shares it. Then the read
-- models' copies are replaced by the notice. Returns how many texts went.
CREATE FUNCTION mcledger.redact_text(p_event_id uuid, p_field text, p_position bigint) RETURNS integer
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_redaction mcledger.events%ROWTYPE;
    v_target    mcledger.events%ROWTYPE;
    v_row       mcledger.event_texts%ROWTYPE;
    v_shown     text;
    v_positions bigint[];
    v_copy      record;
    v_table     text;
BEGIN
    SELECT * INTO v_redaction FROM mcledger.events e WHERE e.position = p_position;
    SELECT * INTO v_target FROM mcledger.events e WHERE e.event_id = p_event_id;
    IF v_redaction.position IS NULL OR v_redaction.type <> 'TextRedacted'
       OR v_redaction.data->>'event' IS DISTINCT FROM p_event_id::text OR v_redaction.data->>'field' IS DISTINCT FROM p_field
       OR v_target.position IS NULL OR v_target.position >= p_position THEN
        RAISE EXCEPTION USING ERRCODE = 'MCL04',
            MESSAGE = format('no redaction of %s of event %s without its event: position %s is not a later TextRedacted of that event and field',
                coalesce(p_field, '(no field)'), coalesce(p_event_id::text, '(no id)'), coalesce(p_position::text, '(none)'));
    END IF;
    SELECT * INTO v_row FROM mcledger.event_texts t WHERE t.event_id = p_event_id AND t.field = p_field FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'MCL04',
            MESSAGE = format('event %s has no %s text beside the log to redact', p_event_id, p_field);
    ELSIF v_row.redacted_position IS NOT NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'MCL04',
            MESSAGE = format('the %s text of event %s was already redacted at position %s', p_field, p_event_id, v_row.redacted_position);
    END IF;

    WITH holders AS (
        SELECT v_target.event_id AS event_id
        UNION
        SELECT e.event_id FROM mcledger.events e
         WHERE p_field = 'reason' AND v_target.command_id IS NOT NULL AND e.command_id = v_target.command_id
           AND v_target.metadata ? 'reasonSha256' AND e.metadata->>'reasonSha256' = v_target.metadata->>'reasonSha256'
    ), redacted AS (
        UPDATE mcledger.event_texts t SET text = NULL, salt = NULL, redacted_position = p_position
          FROM holders h
         WHERE t.event_id = h.event_id AND t.field = p_field AND t.redacted_position IS NULL
        RETURNING t.event_id
    )
    SELECT array_agg(e.position ORDER BY e.position) INTO v_positions
      FROM redacted r JOIN mcledger.events e ON e.event_id = r.event_id;

    -- The read models' copies of the text, both generations: what a rebuild would show.
    v_shown := '[redacted ' || to_char(v_redaction.occurred_on, 'YYYY-MM-DD') || ' by ' || v_redaction.actor
        || coalesce(': ' || (SELECT t.text FROM mcledger.event_texts t WHERE t.event_id = v_redaction.event_id AND t.field = 'reason'), '') || ']';
    FOR v_copy IN
        SELECT * FROM (VALUES
            ('exception', 'roster_tenures', 'exception', 'start_position'),
            ('exception', 'audit_exceptions', 'justification', 'position'),
            ('waiver', 'audit_exceptions', 'justification', 'position'),
            ('waiver', 'audit_stipends', 'waiver', 'approved_position'),
            ('deiApproval', 'roster_tenures', 'dei_approval', 'start_position'),
            ('saApproval', 'roster_tenures', 'sa_approval', 'start_position'),
            ('reference', 'audit_stipends', 'reference', 'paid_position'),
            ('reason', 'roster_communities', 'retired_reason', 'retired_position'),
            ('reason', 'audit_stipends', 'reversed_reason', 'reversed_position'),
            ('reason', 'audit_corrections', 'reason', 'position'),
            ('reason', 'audit_adjustments', 'reason', 'position')
        ) AS m(field, tab, col, pos)
         WHERE m.field = p_field
    LOOP
        FOREACH v_table IN ARRAY ARRAY[v_copy.tab || '_a', v_copy.tab || '_b'] LOOP
            EXECUTE format('UPDATE mcledger.%I SET %I = $1 WHERE %I = ANY ($2) AND %I IS NOT NULL',
                           v_table, v_copy.col, v_copy.pos, v_copy.col)
              USING v_shown, v_positions;
        END LOOP;
    END LOOP;
    RETURN coalesce(cardinality(v_positions), 0);
END
$$;

-- 6. Ownership and privileges -----------------------------------------------------------

ALTER TABLE mcledger.event_texts OWNER TO mcledger_owner;
ALTER VIEW mcledger.event_texts_shown OWNER TO mcledger_owner;
ALTER FUNCTION mcledger.refuse_text_change() OWNER TO mcledger_owner;
ALTER FUNCTION mcledger.text_commitment(bytea, text) OWNER TO mcledger_owner;
ALTER FUNCTION mcledger.text_commitments(jsonb, jsonb, text) OWNER TO mcledger_owner;
ALTER FUNCTION mcledger.record_texts(jsonb) OWNER TO mcledger_owner;
ALTER FUNCTION mcledger.redact_text(uuid, text, bigint) OWNER TO mcledger_owner;
REVOKE ALL ON mcledger.event_texts, mcledger.event_texts_shown FROM PUBLIC;
REVOKE ALL ON FUNCTION mcledger.refuse_text_change(), mcledger.text_commitment(bytea, text),
    mcledger.text_commitments(jsonb, jsonb, text), mcledger.record_texts(jsonb), mcledger.redact_text(uuid, text, bigint) FROM PUBLIC;
GRANT SELECT ON mcledger.event_texts, mcledger.event_texts_shown TO mcledger_writer, mcledger_auditor, mcledger_reporter;
GRANT EXECUTE ON FUNCTION mcledger.text_commitment(bytea, text), mcledger.text_commitments(jsonb, jsonb, text)
    TO mcledger_writer, mcledger_auditor, mcledger_reporter;
GRANT EXECUTE ON FUNCTION mcledger.record_texts(jsonb), mcledger.redact_text(uuid, text, bigint) TO mcledger_writer;
