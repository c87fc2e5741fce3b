package org.saslfail.store;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;

/**
 * A PostgreSQL connection that comes back after the server did: a long-running daemon must not
 * need a restart because PostgreSQL was restarted or the network dropped. Each call first checks
 * (locally, no round trip) whether the driver has closed the connection after a fatal error and
 * then opens a new one; what failed meanwhile failed with its own error and is retried by its
 * caller (the intake keeps its watermark, pending commands stay pending). A transaction that was
 * open when the connection broke is gone with it.
 */
final class ReconnectingConnection implements InvocationHandler {
    private final Database.Connector connector;
    private Connection real;

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
            return method.invoke(real, args);
        }
        if (real.isClosed()) {
            // throws (to the caller, as any failed call would) while the server is still away
            real = connector.open();
        }
        try {
            return method.invoke(real, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
