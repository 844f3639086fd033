package cn.dengbao.sentinel.collector.export;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * What every HTML export carries inline so it stays one self-contained file: the style sheet, the filter script,
 * the bundled CJK font subset (font/README.md says where it comes from) and the Content-Security-Policy that lets
 * exactly that script run — by its SHA-256, computed here from the bytes written, so an edit of the script can never
 * leave a stale hash behind — and nothing else load.
 */
final class HtmlAssets {
    static final String FONT_RESOURCE = "font/NotoSansSC-subset.woff2";
    static final String FONT_FAMILY = "Sentinel CJK";

    private static final HtmlAssets INSTANCE = new HtmlAssets();

    final String css;
    final String script;
    final String fontFace;
    final String csp;

    private HtmlAssets() {
        css = text("html/style.css");
        script = text("html/filters.js");
        fontFace = "@font-face{font-family:\"" + FONT_FAMILY + "\";font-display:block;src:url(data:font/woff2;base64,"
                + Base64.getEncoder().encodeToString(bytes(FONT_RESOURCE)) + ") format(\"woff2\")}\n";
        csp = "default-src 'none'; style-src 'unsafe-inline'; font-src data:; img-src data:; base-uri 'none'; "
                + "form-action 'none'; script-src '" + scriptHash(script) + "'";
    }

    static HtmlAssets get() {
        return INSTANCE;
    }

    /** The CSP source expression of an inline script: 'sha256-' and the base64 digest of its UTF-8 text. */
    static String scriptHash(String script) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(script.getBytes(StandardCharsets.UTF_8));
            return "sha256-" + Base64.getEncoder().encodeToString(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    private static String text(String name) {
        return new String(bytes(name), StandardCharsets.UTF_8);
    }

    static byte[] bytes(String name) {
        try (InputStream in = HtmlAssets.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name + " next to " + HtmlAssets.class.getName());
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
