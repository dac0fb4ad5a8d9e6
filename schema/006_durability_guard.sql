-- 006_durability_guard.sql — no event is acknowledged that a crash could take back.
--
-- GUARANTEES 34. An append that commits with `synchronous_commit = off` returns before
-- its WAL reaches disk, and a server with `fsync = off` never makes sure it does: either
-- way a crash can lose an event the ledger already reported as recorded, and the next
-- event would then carry its position and chain from the wrong hash. `local` waits for
-- the local disk only, never for a synchronous standby the operator relies on.
--
-- So every statement that inserts into mcledger.events (the append function, and through
-- it every import) first checks the settings in force for its own transaction, and
-- refuses with SQLSTATE MCL05 unless `fsync` is on and `synchronous_commit` is `on`,
-- `remote_write` or `remote_apply`. A session's `SET synchronous_commit = off`, or a
-- `SET LOCAL` inside the transaction, is seen too. Nothing is written: the refusal
-- rolls the whole append back. The check costs two setting lookups per append.
--
-- The refusal is deliberate rather than a warning: a ledger that may lose acknowledged
-- entries cannot promise what GUARANTEES 33 proves. An operator who wants speed for a
-- throwaway copy can drop this trigger there as the owner; the log keeps no record of
-- how it was configured, so do not do that to the program's ledger.

CREATE FUNCTION mcledger.require_durable_commit() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_fsync  text := current_setting('fsync');
    v_commit text := current_setting('synchronous_commit');
BEGIN
    IF v_fsync <> 'on' THEN
        RAISE EXCEPTION USING ERRCODE = 'MCL05',
            MESSAGE = 'the server runs with fsync = off: a crash could lose an event the ledger had acknowledged, so it refuses to append',
            HINT = 'set fsync = on in postgresql.conf and reload the server';
    END IF;
    IF v_commit NOT IN ('on', 'remote_write', 'remote_apply') THEN
        RAISE EXCEPTION USING ERRCODE = 'MCL05',
            MESSAGE = format('this session commits with synchronous_commit = %s: a crash could lose an event the ledger had acknowledged, so it refuses to append', v_commit),
            HINT = 'use synchronous_commit = on (the default); look for it in the connection options, the role''s or database''s settings, or postgresql.conf';
    END IF;
    RETURN NULL;
END
$$;
ALTER FUNCTION mcledger.require_durable_commit() OWNER TO mcledger_owner;
REVOKE ALL ON FUNCTION mcledger.require_durable_commit() FROM PUBLIC;

CREATE TRIGGER events_require_durable_commit
    BEFORE INSERT ON mcledger.events
    FOR EACH STATEMENT EXECUTE FUNCTION mcledger.require_durable_commit();
