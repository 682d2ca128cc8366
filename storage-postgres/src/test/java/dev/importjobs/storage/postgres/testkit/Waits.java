package dev.importjobs.storage.postgres.testkit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;

/** What tests that line writes up behind a held lock wait on: sessions waiting in the database, threads in the store. */
public final class Waits {
    private Waits() {
    }

    /** How many sessions of {@code probe}'s database wait for a lock now. */
    public static long lockWaits(Connection probe) {
        try (PreparedStatement query = probe.prepareStatement("SELECT COUNT(*) FROM pg_stat_activity "
                + "WHERE datname = current_database() AND wait_event_type = 'Lock'");
                ResultSet rs = query.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * How many sessions wait for a lock that {@code blocker}'s session holds: a wait on that very lock, not one
     * that may be over already or not yet begun.
     */
    public static long blockedBy(Connection probe, Connection blocker) {
        try (PreparedStatement pid = blocker.prepareStatement("SELECT pg_backend_pid()");
                ResultSet blockerPid = pid.executeQuery();
                PreparedStatement query = probe.prepareStatement("SELECT COUNT(*) FROM pg_stat_activity "
                        + "WHERE datname = current_database() AND ? = ANY (pg_blocking_pids(pid))")) {
            blockerPid.next();
            query.setInt(1, blockerPid.getInt(1));
            try (ResultSet rs = query.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** How many threads are parked in a store's queue for a job's turn ({@code JobTurns.enter}). */
    public static long waitingForTurn() {
        return Thread.getAllStackTraces().entrySet().stream()
                .filter(e -> e.getKey().getState() == Thread.State.WAITING)
                .filter(e -> Arrays.stream(e.getValue()).anyMatch(frame -> frame.getClassName().endsWith("JobTurns")
                        && frame.getMethodName().equals("enter")))
                .count();
    }
}
