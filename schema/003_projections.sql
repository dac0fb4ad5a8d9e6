-- 003_projections.sql — the read models (rosters, compliance, audit) and the auditors' views.
--
-- Projectors fold the log into these tables (Sources/Projections). Nothing here is a
-- source of truth: every row can be rebuilt from mcledger.events (`mcledger projections
-- rebuild`), and a rebuild gives exactly the rows incremental catch-up gives.
--
-- ---------------------------------------------------------------------------------------
-- CHECKPOINTS, GENERATIONS AND THE SWAP
--
-- Each projector (roster, compliance, audit) owns two generations of its tables, `_a` and
-- `_b`. mcledger.projection_generations names the active one; every view below reads the
-- active generation only (the other branch of its UNION ALL is skipped by a one-time
-- filter). A rebuild truncates the inactive generation, fills it from position 0 while
-- readers go on reading the active one, catches it up to the head, and flips the pointer
-- in the transaction that stores its checkpoint: readers see the old model or the new
-- one, never a half-built one. A rebuild that is cancelled or killed leaves the active
-- generation untouched.
--
-- mcledger.projection_checkpoints holds, per projector and generation, the last position
-- folded. A projector writes its rows and its checkpoint in one transaction, under a
-- transaction-level advisory lock per projector, so a crash between the two loses both
-- and the next run redoes the batch: exactly once. Positions are gap-free and equal to
-- commit order (schema/001), so reading `position > checkpoint` never skips an event.
--
-- Who runs projectors: the CLI (mcledger_writer) catches them up after every write, and
-- the nightly job (mcledger_reporter) runs `projections catch-up`, `rebuild` or `follow`.
-- Both may write the base tables below; neither may touch mcledger.events.
--
-- ---------------------------------------------------------------------------------------
-- WHAT AN AUDITOR READS (mcledger_auditor: SELECT on these views and nothing else here)
--
--   mcledger.projection_status      per projector: active generation, checkpoint, head,
--                                   lag in events and seconds.
--   mcledger.roster_communities     every community: name, focus, established/retired.
--   mcledger.roster_tenures         every membership period: community, role, person,
--                                   since, until (NULL: still a member), the positions
--                                   that opened and closed it, a leader's LDR-03
--                                   exception, a local member's DEI/SA approvals.
--                                   epoch_from/epoch_to: see "corrections" below.
--   mcledger.roster_current         today's members with names (people directory).
--   mcledger.compliance_findings    per academic year: rule, community (NULL for PRG
--                                   rules), person (when one leader), severity
--                                   (violation | warning | advisory), message, and
--                                   evidence (positions of supporting events).
--   mcledger.compliance_evaluations per year and scope (community id, '' = program):
--                                   the day the findings were evaluated as of.
--   mcledger.audit_stipends         one row per stipend: each step's date, position and
--                                   actor, and its anomalies (jsonb [{rule, message}]).
--   mcledger.audit_exceptions       LDR-03 leader exceptions and STP-05 waivers with
--                                   their written justification.
--   mcledger.audit_corrections      each correction, the event it voids and why.
--   mcledger.audit_adjustments      each write dated in a closed year (post-close).
--   mcledger.audit_trail            subject (person or community id) × every event that
--                                   touches it, with actor, reason, dates and payload.
--
-- Examples (psql as a role granted mcledger_auditor):
--
--   -- who is in c-latinx on 2026-10-01?
--   SELECT role, person, since, until FROM mcledger.roster_tenures
--    WHERE community = 'c-latinx' AND since <= '2026-10-01' AND (until IS NULL OR until > '2026-10-01')
--      AND (epoch_from IS NULL OR epoch_from <= '2026-10-01') AND (epoch_to IS NULL OR '2026-10-01' < epoch_to);
--   -- violations of 2025-26
--   SELECT rule, community, person, message, evidence FROM mcledger.compliance_findings
--    WHERE year = '2025-26' AND severity = 'violation' ORDER BY rule, community;
--   -- stipends with anomalies
--   SELECT community, year, payee, status, anomalies FROM mcledger.audit_stipends WHERE anomalies <> '[]';
--   -- everything that touched f-okafor
--   SELECT position, occurred_on, type, actor, reason FROM mcledger.audit_trail WHERE subject = 'f-okafor' ORDER BY position;
--
-- Corrections and "as of": a correction voids an earlier event from its own business date
-- on. Roster rows carry the epoch they hold in: [epoch_from, epoch_to) by the dates of
-- the community's corrections (both NULL for a community never corrected), so a query
-- as of a day before a correction sees the original, and one after sees the corrected.
--
-- Compliance is stored as evaluated on `evaluated_on` (the day the projector ran). For
-- another day the CLI evaluates the same rule code on the fly from the log.
-- ---------------------------------------------------------------------------------------

CREATE TABLE mcledger.projection_generations (
    projector   text        NOT NULL PRIMARY KEY CHECK (projector IN ('roster', 'compliance', 'audit')),
    active      char(1)     NOT NULL CHECK (active IN ('a', 'b')),
    swapped_at  timestamptz
);
INSERT INTO mcledger.projection_generations (projector, active) VALUES ('roster', 'a'), ('compliance', 'a'), ('audit', 'a');

CREATE TABLE mcledger.projection_checkpoints (
    projector   text        NOT NULL REFERENCES mcledger.projection_generations (projector),
    generation  char(1)     NOT NULL CHECK (generation IN ('a', 'b')),
    position    bigint      NOT NULL DEFAULT 0 CHECK (position >= 0),
    -- The latest business date among the events folded (the compliance horizon).
    latest_on   date,
    updated_at  timestamptz,
    PRIMARY KEY (projector, generation)
);
INSERT INTO mcledger.projection_checkpoints (projector, generation)
    SELECT p, g FROM unnest(ARRAY['roster', 'compliance', 'audit']) p, unnest(ARRAY['a', 'b']) g;

-- Which communities a person has been appointed to lead: a person's training or title
-- changes the findings of those communities. Only grows; a voided appointment leaves a
-- row behind, which only makes a projector recompute one community more.
CREATE TABLE mcledger.projection_leads (
    person      text        NOT NULL,
    community   text        NOT NULL,
    PRIMARY KEY (person, community)
);

-- Roster ------------------------------------------------------------------------------

CREATE TABLE mcledger.roster_communities_a (
    community            text    NOT NULL,
    name                 text    NOT NULL,
    focus                text    NOT NULL,
    established_on       date    NOT NULL,
    established_position bigint  NOT NULL,
    retired_on           date,
    retired_position     bigint,
    retired_reason       text,
    epoch_from           date,
    epoch_to             date
);
CREATE INDEX ON mcledger.roster_communities_a (community);

CREATE TABLE mcledger.roster_tenures_a (
    community       text    NOT NULL,
    role            text    NOT NULL,
    person          text    NOT NULL,
    since           date    NOT NULL,
    until           date,
    start_position  bigint  NOT NULL,
    end_position    bigint,
    exception       text,
    dei_approval    text,
    sa_approval     text,
    epoch_from      date,
    epoch_to        date
);
CREATE INDEX ON mcledger.roster_tenures_a (community, role, person);
CREATE INDEX ON mcledger.roster_tenures_a (person);

-- Compliance --------------------------------------------------------------------------

CREATE TABLE mcledger.compliance_findings_a (
    year        text        NOT NULL,
    scope       text        NOT NULL,  -- community id, or '' for program-wide rules
    rule        text        NOT NULL,
    community   text,
    person      text,
    severity    text        NOT NULL CHECK (severity IN ('violation', 'warning', 'advisory')),
    message     text        NOT NULL,
    evidence    bigint[]    NOT NULL
);
CREATE INDEX ON mcledger.compliance_findings_a (year, scope);

CREATE TABLE mcledger.compliance_evaluations_a (
    year          text    NOT NULL,
    scope         text    NOT NULL,
    evaluated_on  date    NOT NULL,
    -- The latest business date among the events this evaluation read.
    latest_on     date    NOT NULL,
    PRIMARY KEY (year, scope)
);

-- Audit -------------------------------------------------------------------------------

CREATE TABLE mcledger.audit_stipends_a (
    community           text    NOT NULL,
    year                text    NOT NULL,
    payee               text    NOT NULL,
    amount_cents        bigint  NOT NULL,
    status              text    NOT NULL CHECK (status IN ('requested', 'approved', 'paid', 'reversed')),
    requested_on        date    NOT NULL,
    requested_position  bigint  NOT NULL,
    requested_by        text    NOT NULL,
    approved_on         date,
    approved_position   bigint,
    approved_by         text,
    waiver              text,
    paid_on             date,
    paid_position       bigint,
    paid_by             text,
    paid_cents          bigint,
    reference           text,
    reversed_on         date,
    reversed_position   bigint,
    reversed_by         text,
    reversed_reason     text,
    anomalies           jsonb   NOT NULL
);
CREATE INDEX ON mcledger.audit_stipends_a (community);
CREATE INDEX ON mcledger.audit_stipends_a (year);

CREATE TABLE mcledger.audit_exceptions_a (
    kind            text    NOT NULL CHECK (kind IN ('leader-exception', 'stipend-waiver')),
    community       text    NOT NULL,
    person          text    NOT NULL,
    year            text,   -- a waiver's stipend year; NULL for a leader exception
    since           date    NOT NULL,
    until           date,
    justification   text    NOT NULL,
    position        bigint  NOT NULL,
    actor           text    NOT NULL
);
CREATE INDEX ON mcledger.audit_exceptions_a (community);

CREATE TABLE mcledger.audit_subjects_a (
    subject     text    NOT NULL,
    position    bigint  NOT NULL,
    PRIMARY KEY (subject, position)
);

CREATE TABLE mcledger.audit_corrections_a (
    position        bigint  NOT NULL PRIMARY KEY,
    stream          text    NOT NULL,
    occurred_on     date    NOT NULL,
    actor           text    NOT NULL,
    reason          text    NOT NULL,
    voids_event_id  uuid    NOT NULL,
    voided_type     text    NOT NULL,
    post_close      boolean NOT NULL
);
CREATE INDEX ON mcledger.audit_corrections_a (voids_event_id);

CREATE TABLE mcledger.audit_adjustments_a (
    position    bigint  NOT NULL PRIMARY KEY,
    stream      text    NOT NULL,
    type        text    NOT NULL,
    occurred_on date    NOT NULL,
    actor       text    NOT NULL,
    reason      text
);

-- The second generation of every table: the same columns, indexes and constraints.
CREATE TABLE mcledger.roster_communities_b (LIKE mcledger.roster_communities_a INCLUDING ALL);
CREATE TABLE mcledger.roster_tenures_b (LIKE mcledger.roster_tenures_a INCLUDING ALL);
CREATE TABLE mcledger.compliance_findings_b (LIKE mcledger.compliance_findings_a INCLUDING ALL);
CREATE TABLE mcledger.compliance_evaluations_b (LIKE mcledger.compliance_evaluations_a INCLUDING ALL);
CREATE TABLE mcledger.audit_stipends_b (LIKE mcledger.audit_stipends_a INCLUDING ALL);
CREATE TABLE mcledger.audit_exceptions_b (LIKE mcledger.audit_exceptions_a INCLUDING ALL);
CREATE TABLE mcledger.audit_subjects_b (LIKE mcledger.audit_subjects_a INCLUDING ALL);
CREATE TABLE mcledger.audit_corrections_b (LIKE mcledger.audit_corrections_a INCLUDING ALL);
CREATE TABLE mcledger.audit_adjustments_b (LIKE mcledger.audit_adjustments_a INCLUDING ALL);

-- Views: the active generation of each table ------------------------------------------

CREATE VIEW mcledger.roster_communities AS
    SELECT t.community, t.name, t.focus, t.established_on, t.established_position, t.retired_on,
           t.retired_position, t.retired_reason, t.epoch_from, t.epoch_to
      FROM mcledger.roster_communities_a t
     WHERE (SELECT g.active FROM mcledger.projection_generations g WHERE g.projector = 'roster') = 'a'
    UNION ALL
    SELECT t.community, t.name, t.focus, t.established_on, t.established_position, t.retired_on,
           t.retired_position, t.retired_reason, t.epoch_from, t.epoch_to
      FROM mcledger.roster_communities_b t
     WHERE (SELECT g.active FROM mcledger.projection_generations g WHERE g.projector = 'roster') = 'b';

CREATE VIEW mcledger.roster_tenures AS
    SELECT t.community, t.role, t.person, t.since, t.until, t.start_position, t.end_position,
           t.exception, t.dei_approval, t.sa_approval, t.epoch_from, t.epoch_to
      FROM mcledger.roster_tenures_a t
     WHERE (SELECT g.active FROM mcledger.projection_generations g WHERE g.projector = 'roster') = 'a'
    UNION ALL
    SELECT t.community, t.role, t.person, t.since, t.until, t.start_position, t.end_position,
           t.exception, t.dei_approval, t.sa_approval, t.epoch_from, t.epoch_to
      FROM mcledger.roster_tenures_b t
     WHERE (SELECT g.active FROM mcledger.projection_generations g WHERE g.projector = 'roster') = 'b';

-- Current members (the latest epoch, not ended), with the directory's names.
CREATE VIEW mcledger.roster_current AS
    SELECT t.community, t.role, t.person, p.name, t.since, t.start_position
      FROM mcledger.roster_tenures t
      LEFT JOIN mcledger.people p ON p.person_id = t.person
     WHERE t.epoch_to IS NULL AND t.until IS NULL;

CREATE VIEW mcledger.compliance_findings AS
    SELECT t.year, t.scope, t.rule, t.community, t.person, t.severity, t.message, t.evidence
      FROM mcledger.compliance_findings_a t
     WHERE (SELECT g.active FROM mcledger.projection_generations g WHERE g.projector = 'compliance') = 'a'
    UNION ALL
    SELECT t.year, t.scope, t.rule, t.community, t.person, t.severity, t.message, t.evidence
      FROM mcledger.compliance_findings_b t
     WHERE (SELECT g.active FROM mcledger.projection_generations g WHERE g.projector = 'compliance') = 'b';

CREATE VIEW mcledger.compliance_evaluations AS
    SELECT t.year, t.scope, t.evaluated_on, t.latest_on
      FROM mcledger.compliance_evaluations_a t
     WHERE (SELECT g.active FROM mcledger.projection_generations g WHERE g.projector = 'compliance') = 'a'
    UNION ALL
    SELECT t.year, t.scope, t.evaluated_on, t.latest_on
      FROM mcledger.compliance_evaluations_b t
     WHERE (SELECT g.active FROM mcledger.projection_generations g WHERE g.projector = 'compliance') = 'b';

CREATE VIEW mcledger.audit_stipends AS
    SELECT t.* FROM mcledger.audit_stipends_a t
     WHERE (SELECT g.active FROM mcledger.projection_generations g WHERE g.projector = 'audit') = 'a'
    UNION ALL
    SELECT t.* FROM mcledger.audit_stipends_b t
     WHERE (SELECT g.active FROM mcledger.projection_generations g WHERE g.projector = 'audit') = 'b';

CREATE VIEW mcledger.audit_exceptions AS
    SELECT t.* FROM mcledger.audit_exceptions_a t
     WHERE (SELECT g.active FROM mcledger.projection_generations g WHERE g.projector = 'audit') = 'a'
    UNION ALL
    SELECT t.* FROM mcledger.audit_exceptions_b t
     WHERE (SELECT g.active FROM mcledger.projection_generations g WHERE g.projector = 'audit') = 'b';

CREATE VIEW mcledger.audit_subjects AS
    SELECT t.subject, t.position FROM mcledger.audit_subjects_a t
     WHERE (SELECT g.active FROM mcledger.projection_generations g WHERE g.projector = 'audit') = 'a'
    UNION ALL
    SELECT t.subject, t.position FROM mcledger.audit_subjects_b t
     WHERE (SELECT g.active FROM mcledger.projection_generations g WHERE g.projector = 'audit') = 'b';

CREATE VIEW mcledger.audit_corrections_all AS
    SELECT t.* FROM mcledger.audit_corrections_a t
     WHERE (SELECT g.active FROM mcledger.projection_generations g WHERE g.projector = 'audit') = 'a'
    UNION ALL
    SELECT t.* FROM mcledger.audit_corrections_b t
     WHERE (SELECT g.active FROM mcledger.projection_generations g WHERE g.projector = 'audit') = 'b';

-- Each correction with the event it voids (position, type, business date).
CREATE VIEW mcledger.audit_corrections AS
    SELECT c.position, c.stream, c.occurred_on, c.actor, c.reason, c.post_close,
           c.voids_event_id, v.position AS voided_position, c.voided_type, v.occurred_on AS voided_occurred_on
      FROM mcledger.audit_corrections_all c
      LEFT JOIN mcledger.events v ON v.event_id = c.voids_event_id;

CREATE VIEW mcledger.audit_adjustments AS
    SELECT t.position, t.stream, t.type, t.occurred_on, t.actor, t.reason FROM mcledger.audit_adjustments_a t
     WHERE (SELECT g.active FROM mcledger.projection_generations g WHERE g.projector = 'audit') = 'a'
    UNION ALL
    SELECT t.position, t.stream, t.type, t.occurred_on, t.actor, t.reason FROM mcledger.audit_adjustments_b t
     WHERE (SELECT g.active FROM mcledger.projection_generations g WHERE g.projector = 'audit') = 'b';

-- Every event touching a person or community (by stream or by an id in its payload).
CREATE VIEW mcledger.audit_trail AS
    SELECT s.subject, e.position, e.occurred_on, e.recorded_at, e.stream, e.type, e.event_id, e.actor,
           e.metadata->>'reason' AS reason,
           coalesce((e.metadata->>'postCloseAdjustment')::boolean, false) AS post_close,
           c.position AS voided_by, e.data
      FROM mcledger.audit_subjects s
      JOIN mcledger.events e ON e.position = s.position
      LEFT JOIN mcledger.audit_corrections_all c ON c.voids_event_id = e.event_id;

CREATE VIEW mcledger.projection_status AS
    SELECT g.projector, g.active AS generation, c.position AS checkpoint, h.position AS head,
           h.position - c.position AS lag_events,
           coalesce(extract(epoch FROM now() - (SELECT e.recorded_at FROM mcledger.events e WHERE e.position = c.position + 1)), 0)::double precision AS lag_seconds,
           c.updated_at, g.swapped_at
      FROM mcledger.projection_generations g
      JOIN mcledger.projection_checkpoints c ON c.projector = g.projector AND c.generation = g.active
      CROSS JOIN mcledger.ledger_head h;

-- Ownership and privileges -------------------------------------------------------------

DO $owners$
DECLARE
    r record;
BEGIN
    FOR r IN SELECT c.relname, c.relkind FROM pg_catalog.pg_class c
              WHERE c.relnamespace = 'mcledger'::regnamespace
                AND c.relkind IN ('r', 'v')
                AND (c.relname LIKE 'projection\_%' OR c.relname LIKE 'roster\_%'
                     OR c.relname LIKE 'compliance\_%' OR c.relname LIKE 'audit\_%') LOOP
        EXECUTE format('ALTER TABLE mcledger.%I OWNER TO mcledger_owner', r.relname);
        EXECUTE format('REVOKE ALL ON mcledger.%I FROM PUBLIC', r.relname);
        IF r.relkind = 'v' THEN
            EXECUTE format('GRANT SELECT ON mcledger.%I TO mcledger_auditor, mcledger_reporter, mcledger_writer', r.relname);
        ELSIF r.relname IN ('projection_generations', 'projection_checkpoints', 'projection_leads') THEN
            EXECUTE format('GRANT SELECT, INSERT, UPDATE ON mcledger.%I TO mcledger_writer, mcledger_reporter', r.relname);
        ELSE
            EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON mcledger.%I TO mcledger_writer, mcledger_reporter', r.relname);
        END IF;
    END LOOP;
END
$owners$;
