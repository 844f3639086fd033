package cn.dengbao.sentinel.probes.system;

import cn.dengbao.sentinel.probes.Probe;
import cn.dengbao.sentinel.probes.ProbeContext;
import cn.dengbao.sentinel.probes.ProbePath;
import cn.dengbao.sentinel.probes.access.FileStat;
import cn.dengbao.sentinel.probes.access.FixedCommand;
import cn.dengbao.sentinel.probes.support.ProbeFiles;
import cn.dengbao.sentinel.probes.support.YamlMaps;
import cn.dengbao.sentinel.proto.Facts;
import cn.dengbao.sentinel.proto.ProcessInfo;
import cn.dengbao.sentinel.proto.SecurityProduct;
import cn.dengbao.sentinel.proto.Source;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A list of products (security or backup software) loaded from a YAML resource, and the detection that turns
 * one entry into a {@link SecurityProduct} fact: installed by package, path or unit; enabled by boot links;
 * running (live) by active unit or process name; signature age from the newest matching file.
 */
public final class ProductCatalog {

    public record Product(String name, String kind, List<String> packages, List<String> paths, List<String> services,
                          List<String> processes, List<String> signatures, boolean confirm) {
        public Product {
            packages = packages == null ? List.of() : packages;
            paths = paths == null ? List.of() : paths;
            services = services == null ? List.of() : services;
            processes = processes == null ? List.of() : processes;
            signatures = signatures == null ? List.of() : signatures;
        }
    }

    private final List<Product> products;

    private ProductCatalog(List<Product> products) {
        this.products = List.copyOf(products);
    }

    public static ProductCatalog load(InputStream yaml) {
        String what = "product catalog";
        Map<String, Object> doc;
        try {
            doc = YamlMaps.load(new String(yaml.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8), what);
        } catch (IOException e) {
            throw new UncheckedIOException(what + " cannot be read", e);
        } catch (IllegalArgumentException e) {
            throw new UncheckedIOException(new IOException(e.getMessage()));
        }
        Object list = doc.get("products");
        if (list == null) {
            return new ProductCatalog(List.of());
        }
        if (!(list instanceof List<?> entries)) {
            throw new UncheckedIOException(new IOException(what + ": products must be a list"));
        }
        List<Product> products = new java.util.ArrayList<>();
        for (Object e : entries) {
            // unknown keys are ignored, as before: catalogs may carry notes for ops
            Map<String, Object> m = YamlMaps.map(e, what + " entry");
            products.add(new Product(YamlMaps.string(m, "name", null, what), YamlMaps.string(m, "kind", null, what),
                    YamlMaps.strings(m, "packages", what), YamlMaps.strings(m, "paths", what),
                    YamlMaps.strings(m, "services", what), YamlMaps.strings(m, "processes", what),
                    YamlMaps.strings(m, "signatures", what), YamlMaps.bool(m, "confirm", false, what)));
        }
        return new ProductCatalog(products);
    }

    /** Loads a catalog shipped in the agent jar (a packaging error if missing, so it fails loudly). */
    public static ProductCatalog resource(String name) {
        try (InputStream in = ProductCatalog.class.getResourceAsStream("/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public List<Product> products() {
        return products;
    }

    /** What detecting this catalog's products touches: their paths and signature files, boot links, the package database. */
    public List<ProbePath> paths() {
        List<ProbePath> own = new ArrayList<>();
        for (Product p : products) {
            p.paths().forEach(path -> own.add(ProbePath.stat(path)));
            p.signatures().forEach(glob -> own.add(ProbePath.stat(glob)));
        }
        return ProbePath.concat(own, Systemd.PATHS, SysvInit.PATHS, InstalledPackages.PATHS);
    }

    /** The commands detection runs: which units are active, which packages are installed. */
    public static Set<FixedCommand> commands() {
        return Probe.union(ActiveUnits.COMMANDS, InstalledPackages.COMMANDS);
    }

    /** Every product found installed on the host, in catalog order. */
    public List<SecurityProduct> detect(ProbeContext ctx, Facts.Builder facts, String fact) {
        Set<String> packages = InstalledPackages.names(ctx, facts);
        Set<String> active = ActiveUnits.of(ctx);
        Set<String> processes = new HashSet<>();
        if (facts.getProcesses().getCollected()) {
            for (ProcessInfo p : facts.getProcesses().getProcessesList()) {
                processes.add(p.getName());
            }
        }
        Systemd systemd = Systemd.of(ctx, fact);
        List<SecurityProduct> found = new java.util.ArrayList<>();
        for (Product p : products) {
            Optional<Source> evidence = installedEvidence(ctx, facts, systemd, packages, p);
            if (evidence.isEmpty()) {
                continue;
            }
            SecurityProduct.Builder b = SecurityProduct.newBuilder().setName(p.name()).setKind(p.kind() == null ? "" : p.kind())
                    .setInstalled(true).setSource(evidence.get());
            for (String s : p.services()) {
                String unit = s.contains(".") && !s.endsWith("@") ? s : s + ".service";
                if (systemd.enabled(unit) || SysvInit.enabled(ctx, systemd, s)) {
                    b.setEnabled(true);
                }
                if (active.contains(s)) {
                    b.setRunning(true);
                }
            }
            if (p.processes().stream().anyMatch(processes::contains)) {
                b.setRunning(true);
            }
            b.setSignatureEpochS(newestSignature(ctx, fact, p));
            found.add(b.build());
        }
        return found;
    }

    private static Optional<Source> installedEvidence(ProbeContext ctx, Facts.Builder facts, Systemd systemd, Set<String> packages, Product p) {
        for (String pkg : p.packages()) {
            if (packages.contains(pkg)) {
                // cite the package database the packages section read (file or rpm command)
                return Optional.of(facts.getPackages().getSource().toBuilder().setLine(0)
                        .setExcerpt("package " + pkg + " installed").build());
            }
        }
        for (String path : p.paths()) {
            if (ProbeFiles.stat(ctx.access(), path, false).isPresent()) {
                return Optional.of(ProbeContext.source(path, 0, "present: " + path));
            }
        }
        for (String s : p.services()) {
            String unit = s.contains(".") ? s : s + ".service";
            if (systemd.installed(unit)) {
                return Optional.of(ProbeContext.source(systemd.unitFile(unit).orElse(unit), 0, "unit " + unit));
            }
        }
        return Optional.empty();
    }

    private static long newestSignature(ProbeContext ctx, String fact, Product p) {
        long newest = 0;
        for (String glob : p.signatures()) {
            for (String path : ProbeFiles.glob(ctx, fact, glob)) {
                newest = Math.max(newest, ProbeFiles.stat(ctx.access(), path, true).map(FileStat::modifiedEpochMillis).orElse(0L));
            }
        }
        return newest / 1000;
    }
}
