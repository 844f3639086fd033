package cn.dengbao.sentinel.agent.cli;

import cn.dengbao.sentinel.agent.access.HostAccess;
import cn.dengbao.sentinel.agent.access.LocalAccess;
import cn.dengbao.sentinel.agent.access.RootDirAccess;
import cn.dengbao.sentinel.agent.collect.FactsCollector;
import cn.dengbao.sentinel.agent.collect.FactsJson;
import cn.dengbao.sentinel.proto.FactSection;
import cn.dengbao.sentinel.proto.Facts;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sentinel-agent collect [--root DIR] [--out FILE] [--section NAME...]}: facts as protobuf JSON. */
@Command(name = "collect", mixinStandardHelpOptions = true,
        description = "Collect this host's (or an offline root directory's) facts as JSON; never evaluates them.")
public final class CollectCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--root", paramLabel = "DIR", description = "Offline root filesystem to read instead of this host.")
    Path root;

    @Option(names = "--out", paramLabel = "FILE", description = "Write facts to FILE (mode 0600) instead of stdout.")
    Path out;

    @Option(names = "--section", paramLabel = "NAME", arity = "1..*", split = ",",
            description = "Only these sections, e.g. accounts sshd pam (default: all).")
    List<String> sections = new ArrayList<>();

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        List<FactSection> wanted = new ArrayList<>();
        for (String s : sections) {
            FactSection fs = parseSection(s);
            if (fs == null) {
                err.println("error: unknown section '" + s + "'");
                return 2;
            }
            wanted.add(fs);
        }
        HostAccess access;
        if (root != null) {
            if (!Files.isDirectory(root)) {
                err.println("error: --root " + root + " is not an existing directory");
                return 2;
            }
            try {
                access = new RootDirAccess(root);
            } catch (IllegalArgumentException e) {
                err.println("error: " + e.getMessage());
                return 2;
            }
        } else {
            access = new LocalAccess();
        }
        Facts facts;
        try (access) {
            facts = new FactsCollector().collect(access, wanted);
        }
        try {
            if (out == null) {
                PrintWriter o = spec.commandLine().getOut();
                o.println(FactsJson.print(facts));
                o.flush();
            } else {
                FactsJson.write(out, facts);
            }
        } catch (IOException e) {
            err.println("error: cannot write " + out + ": " + e.getMessage());
            return 2;
        }
        return 0;
    }

    static FactSection parseSection(String name) {
        String n = name.strip().toUpperCase(Locale.ROOT).replace('-', '_');
        for (String candidate : List.of(n, "SECTION_" + n)) {
            try {
                FactSection fs = FactSection.valueOf(candidate);
                return fs == FactSection.UNRECOGNIZED ? null : fs;
            } catch (IllegalArgumentException ignored) {
                // try the next spelling
            }
        }
        return null;
    }
}
