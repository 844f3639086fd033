package cn.dengbao.sentinel.probes.packages;

import cn.dengbao.sentinel.proto.Package;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Parses the fixed rpm query format and yum listings. */
public final class RpmOutput {
    private static final Set<String> ARCHES = Set.of("x86_64", "i686", "i386", "noarch", "aarch64", "arm64",
            "ppc64le", "s390x", "loongarch64", "mips64el", "sw_64", "riscv64", "src");

    private RpmOutput() {
    }

    /** One installed package plus its install time (epoch seconds, 0 when absent). */
    public record Installed(Package pkg, long installTime) {
    }

    /** "name\tversion-release\tarch\tinstalltime[\tsourcerpm\tepoch]" lines. */
    public static List<Installed> parseQa(String out) {
        List<Installed> list = new ArrayList<>();
        for (String line : out.split("\r?\n")) {
            String[] f = line.split("\t");
            if (f.length < 2 || f[0].isBlank()) {
                continue;
            }
            String arch = f.length > 2 && !f[2].equals("(none)") ? f[2].strip() : "";
            long time = 0;
            if (f.length > 3) {
                try {
                    time = Long.parseLong(f[3].strip());
                } catch (NumberFormatException e) {
                    time = 0;
                }
            }
            Package.Builder p = Package.newBuilder().setName(f[0].strip()).setVersion(f[1].strip()).setArch(arch);
            if (f.length > 4) {
                // %{SOURCERPM}: "openssl-3.0.7-17.el9_2.src.rpm"; "(none)" for gpg-pubkey and the like
                Package src = parseNevra(f[4].strip().replaceFirst("\\.rpm$", ""));
                if (!src.getName().isEmpty() && !f[4].strip().equals("(none)")) {
                    p.setSourceName(src.getName()).setSourceVersion(src.getVersion());
                }
            }
            if (f.length > 5 && !f[5].strip().equals("(none)")) {
                p.setEpoch(f[5].strip());
            }
            list.add(new Installed(p.build(), time));
        }
        return list;
    }

    /** Splits "openssl-1:3.0.7-17.el9_2.x86_64" into name, version-release, arch. */
    public static Package parseNevra(String nevra) {
        String s = nevra.strip();
        String arch = "";
        int dot = s.lastIndexOf('.');
        if (dot > 0 && ARCHES.contains(s.substring(dot + 1))) {
            arch = s.substring(dot + 1);
            s = s.substring(0, dot);
        }
        int rel = s.lastIndexOf('-');
        int ver = rel > 0 ? s.lastIndexOf('-', rel - 1) : -1;
        if (ver <= 0) {
            return Package.newBuilder().setName(s).setArch(arch).build();
        }
        return Package.newBuilder().setName(s.substring(0, ver)).setVersion(s.substring(ver + 1)).setArch(arch).build();
    }

    /** yum check-update: "name.arch  [epoch:]version-release  repo"; stops at the obsoletes section. */
    public static List<Package> parseCheckUpdate(String out) {
        List<Package> list = new ArrayList<>();
        for (String line : out.split("\r?\n")) {
            if (line.startsWith("Obsoleting") || line.startsWith("Security:")) {
                break;
            }
            String[] f = line.strip().split("\\s+");
            if (f.length != 3 || line.startsWith(" ")) {
                continue;
            }
            int dot = f[0].lastIndexOf('.');
            if (dot <= 0 || !ARCHES.contains(f[0].substring(dot + 1))) {
                continue;
            }
            list.add(Package.newBuilder().setName(f[0].substring(0, dot)).setVersion(f[1]).setArch(f[0].substring(dot + 1)).build());
        }
        return list;
    }

    /** yum updateinfo list security: "ADVISORY  Severity/Sec.  nevra". */
    public static List<Package> parseUpdateInfo(String out) {
        List<Package> list = new ArrayList<>();
        for (String line : out.split("\r?\n")) {
            String[] f = line.strip().split("\\s+");
            if (f.length < 3 || !f[1].contains("Sec") && !f[1].equalsIgnoreCase("security")) {
                continue;
            }
            list.add(parseNevra(f[f.length - 1]));
        }
        return list;
    }
}
