/**
 * @module
 * Migration 15: reference ranks come from the canonical model (`sync/ranks.ts`: a band per kind
 * of record in the model's order, second writes and failure logs after every record) instead of
 * bands named after the target's objects. Writes still waiting (pending, in flight, failed and
 * replayable) move to the rank their kind and part have now, so parents stay ahead of children
 * when they are sent with writes queued after the upgrade. Confirmed writes keep theirs: a rank
 * is read only while a write waits.
 */
export default `
UPDATE outbox SET rank = CASE
    WHEN rank = 20 THEN 19
    WHEN rank = 21 THEN 20
    WHEN rank BETWEEN 30 AND 35 AND source_type = 'vendor' THEN rank + 7
    WHEN rank BETWEEN 30 AND 35 THEN rank - 2
    WHEN rank = 40 AND source_type = 'vendor' THEN 43
    WHEN rank = 40 THEN 34
    WHEN rank = 50 THEN 46
    WHEN rank = 51 AND source_type = 'bill' THEN 55
    WHEN rank = 51 THEN 47
    WHEN rank = 52 THEN 48
    WHEN rank = 60 THEN 64
    WHEN rank = 70 THEN 85
    ELSE rank
  END
WHERE status <> 'done';
`;
