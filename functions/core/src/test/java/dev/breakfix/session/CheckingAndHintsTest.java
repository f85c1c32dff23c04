package dev.breakfix.session;

import static dev.breakfix.session.Fixtures.ALICE;
import static dev.breakfix.session.Fixtures.BOB;
import static dev.breakfix.session.Fixtures.CATALOG;
import static dev.breakfix.session.Fixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import dev.breakfix.server.Routes;
import dev.breakfix.server.ScenarioChecks;
import dev.breakfix.server.ServerId;
import dev.breakfix.workflow.FakeWorkflows;
import dev.breakfix.workflow.Workflows;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CheckingAndHintsTest {
    private final InMemorySessions sessions = new InMemorySessions();
    private final FakeWorkflows workflows = new FakeWorkflows();
    private final List<String> checkedAddresses = new ArrayList<>();
    private boolean serverFixed = false;

    private final Routes routes = id -> Optional.of(new Routes.Route(id, new ServerId("bf-1"), "10.200.0.2"));
    private final ScenarioChecks checks = (id, scenario, address) -> {
        checkedAddresses.add(address);
        return new ScenarioChecks.CheckOutcome(serverFixed, serverFixed ? "nginx answers" : "nginx is not running");
    };

    private CheckingSolution checkingAt(Instant now) {
        return new CheckingSolution(CATALOG, sessions, routes, checks, new EndingSession(sessions, workflows),
                Fixtures.clockAt(now));
    }

    @Test
    void check_shouldRunTheScenarioCheckOnTheSessionsServer() {
        Session s = Fixtures.readySession(sessions);

        CheckingSolution.Result result = checkingAt(NOW.plusSeconds(30)).check(ALICE, s.id(), false);

        assertThat(result).isEqualTo(new CheckingSolution.Result.Checked(false, "nginx is not running", false));
        assertThat(checkedAddresses).containsExactly("10.200.0.2");
        assertThat(sessions.find(s.id()).orElseThrow().checks()).isEqualTo(1);
    }

    @Test
    void check_shouldRefuse_whenChecksComeFasterThanTheMinimumInterval() {
        Session s = Fixtures.readySession(sessions);
        checkingAt(NOW.plusSeconds(30)).check(ALICE, s.id(), false);

        CheckingSolution.Result tooSoon = checkingAt(NOW.plusSeconds(32)).check(ALICE, s.id(), false);

        assertThat(tooSoon).isEqualTo(new CheckingSolution.Result.TooSoon(4));
        assertThat(checkedAddresses).hasSize(1);
    }

    @Test
    void check_shouldRecordTheFirstSolve_andEndTheSession_whenAskedTo() {
        Session s = Fixtures.readySession(sessions);
        sessions.storeWaitToken(s.id(), "t1");
        workflows.waitingOn("t1");
        serverFixed = true;

        CheckingSolution.Result result = checkingAt(NOW.plusSeconds(95)).check(ALICE, s.id(), true);

        assertThat(result).isEqualTo(new CheckingSolution.Result.Checked(true, "nginx answers", true));
        Session after = sessions.find(s.id()).orElseThrow();
        assertThat(after.solvedAt()).contains(NOW.plusSeconds(95));
        assertThat(workflows.signals).containsExactly(new Workflows.Signal.End(EndReason.SOLVED_AND_ENDED));
    }

    @Test
    void check_shouldRefuse_whenTheSessionIsNotReady() {
        Session s = Session.requested(SessionId.random(), ALICE, "nginx-wont-start", NOW);
        sessions.create(s);

        assertThat(checkingAt(NOW).check(ALICE, s.id(), false))
                .isEqualTo(new CheckingSolution.Result.NotReady(SessionState.REQUESTED));
        assertThat(checkedAddresses).isEmpty();
    }

    @Test
    void check_shouldAnswerNotFound_forSomeoneElsesSession() {
        Session s = Fixtures.readySession(sessions);

        assertThat(checkingAt(NOW).check(BOB, s.id(), false)).isInstanceOf(CheckingSolution.Result.NotFound.class);
        assertThat(checkedAddresses).isEmpty();
    }

    @Test
    void reveal_shouldGiveTheHintsInOrder_thenSayThereAreNoMore() {
        Session s = Fixtures.readySession(sessions);
        RevealingHint hints = new RevealingHint(CATALOG, sessions);

        assertThat(hints.reveal(ALICE, s.id())).isEqualTo(new RevealingHint.Result.Revealed(0, "Look at systemctl status.", 2));
        assertThat(hints.reveal(ALICE, s.id())).isEqualTo(new RevealingHint.Result.Revealed(1, "Run nginx -t.", 2));
        assertThat(hints.reveal(ALICE, s.id())).isEqualTo(new RevealingHint.Result.NoMoreHints(2));
        assertThat(hints.reveal(BOB, s.id())).isInstanceOf(RevealingHint.Result.NotFound.class);
    }

    @Test
    void view_shouldHideOtherOwnersSessions() {
        Session s = Fixtures.readySession(sessions);
        ViewingSessions viewing = new ViewingSessions(sessions);

        assertThat(viewing.get(ALICE, s.id())).isPresent();
        assertThat(viewing.get(BOB, s.id())).isEmpty();
        assertThat(viewing.list(BOB, 10, Optional.empty()).items()).isEmpty();
    }
}
