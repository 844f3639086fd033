package cn.dengbao.sentinel.common.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** Checks for the file an {@code --out} option names, before any work is done. */
public final class OutputPaths {
    private OutputPaths() {
    }

    /**
     * The file may be created or replaced, but its directory must exist: a typo in the directory is an error,
     * not a new directory tree. {@code option} names the option in the message.
     */
    public static void requireWritableTarget(String option, Path out) {
        if (Files.isDirectory(out)) {
            throw new IllegalArgumentException(option + " " + out + " 是目录，请给出文件名 (is a directory; give a file name)");
        }
        requireParentDirectory(option, out);
    }

    /** For options naming a directory to be created ({@code --out-dir}): its parent must exist. */
    public static void requireParentDirectory(String option, Path path) {
        Path parent = path.toAbsolutePath().normalize().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new IllegalArgumentException(option + " 所在的目录不存在 (the directory of " + option + " does not exist): "
                    + parent);
        }
    }
}
