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
-- 4. WHO READS TEXTS. Free text may name a student ("moved at Ana R.'s request"), so
--    it is read like a name (schema/013): mcledger.may_read_texts() is true for members of
--    the writer, the reporter, the directory reader and the projector (which copies texts
--    into the read models), and for superusers. Everyone else, the auditor above all,
--    sees in mcledger.event_texts_shown, the audit trail and the read models' views
--    '[withheld]' for a text and '[redacted DATE by LOGIN]' (without its reason) for a
--    redacted one; the events carry only commitments. The table itself (texts and salts)
--    is read by the writer and the reporter; the auditor checks the texts against their
--    commitments through mcledger.text_problems(), which reports positions and fields,
--    never a text. Events written before this migration keep their text inline, and an
--    auditor reads the log: those texts stay readable to whoever reads events.
--
-- 5. THE CUT-OVER. Version 1 of each type whose text moved may no longer hold that text:
--    its registry row lists the same text fields as version 2, so a hand-made
--    mcledger.append of an old-style event with its text inline is refused (MCL06),
--    naming the version to write instead. The version 1 events already in the log are
--    untouched and read (upcast) as before.

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

-- Whether the current role may read free text beside the log (section 4 above).
CREATE FUNCTION mcledger.may_read_texts() RETURNS boolean
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, pg_temp
    RETURN pg_catalog.pg_has_role(current_user, 'mcledger_directory_reader', 'MEMBER')
        OR pg_catalog.pg_has_role(current_user, 'mcledger_writer', 'MEMBER')
        OR pg_catalog.pg_has_role(current_user, 'mcledger_reporter', 'MEMBER')
        OR pg_catalog.pg_has_role(current_user, 'mcledger_projector', 'MEMBER');


-- Each text as readers show it: the text, or the notice of its redaction with the date,
-- actor and reason of the TextRedacted event (no reason if that too was redacted). To a
-- role that may not read texts: '[withheld]', or the notice without its reason.
CREATE VIEW mcledger.event_texts_shown AS
    SELECT t.event_id, t.field,
           CASE WHEN t.redacted_position IS NULL THEN
                     CASE WHEN mcledger.may_read_texts() THEN t.text ELSE '[withheld]' END
                ELSE '[redacted ' || coalesce(to_char(r.occurred_on, 'YYYY-MM-DD'), '?') || ' by ' || coalesce(r.actor, '?')
                     || CASE WHEN mcledger.may_read_texts() THEN coalesce(': ' || rr.text, '') ELSE '' END || ']'
           END AS text,
           t.redacted_position
      FROM mcledger.event_texts t
      LEFT JOIN mcledger.events r ON r.position = t.redacted_position
      LEFT JOIN mcledger.event_texts rr ON rr.event_id = r.event_id AND rr.field = 'reason';

-- A read model's copy of the p_field text of the event at p_position, as the current role
-- may see it: the copy itself for those who may read texts; for others what
-- event_texts_shown shows of it ('[withheld]', or the notice without its reason), or the
-- copy when the text is not beside the log (an event written before this migration holds
-- it inline, readable with the event). So a rebuild in memory by any role agrees with the
-- rows it reads (`projections verify`). NULL stays NULL.
CREATE FUNCTION mcledger.shown_text(p_text text, p_position bigint, p_field text) RETURNS text
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, pg_temp
    RETURN CASE WHEN p_text IS NULL OR mcledger.may_read_texts() THEN p_text
                ELSE coalesce((SELECT s.text FROM mcledger.events e
                                 JOIN mcledger.event_texts_shown s ON s.event_id = e.event_id AND s.field = p_field
                                WHERE e.position = p_position), p_text)
           END;

-- The read models' copies of texts (roster exceptions and approvals, the audit's waivers,
-- references and reasons), through the same rule: the views of schema/003 again, each
-- text column shown only to those who may read texts.
CREATE OR REPLACE VIEW mcledger.roster_communities AS
    SELECT t.community, t.name, t.focus, t.established_on, t.established_position, t.retired_on,
           t.retired_position, mcledger.shown_text(t.retired_reason, t.retired_position, 'reason') AS retired_reason, t.epoch_from, t.epoch_to
      FROM mcledger.roster_communities_a t
     WHERE (SELECT g.active FROM mcledger.projection_generations g WHERE g.projector = 'roster') = 'a'
    UNION ALL
    SELECT t.community, t.name, t.focus, t.established_on, t.established_position, t.retired_on,
           t.retired_position, mcledger.shown_text(t.retired_reason, t.retired_position, 'reason'), t.epoch_from, t.epoch_to
      FROM mcledger.roster_communities_b t
     WHERE (SELECT g.active FROM mcledger.projection_generations g WHERE g.projector = 'roster') = 'b';

CREATE OR REPLACE VIEW mcledger.roster_tenures AS
    SELECT t.community, t.role, t.person, t.since, t.until, t.start_position, t.end_position,
           mcledger.shown_text(t.exception, t.start_position, 'exception') AS exception, mcledger.shown_text(t.dei_approval, t.start_position, 'deiApproval') AS dei_approval,
           mcledger.shown_text(t.sa_approval, t.start_position, 'saApproval') AS sa_approval, t.epoch_from, t.epoch_to
      FROM mcledger.roster_tenures_a t
     WHERE (SELECT g.active FROM mcledger.projection_generations g WHERE g.projector = 'roster') = 'a'
    UNION ALL
    SELECT t.community, t.role, t.person, t.since, t.until, t.start_position, t.end_position,
           mcledger.shown_text(t.exception, t.start_position, 'exception'), mcledger.shown_text(t.dei_approval, t.start_position, 'deiApproval'),
           mcledger.shown_text(t.sa_approval, t.start_position, 'saApproval'), t.epoch_from, t.epoch_to
      FROM mcledger.roster_tenures_b t
     WHERE (SELECT g.active FROM mcledger.projection_generations g WHERE g.projector = 'roster') = 'b';

CREATE OR REPLACE VIEW mcledger.audit_stipends AS
    SELECT t.community, t.year, t.payee, t.amount_cents, t.status, t.requested_on, t.requested_position, t.requested_by,
           t.approved_on, t.approved_position, t.approved_by, mcledger.shown_text(t.waiver, t.approved_position, 'waiver') AS waiver,
           t.paid_on, t.paid_position, t.paid_by, t.paid_cents, mcledger.shown_text(t.reference, t.paid_position, 'reference') AS reference,
           t.reversed_on, t.reversed_position, t.reversed_by, mcledger.shown_text(t.reversed_reason, t.reversed_position, 'reason') AS reversed_reason, t.anomalies
      FROM mcledger.audit_stipends_a t
     WHERE (SELECT g.active FROM mcledger.projection_generations g WHERE g.projector = 'audit') = 'a'
    UNION ALL
    SELECT t.community, t.year, t.payee, t.amount_cents, t.status, t.requested_on, t.requested_position, t.requested_by,
           t.approved_on, t.approved_position, t.approved_by, mcledger.shown_text(t.waiver, t.approved_position, 'waiver'),
           t.paid_on, t.paid_position, t.paid_by, t.paid_cents, mcledger.shown_text(t.reference, t.paid_position, 'reference'),
           t.reversed_on, t.reversed_position, t.reversed_by, mcledger.shown_text(t.reversed_reason, t.reversed_position, 'reason'), t.anomalies
      FROM mcledger.audit_stipends_b t
     WHERE (SELECT g.active FROM mcledger.projection_generations g WHERE g.projector = 'audit') = 'b';

CREATE OR REPLACE VIEW mcledger.audit_exceptions AS
    SELECT t.kind, t.community, t.person, t.year, t.since, t.until, mcledger.shown_text(t.justification, t.position, CASE t.kind WHEN 'stipend-waiver' THEN 'waiver' ELSE 'exception' END) AS justification, t.position, t.actor
      FROM mcledger.audit_exceptions_a t
     WHERE (SELECT g.active FROM mcledger.projection_generations g WHERE g.projector = 'audit') = 'a'
    UNION ALL
    SELECT t.kind, t.community, t.person, t.year, t.since, t.until, mcledger.shown_text(t.justification, t.position, CASE t.kind WHEN 'stipend-waiver' THEN 'waiver' ELSE 'exception' END), t.position, t.actor
      FROM mcledger.audit_exceptions_b t
     WHERE (SELECT g.active FROM mcledger.projection_generations g WHERE g.projector = 'audit') = 'b';

CREATE OR REPLACE VIEW mcledger.audit_corrections_all AS
    SELECT t.position, t.stream, t.occurred_on, t.actor, mcledger.shown_text(t.reason, t.position, 'reason') AS reason, t.voids_event_id, t.voided_type, t.post_close
      FROM mcledger.audit_corrections_a t
     WHERE (SELECT g.active FROM mcledger.projection_generations g WHERE g.projector = 'audit') = 'a'
    UNION ALL
    SELECT t.position, t.stream, t.occurred_on, t.actor, mcledger.shown_text(t.reason, t.position, 'reason'), t.voids_event_id, t.voided_type, t.post_close
      FROM mcledger.audit_corrections_b t
     WHERE (SELECT g.active FROM mcledger.projection_generations g WHERE g.projector = 'audit') = 'b';

CREATE OR REPLACE VIEW mcledger.audit_adjustments AS
    SELECT t.position, t.stream, t.type, t.occurred_on, t.actor, mcledger.shown_text(t.reason, t.position, 'reason') AS reason FROM mcledger.audit_adjustments_a t
     WHERE (SELECT g.active FROM mcledger.projection_generations g WHERE g.projector = 'audit') = 'a'
    UNION ALL
    SELECT t.position, t.stream, t.type, t.occurred_on, t.actor, mcledger.shown_text(t.reason, t.position, 'reason') FROM mcledger.audit_adjustments_b t
     WHERE (SELECT g.active FROM mcledger.projection_generations g WHERE g.projector = 'audit') = 'b';

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

-- Every text problem of the events from position p_from on, as `mcledger verify` reports
-- them: a text that no longer matches its commitment ('altered'), a commitment with no
-- text or redaction ('missing'), a redaction no TextRedacted event explains
-- ('unexplained'), a text of no event ('orphan', checked from position 1 only). Positions
-- and fields only, never a text: it runs as the owner, so an auditor, who may not read
-- texts, checks them too. docs/VERIFYING.md shows the same SQL over the table.
CREATE FUNCTION mcledger.text_problems(p_from bigint)
    RETURNS TABLE (problem_position bigint, problem_event text, problem_field text, problem_kind text)
    LANGUAGE sql STABLE
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
    SELECT e.position, t.event_id::text, t.field, 'altered'
      FROM mcledger.event_texts t JOIN mcledger.events e ON e.event_id = t.event_id
     WHERE e.position >= p_from AND t.text IS NOT NULL
       AND NOT coalesce(cardinality(mcledger.text_commitments(e.data, e.metadata, t.field)) > 0
               AND mcledger.text_commitment(t.salt, t.text) = ALL (mcledger.text_commitments(e.data, e.metadata, t.field)), false)
    UNION ALL
    SELECT e.position, e.event_id::text, f.field, 'missing'
      FROM mcledger.events e
     CROSS JOIN LATERAL (
            SELECT k FROM jsonb_object_keys(CASE WHEN jsonb_typeof(e.data -> 'texts') = 'object' THEN e.data -> 'texts' ELSE '{}' END) k
            UNION SELECT 'reason' WHERE e.metadata ? 'reasonSha256') f(field)
      LEFT JOIN mcledger.event_texts t ON t.event_id = e.event_id AND t.field = f.field
     WHERE e.position >= p_from AND (e.data ? 'texts' OR e.metadata ? 'reasonSha256') AND t.event_id IS NULL
    UNION ALL
    SELECT e.position, t.event_id::text, t.field, 'unexplained'
      FROM mcledger.event_texts t JOIN mcledger.events e ON e.event_id = t.event_id
      LEFT JOIN mcledger.events r ON r.position = t.redacted_position
     WHERE e.position >= p_from AND t.text IS NULL
       AND NOT coalesce(r.type = 'TextRedacted' AND r.data ->> 'field' = t.field AND r.position > e.position
               AND EXISTS (SELECT 1 FROM mcledger.events x
                            WHERE x.event_id = CASE WHEN r.data ->> 'event' ~ '^[0-9a-f-]{36}$' THEN (r.data ->> 'event')::uuid END
                              AND mcledger.text_commitments(x.data, x.metadata, t.field) && mcledger.text_commitments(e.data, e.metadata, t.field)), false)
    UNION ALL
    SELECT NULL::bigint, t.event_id::text, t.field, 'orphan'
      FROM mcledger.event_texts t LEFT JOIN mcledger.events e ON e.event_id = t.event_id
     WHERE e.event_id IS NULL AND p_from = 1
    ORDER BY 1 NULLS FIRST, 3;
END;

-- How many present texts of the events from position p_from on were checked.
CREATE FUNCTION mcledger.texts_checked(p_from bigint) RETURNS bigint
    LANGUAGE sql STABLE
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
    RETURN (SELECT count(*) FROM mcledger.event_texts t JOIN mcledger.events e ON e.event_id = t.event_id
             WHERE e.position >= p_from AND t.text IS NOT NULL);

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

-- The cut-over (section 5): version 1 of each of those types may no longer carry its text.
UPDATE mcledger.event_types v1 SET text_fields = v2.text_fields
  FROM mcledger.event_types v2
 WHERE v1.schema_version = 1 AND v2.type = v1.type AND v2.schema_version = 2 AND v2.text_fields <> '{}';

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
            MESSAGE = CASE WHEN v_bad.schema_version = 1 THEN
                format('a %s event at schema version 1 with its %s inline is no longer written: since schema/015 that text lives beside the log; append schema version 2, committed under "texts"',
                    v_bad.type, array_to_string(v_bad.inline, ', '))
                ELSE format('the payload of a %s event (schema version %s) holds %s inline; that text lives beside the log, committed under "texts"',
                    v_bad.type, v_bad.schema_version, array_to_string(v_bad.inline, ', '))
                END,
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
ALTER FUNCTION mcledger.may_read_texts() OWNER TO mcledger_owner;
ALTER FUNCTION mcledger.shown_text(text, bigint, text) OWNER TO mcledger_owner;
ALTER FUNCTION mcledger.text_problems(bigint) OWNER TO mcledger_owner;
ALTER FUNCTION mcledger.texts_checked(bigint) OWNER TO mcledger_owner;
REVOKE ALL ON mcledger.event_texts, mcledger.event_texts_shown FROM PUBLIC;
REVOKE ALL ON FUNCTION mcledger.refuse_text_change(), mcledger.text_commitment(bytea, text),
    mcledger.text_commitments(jsonb, jsonb, text), mcledger.record_texts(jsonb), mcledger.redact_text(uuid, text, bigint),
    mcledger.may_read_texts(), mcledger.shown_text(text, bigint, text), mcledger.text_problems(bigint), mcledger.texts_checked(bigint) FROM PUBLIC;
-- The texts and salts: the writer (who writes them) and the report job. The auditor reads
-- what the view shows and checks the texts through text_problems (section 4).
GRANT SELECT ON mcledger.event_texts TO mcledger_writer, mcledger_reporter;
GRANT SELECT ON mcledger.event_texts_shown TO mcledger_writer, mcledger_auditor, mcledger_reporter, mcledger_projector;
GRANT EXECUTE ON FUNCTION mcledger.text_commitment(bytea, text), mcledger.text_commitments(jsonb, jsonb, text)
    TO mcledger_writer, mcledger_auditor, mcledger_reporter;
GRANT EXECUTE ON FUNCTION mcledger.may_read_texts(), mcledger.shown_text(text, bigint, text)
    TO mcledger_writer, mcledger_auditor, mcledger_reporter, mcledger_directory_reader, mcledger_projector;
GRANT EXECUTE ON FUNCTION mcledger.text_problems(bigint), mcledger.texts_checked(bigint)
    TO mcledger_writer, mcledger_auditor, mcledger_reporter;
GRANT EXECUTE ON FUNCTION mcledger.record_texts(jsonb), mcledger.redact_text(uuid, text, bigint) TO mcledger_writer;
