package cn.dengbao.sentinel.collector.schedule;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** Result of one run: hosts scanned fine, hosts that failed and why, and notes (e.g. a skipped run). */
public record RunOutcome(int hostsOk, int hostsFailed, List<HostError> errors, List<String> notes) {

    public record HostError(String host, String reason) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    public static RunOutcome note(String note) {
        return new RunOutcome(0, 0, List.of(), List.of(note));
    }

    /** {@code {"errors":[{"host":…,"reason":…}],"notes":[…]}} for the errors_json column. */
    public String errorsJson() {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode errs = root.putArray("errors");
        for (HostError e : errors) {
            errs.addObject().put("host", e.host()).put("reason", e.reason());
        }
        ArrayNode n = root.putArray("notes");
        notes.forEach(n::add);
        return root.toString();
    }
}
