package cn.dengbao.sentinel.collector.cli;

import picocli.CommandLine.Option;

/**
 * A database server for the store ({@code @Mixin DatabaseOptions db;}): its JDBC URL and user, and the password
 * read from the environment variable named by {@code --db-password-env}, never from the command line (which other
 * local users can see in the process list).
 */
public final class DatabaseOptions {

    @Option(names = "--db-url", paramLabel = "JDBC_URL",
            description = "Use this database instead of the embedded one, e.g. jdbc:postgresql://127.0.0.1:5432/sentinel.")
    String url;

    @Option(names = "--db-user", paramLabel = "USER", description = "Database user (with --db-url).")
    String user;

    @Option(names = "--db-password-env", paramLabel = "VAR",
            description = "Name of the environment variable holding the database password (with --db-url).")
    String passwordEnv;

    public boolean given() {
        return url != null && !url.isBlank();
    }

    public String url() {
        return url;
    }

    public String user() {
        return user;
    }

    /** The password from the environment, null when none was asked for; IllegalArgumentException when unset. */
    public String password() {
        if (passwordEnv == null) {
            return null;
        }
        String password = System.getenv(passwordEnv);
        if (password == null) {
            throw new IllegalArgumentException("环境变量 " + passwordEnv + " 未设置 (--db-password-env: " + passwordEnv
                    + " is not set)");
        }
        return password;
    }

    /** For usage errors: user or password variable given without a URL. */
    boolean partial() {
        return !given() && (user != null || passwordEnv != null);
    }
}
