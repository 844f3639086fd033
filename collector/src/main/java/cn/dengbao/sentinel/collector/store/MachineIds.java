package cn.dengbao.sentinel.collector.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The machine identifiers an agent sent at enrolment (machine-id, DMI product UUID, SSH host key fingerprints,
 * MACs), already cleaned. They are clues for the operator deciding whether a new enrolment is a reinstall, a clone
 * or another machine; they are never an identity by themselves (an agent could send any of them).
 */
public record MachineIds(String machineId, String productUuid, List<String> sshHostKeys, List<String> macs) {
    public static final MachineIds NONE = new MachineIds("", "", List.of(), List.of());

    public MachineIds {
        machineId = machineId == null ? "" : machineId;
        productUuid = productUuid == null ? "" : productUuid;
        sshHostKeys = sshHostKeys == null ? List.of() : List.copyOf(sshHostKeys);
        macs = macs == null ? List.of() : List.copyOf(macs);
    }

    public boolean isEmpty() {
        return machineId.isEmpty() && productUuid.isEmpty() && sshHostKeys.isEmpty() && macs.isEmpty();
    }

    /** The identifiers both carry, by kind ("machine-id", "product-uuid", "ssh-host-key", "mac"); empty: none. */
    public List<String> shared(MachineIds other) {
        List<String> out = new ArrayList<>();
        if (!machineId.isEmpty() && machineId.equals(other.machineId)) {
            out.add("machine-id");
        }
        if (!productUuid.isEmpty() && productUuid.equals(other.productUuid)) {
            out.add("product-uuid");
        }
        if (sshHostKeys.stream().anyMatch(other.sshHostKeys::contains)) {
            out.add("ssh-host-key");
        }
        if (macs.stream().anyMatch(other.macs::contains)) {
            out.add("mac");
        }
        return out;
    }

    String toJson() {
        Map<String, Object> m = new TreeMap<>();
        m.put("machine_id", machineId);
        m.put("product_uuid", productUuid);
        m.put("ssh_host_keys", sshHostKeys);
        m.put("macs", macs);
        return Json.write(m);
    }

    @SuppressWarnings("unchecked")
    static MachineIds fromJson(String json) {
        if (json == null || json.isBlank()) {
            return NONE;
        }
        try {
            Map<String, Object> m = Json.MAPPER.readValue(json, Map.class);
            return new MachineIds((String) m.get("machine_id"), (String) m.get("product_uuid"),
                    (List<String>) m.get("ssh_host_keys"), (List<String>) m.get("macs"));
        } catch (JsonProcessingException | ClassCastException e) {
            throw new StoreException("corrupt machine identity JSON in store", e);
        }
    }
}
