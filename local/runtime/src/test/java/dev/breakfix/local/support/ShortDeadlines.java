package dev.breakfix.local.support;

import dev.breakfix.session.Sessions;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;

/**
 * A Sessions store that gives every session {@code limit} from the moment it is READY instead of its
 * scenario's time limit: the workflow then waits that long (it waits for the deadline as stored), so
 * "time is up" can be measured in seconds. For benchmarks and tests only.
 */
public final class ShortDeadlines {
    private ShortDeadlines() {}

    public static Sessions of(Sessions real, Duration limit) {
        return (Sessions) Proxy.newProxyInstance(Sessions.class.getClassLoader(), new Class<?>[] {Sessions.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("markReady")) {
                        args[2] = ((Instant) args[1]).plus(limit);
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
