package cn.dengbao.sentinel.probes.access;

/** Metadata of one path. {@code mode} holds the permission bits only (e.g. 0640). */
public record FileStat(
        String path,
        boolean directory,
        boolean regularFile,
        boolean symbolicLink,
        int mode,
        long uid,
        long gid,
        String owner,
        String group,
        long size,
        long modifiedEpochMillis) {

    public String modeOctal() {
        return String.format("%04o", mode);
    }
}
