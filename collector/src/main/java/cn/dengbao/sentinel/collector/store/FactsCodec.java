package cn.dengbao.sentinel.collector.store;

import cn.dengbao.sentinel.proto.Facts;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/** Facts are kept as gzip of the protobuf binary: compact (package lists compress ~10x) and schema-evolvable. */
public final class FactsCodec {
    /** Refuse to inflate more than this: a corrupt or hostile row must not exhaust memory. */
    static final int MAX_INFLATED = 64 * 1024 * 1024;

    private FactsCodec() {}

    public static byte[] encode(Facts facts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(256, facts.getSerializedSize() / 4));
        try (GZIPOutputStream gz = new GZIPOutputStream(out, 8192)) {
            facts.writeTo(gz);
        } catch (IOException e) {
            throw new StoreException("cannot compress facts", e);
        }
        return out.toByteArray();
    }

    public static Facts decode(byte[] gz) {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            byte[] raw = in.readNBytes(MAX_INFLATED + 1);
            if (raw.length > MAX_INFLATED) {
                throw new StoreException("stored facts exceed " + MAX_INFLATED + " bytes when inflated");
            }
            return Facts.parseFrom(raw);
        } catch (InvalidProtocolBufferException e) {
            throw new StoreException("stored facts are not valid protobuf", e);
        } catch (IOException e) {
            throw new StoreException("stored facts are not valid gzip", e);
        }
    }
}
