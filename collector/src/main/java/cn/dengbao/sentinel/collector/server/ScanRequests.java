package cn.dengbao.sentinel.collector.server;

import cn.dengbao.sentinel.pki.SecureFiles;
import cn.dengbao.sentinel.collector.ingest.AgentSessions;
import cn.dengbao.sentinel.proto.FactSection;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Scan requests from the CLI to a running {@code serve}: small JSON files in {@code <dataDir>/scan-requests/},
 * written atomically by {@code scan} and picked up by the server every second. Requests name an agent, a group
 * or all agents, and fact sections from the enum only.
 */
public final class ScanRequests {
    private static final System.Logger LOG = System.getLogger(ScanRequests.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One request; exactly one of agent / group / all. */
    public static final class Request {
        public String agent;
        public String group;
        public boolean all;
        public List<String> sections = new ArrayList<>();
    }

    private ScanRequests() {
    }

    public static Path dir(Path dataDir) {
        return dataDir.resolve("scan-requests");
    }

    public static Path submit(Path dataDir, Request r) throws IOException {
        for (String s : r.sections) {
            FactSection.valueOf(s); // only enum sections can be requested
        }
        Path d = SecureFiles.privateDir(dir(dataDir));
        Path f = d.resolve(System.currentTimeMillis() + "-" + UUID.randomUUID() + ".json");
        SecureFiles.writeAtomically(f, JSON.writeValueAsBytes(r));
        return f;
    }

    /** Sends every queued request to the matching connected agents and deletes it. */
    public static void dispatch(Path dataDir, AgentSessions sessions) {
        Path d = dir(dataDir);
        if (!Files.isDirectory(d)) {
            return;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(d, "*.json")) {
            for (Path f : ds) {
                try {
                    Request r = JSON.readValue(f.toFile(), Request.class);
                    List<FactSection> sections = new ArrayList<>();
                    for (String s : r.sections) {
                        sections.add(FactSection.valueOf(s));
                    }
                    List<String> sent = sessions.requestScan((id, group) -> r.all
                            || (r.agent != null && r.agent.equals(id))
                            || (r.group != null && r.group.equals(group)), sections);
                    LOG.log(Level.INFO, "scan request {0}: sent to {1} connected agent(s)", f.getFileName(), sent.size());
                } catch (IOException | IllegalArgumentException e) {
                    LOG.log(Level.WARNING, "ignoring malformed scan request {0}: {1}", f.getFileName(), e.getMessage());
                } finally {
                    Files.deleteIfExists(f);
                }
            }
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot read scan requests: {0}", e.getMessage());
        }
    }
}
