-- V4: identity is the agent's certificate, never the host name. Every enrolment gets its own host row (id = the
-- agent id); the machine identifiers the agent sent at enrolment (machine-id, DMI product UUID, SSH host key
-- fingerprints, MACs; JSON) are kept with the agent. A host that shares its reported name or a machine identifier
-- with an existing host is marked as a possible duplicate (duplicate_of: that host's id; duplicate_reason: which
-- clue) until an operator runs `agents merge`; a host an operator merged away keeps its history and names the
-- host it was merged into (merged_into).
ALTER TABLE agents ADD COLUMN machine_json VARCHAR(8192);
ALTER TABLE hosts ADD COLUMN duplicate_of VARCHAR(64);
ALTER TABLE hosts ADD COLUMN duplicate_reason VARCHAR(512);
ALTER TABLE hosts ADD COLUMN merged_into VARCHAR(64);
CREATE INDEX hosts_hostname ON hosts (hostname);
-- running collectors look up the agents revoked in the last minutes every half second to close their streams
CREATE INDEX agents_revoked ON agents (revoked_at);
