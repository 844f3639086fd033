package cn.dengbao.sentinel.checks.ruletests;

import cn.dengbao.sentinel.checks.engine.RuleCatalog;
import cn.dengbao.sentinel.checks.engine.RuleDefinition;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where rule tests are: beside each rule, {@code <rule>.yaml} → {@code <rule>.tests.yaml}. The built-in tests are
 * found through the rule index files (so the jar needs no second index); a custom directory is walked.
 */
public final class RuleTestFiles {

    public static final String SUFFIX = ".tests.yaml";

    private RuleTestFiles() {
    }

    /** The tests shipped beside the built-in rules. */
    public static List<RuleTestFile> builtIn() {
        ClassLoader cl = RuleTestFiles.class.getClassLoader();
        List<RuleTestFile> out = new ArrayList<>();
        for (String group : lines(cl, "rules/groups.txt")) {
            for (String rule : lines(cl, "rules/" + group + "/index.txt")) {
                String path = "rules/" + group + "/" + rule.replaceFirst("\\.ya?ml$", "") + SUFFIX;
                try (InputStream in = cl.getResourceAsStream(path)) {
                    if (in != null) {
                        out.add(RuleTestParser.parse(path, null, in.readAllBytes()));
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(path, e);
                }
            }
        }
        return out;
    }

    /** Every {@code *.tests.yaml} under {@code dir}, in path order. */
    public static List<RuleTestFile> ofDirectory(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new RuleTestException(dir + ": 规则目录不存在");
        }
        List<Path> files;
        try (Stream<Path> s = Files.walk(dir)) {
            files = s.filter(Files::isRegularFile).filter(RuleTestFiles::isTestsFile).sorted().toList();
        } catch (IOException e) {
            throw new RuleTestException(dir + ": 无法读取目录：" + e.getMessage(), e);
        }
        List<RuleTestFile> out = new ArrayList<>();
        for (Path p : files) {
            try {
                if (Files.size(p) > RuleTestParser.MAX_BYTES) {
                    throw new RuleTestException(p + ": 文件超过 " + RuleTestParser.MAX_BYTES + " 字节，拒绝读取");
                }
                out.add(RuleTestParser.parse(p.toString(), p.getParent(), Files.readAllBytes(p)));
            } catch (IOException e) {
                throw new RuleTestException(p + ": 无法读取：" + e.getMessage(), e);
            }
        }
        return out;
    }

    /** The rules a custom directory defines (those whose tests `rules test DIR` requires). */
    public static List<RuleDefinition> rulesOf(Path dir) {
        return RuleCatalog.ofDirectory(dir).definitions();
    }

    public static boolean isTestsFile(Path p) {
        String name = p.getFileName().toString();
        return name.endsWith(SUFFIX) || name.endsWith(".tests.yml");
    }

    private static List<String> lines(ClassLoader cl, String resource) {
        try (InputStream in = cl.getResourceAsStream(resource)) {
            if (in == null) {
                return List.of();
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(resource, e);
        }
    }
}
