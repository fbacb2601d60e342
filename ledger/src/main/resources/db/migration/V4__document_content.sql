-- The payload and the source record of a document move to a table of their own, written once and never
-- updated: every status change of a document rewrote the storage page that held its payload (and its
-- neighbours'), which made the ledger most of the gateway's CPU time (measured in bench/pipeline.sh).

CREATE TABLE document_content (
    document_pk    BIGINT PRIMARY KEY REFERENCES document (id),
    payload        CHARACTER VARYING NOT NULL,
    source_record  CHARACTER VARYING
);

INSERT INTO document_content (document_pk, payload, source_record)
    SELECT id, payload, source_record FROM document;

ALTER TABLE document DROP COLUMN payload;
ALTER TABLE document DROP COLUMN source_record;
