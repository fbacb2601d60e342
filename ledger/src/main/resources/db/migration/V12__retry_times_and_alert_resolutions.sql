-- When `serve` will try a FAILED document again by itself (its back-off per client), so that `show`,
-- `messages`, the console and /health can say so with the time, from any process; NULL when no automatic
-- retry is planned (a permanent failure, the deadline passed, serve stopped).
ALTER TABLE document_state ADD COLUMN retry_at TIMESTAMP WITH TIME ZONE;

-- What ended an alert ("delivered at ..."), sent with its "resolved" message.
ALTER TABLE alert ADD COLUMN resolution VARCHAR(4000);
