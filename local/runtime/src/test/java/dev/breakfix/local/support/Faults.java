package dev.breakfix.local.support;

import dev.breakfix.local.stepfunctions.tasks.TaskFailure;
import dev.breakfix.local.stepfunctions.tasks.TaskHandler;
import dev.breakfix.scenario.Scenario;
import dev.breakfix.server.ServerId;
import dev.breakfix.server.Servers;
import dev.breakfix.session.SessionId;
import dev.breakfix.session.Sessions;
import dev.breakfix.ssh.CheckScripts;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Faults to switch on one at a time, injected through decorators of the ports and task handlers the
 * runtime is wired with ({@code LocalWiring}): the platform's code runs unchanged around them.
 */
public final class Faults {
    /** Where nothing answers SSH: a loopback address with no sshd on it. */
    public static final String NOWHERE = "127.0.0.9";

    private volatile boolean launchRefused;
    private volatile boolean launchFailsAfterStart;
    private volatile boolean noSpotCapacity;
    private volatile boolean noCapacity;
    private volatile boolean sshNeverAnswers;
    private volatile boolean checksHang;
    private volatile CountDownLatch launchGate;
    private volatile Duration timeLimit;
    private final AtomicInteger terminateFailures = new AtomicInteger();
    private final AtomicInteger terminateCalls = new AtomicInteger();

    public void reset() {
        launchRefused = false;
        launchFailsAfterStart = false;
        noSpotCapacity = false;
        noCapacity = false;
        sshNeverAnswers = false;
        checksHang = false;
        timeLimit = null;
        openLaunches();
        terminateFailures.set(0);
        terminateCalls.set(0);
    }

    /** The launch is refused before any server exists. */
    public void refuseLaunches() {
        launchRefused = true;
    }

    /** The server starts, but the launch call fails afterwards: the workflow never learns its id. */
    public void failLaunchesAfterTheServerStarts() {
        launchFailsAfterStart = true;
    }

    /** EC2 has no spot capacity in any pool (on-demand still has some). */
    public void noSpotCapacity() {
        noSpotCapacity = true;
    }

    /** EC2 has no capacity at all, spot or on-demand. */
    public void noCapacity() {
        noCapacity = true;
    }

    /** Servers start, but their SSH never answers. */
    public void sshNeverAnswers() {
        sshNeverAnswers = true;
    }

    /** The check script hangs on the server. */
    public void checksHang() {
        checksHang = true;
    }

    /** Sessions that become READY get {@code limit} instead of their scenario's time limit. */
    public void cutTimeLimitsTo(Duration limit) {
        timeLimit = limit;
    }

    /** The next {@code times} terminations fail, then they work again. */
    public void failTerminations(int times) {
        terminateFailures.set(times);
    }

    public int terminateCalls() {
        return terminateCalls.get();
    }

    /** Launches wait until {@link #openLaunches()}. */
    public void holdLaunches() {
        launchGate = new CountDownLatch(1);
    }

    public void openLaunches() {
        CountDownLatch gate = launchGate;
        launchGate = null;
        if (gate != null) {
            gate.countDown();
        }
    }

    /** The decorator of the scenario servers. */
    public Servers servers(Servers real) {
        return new Servers() {
            @Override
            public ServerId launch(SessionId session, Scenario scenario, String sshPublicKey, String hostPrivateKey,
                    Instant deadline) {
                CountDownLatch gate = launchGate;
                if (gate != null) {
                    try {
                        gate.await(60, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                if (launchRefused) {
                    throw new IllegalStateException("injected fault: the launch was refused");
                }
                ServerId id = real.launch(session, scenario, sshPublicKey, hostPrivateKey, deadline);
                if (launchFailsAfterStart) {
                    throw new IllegalStateException("injected fault: the launch call failed after the server started");
                }
                return id;
            }

            @Override
            public Optional<ServerStatus> describe(ServerId server) {
                Optional<ServerStatus> status = real.describe(server);
                return sshNeverAnswers ? status.map(s -> new ServerStatus(s.state(), Optional.of(NOWHERE))) : status;
            }

            @Override
            public void terminate(ServerId server) {
                terminateCalls.incrementAndGet();
                if (terminateFailures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    throw new IllegalStateException("injected fault: terminate refused");
                }
                real.terminate(server);
            }
        };
    }

    /** The decorator of the workflow's EC2 integration. */
    public TaskHandler ec2(TaskHandler real) {
        return request -> {
            if ("runInstances".equals(request.action())) {
                boolean spot = "spot".equals(request.input().path("InstanceMarketOptions").path("MarketType").asText());
                if (noCapacity || (noSpotCapacity && spot)) {
                    throw new TaskFailure("Ec2.InsufficientInstanceCapacityException",
                            "injected fault: no capacity for " + request.input().path("InstanceType").asText()
                                    + (spot ? " (spot)" : " (on-demand)"));
                }
            }
            return real.invoke(request);
        };
    }

    /** The decorator of the Sessions store: shorter time limits, when asked for. */
    public Sessions sessions(Sessions real) {
        return (Sessions) java.lang.reflect.Proxy.newProxyInstance(Sessions.class.getClassLoader(),
                new Class<?>[] {Sessions.class}, (proxy, method, args) -> {
                    Duration limit = timeLimit;
                    Sessions target = limit == null ? real : ShortDeadlines.of(real, limit);
                    try {
                        return method.invoke(target, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /** The decorator of where check scripts come from. */
    public CheckScripts checkScripts(CheckScripts real) {
        return scenario -> checksHang ? "sleep 600\n" : real.checkScript(scenario);
    }
}
