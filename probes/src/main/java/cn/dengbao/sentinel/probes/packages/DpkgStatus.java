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
        String source = "";
        for (String raw : text.split("\r?\n", -1)) {
            if (raw.isBlank()) {
                if (name != null && isInstalled(status)) {
                    out.add(pkg(name, version, arch, source));
                }
                name = null;
                version = "";
                arch = "";
                status = "";
                source = "";
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
                case "Source" -> source = value;
                default -> {
                }
            }
        }
        if (name != null && isInstalled(status)) {
            out.add(pkg(name, version, arch, source));
        }
        return out;
    }

    /**
     * A binary package with its source: "Source: openssl" (same version) or "Source: openssl (3.0.11-1)" (a binNMU or
     * a binary whose version differs); no Source: field means the source has the binary's name and version.
     */
    private static Package pkg(String name, String version, String arch, String source) {
        String srcName = name;
        String srcVersion = version;
        if (!source.isEmpty()) {
            int paren = source.indexOf('(');
            if (paren > 0 && source.endsWith(")")) {
                srcName = source.substring(0, paren).strip();
                srcVersion = source.substring(paren + 1, source.length() - 1).strip();
            } else {
                srcName = source.strip();
            }
        }
        return Package.newBuilder().setName(name).setVersion(version).setArch(arch).setSourceName(srcName)
                .setSourceVersion(srcVersion).build();
    }

    static boolean isInstalled(String status) {
        String[] words = status.trim().split("\\s+");
        return words.length == 3 && (words[0].equals("install") || words[0].equals("hold")) && words[1].equals("ok")
                && words[2].equals("installed");
    }
}
