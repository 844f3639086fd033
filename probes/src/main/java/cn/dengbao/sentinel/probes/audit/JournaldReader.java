package cn.dengbao.sentinel.probes.audit;

import static cn.dengbao.sentinel.probes.ProbePath.stat;

import cn.dengbao.sentinel.probes.ProbeContext;
import cn.dengbao.sentinel.probes.ProbePath;
import cn.dengbao.sentinel.probes.support.ConfigText;
import cn.dengbao.sentinel.probes.support.LogicalLine;
import cn.dengbao.sentinel.probes.support.ProbeFiles;
import cn.dengbao.sentinel.proto.Audit;
import cn.dengbao.sentinel.proto.Setting;
import java.util.ArrayList;
import java.util.List;

/** journald.conf then journald.conf.d/*.conf in lexical order; later assignments win, as in systemd. */
final class JournaldReader {
    static final String FACT = "audit.journald";
    static final String MAIN = "/etc/systemd/journald.conf";
    static final List<ProbePath> PATHS = List.of(ProbePath.read(MAIN), stat("/lib/systemd/systemd-journald"),
            stat("/usr/lib/systemd/systemd-journald"), ProbePath.read("/usr/lib/systemd/journald.conf.d/*.conf"),
            ProbePath.read("/etc/systemd/journald.conf.d/*.conf"));

    private JournaldReader() {
    }

    static void read(ProbeContext ctx, Audit.Builder out) {
        out.setJournaldPresent(ProbeFiles.anyExists(ctx.access(), MAIN, "/lib/systemd/systemd-journald",
                "/usr/lib/systemd/systemd-journald"));
        List<String> files = new ArrayList<>();
        files.add(MAIN);
        List<String> dropIns = new ArrayList<>();
        for (String dir : new String[] {"/usr/lib/systemd/journald.conf.d", "/etc/systemd/journald.conf.d"}) {
            dropIns.addAll(ProbeFiles.glob(ctx, FACT, dir + "/*.conf"));
        }
        // systemd sorts drop-ins by file name across directories
        dropIns.sort((a, b) -> a.substring(a.lastIndexOf('/')).compareTo(b.substring(b.lastIndexOf('/'))));
        files.addAll(dropIns);
        for (String path : files) {
            ProbeFiles.readIfPresent(ctx, FACT, path).ifPresent(text -> {
                out.addConfigFiles(path);
                String section = "";
                for (LogicalLine line : ConfigText.physicalLines(text)) {
                    String t = line.text().strip();
                    if (t.isEmpty() || t.startsWith("#") || t.startsWith(";")) {
                        continue;
                    }
                    if (t.startsWith("[")) {
                        section = t;
                        continue;
                    }
                    int eq = t.indexOf('=');
                    if (eq > 0 && section.equals("[Journal]")) {
                        String key = t.substring(0, eq).strip();
                        out.putJournald(key, Setting.newBuilder().setKey(key).setValue(t.substring(eq + 1).strip())
                                .setSource(ProbeContext.source(path, line.number(), t)).build());
                    }
                }
            });
        }
    }
}
