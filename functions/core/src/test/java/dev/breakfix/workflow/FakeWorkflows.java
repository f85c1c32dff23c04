package dev.breakfix.workflow;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Records what was asked of the workflow; tokens are valid until used, as in Step Functions. */
public final class FakeWorkflows implements Workflows {
    public final List<SessionStart> started = new ArrayList<>();
    public final List<Signal> signals = new ArrayList<>();
    private final Set<String> waiting = new HashSet<>();
    private RuntimeException failStart;

    public FakeWorkflows waitingOn(String token) {
        waiting.add(token);
        return this;
    }

    public FakeWorkflows failingToStart(RuntimeException e) {
        failStart = e;
        return this;
    }

    @Override
    public synchronized void start(SessionStart input) {
        if (failStart != null) {
            throw failStart;
        }
        started.add(input);
    }

    @Override
    public synchronized boolean resume(String token, Signal signal) {
        if (!waiting.remove(token)) {
            return false;
        }
        signals.add(signal);
        return true;
    }
}
