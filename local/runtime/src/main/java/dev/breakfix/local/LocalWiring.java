package dev.breakfix.local;

import dev.breakfix.local.stepfunctions.DelayOverrides;
import dev.breakfix.local.stepfunctions.tasks.TaskHandler;
import dev.breakfix.server.Servers;
import dev.breakfix.session.ReapingSessions;
import dev.breakfix.session.Sessions;
import dev.breakfix.ssh.CheckRunner;
import dev.breakfix.ssh.CheckScripts;
import java.time.Duration;
import java.util.function.UnaryOperator;

/**
 * The few places where tests and benchmarks may change how {@link LocalRuntime} wires the platform:
 * a decorator around a port or a task handler (to inject a fault, or to shorten a deadline), shorter
 * pauses, the reaper's rhythm. {@link #STANDARD} is what {@code ./breakfix up}
 * runs: every decorator the identity, every timing the platform's own. Nothing behind these seams knows
 * it is decorated.
 *
 * @param servers wraps the scenario servers (LXC containers) the workflow and the reaper use
 * @param ec2 wraps the workflow's {@code aws-sdk:ec2:*} task handler (RunInstances, Terminate, Describe)
 * @param sessions wraps the Sessions store the API, the workflow's tasks and the reaper use
 * @param checkScripts wraps where check scripts come from
 * @param checkTimeout how long a check may run on the server
 * @param delays shorter Wait states and retry intervals in the session workflow
 * @param reaperInterval how often the reaper runs
 * @param reaperGrace how long past its due time a session or server is left to its workflow
 */
public record LocalWiring(
        UnaryOperator<Servers> servers,
        UnaryOperator<TaskHandler> ec2,
        UnaryOperator<Sessions> sessions,
        UnaryOperator<CheckScripts> checkScripts,
        Duration checkTimeout,
        DelayOverrides delays,
        Duration reaperInterval,
        Duration reaperGrace) {

    /** How often the local reaper runs: often enough that a leftover does not outlive its grace by much. */
    public static final Duration REAPER_INTERVAL = Duration.ofSeconds(10);

    public static final LocalWiring STANDARD = new LocalWiring(UnaryOperator.identity(), UnaryOperator.identity(),
            UnaryOperator.identity(), UnaryOperator.identity(), CheckRunner.DEFAULT_TIMEOUT, DelayOverrides.NONE,
            REAPER_INTERVAL, ReapingSessions.DEFAULT_GRACE);

    public LocalWiring withServers(UnaryOperator<Servers> decorator) {
        return new LocalWiring(decorator, ec2, sessions, checkScripts, checkTimeout, delays, reaperInterval,
                reaperGrace);
    }

    public LocalWiring withEc2(UnaryOperator<TaskHandler> decorator) {
        return new LocalWiring(servers, decorator, sessions, checkScripts, checkTimeout, delays, reaperInterval,
                reaperGrace);
    }

    public LocalWiring withSessions(UnaryOperator<Sessions> decorator) {
        return new LocalWiring(servers, ec2, decorator, checkScripts, checkTimeout, delays, reaperInterval,
                reaperGrace);
    }

    public LocalWiring withCheckScripts(UnaryOperator<CheckScripts> decorator, Duration timeout) {
        return new LocalWiring(servers, ec2, sessions, decorator, timeout, delays, reaperInterval, reaperGrace);
    }

    public LocalWiring withDelays(DelayOverrides overrides) {
        return new LocalWiring(servers, ec2, sessions, checkScripts, checkTimeout, overrides, reaperInterval,
                reaperGrace);
    }

    public LocalWiring withReaper(Duration interval, Duration grace) {
        return new LocalWiring(servers, ec2, sessions, checkScripts, checkTimeout, delays, interval, grace);
    }
}
