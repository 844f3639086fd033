-- Most reports of a host repeat the verdicts of its previous scan. Such a scan points at the scan whose result
-- rows it shares instead of copying them (65 rows a report): readers take COALESCE(results_scan_id, id).
-- results_hash identifies a scan's verdicts (SHA-256 of the stored findings, hex) for that comparison.
ALTER TABLE scans ADD COLUMN results_scan_id BIGINT;
ALTER TABLE scans ADD COLUMN results_hash VARCHAR(64);
ALTER TABLE scans ADD CONSTRAINT scans_results_scan FOREIGN KEY (results_scan_id) REFERENCES scans (id);
