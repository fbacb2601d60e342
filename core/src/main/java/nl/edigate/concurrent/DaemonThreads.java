package nl.edigate.concurrent;

import java.util.concurrent.ThreadFactory;

/** Threads of the gateway's own pools: named for the logs and thread dumps, never keeping the JVM alive. */
public final class DaemonThreads {
    private DaemonThreads() {
    }

    /** Every thread of the pool under this name. */
    public static ThreadFactory named(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
