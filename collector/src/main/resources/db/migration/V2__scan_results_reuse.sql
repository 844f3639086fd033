-- Most reports of a host repeat the verdicts of its previous scan. Such a scan points at the scan whose result
-- rows it shares instead of copying them (65 rows a report): readers take COALESCE(results_scan_id, id).
-- results_hash identifies a scan's verdicts (SHA-256 of the stored findings, hex) for that comparison.
-- No foreign key on results_scan_id: it only ever names an earlier scan of the same host, written in the same
-- code path, and scans are never deleted; the check cost an index probe on every report.
ALTER TABLE scans ADD COLUMN results_scan_id BIGINT;
ALTER TABLE scans ADD COLUMN results_hash VARCHAR(64);
