package cn.dengbao.sentinel.collector.signing;

import java.util.List;

/**
 * What a signed export manifest states about its file. Serialised with a fixed field order by
 * {@link ExportSigner}; the signature covers the manifest file's exact bytes.
 */
public record Manifest(int manifestVersion, String file, String sm3, long size, String createdAt,
                       String collectorId, List<String> scanIds, String format, String toolVersion,
                       String signatureAlgorithm, String publicKeySm3) {
    public static final int VERSION = 1;
    public static final String ALGORITHM = "SM3withSM2";
}
