package cn.dengbao.sentinel.collector.schedule;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Result of one run: hosts scanned fine, hosts that failed and why, and notes (e.g. a skipped or missed run). */
public record RunOutcome(int hostsOk, int hostsFailed, List<HostError> errors, List<String> notes) {

    /** Key of the run-level notes in errors_json (target names cannot start with "_"). */
    public static final String NOTES_KEY = "_notes";

    public record HostError(String host, String reason) {
    }

    public static RunOutcome note(String note) {
        return new RunOutcome(0, 0, List.of(), List.of(note));
    }

    public RunOutcome withNote(String note) {
        List<String> n = new java.util.ArrayList<>(notes);
        n.add(note);
        return new RunOutcome(hostsOk, hostsFailed, errors, n);
    }

    /** What goes into scan_runs.errors_json: target name → why it failed, plus {@value #NOTES_KEY}. */
    public Map<String, String> errorsMap() {
        Map<String, String> m = new TreeMap<>();
        for (HostError e : errors) {
            m.put(e.host(), e.reason());
        }
        if (!notes.isEmpty()) {
            m.put(NOTES_KEY, String.join("; ", notes));
        }
        return m;
    }
}
