-- 005_report_runs.sql — the nightly report's own record, and a reporter that only reads.
--
-- GUARANTEES 9: mcledger_reporter reads the projections and writes only its report
-- checkpoint table. Until now the reporter could also write the read models (003 let the
-- nightly job catch them up). Here it loses INSERT, UPDATE, DELETE and TRUNCATE on every
-- projection table, and gains mcledger.report_runs.
--
-- Who keeps the projections current: every write of the CLI (mcledger_writer) catches
-- them up before it returns, and `mcledger projections catch-up | rebuild | follow` runs as
-- mcledger_writer (the nightly timer runs a catch-up as the writer before the report; see
-- deploy/). `mcledger report nightly` as the reporter reads the projections in one
-- snapshot with the chain it verifies, and refuses (exit 75) when they lag that head,
-- rather than report on a read model older than the manifest says.
--
-- mcledger.report_runs: one row per report written, recorded after the folder is in
-- place: the as-of day and year reported, the ledger head the files describe, the
-- SHA-256 of the manifest.json written, where, and when. Rows are only ever inserted
-- (no role but the owner may change or delete one), so the table is the program's own
-- account of which reports exist; the manifests kept outside the database remain the
-- evidence that history was not rewritten (`report nightly --check-digest`).
--
--   SELECT run, as_of, year, head_position, manifest_sha256, finished_at, recorded_by
--     FROM mcledger.report_runs ORDER BY run DESC LIMIT 7;

CREATE TABLE mcledger.report_runs (
    run              bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    as_of            date        NOT NULL,
    year             text        NOT NULL CHECK (year ~ '^[0-9]{4}-[0-9]{2}$'),
    head_position    bigint      NOT NULL CHECK (head_position >= 0),
    head_hash        text        NOT NULL CHECK (head_hash ~ '^[0-9a-f]{64}$'),
    manifest_sha256  text        NOT NULL CHECK (manifest_sha256 ~ '^[0-9a-f]{64}$'),
    folder           text        NOT NULL CHECK (folder <> ''),
    started_at       timestamptz NOT NULL,
    finished_at      timestamptz NOT NULL CHECK (finished_at >= started_at),
    recorded_by      text        NOT NULL DEFAULT session_user,
    recorded_at      timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE mcledger.report_runs OWNER TO mcledger_owner;
REVOKE ALL ON mcledger.report_runs FROM PUBLIC;
GRANT SELECT, INSERT ON mcledger.report_runs TO mcledger_reporter, mcledger_writer;
GRANT SELECT ON mcledger.report_runs TO mcledger_auditor;

DO $reporter$
DECLARE
    r record;
BEGIN
    FOR r IN SELECT c.relname FROM pg_catalog.pg_class c
              WHERE c.relnamespace = 'mcledger'::regnamespace
                AND c.relkind = 'r'
                AND (c.relname LIKE 'projection\_%' OR c.relname LIKE 'roster\_%'
                     OR c.relname LIKE 'compliance\_%' OR c.relname LIKE 'audit\_%') LOOP
        EXECUTE format('REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON mcledger.%I FROM mcledger_reporter', r.relname);
    END LOOP;
END
$reporter$;
