-- The detail of a request's usage, beyond the five buckets of V1. Every count is a breakdown ("of which") of a
-- V1 bucket, never added to the total again:
--   cache_write_5m_tokens, cache_write_1h_tokens  parts of cache_write_tokens by time to live (Anthropic)
--   audio_input_tokens, image_input_tokens        parts of the input (input + cache read + cache write)
--   audio_output_tokens, image_output_tokens      parts of output_tokens
--   estimate_method  how an 'estimated' usage_source was made: 'tokenizer' (the provider reported nothing) or
--                    'partial' (its figures stopped before the answer did); NULL for the other sources
--   raw_usage        the provider's own usage object as JSON text, for audit; NULL when it reported none
-- Rows written before these columns existed read as no split, no modalities, no raw object.
ALTER TABLE usage_records ADD COLUMN cache_write_5m_tokens INTEGER NOT NULL DEFAULT 0;
ALTER TABLE usage_records ADD COLUMN cache_write_1h_tokens INTEGER NOT NULL DEFAULT 0;
ALTER TABLE usage_records ADD COLUMN audio_input_tokens INTEGER NOT NULL DEFAULT 0;
ALTER TABLE usage_records ADD COLUMN image_input_tokens INTEGER NOT NULL DEFAULT 0;
ALTER TABLE usage_records ADD COLUMN audio_output_tokens INTEGER NOT NULL DEFAULT 0;
ALTER TABLE usage_records ADD COLUMN image_output_tokens INTEGER NOT NULL DEFAULT 0;
ALTER TABLE usage_records ADD COLUMN estimate_method TEXT CHECK (estimate_method IN ('tokenizer', 'partial'));
ALTER TABLE usage_records ADD COLUMN raw_usage TEXT;
