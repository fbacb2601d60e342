-- Retention (issue 15): a document's payload and source record may be removed before the document
-- itself; when they were is kept, so that the document is never sent again without them.
ALTER TABLE document_content ADD COLUMN removed_at TIMESTAMP WITH TIME ZONE;
