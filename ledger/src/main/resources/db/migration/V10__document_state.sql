-- What changes in a document's life (its status, attempts, delivery, answer) moves to a narrow table of its
-- own; `document` keeps what never changes once stored (who, what, which key and content, where from).
-- Why: every delivery is one commit (the document is SENDING on disk before its upload starts), and each
-- commit rewrote the whole storage page of `document` that held the row, some 48 rows of keys, hashes, ids
-- and file names, to change a status. On the narrow table the same commit writes about half as much
-- (a loop of the delivery's statements on 60,000 documents: 0.38 ms of CPU a delivery before, 0.22 after).
-- Readers join the two on the key; the column names are kept, and no column is in both tables.
-- The moved columns leave `document` in V11, whose statement H2 and PostgreSQL spell differently
-- (db/migration-h2, db/migration-postgresql).

CREATE TABLE document_state (
    document_pk    BIGINT PRIMARY KEY REFERENCES document (id),
    status         VARCHAR(16) NOT NULL,
    attempts       INTEGER NOT NULL DEFAULT 0,
    updated_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    sent_at        TIMESTAMP WITH TIME ZONE,
    remote_name    VARCHAR(255),
    last_error     VARCHAR(4000),
    last_response  CHARACTER VARYING,
    ack_due_at     TIMESTAMP WITH TIME ZONE,
    ack_at         TIMESTAMP WITH TIME ZONE,
    ack_reasons    CHARACTER VARYING,
    superseded_by  BIGINT REFERENCES document (id)
);

INSERT INTO document_state (document_pk, status, attempts, updated_at, sent_at, remote_name, last_error,
        last_response, ack_due_at, ack_at, ack_reasons, superseded_by)
    SELECT id, status, attempts, updated_at, sent_at, remote_name, last_error, last_response, ack_due_at, ack_at,
        ack_reasons, superseded_by FROM document;

DROP INDEX document_status_idx;
DROP INDEX document_ack_due_idx;
-- the deliverable and the waiting are found by status (few of them), the overdue by due time (V9)
CREATE INDEX document_state_status_idx ON document_state (status);
CREATE INDEX document_state_ack_due_idx ON document_state (ack_due_at);
