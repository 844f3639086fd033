package cn.dengbao.sentinel.collector.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A small fixed-size pool: enough for a collector (a handful of concurrent ingests) without pulling in a pool
 * library. Idle connections are validated before reuse when they have been idle for a while, so a restarted
 * PostgreSQL does not poison the pool.
 */
final class ConnectionPool implements AutoCloseable {
    private static final long VALIDATE_AFTER_IDLE_MS = 30_000;
    private static final long BORROW_TIMEOUT_S = 60;

    private record Idle(Connection connection, long since) {}

    private final String url;
    private final Properties props;
    private final Semaphore permits;
    private final LinkedBlockingDeque<Idle> idle = new LinkedBlockingDeque<>();
    private final List<Connection> all = new ArrayList<>();
    private volatile boolean closed;

    ConnectionPool(String url, String user, String password, int maxSize) {
        this.url = url;
        this.props = new Properties();
        if (user != null) {
            props.setProperty("user", user);
        }
        if (password != null) {
            props.setProperty("password", password);
        }
        this.permits = new Semaphore(maxSize, true);
    }

    Connection borrow() throws SQLException {
        if (closed) {
            throw new SQLException("store is closed");
        }
        try {
            if (!permits.tryAcquire(BORROW_TIMEOUT_S, TimeUnit.SECONDS)) {
                throw new SQLException("timed out waiting for a database connection");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted waiting for a database connection");
        }
        try {
            Idle i;
            while ((i = idle.pollFirst()) != null) {
                if (System.currentTimeMillis() - i.since() < VALIDATE_AFTER_IDLE_MS || i.connection().isValid(2)) {
                    return i.connection();
                }
                discard(i.connection());
            }
            Connection c = DriverManager.getConnection(url, props);
            synchronized (all) {
                all.add(c);
            }
            return c;
        } catch (SQLException | RuntimeException e) {
            permits.release();
            throw e;
        }
    }

    /** Returns a connection; broken ones (or ones left inside a transaction) are closed instead of reused. */
    void release(Connection c, boolean healthy) {
        try {
            if (healthy && !closed && !c.isClosed()) {
                if (!c.getAutoCommit()) {
                    c.rollback();
                    c.setAutoCommit(true);
                }
                idle.offerFirst(new Idle(c, System.currentTimeMillis()));
            } else {
                discard(c);
            }
        } catch (SQLException e) {
            discard(c);
        } finally {
            permits.release();
        }
    }

    private void discard(Connection c) {
        synchronized (all) {
            all.remove(c);
        }
        try {
            c.close();
        } catch (SQLException ignored) {
            // already broken
        }
    }

    @Override
    public void close() {
        closed = true;
        List<Connection> copy;
        synchronized (all) {
            copy = new ArrayList<>(all);
            all.clear();
        }
        idle.clear();
        for (Connection c : copy) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // closing anyway
            }
        }
    }
}
