package cn.dengbao.sentinel.checks.engine;

import cn.dengbao.sentinel.proto.Facts;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The memo keys of one evaluation. Each distinct input of the engine's rules is digested at most once, and only
 * when a rule that reads it is looked up; a rule's key is the host attributes' digest followed by its inputs'.
 * Digests are SHA-256 truncated to 128 bits: strong enough that a collision (which would return another host's
 * finding) is not a concern, and cheap next to CEL evaluation.
 */
final class MemoKeys {

    /** Per engine: the distinct inputs of the active rules, and each rule's inputs as indices into them. */
    record Plan(List<FactInput> inputs, int[][] ruleInputs) {
        static Plan of(List<List<FactInput>> perRule) {
            Map<FactInput, Integer> index = new HashMap<>();
            List<FactInput> inputs = new ArrayList<>();
            int[][] rules = new int[perRule.size()][];
            for (int r = 0; r < rules.length; r++) {
                List<FactInput> in = perRule.get(r);
                rules[r] = new int[in.size()];
                for (int i = 0; i < in.size(); i++) {
                    rules[r][i] = index.computeIfAbsent(in.get(i), k -> {
                        inputs.add(k);
                        return inputs.size() - 1;
                    });
                }
            }
            return new Plan(List.copyOf(inputs), rules);
        }
    }

    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(CelAstCache::newSha256);
    private static final ThreadLocal<FactInput.Scratch> SCRATCH = ThreadLocal.withInitial(FactInput.Scratch::new);

    private final Plan plan;
    private final Facts facts;
    /** Two words per input; filled lazily. */
    private final long[] digests;
    private final boolean[] done;
    private final long attrsHi;
    private final long attrsLo;

    MemoKeys(Plan plan, Facts facts, Map<String, String> attrs) {
        this.plan = plan;
        this.facts = facts;
        this.digests = new long[plan.inputs().size() * 2];
        this.done = new boolean[plan.inputs().size()];
        MessageDigest md = SHA256.get();
        // sorted, each string length-prefixed: the same map always gives the same bytes, different maps never do
        for (Map.Entry<String, String> e : new TreeMap<>(attrs).entrySet()) {
            update(md, e.getKey());
            update(md, e.getValue());
        }
        byte[] d = md.digest();
        this.attrsHi = word(d, 0);
        this.attrsLo = word(d, 8);
    }

    FindingMemo.Key key(int rule) {
        int[] in = plan.ruleInputs()[rule];
        long[] words = new long[2 + 2 * in.length];
        words[0] = attrsHi;
        words[1] = attrsLo;
        for (int i = 0; i < in.length; i++) {
            int k = in[i];
            if (!done[k]) {
                digest(k);
            }
            words[2 + 2 * i] = digests[2 * k];
            words[3 + 2 * i] = digests[2 * k + 1];
        }
        return new FindingMemo.Key(rule, words);
    }

    private void digest(int k) {
        MessageDigest md = SHA256.get();
        plan.inputs().get(k).digest(facts, md, SCRATCH.get());
        byte[] d = md.digest();
        digests[2 * k] = word(d, 0);
        digests[2 * k + 1] = word(d, 8);
        done[k] = true;
    }

    private static void update(MessageDigest md, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        md.update((byte) (b.length >>> 24));
        md.update((byte) (b.length >>> 16));
        md.update((byte) (b.length >>> 8));
        md.update((byte) b.length);
        md.update(b);
    }

    private static long word(byte[] d, int off) {
        long w = 0;
        for (int i = off; i < off + 8; i++) {
            w = (w << 8) | (d[i] & 0xFF);
        }
        return w;
    }
}
