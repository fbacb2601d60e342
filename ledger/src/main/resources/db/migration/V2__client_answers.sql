-- The client's last answer to a document (an HTTP problem+json error list, say), kept with it.
ALTER TABLE document ADD COLUMN last_response CHARACTER VARYING;
ALTER TABLE delivery_attempt ADD COLUMN response CHARACTER VARYING;
