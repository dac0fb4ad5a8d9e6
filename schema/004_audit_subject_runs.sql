-- 004_audit_subject_runs.sql — the audit trail's index of subjects, stored as runs.
--
-- 003 kept one row per (subject, event): about 2.6 rows per event, so a rebuild of a
-- million events wrote 2.6 million B-tree entries, the slowest part of the rebuild by far.
-- Here each row is a run: one subject and the positions of the events that name it within
-- one batch the projector folded (`positions`, ascending; `first_position` is its first
-- element and keys the row). A rebuild writes a run per subject per chunk of 20,000
-- events, roughly one row for every twenty it used to.
--
-- Nothing an auditor reads changes: `mcledger.audit_subjects` still yields one
-- (subject, position) pair per event, and `mcledger.audit_trail` is defined as before.
--
-- The audit projection starts again from position 0 in both generations; the next
-- `mcledger projections catch-up` (or any write) folds it again, and
-- `mcledger projections rebuild audit` does so fastest on a large ledger.

DROP VIEW mcledger.audit_trail;
DROP VIEW mcledger.audit_subjects;
DROP TABLE mcledger.audit_subjects_a, mcledger.audit_subjects_b;

CREATE TABLE mcledger.audit_subjects_a (
    subject         text     NOT NULL,
    first_position  bigint   NOT NULL,
    positions       bigint[] NOT NULL CHECK (positions[1] = first_position AND array_ndims(positions) = 1),
    PRIMARY KEY (subject, first_position)
);
CREATE TABLE mcledger.audit_subjects_b (LIKE mcledger.audit_subjects_a INCLUDING ALL);

CREATE VIEW mcledger.audit_subjects AS
    SELECT t.subject, p.position FROM mcledger.audit_subjects_a t CROSS JOIN LATERAL unnest(t.positions) AS p(position)
     WHERE (SELECT g.active FROM mcledger.projection_generations g WHERE g.projector = 'audit') = 'a'
    UNION ALL
    SELECT t.subject, p.position FROM mcledger.audit_subjects_b t CROSS JOIN LATERAL unnest(t.positions) AS p(position)
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

ALTER TABLE mcledger.audit_subjects_a OWNER TO mcledger_owner;
ALTER TABLE mcledger.audit_subjects_b OWNER TO mcledger_owner;
ALTER VIEW mcledger.audit_subjects OWNER TO mcledger_owner;
ALTER VIEW mcledger.audit_trail OWNER TO mcledger_owner;
REVOKE ALL ON mcledger.audit_subjects_a, mcledger.audit_subjects_b, mcledger.audit_subjects, mcledger.audit_trail FROM PUBLIC;
GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON mcledger.audit_subjects_a, mcledger.audit_subjects_b TO mcledger_writer, mcledger_reporter;
GRANT SELECT ON mcledger.audit_subjects, mcledger.audit_trail TO mcledger_auditor, mcledger_reporter, mcledger_writer;

-- The audit projection folds again from position 0.
TRUNCATE mcledger.audit_stipends_a, mcledger.audit_exceptions_a, mcledger.audit_corrections_a, mcledger.audit_adjustments_a,
         mcledger.audit_stipends_b, mcledger.audit_exceptions_b, mcledger.audit_corrections_b, mcledger.audit_adjustments_b;
UPDATE mcledger.projection_checkpoints SET position = 0, latest_on = NULL, updated_at = now() WHERE projector = 'audit';
