-- The columns V10 moved to document_state leave document, in one statement (H2's spelling of it is in
-- db/migration-h2).
ALTER TABLE document
    DROP COLUMN superseded_by,
    DROP COLUMN status,
    DROP COLUMN attempts,
    DROP COLUMN updated_at,
    DROP COLUMN sent_at,
    DROP COLUMN remote_name,
    DROP COLUMN last_error,
    DROP COLUMN last_response,
    DROP COLUMN ack_due_at,
    DROP COLUMN ack_at,
    DROP COLUMN ack_reasons;
