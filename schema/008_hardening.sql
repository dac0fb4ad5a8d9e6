-- 008_hardening.sql — the database's own defences against a login it lets in.
--
-- Issue 12. Migration 007 is reserved for signed checkpoints; this one stands alone.
--
-- 1. CONNECT. PostgreSQL grants CONNECT on every new database to PUBLIC, so any login of
--    the cluster could open a session here, hold locks, LISTEN and NOTIFY. Now only the
--    ledger's roles may connect, each through its membership:
--
--        CREATE ROLE ann LOGIN IN ROLE mcledger_auditor;    -- connects as an auditor
--        CREATE ROLE clerk LOGIN IN ROLE mcledger_writer;   -- connects as an administrator
--        CREATE ROLE nightly LOGIN IN ROLE mcledger_reporter;
--
--    Superusers and the database's owner connect as before (the tests and scripts/demo
--    connect as the cluster's superuser). A login that holds none of the roles is
--    refused at connection time: "permission denied for database".
--
-- 2. The ledger's lock. mcledger.append serialises appends with a transaction-level
--    advisory lock, and the projectors take one each; PostgreSQL lets every role call
--    the advisory-lock functions, so a login could hold the ledger's key for ever and
--    hang every append. EXECUTE on the bigint advisory-lock functions is revoked from
--    PUBLIC in this database and granted to the roles that need it: mcledger_owner (the
--    append runs as it) and mcledger_writer (the projectors). The two-int4 forms lock a
--    different key space (objsubid 2), so they cannot reach our keys. Revoking on
--    pg_catalog functions needs a superuser: a migration run by a non-superuser owner
--    skips it with a WARNING (connections are then the only guard). Every CLI session
--    also sets lock_timeout, so a lock held elsewhere ends in a clear error, not a hang.
--
-- 3. Notifications. LISTEN and NOTIFY cannot be granted per channel: with CONNECT
--    limited to ledger roles, only they can reach `mcledger_events`, and `projections
--    follow` treats a notification as a wake-up only (it reads the log past its
--    checkpoint, and polls anyway), so a spurious one costs one empty read. The
--    function form pg_notify() is revoked from PUBLIC like the locks.
--
-- 4. mcledger.report_runs is written only through mcledger.record_report_run(), which
--    sets what no caller should choose: the run number, who recorded it (session_user),
--    when (the server's clock, also the finish time; a start the client's clock puts
--    later is clamped to it), and the head hash, read from the log at the head position
--    the report names (a position beyond the log is refused).
--    The reporter and the writer lose INSERT on the table and gain EXECUTE on the
--    function.

DO $connect$
BEGIN
    EXECUTE pg_catalog.format('REVOKE CONNECT ON DATABASE %I FROM PUBLIC', pg_catalog.current_database());
    EXECUTE pg_catalog.format('GRANT CONNECT ON DATABASE %I TO mcledger_writer, mcledger_auditor, mcledger_reporter', pg_catalog.current_database());
END
$connect$;

DO $locks$
DECLARE
    f text;
BEGIN
    IF NOT (SELECT r.rolsuper FROM pg_catalog.pg_roles r WHERE r.rolname = current_user) THEN
        RAISE WARNING 'not a superuser: the advisory-lock functions stay callable by every role that can connect';
        RETURN;
    END IF;
    FOREACH f IN ARRAY ARRAY[
        'pg_advisory_lock(bigint)', 'pg_advisory_lock_shared(bigint)',
        'pg_advisory_xact_lock(bigint)', 'pg_advisory_xact_lock_shared(bigint)',
        'pg_try_advisory_lock(bigint)', 'pg_try_advisory_lock_shared(bigint)',
        'pg_try_advisory_xact_lock(bigint)', 'pg_try_advisory_xact_lock_shared(bigint)',
        'pg_notify(text, text)'
    ] LOOP
        EXECUTE pg_catalog.format('REVOKE EXECUTE ON FUNCTION pg_catalog.%s FROM PUBLIC', f);
        EXECUTE pg_catalog.format('GRANT EXECUTE ON FUNCTION pg_catalog.%s TO mcledger_owner, mcledger_writer', f);
    END LOOP;
END
$locks$;

CREATE FUNCTION mcledger.record_report_run(
    p_as_of date,
    p_year text,
    p_head_position bigint,
    p_manifest_sha256 text,
    p_folder text,
    p_started_at timestamptz
) RETURNS bigint
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_hash text;
    v_run  bigint;
BEGIN
    IF p_head_position = 0 THEN
        v_hash := repeat('0', 64);
    ELSE
        SELECT encode(e.hash, 'hex') INTO v_hash FROM mcledger.events e WHERE e.position = p_head_position;
        IF NOT FOUND THEN
            RAISE EXCEPTION USING ERRCODE = 'MCL04',
                MESSAGE = format('a report cannot describe head position %s: the log has no such event', p_head_position);
        END IF;
    END IF;
    INSERT INTO mcledger.report_runs (as_of, year, head_position, head_hash, manifest_sha256, folder,
                                      started_at, finished_at, recorded_by, recorded_at)
    VALUES (p_as_of, p_year, p_head_position, v_hash, p_manifest_sha256, p_folder,
            least(p_started_at, clock_timestamp()), clock_timestamp(), session_user, now())
    RETURNING run INTO v_run;
    RETURN v_run;
END
$$;
ALTER FUNCTION mcledger.record_report_run(date, text, bigint, text, text, timestamptz) OWNER TO mcledger_owner;
REVOKE ALL ON FUNCTION mcledger.record_report_run(date, text, bigint, text, text, timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION mcledger.record_report_run(date, text, bigint, text, text, timestamptz)
    TO mcledger_reporter, mcledger_writer;
REVOKE INSERT ON mcledger.report_runs FROM mcledger_reporter, mcledger_writer;
