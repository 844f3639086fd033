package cn.dengbao.sentinel.probes.accounts;

import cn.dengbao.sentinel.proto.PasswordState;

/**
 * What a shadow password field says, without keeping the field: its state and hash algorithm. The hash itself
 * never leaves this class.
 */
public record ShadowHash(PasswordState state, String algorithm) {

    public static ShadowHash of(String field) {
        if (field.isEmpty()) {
            return new ShadowHash(PasswordState.EMPTY, "");
        }
        if (field.startsWith("!")) {
            String rest = field.replaceFirst("^!+", "");
            if (rest.isEmpty()) {
                // "!" alone is passwd -l on an account without a hash; "!!" is "never had a password" (RHEL useradd)
                return new ShadowHash(field.equals("!") ? PasswordState.LOCKED : PasswordState.NO_PASSWORD, "");
            }
            String alg = algorithm(rest);
            if (alg.isEmpty()) {
                return new ShadowHash(PasswordState.NO_PASSWORD, "");  // "!*", "!x": no usable hash behind the lock
            }
            return new ShadowHash(PasswordState.LOCKED, alg);
        }
        String alg = algorithm(field);
        if (alg.isEmpty()) {
            return new ShadowHash(PasswordState.NO_PASSWORD, "");  // "*", "x", "*LK*", anything crypt cannot match
        }
        return new ShadowHash(PasswordState.HASHED, alg);
    }

    /** MD5, DES, SHA256, SHA512, YESCRYPT, BCRYPT, SM3, UNKNOWN ($-prefixed but unknown), or "" when not a hash. */
    static String algorithm(String h) {
        if (h.startsWith("$")) {
            int end = h.indexOf('$', 1);
            if (end < 0) {
                return "";
            }
            String id = h.substring(1, end);
            return switch (id) {
                case "1" -> "MD5";
                case "5" -> "SHA256";
                case "6" -> "SHA512";
                case "y" -> "YESCRYPT";
                case "2", "2a", "2b", "2x", "2y" -> "BCRYPT";
                case "sm3" -> "SM3";
                default -> "UNKNOWN";
            };
        }
        if (h.length() == 13 && h.chars().allMatch(ShadowHash::cryptChar)) {
            return "DES";
        }
        if (h.length() == 20 && h.charAt(0) == '_' && h.substring(1).chars().allMatch(ShadowHash::cryptChar)) {
            return "DES";  // BSDi extended DES
        }
        return "";
    }

    private static boolean cryptChar(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '/';
    }

    /** The placeholder that replaces the field in excerpts, e.g. {@code <HASHED:SHA512>}. */
    public String placeholder() {
        return "<" + state.name() + (algorithm.isEmpty() ? "" : ":" + algorithm) + ">";
    }
}
