-- 012_projector.sql — read models written by a role of their own; a quarantine for the
-- events no reader can decode.
--
-- Issue 12. (011 is the identity work of the same issue.)
--
-- 1. THE PROJECTOR ROLE. Until now mcledger_writer, every administrator's login, could
--    INSERT, UPDATE, DELETE and TRUNCATE every read-model table, the checkpoints and the
--    generation pointers: a deleted finding, an un-paid stipend or a renamed community
--    went unseen until a rebuild, and the nightly report signed it off. Now
--
--        mcledger_projector  (NOLOGIN) reads the log like the reporter does, and alone
--                            writes the read models (schema/003, 004), their
--                            checkpoints, generation pointers and the projector-leads
--                            helper, and the quarantine below; it alone (with the owner)
--                            takes the advisory locks the projectors serialise on.
--        mcledger_writer     keeps SELECT on those tables and loses every write on them,
--                            and the advisory-lock functions (the append takes the
--                            ledger's lock as mcledger_owner, inside mcledger.append).
--
--    Grant the projector duty to the login `mcledger projections follow` runs as, or to
--    the login named by MCLEDGER_PROJECTOR_URL on an administrator's machine:
--
--        CREATE ROLE projector LOGIN IN ROLE mcledger_projector;   -- or: mcledger db grant projector projector
--
--    A write by an administrator then leaves the read models to the follower (or to the
--    projector connection), and `mcledger projections verify` (any ledger role, the
--    auditor included) rebuilds them in memory from the log and names every row that
--    differs from the stored one.
--
-- 2. THE QUARANTINE. An event a reader cannot decode (a superuser's insert, or a payload
--    whose keys the registry of schema/009 accepts but whose values do not parse, such as
--    "hours": "abc") used to stop every catch-up, rebuild and report for good. Projectors
--    now record it here and go on: its position, id, stream, type and schema version and
--    why it cannot be read (never the payload). `mcledger projections quarantine` lists
--    them; `mcledger correct <event-id> --reason …` voids one (EventCorrected, whose
--    voidedType is the row's type), after which writes on its stream work again, and
--    mcledger.quarantined_events shows it resolved, with the position of the correction.
--    The quarantine is itself a read model: the set of events up to the checkpoints that
--    this build cannot decode. A rebuild drops the rows of events it now reads (after an
--    upgrade that brought an upcaster), so `projections verify` compares it like the rest.
--
--      SELECT position, stream, type, problem, resolved_by FROM mcledger.quarantined_events ORDER BY position;

DO $roles$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'mcledger_projector') THEN
        BEGIN
            CREATE ROLE mcledger_projector NOLOGIN;
        EXCEPTION WHEN duplicate_object OR unique_violation THEN
            NULL; -- another database of this cluster created it at the same moment
        END;
    END IF;
END
$roles$;

DO $connect$
BEGIN
    EXECUTE pg_catalog.format('GRANT CONNECT ON DATABASE %I TO mcledger_projector', pg_catalog.current_database());
END
$connect$;

GRANT USAGE ON SCHEMA mcledger TO mcledger_projector;
GRANT SELECT ON mcledger.schema_migrations, mcledger.events, mcledger.ledger_head TO mcledger_projector;

CREATE TABLE mcledger.projection_quarantine (
    position        bigint      NOT NULL PRIMARY KEY,
    event_id        uuid        NOT NULL,
    stream          text        NOT NULL,
    type            text        NOT NULL,
    schema_version  integer     NOT NULL,
    -- Why the event cannot be read: the problem and the payload key, never a value.
    problem         text        NOT NULL,
    first_seen      timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE mcledger.projection_quarantine OWNER TO mcledger_owner;

-- Each quarantined event, resolved once a correction in its stream voids it.
CREATE VIEW mcledger.quarantined_events AS
    SELECT q.position, q.event_id, q.stream, q.type, q.schema_version, q.problem, q.first_seen,
           (SELECT min(c.position) FROM mcledger.events c
             WHERE c.stream = q.stream AND c.type = 'EventCorrected' AND c.position > q.position
               AND c.data->>'voids' = q.event_id::text) AS resolved_by
      FROM mcledger.projection_quarantine q;
ALTER VIEW mcledger.quarantined_events OWNER TO mcledger_owner;

DO $grants$
DECLARE
    r record;
BEGIN
    FOR r IN SELECT c.relname, c.relkind FROM pg_catalog.pg_class c
              WHERE c.relnamespace = 'mcledger'::regnamespace
                AND c.relkind IN ('r', 'v')
                AND (c.relname LIKE 'projection\_%' OR c.relname LIKE 'roster\_%'
                     OR c.relname LIKE 'compliance\_%' OR c.relname LIKE 'audit\_%'
                     OR c.relname = 'quarantined_events') LOOP
        EXECUTE format('REVOKE ALL ON mcledger.%I FROM PUBLIC', r.relname);
        IF r.relkind = 'v' THEN
            EXECUTE format('GRANT SELECT ON mcledger.%I TO mcledger_auditor, mcledger_reporter, mcledger_writer, mcledger_projector', r.relname);
        ELSE
            EXECUTE format('REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON mcledger.%I FROM mcledger_writer, mcledger_reporter', r.relname);
            EXECUTE format('GRANT SELECT ON mcledger.%I TO mcledger_writer, mcledger_reporter', r.relname);
            IF r.relname = 'projection_quarantine' THEN
                EXECUTE format('GRANT SELECT, INSERT, DELETE ON mcledger.%I TO mcledger_projector', r.relname);
            ELSIF r.relname IN ('projection_generations', 'projection_checkpoints', 'projection_leads') THEN
                EXECUTE format('GRANT SELECT, INSERT, UPDATE ON mcledger.%I TO mcledger_projector', r.relname);
            ELSE
                EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON mcledger.%I TO mcledger_projector', r.relname);
            END IF;
        END IF;
    END LOOP;
END
$grants$;

-- The projectors' advisory locks: as in schema/008, only a superuser may change who
-- executes pg_catalog's functions; a non-superuser migration leaves them as they were.
DO $locks$
DECLARE
    f text;
BEGIN
    IF NOT (SELECT r.rolsuper FROM pg_catalog.pg_roles r WHERE r.rolname = current_user) THEN
        RAISE WARNING 'not a superuser: the advisory-lock functions keep the grants they had';
        RETURN;
    END IF;
    FOREACH f IN ARRAY ARRAY[
        'pg_advisory_lock(bigint)', 'pg_advisory_lock_shared(bigint)',
        'pg_advisory_xact_lock(bigint)', 'pg_advisory_xact_lock_shared(bigint)',
        'pg_try_advisory_lock(bigint)', 'pg_try_advisory_lock_shared(bigint)',
        'pg_try_advisory_xact_lock(bigint)', 'pg_try_advisory_xact_lock_shared(bigint)'
    ] LOOP
        EXECUTE pg_catalog.format('REVOKE EXECUTE ON FUNCTION pg_catalog.%s FROM mcledger_writer', f);
        EXECUTE pg_catalog.format('GRANT EXECUTE ON FUNCTION pg_catalog.%s TO mcledger_projector', f);
    END LOOP;
END
$locks$;
