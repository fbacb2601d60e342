-- Every run ends with "which acknowledgements are overdue?" (status awaiting one, due time passed).
-- With the index on (status, sent_at), H2 took the statuses from it and read every waiting document
-- (on a ledger of 100,000 unacknowledged documents: 101,001 entries, 0.5 to 1 s, twice a run). An index
-- on the due time finds those whose time has passed; the due time is cleared when the answer comes, so
-- that the range holds only documents still waiting. It replaces the (status, sent_at) index, which no
-- query needs, so that a status change writes no more index entries than before.
DROP INDEX document_sent_idx;
CREATE INDEX document_ack_due_idx ON document (ack_due_at);
-- documents already settled by an answer: no due time any more, as the answers clear it from now on
UPDATE document SET ack_due_at = NULL WHERE status NOT IN ('SENT', 'RECEIVED', 'UNCERTAIN', 'QUEUED')
    AND EXISTS (SELECT 1 FROM acknowledgement a WHERE a.document_pk = document.id);
