package dev.breakfix.local.stepfunctions;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.TimeUnit;

/** Keeps submitted tasks until the test runs them: a task in flight for as long as the test likes. */
final class HoldingExecutorService extends AbstractExecutorService {
    private final List<Runnable> held = new ArrayList<>();

    @Override
    public synchronized void execute(Runnable command) {
        held.add(command);
    }

    synchronized int held() {
        return held.size();
    }

    /** Runs every held task on the calling thread. */
    void runAll() {
        List<Runnable> now;
        synchronized (this) {
            now = new ArrayList<>(held);
            held.clear();
        }
        now.forEach(Runnable::run);
    }

    @Override
    public void shutdown() {}

    @Override
    public List<Runnable> shutdownNow() {
        return List.of();
    }

    @Override
    public boolean isShutdown() {
        return false;
    }

    @Override
    public boolean isTerminated() {
        return false;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return true;
    }
}
