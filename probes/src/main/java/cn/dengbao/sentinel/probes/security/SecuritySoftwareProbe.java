package cn.dengbao.sentinel.probes.security;

import cn.dengbao.sentinel.probes.Probe;
import cn.dengbao.sentinel.probes.ProbeContext;
import cn.dengbao.sentinel.probes.ProbePath;
import cn.dengbao.sentinel.probes.access.FixedCommand;
import cn.dengbao.sentinel.probes.system.ProductCatalog;
import cn.dengbao.sentinel.proto.FactSection;
import cn.dengbao.sentinel.proto.Facts;
import cn.dengbao.sentinel.proto.SecuritySoftware;
import java.util.List;
import java.util.Set;

/** Anti-malware, HIDS, EDR and file-integrity products, as listed in security-products.yaml. */
public final class SecuritySoftwareProbe implements Probe {
    public static final String FACT = "security_software";
    public static final String CATALOG = "security-products.yaml";

    private final ProductCatalog catalog;

    public SecuritySoftwareProbe() {
        this(ProductCatalog.resource(CATALOG));
    }

    public SecuritySoftwareProbe(ProductCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public FactSection section() {
        return FactSection.SECTION_SECURITY_SOFTWARE;
    }

    @Override
    public List<ProbePath> paths() {
        return catalog.paths();
    }

    @Override
    public Set<FixedCommand> commands() {
        return ProductCatalog.commands();
    }

    @Override
    public Set<FactSection> reads() {
        return Set.of(FactSection.SECTION_PACKAGES, FactSection.SECTION_PROCESSES);
    }

    @Override
    public void collect(ProbeContext ctx, Facts.Builder facts) {
        facts.setSecuritySoftware(SecuritySoftware.newBuilder().addAllProducts(catalog.detect(ctx, facts, FACT)));
    }
}
