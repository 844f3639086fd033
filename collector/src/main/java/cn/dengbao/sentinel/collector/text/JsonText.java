package cn.dengbao.sentinel.collector.text;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;

/**
 * JSON written for people and tools alike keeps the data exact but never lets a bidirectional control act on
 * whoever views the raw file: those characters are written as {@code \\u202e} escapes (the value is unchanged for a
 * parser). The other characters, Chinese included, stay as they are.
 */
public final class JsonText {
    private JsonText() {
    }

    /** A factory whose generators escape the bidirectional controls. */
    public static JsonFactory factory() {
        JsonFactory f = new JsonFactory();
        f.setCharacterEscapes(new BidiEscapes());
        return f;
    }

    private static final class BidiEscapes extends CharacterEscapes {
        private final int[] ascii = standardAsciiEscapesForJSON();

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return PlainText.bidiControl(ch)
                    ? new com.fasterxml.jackson.core.io.SerializedString(String.format("\\u%04x", ch)) : null;
        }
    }
}
