-- 010_canonical_dates.sql — dates the canonical form cannot alias, refused and exposed.
--
-- Issue 13, "holes in today's chain". The canonical form (schema/001) writes the two
-- dates with to_char(…, 'YYYY-MM-DD'), which drops the era: 15 March 44 BC printed the
-- same as 15 March 44 AD, so moving an event's date to the same day BC passed verify,
-- the SQL recipe and the nightly digest. A date or time of 'infinity' made the form
-- NULL: the recipe's comparison was NULL (never reported) and verify stopped with an
-- error naming no position.
--
-- mcledger never writes such values, so the fix keeps every existing hash valid:
--
--   1. The log refuses them: occurred_on must lie in 0001-01-01 … 9999-12-31 and
--      recorded_at be finite, in the same years (a CHECK, so even a session that turns
--      triggers off cannot insert one; the append is refused with invalid input).
--   2. The canonical form of a date or time inside those years is unchanged. One outside
--      them (which only a change behind the ledger's back can put there) is written with
--      its era, `YYYY-MM-DD BC`, or as `infinity` / `-infinity`: text the append never
--      hashed, so the event's stored hash no longer matches and verify names it. The
--      Swift verifier reads the columns with the same expressions (mcledger.canonical_date
--      and mcledger.canonical_time).
--
-- The recipe of schema/001 still holds with two amendments (docs/VERIFYING.md §3): compare
-- with `IS DISTINCT FROM` rather than `<>`, and count the rows, since the recursive CTE
-- stops silently at a gap in positions.

CREATE FUNCTION mcledger.canonical_date(p_date date) RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE  -- STABLE: to_char is; not STRICT, so the planner inlines it
    RETURN CASE
        WHEN NOT isfinite(p_date) THEN p_date::text
        WHEN p_date < DATE '0001-01-01' THEN to_char(p_date, 'YYYY-MM-DD') || ' BC'
        ELSE to_char(p_date, 'YYYY-MM-DD')
    END;

CREATE FUNCTION mcledger.canonical_time(p_time timestamptz) RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE  -- STABLE: to_char is; not STRICT, so the planner inlines it
    RETURN CASE
        WHEN NOT isfinite(p_time) THEN p_time::text
        WHEN p_time AT TIME ZONE 'UTC' < TIMESTAMP '0001-01-01 00:00:00'
            THEN to_char(p_time AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') || ' BC'
        ELSE to_char(p_time AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
    END;

CREATE OR REPLACE FUNCTION mcledger.canonical_form(
    p_position bigint, p_stream text, p_version integer, p_event_id uuid, p_type text,
    p_schema_version integer, p_occurred_on date, p_recorded_at timestamptz, p_actor text,
    p_command_id text, p_correlation_id uuid, p_data jsonb, p_metadata jsonb
) RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
    RETURN mcledger.netstring(p_position::text)
        || mcledger.netstring(p_stream)
        || mcledger.netstring(p_version::text)
        || mcledger.netstring(p_event_id::text)
        || mcledger.netstring(p_type)
        || mcledger.netstring(p_schema_version::text)
        || mcledger.netstring(mcledger.canonical_date(p_occurred_on))
        || mcledger.netstring(mcledger.canonical_time(p_recorded_at))
        || mcledger.netstring(p_actor)
        || mcledger.netstring(coalesce(p_command_id, ''))
        || mcledger.netstring(coalesce(p_correlation_id::text, ''))
        || mcledger.netstring(p_data::text)
        || mcledger.netstring(p_metadata::text);

ALTER TABLE mcledger.events
    ADD CONSTRAINT events_occurred_on_in_era
        CHECK (occurred_on BETWEEN DATE '0001-01-01' AND DATE '9999-12-31'),
    ADD CONSTRAINT events_recorded_at_in_era
        CHECK (isfinite(recorded_at) AND recorded_at >= TIMESTAMPTZ '0001-01-01 00:00:00+00'
               AND recorded_at < TIMESTAMPTZ '10000-01-01 00:00:00+00');

ALTER FUNCTION mcledger.canonical_date(date) OWNER TO mcledger_owner;
ALTER FUNCTION mcledger.canonical_time(timestamptz) OWNER TO mcledger_owner;
REVOKE ALL ON FUNCTION mcledger.canonical_date(date), mcledger.canonical_time(timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION mcledger.canonical_date(date), mcledger.canonical_time(timestamptz)
    TO mcledger_writer, mcledger_auditor, mcledger_reporter;
