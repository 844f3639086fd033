package cn.dengbao.sentinel.probes.packages;

import cn.dengbao.sentinel.proto.Package;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses /var/lib/dpkg/status: RFC822-like stanzas. A package counts when its state is "installed" with flag "ok"
 * and the selection is "install" or "hold" (a held package, often a pinned kernel, is still installed);
 * "deinstall ok config-files" and half-installed states do not.
 */
public final class DpkgStatus {
    public static final String PATH = "/var/lib/dpkg/status";

    private DpkgStatus() {
    }

    public static List<Package> parse(String text) {
        List<Package> out = new ArrayList<>();
        String name = null;
        String version = "";
        String arch = "";
        String status = "";
        for (String raw : text.split("\r?\n", -1)) {
            if (raw.isBlank()) {
                if (name != null && isInstalled(status)) {
                    out.add(Package.newBuilder().setName(name).setVersion(version).setArch(arch).build());
                }
                name = null;
                version = "";
                arch = "";
                status = "";
                continue;
            }
            if (raw.startsWith(" ") || raw.startsWith("\t")) {
                continue; // continuation of a multi-line field (Description, Conffiles)
            }
            int colon = raw.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String key = raw.substring(0, colon);
            String value = raw.substring(colon + 1).strip();
            switch (key) {
                case "Package" -> name = value;
                case "Version" -> version = value;
                case "Architecture" -> arch = value;
                case "Status" -> status = value;
                default -> {
                }
            }
        }
        if (name != null && isInstalled(status)) {
            out.add(Package.newBuilder().setName(name).setVersion(version).setArch(arch).build());
        }
        return out;
    }

    static boolean isInstalled(String status) {
        String[] words = status.trim().split("\\s+");
        return words.length == 3 && (words[0].equals("install") || words[0].equals("hold")) && words[1].equals("ok")
                && words[2].equals("installed");
    }
}
