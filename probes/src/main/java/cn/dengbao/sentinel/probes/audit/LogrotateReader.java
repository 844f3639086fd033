package cn.dengbao.sentinel.probes.audit;

import static cn.dengbao.sentinel.probes.ProbePath.list;

import cn.dengbao.sentinel.probes.ProbeContext;
import cn.dengbao.sentinel.probes.ProbePath;
import cn.dengbao.sentinel.probes.support.ConfigText;
import cn.dengbao.sentinel.probes.support.LogicalLine;
import cn.dengbao.sentinel.probes.support.ProbeFiles;
import cn.dengbao.sentinel.proto.Audit;
import cn.dengbao.sentinel.proto.LogRotation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * logrotate: global directives apply to every block read after them (as logrotate itself processes the file,
 * includes in place); a block's own directives override them. Each log path gets rotate × period → retention.
 */
final class LogrotateReader {
    static final String FACT = "audit.logrotate";
    static final String MAIN = "/etc/logrotate.conf";
    static final String DROP_INS = "/etc/logrotate.d";
    static final List<ProbePath> PATHS = List.of(ProbePath.read(MAIN), list(DROP_INS), ProbePath.read(DROP_INS + "/*"));
    static final Map<String, Integer> PERIOD_DAYS = Map.of("daily", 1, "weekly", 7, "monthly", 30, "yearly", 365);

    /** The directives that decide retention. */
    private static final class Settings {
        int rotate = -1;   // logrotate's default is 0 old copies
        String period = "";
        int maxage = -1;
        boolean hourly;

        Settings copy() {
            Settings s = new Settings();
            s.rotate = rotate;
            s.period = period;
            s.maxage = maxage;
            s.hourly = hourly;
            return s;
        }
    }

    private final ProbeContext ctx;
    private final Audit.Builder out;
    private final Settings global = new Settings();
    private final Set<String> visited = new HashSet<>();

    private LogrotateReader(ProbeContext ctx, Audit.Builder out) {
        this.ctx = ctx;
        this.out = out;
    }

    static void read(ProbeContext ctx, Audit.Builder out) {
        LogrotateReader r = new LogrotateReader(ctx, out);
        if (!r.file(MAIN, 0)) {
            // no main file: the drop-ins still describe rotations, with logrotate's built-in defaults
            r.includeDirectory(DROP_INS, 0);
        }
    }

    private boolean file(String path, int depth) {
        if (depth > 4 || !visited.add(path)) {
            return false;
        }
        Optional<String> text = ProbeFiles.readIfPresent(ctx, FACT, path);
        if (text.isEmpty()) {
            return false;
        }
        out.addConfigFiles(path);
        List<LogicalLine> lines = ConfigText.physicalLines(text.get());
        Settings block = null;
        List<String> blockPaths = List.of();
        LogicalLine blockLine = null;
        boolean inScript = false;
        List<String> pending = new ArrayList<>();
        LogicalLine pendingLine = null;
        for (LogicalLine line : lines) {
            String t = ConfigText.stripComment(line.text());
            if (t.isEmpty()) {
                continue;
            }
            String lower = t.toLowerCase(Locale.ROOT);
            if (inScript) {
                inScript = !lower.equals("endscript");
                continue;
            }
            if (lower.matches("(postrotate|prerotate|firstaction|lastaction|preremove)")) {
                inScript = true;
                continue;
            }
            if (block == null && t.endsWith("{")) {
                // paths may be listed on the lines before a lone "{" (RHEL's rsyslog file does this)
                List<String> paths = new ArrayList<>(pending);
                String head = t.substring(0, t.length() - 1).strip();
                if (!head.isEmpty()) {
                    paths.addAll(List.of(head.split("\\s+")));
                }
                blockPaths = paths;
                block = global.copy();
                blockLine = pending.isEmpty() ? line : pendingLine;
                pending.clear();
                continue;
            }
            if (block == null && (t.startsWith("/") || t.startsWith("\"") || t.startsWith("'"))) {
                if (pending.isEmpty()) {
                    pendingLine = line;
                }
                pending.addAll(List.of(t.split("\\s+")));
                continue;
            }
            if (block != null && t.startsWith("}")) {
                for (String p : blockPaths) {
                    if (!p.isEmpty()) {
                        emit(ConfigText.unquote(p), block, path, blockLine);
                    }
                }
                block = null;
                continue;
            }
            if (block == null && lower.startsWith("include ")) {
                include(ConfigText.unquote(t.substring(8).strip()), depth);
                continue;
            }
            apply(block == null ? global : block, lower);
        }
        return true;
    }

    private void include(String target, int depth) {
        if (ProbeFiles.isDirectory(ctx.access(), target)) {
            includeDirectory(target, depth);
        } else {
            file(target, depth + 1);
        }
    }

    private void includeDirectory(String dir, int depth) {
        for (String name : ProbeFiles.listIfPresent(ctx, FACT, dir)) {
            // logrotate skips backup and package-manager leftovers
            if (!name.startsWith(".") && !name.endsWith("~") && !name.endsWith(".dpkg-old") && !name.endsWith(".dpkg-dist")
                    && !name.endsWith(".rpmsave") && !name.endsWith(".rpmnew") && !name.endsWith(".disabled")) {
                file(ProbeFiles.join(dir, name), depth + 1);
            }
        }
    }

    private static void apply(Settings s, String lower) {
        String[] w = lower.split("\\s+");
        switch (w[0]) {
            case "rotate" -> s.rotate = w.length > 1 ? parseInt(w[1], s.rotate) : s.rotate;
            case "daily", "weekly", "monthly", "yearly" -> {
                s.period = w[0];
                s.hourly = false;
            }
            case "hourly" -> {
                s.period = "hourly";
                s.hourly = true;
            }
            case "size" -> s.period = "size";
            case "maxage" -> s.maxage = w.length > 1 ? parseInt(w[1], s.maxage) : s.maxage;
            default -> {
            }
        }
    }

    private void emit(String pattern, Settings s, String path, LogicalLine header) {
        int rotate = Math.max(s.rotate, 0);
        int retention = 0;
        if (PERIOD_DAYS.containsKey(s.period)) {
            retention = rotate * PERIOD_DAYS.get(s.period);
        } else if (s.hourly) {
            retention = (rotate + 23) / 24;
        }
        if (s.maxage >= 0 && retention > 0) {
            retention = Math.min(retention, s.maxage);
        }
        out.addRotations(LogRotation.newBuilder().setPathPattern(pattern).setRotate(rotate).setPeriod(s.period)
                .setRetentionDays(retention).setSource(ProbeContext.source(path, header.number(),
                        header.text() + " rotate " + rotate + " " + s.period)));
    }

    private static int parseInt(String s, int fallback) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
