package cn.dengbao.sentinel.probes.live;

import cn.dengbao.sentinel.probes.access.AccessException;
import cn.dengbao.sentinel.probes.access.HostAccess;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The process table read from {@code /proc/<pid>/{status,cmdline}} through {@link HostAccess}: two small reads per
 * process on one thread. OSHI's process list did the same reads plus many more per process (stat, io, statm,
 * exe link, cwd…) on a parallel stream, and loaded JNA: measured ~3× the CPU for the fields we keep.
 */
final class ProcTable {
    /** The command line is cut to 512 later; reading more is waste, a bit more keeps the redaction honest. */
    static final int MAX_CMDLINE_READ = 4096;

    /** {@code ppid} is -1 when the status file does not say. */
    record Proc(int pid, int ppid, String name, String user, String commandLine) {
        /** kthreadd (pid 2) and the threads it spawns have no user-space program. */
        boolean kernelThread() {
            return pid == 2 || ppid == 2;
        }
    }

    private ProcTable() {
    }

    /** Every process still alive while listed, by ascending pid; one that exits meanwhile is skipped. */
    static List<Proc> list(HostAccess access) throws AccessException {
        Map<Integer, String> users = users(access);
        List<Integer> pids = new ArrayList<>();
        for (String name : access.list("/proc")) {
            if (!name.isEmpty() && name.chars().allMatch(Character::isDigit) && name.length() < 10) {
                pids.add(Integer.parseInt(name));
            }
        }
        pids.sort(null);
        List<Proc> out = new ArrayList<>(pids.size());
        for (int pid : pids) {
            String status;
            try {
                status = new String(access.read("/proc/" + pid + "/status", 16 * 1024), StandardCharsets.UTF_8);
            } catch (AccessException e) {
                continue; // exited between the listing and the read
            }
            String name = field(status, "Name:");
            String uidField = field(status, "Uid:");
            String uid = uidField.isEmpty() ? "" : uidField.split("\\s+")[0];
            String cmd = "";
            try {
                cmd = new String(access.read("/proc/" + pid + "/cmdline", MAX_CMDLINE_READ), StandardCharsets.UTF_8);
            } catch (AccessException e) {
                // kernel threads and exited processes have no command line
            }
            String user = uid.isEmpty() ? "" : users.getOrDefault(parseUid(uid), uid);
            out.add(new Proc(pid, parseUid(field(status, "PPid:")), name, user, cmd));
        }
        return out;
    }

    /** The value after {@code key} on its line of a /proc status file, stripped; "" when absent. */
    static String field(String status, String key) {
        int at = status.startsWith(key) ? 0 : status.indexOf("\n" + key);
        if (at < 0) {
            return "";
        }
        int from = at == 0 ? key.length() : at + 1 + key.length();
        int end = status.indexOf('\n', from);
        return status.substring(from, end < 0 ? status.length() : end).strip();
    }

    /** uid → name from /etc/passwd (first entry wins); a uid not listed is shown as its number. */
    static Map<Integer, String> users(HostAccess access) {
        Map<Integer, String> users = new HashMap<>();
        String passwd;
        try {
            passwd = access.readText("/etc/passwd");
        } catch (AccessException e) {
            return users;
        }
        for (String line : passwd.split("\n")) {
            String[] f = line.split(":", -1);
            if (f.length >= 3 && !f[0].isEmpty()) {
                int uid = parseUid(f[2]);
                if (uid >= 0) {
                    users.putIfAbsent(uid, f[0]);
                }
            }
        }
        return users;
    }

    private static int parseUid(String s) {
        try {
            return Integer.parseInt(s.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
