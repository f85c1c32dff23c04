package dev.breakfix.local.stepfunctions;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one execution's work one piece at a time, in order, on a shared pool: an execution never
 * needs a lock, and an idle one holds no thread.
 */
final class SerialExecutor implements Executor {
    private static final Logger LOG = LoggerFactory.getLogger(SerialExecutor.class);

    private final Queue<Runnable> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final Executor pool;

    SerialExecutor(Executor pool) {
        this.pool = pool;
    }

    @Override
    public void execute(Runnable work) {
        queue.add(work);
        schedule();
    }

    private void schedule() {
        if (scheduled.compareAndSet(false, true)) {
            try {
                pool.execute(this::drain);
            } catch (RejectedExecutionException shutDown) {
                queue.clear();
                scheduled.set(false);
                LOG.debug("work dropped: the runner is shutting down");
            }
        }
    }

    private void drain() {
        try {
            Runnable work;
            while ((work = queue.poll()) != null) {
                try {
                    work.run();
                } catch (RuntimeException e) {
                    LOG.error("an execution step failed unexpectedly", e);
                }
            }
        } finally {
            scheduled.set(false);
        }
        if (!queue.isEmpty()) {
            schedule();
        }
    }
}
