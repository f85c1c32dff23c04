package dev.breakfix.ssh;

import dev.breakfix.scenario.Scenario;
import dev.breakfix.secrets.MasterSecret;
import dev.breakfix.server.ScenarioChecks;
import dev.breakfix.session.SessionId;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link ScenarioChecks} port over SSH: derives the session's keys, sends the scenario's check
 * script to its server and runs it as root ({@link CheckRunner}). A server that cannot be reached is
 * "not solved", with a message saying so, never an error page.
 */
public final class SshScenarioChecks implements ScenarioChecks {
    private static final Logger LOG = LoggerFactory.getLogger(SshScenarioChecks.class);
    static final String UNREACHABLE = "The check could not reach your server. Try again in a moment.";
    static final String NO_SCRIPT = "This scenario's check is missing. Please report it.";

    private final CheckScripts scripts;
    private final MasterSecret secret;
    private final CheckRunner runner;
    private final Duration timeout;

    public SshScenarioChecks(CheckScripts scripts, MasterSecret secret, CheckRunner runner,
            Duration timeout) {
        this.scripts = scripts;
        this.secret = secret;
        this.runner = runner;
        this.timeout = timeout;
    }

    /** Check scripts read from {@code <scenarios>/<id>/check.sh}: the local platform. */
    public SshScenarioChecks(Path scenarios, MasterSecret secret, CheckRunner runner, Duration timeout) {
        this(CheckScripts.inFolders(scenarios), secret, runner, timeout);
    }

    @Override
    public CheckOutcome run(SessionId session, Scenario scenario, String address) {
        String script;
        try {
            script = scripts.checkScript(scenario);
        } catch (IOException e) {
            LOG.error("no check script: session={}, scenario={}", session, scenario.id(), e);
            return new CheckOutcome(false, NO_SCRIPT);
        }
        try {
            CheckResult result = runner.check(address, SessionKeys.derive(secret, session), script, timeout);
            LOG.info("check done: session={}, scenario={}, solved={}, exitCode={}",
                    session, scenario.id(), result.solved(), result.exitCode());
            return new CheckOutcome(result.solved(), result.message());
        } catch (IOException e) {
            LOG.warn("check could not reach the server: session={}, scenario={}, reason={}",
                    session, scenario.id(), e.getMessage());
            return new CheckOutcome(false, UNREACHABLE);
        }
    }
}
