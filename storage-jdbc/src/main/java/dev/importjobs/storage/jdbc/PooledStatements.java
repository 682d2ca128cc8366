package dev.importjobs.storage.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The kept {@link Statements} of each physical connection behind a pool. A pool lends a connection to
 * one thread at a time, so the statements of the connection it lends are that thread's until it gives
 * the connection back. An entry goes once its connection has been closed.
 */
public final class PooledStatements {
    private final Class<? extends Connection> physical;
    private final String sessionSetup;
    private final Map<Connection, Statements> kept = new ConcurrentHashMap<>();

    /** @param physical the driver's connection class, which the pool's connections unwrap to */
    public PooledStatements(Class<? extends Connection> physical) {
        this(physical, null);
    }

    /**
     * @param physical     the driver's connection class, which the pool's connections unwrap to
     * @param sessionSetup a statement run once on each connection when first met (a session setting every
     *                     unit on it relies on), or {@code null}
     */
    public PooledStatements(Class<? extends Connection> physical, String sessionSetup) {
        this.physical = physical;
        this.sessionSetup = sessionSetup;
    }

    /** The kept statements of the physical connection behind {@code pooled}. */
    public Statements of(Connection pooled) throws SQLException {
        Connection connection = pooled.unwrap(physical);
        Statements statements = kept.get(connection);
        if (statements == null) {
            kept.keySet().removeIf(PooledStatements::isClosed);
            statements = Statements.kept(connection);
            if (sessionSetup != null) {
                try (Statement setup = connection.createStatement()) {
                    setup.execute(sessionSetup);
                }
            }
            kept.put(connection, statements);
        }
        return statements;
    }

    /** Forgets every connection's statements (after the pool closed them with its connections). */
    public void clear() {
        kept.clear();
    }

    private static boolean isClosed(Connection connection) {
        try {
            return connection.isClosed();
        } catch (SQLException e) {
            return true;
        }
    }
}
