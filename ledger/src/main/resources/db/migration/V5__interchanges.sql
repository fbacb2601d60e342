-- EDIFACT interchanges (the consortium's ORDRSP, issue 13). The interchange control reference is
-- strictly increasing for ever per client and never reused: the counter is raised in its own committed
-- transaction before the interchange is uploaded, so a crash or a resend only ever skips numbers.
CREATE TABLE interchange_counter (
    client_id       VARCHAR(32) NOT NULL PRIMARY KEY,
    last_reference  BIGINT NOT NULL
);

-- Which document travelled as which message of which interchange (a resend is a new interchange).
CREATE TABLE interchange_message (
    client_id    VARCHAR(32) NOT NULL,
    reference    BIGINT NOT NULL,
    message_ref  INTEGER NOT NULL,
    document_pk  BIGINT NOT NULL REFERENCES document (id),
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (client_id, reference, message_ref)
);
CREATE INDEX interchange_message_doc_idx ON interchange_message (document_pk);

-- When a delivered document's acknowledgement is due, set at delivery from the client's contract (24 h
-- for the first client, 2 h for the consortium); none for a document that gets no acknowledgement.
ALTER TABLE document ADD COLUMN ack_due_at TIMESTAMP WITH TIME ZONE;
UPDATE document SET ack_due_at = sent_at + INTERVAL '24' HOUR
    WHERE doc_type = 'ORDER_RESPONSE' AND sent_at IS NOT NULL;
