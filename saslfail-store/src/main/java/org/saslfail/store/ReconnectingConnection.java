package org.saslfail.store;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * A PostgreSQL connection that comes back after the server did: a long-running daemon must not
 * need a restart because PostgreSQL was restarted or the network dropped. Each call first checks
 * (locally, no round trip) whether the driver has closed the connection after a fatal error and
 * then opens a new one; what failed meanwhile failed with its own error and is retried by its
 * caller (the intake keeps its watermark, pending commands stay pending).
 *
 * <p>A transaction that was open when the connection broke is gone with it, and it stays gone: until
 * its owner ends it (rollback, or auto-commit switched back on), every other call fails instead of
 * running on a new connection, where each statement would commit on its own and write half of it.
 */
final class ReconnectingConnection implements InvocationHandler {
    private final Database.Connector connector;
    private Connection real;
    /** Auto-commit was switched off on {@link #real} and not back on: a transaction is open. */
    private boolean inTransaction;

    private ReconnectingConnection(Database.Connector connector, Connection first) {
        this.connector = connector;
        this.real = first;
    }

    static Connection wrap(Database.Connector connector, Connection first) {
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                new ReconnectingConnection(connector, first));
    }

    @Override
    public synchronized Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        String name = method.getName();
        if (name.equals("close") || name.equals("isClosed")) {
            if (name.equals("close")) {
                inTransaction = false; // closing ends it on the server
            }
            return method.invoke(real, args);
        }
        if (real.isClosed()) {
            if (inTransaction) {
                return lostTransaction(name, args);
            }
            // throws (to the caller, as any failed call would) while the server is still away
            real = connector.open();
        }
        try {
            Object result = method.invoke(real, args);
            if (name.equals("setAutoCommit")) {
                inTransaction = !(Boolean) args[0];
            }
            return result;
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** A call while the transaction that was open is lost with its connection: only ending it works. */
    private Object lostTransaction(String name, Object[] args) throws SQLException {
        switch (name) {
            case "rollback":
                return null; // the server rolled it back when the connection ended
            case "getAutoCommit":
                return false;
            case "setAutoCommit":
                if ((Boolean) args[0]) {
                    inTransaction = false; // ended; the next call opens a new connection
                    return null;
                }
                break;
            default:
                break;
        }
        throw new SQLException("the connection to PostgreSQL ended inside a transaction, which the server rolled back;"
                + " nothing of it was written", "08003");
    }
}
