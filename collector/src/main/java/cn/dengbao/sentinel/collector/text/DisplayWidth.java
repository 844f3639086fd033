package cn.dengbao.sentinel.collector.text;

import java.util.Arrays;

/**
 * How many terminal columns text takes: East Asian Wide and Fullwidth characters (汉字, fullwidth punctuation such as
 * "（", most emoji) take two, combining marks and other zero-width characters none, everything else one.
 */
public final class DisplayWidth {
    /**
     * Inclusive code point ranges, East_Asian_Width W or F (Unicode 14 EastAsianWidth.txt, ranges joined across
     * unassigned code points; planes 2 and 3 are wide as a whole, as the standard says).
     */
    private static final int[] WIDE = {
            0x1100, 0x115F, 0x231A, 0x231B, 0x2329, 0x232A, 0x23E9, 0x23EC, 0x23F0, 0x23F0, 0x23F3, 0x23F3,
            0x25FD, 0x25FE, 0x2614, 0x2615, 0x2648, 0x2653, 0x267F, 0x267F, 0x2693, 0x2693, 0x26A1, 0x26A1,
            0x26AA, 0x26AB, 0x26BD, 0x26BE, 0x26C4, 0x26C5, 0x26CE, 0x26CE, 0x26D4, 0x26D4, 0x26EA, 0x26EA,
            0x26F2, 0x26F3, 0x26F5, 0x26F5, 0x26FA, 0x26FA, 0x26FD, 0x26FD, 0x2705, 0x2705, 0x270A, 0x270B,
            0x2728, 0x2728, 0x274C, 0x274C, 0x274E, 0x274E, 0x2753, 0x2755, 0x2757, 0x2757, 0x2795, 0x2797,
            0x27B0, 0x27B0, 0x27BF, 0x27BF, 0x2B1B, 0x2B1C, 0x2B50, 0x2B50, 0x2B55, 0x2B55, 0x2E80, 0x303E,
            0x3041, 0x3247, 0x3250, 0x4DBF, 0x4E00, 0xA4C6, 0xA960, 0xA97C, 0xAC00, 0xD7A3, 0xF900, 0xFAD9,
            0xFE10, 0xFE19, 0xFE30, 0xFE6B, 0xFF01, 0xFF60, 0xFFE0, 0xFFE6, 0x16FE0, 0x1B2FB, 0x1F004, 0x1F004,
            0x1F0CF, 0x1F0CF, 0x1F18E, 0x1F18E, 0x1F191, 0x1F19A, 0x1F200, 0x1F320, 0x1F32D, 0x1F335, 0x1F337, 0x1F37C,
            0x1F37E, 0x1F393, 0x1F3A0, 0x1F3CA, 0x1F3CF, 0x1F3D3, 0x1F3E0, 0x1F3F0, 0x1F3F4, 0x1F3F4, 0x1F3F8, 0x1F43E,
            0x1F440, 0x1F440, 0x1F442, 0x1F4FC, 0x1F4FF, 0x1F53D, 0x1F54B, 0x1F54E, 0x1F550, 0x1F567, 0x1F57A, 0x1F57A,
            0x1F595, 0x1F596, 0x1F5A4, 0x1F5A4, 0x1F5FB, 0x1F64F, 0x1F680, 0x1F6C5, 0x1F6CC, 0x1F6CC, 0x1F6D0, 0x1F6D2,
            0x1F6D5, 0x1F6DF, 0x1F6EB, 0x1F6EC, 0x1F6F4, 0x1F6FC, 0x1F7E0, 0x1F7F0, 0x1F90C, 0x1F93A, 0x1F93C, 0x1F945,
            0x1F947, 0x1F9FF, 0x1FA70, 0x1FAF6, 0x20000, 0x3FFFD,
    };

    private DisplayWidth() {
    }

    /** Columns of one code point: 0, 1 or 2. Control characters count 0 (they are cleaned before display). */
    public static int of(int cp) {
        if (cp < 0x7F) {
            return cp < 0x20 ? 0 : 1;   // the common case first: printable ASCII
        }
        if (zeroWidth(cp)) {
            return 0;
        }
        return wide(cp) ? 2 : 1;
    }

    public static int of(String s) {
        if (s == null) {
            return 0;
        }
        int w = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            w += of(cp);
            i += Character.charCount(cp);
        }
        return w;
    }

    /** {@code s} with spaces after it up to {@code width} columns (unchanged when already as wide). */
    public static String pad(String s, int width) {
        int w = of(s);
        return w >= width ? s : s + " ".repeat(width - w);
    }

    /**
     * {@code s} cut to at most {@code width} columns, ending in "…" when cut; a wide character is never split
     * over the limit, and combining marks stay with the character they belong to.
     */
    public static String fit(String s, int width) {
        if (s == null || of(s) <= width) {
            return s == null ? "" : s;
        }
        StringBuilder b = new StringBuilder();
        int w = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            int cw = of(cp);
            if (w + cw > width - 1) {   // keep one column for the ellipsis
                break;
            }
            b.appendCodePoint(cp);
            w += cw;
            i += Character.charCount(cp);
        }
        return b.append('…').toString();
    }

    private static boolean wide(int cp) {
        int i = Arrays.binarySearch(WIDE, cp);
        // found: a range bound; not found: inside a range when the insertion point is odd (after a start)
        return i >= 0 || (-i - 1) % 2 == 1;
    }

    /** Combining marks (Mn, Me), format characters such as ZWJ (Cf, but the soft hyphen shows), Hangul medial jamo. */
    private static boolean zeroWidth(int cp) {
        if (cp == 0x00AD) {
            return false;
        }
        if (cp >= 0x1160 && cp <= 0x11FF) {
            return true;
        }
        int type = Character.getType(cp);
        return type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK || type == Character.FORMAT
                || Character.isISOControl(cp);
    }
}
