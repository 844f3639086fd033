-- V5: each audit entry is signed (SM3withSM2, base64 DER) over its hash with the collector's key, which lives in
-- the data directory, not in the database; key_id names that key (SM3 of its public key). Entries written before
-- V5 or by a process without the key have neither; `audit verify` tells those apart with the anchor file.
ALTER TABLE audit_log ADD COLUMN sig VARCHAR(256);
ALTER TABLE audit_log ADD COLUMN key_id VARCHAR(64);
