package dev.breakfix.ssh;

import dev.breakfix.secrets.MasterSecret;
import static org.assertj.core.api.Assertions.assertThat;

import dev.breakfix.scenario.Difficulty;
import dev.breakfix.scenario.Scenario;
import dev.breakfix.scenario.ServerLimits;
import dev.breakfix.server.ScenarioChecks.CheckOutcome;
import dev.breakfix.session.SessionId;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SshScenarioChecksTest {
    private static final SshConnector CONNECTOR = new SshConnector();
    private static final Scenario SCENARIO = new Scenario("nginx-wont-start", "t", "s", Difficulty.EASY, 15, 0,
            List.of("t"), "web-01", "admin", true, List.of(), ServerLimits.DEFAULT, false, List.of(), "d");

    @AfterAll
    static void close() {
        CONNECTOR.close();
    }

    @Test
    void run_shouldSayTheCheckIsMissing_whenTheScenarioHasNoCheckScript(@TempDir Path scenarios) {
        // given
        SshScenarioChecks checks = new SshScenarioChecks(scenarios, MasterSecret.random(),
                new CheckRunner(CONNECTOR, Duration.ofSeconds(1)), CheckRunner.DEFAULT_TIMEOUT);

        // when
        CheckOutcome outcome = checks.run(SessionId.random(), SCENARIO, "127.0.0.1");

        // then
        assertThat(outcome).isEqualTo(new CheckOutcome(false, SshScenarioChecks.NO_SCRIPT));
    }

    @Test
    void run_shouldSayTheServerIsUnreachable_whenItDoesNotLetTheCheckIn() {
        // given: a check script, and a "server" that is not the session's (nothing, or another sshd)
        SshScenarioChecks checks = new SshScenarioChecks(scenario -> "exit 0", MasterSecret.random(),
                new CheckRunner(CONNECTOR, Duration.ofSeconds(2)), CheckRunner.DEFAULT_TIMEOUT);

        // when
        CheckOutcome outcome = checks.run(SessionId.random(), SCENARIO, "127.0.0.1");

        // then
        assertThat(outcome).isEqualTo(new CheckOutcome(false, SshScenarioChecks.UNREACHABLE));
    }
}
