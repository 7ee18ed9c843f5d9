-- 006: every mention of a happening in its document, as a JSON list of spans (#19).
-- Stores written before it keep NULL: their events were never merged across sentences.
ALTER TABLE events ADD COLUMN mentions VARCHAR;
