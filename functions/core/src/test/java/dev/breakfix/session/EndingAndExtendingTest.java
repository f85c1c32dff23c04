package dev.breakfix.session;

import static dev.breakfix.session.Fixtures.ALICE;
import static dev.breakfix.session.Fixtures.BOB;
import static dev.breakfix.session.Fixtures.CATALOG;
import static dev.breakfix.session.Fixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import dev.breakfix.workflow.FakeWorkflows;
import dev.breakfix.workflow.Workflows;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EndingAndExtendingTest {
    private final InMemorySessions sessions = new InMemorySessions();
    private final FakeWorkflows workflows = new FakeWorkflows();
    private final EndingSession ending = new EndingSession(sessions, workflows);

    private ExtendingSession extendingAt(java.time.Instant now) {
        return new ExtendingSession(CATALOG, sessions, workflows, Fixtures.clockAt(now));
    }

    @Test
    void end_shouldResumeTheWaitingWorkflow_withTheReason() {
        Session s = Fixtures.readySession(sessions);
        sessions.storeWaitToken(s.id(), "t1");
        workflows.waitingOn("t1");

        EndingSession.Result result = ending.end(ALICE, s.id(), EndReason.USER);

        assertThat(result).isInstanceOf(EndingSession.Result.Ending.class);
        assertThat(workflows.signals).containsExactly(new Workflows.Signal.End(EndReason.USER));
    }

    @Test
    void end_shouldBeRememberedForTheWorkflow_whenTheSessionIsNotReadyYet() {
        Session s = Session.requested(SessionId.random(), ALICE, "nginx-wont-start", NOW);
        sessions.create(s);

        ending.end(ALICE, s.id(), EndReason.USER);

        assertThat(sessions.find(s.id()).orElseThrow().endRequested()).contains(EndReason.USER);
        assertThat(workflows.signals).isEmpty();
    }

    @Test
    void end_shouldAnswerNotFound_forSomeoneElsesSession() {
        Session s = Fixtures.readySession(sessions);

        assertThat(ending.end(BOB, s.id(), EndReason.USER)).isInstanceOf(EndingSession.Result.NotFound.class);
        assertThat(sessions.find(s.id()).orElseThrow().endRequested()).isEmpty();
    }

    @Test
    void end_shouldBeHarmless_whenTheSessionIsAlreadyOver() {
        Session s = Fixtures.readySession(sessions);
        sessions.put(s.id(), x -> x.movedTo(SessionState.ENDING).ended(NOW, EndReason.EXPIRED));

        EndingSession.Result result = ending.end(ALICE, s.id(), EndReason.USER);

        assertThat(result).isInstanceOfSatisfying(EndingSession.Result.Ending.class,
                e -> assertThat(e.session().state()).isEqualTo(SessionState.ENDED));
    }

    @Test
    void extend_shouldAddAStep_andResumeTheWorkflowWithTheNewDeadline() {
        Session s = Fixtures.readySession(sessions);
        sessions.storeWaitToken(s.id(), "t1");
        workflows.waitingOn("t1");

        ExtendingSession.Result result = extendingAt(NOW.plusSeconds(600)).extend(ALICE, s.id());

        java.time.Instant expected = NOW.plusSeconds(900).plus(ExtendingSession.STEP);
        assertThat(result).isEqualTo(new ExtendingSession.Result.Extended(expected));
        assertThat(workflows.signals).containsExactly(new Workflows.Signal.Extend(expected, 900));
    }

    @Test
    void extend_shouldStopAtTheScenarioLimit() {
        // the fixture scenario allows 20 minutes of extensions: 10 + 10, then no more
        Session s = Fixtures.readySession(sessions);
        ExtendingSession extending = extendingAt(NOW.plusSeconds(60));

        extending.extend(ALICE, s.id());
        extending.extend(ALICE, s.id());
        ExtendingSession.Result third = extending.extend(ALICE, s.id());

        assertThat(third).isEqualTo(new ExtendingSession.Result.LimitReached(NOW.plusSeconds(900 + 1200)));
    }

    @Test
    void extend_shouldRefuse_whenTheSessionIsNotReady() {
        Session s = Session.requested(SessionId.random(), ALICE, "nginx-wont-start", NOW);
        sessions.create(s);

        assertThat(extendingAt(NOW).extend(ALICE, s.id()))
                .isEqualTo(new ExtendingSession.Result.NotReady(SessionState.REQUESTED));
    }

    @Test
    void park_shouldResumeAtOnce_whenTheEndWasAskedWhileTheTokenWasSwapped() {
        // given an end asked while the workflow was between two waits (no token on the session)
        Session s = Fixtures.readySession(sessions);
        sessions.requestEnd(s.id(), EndReason.USER);
        workflows.waitingOn("t2");

        // when the workflow parks again
        new ParkingSession(sessions, workflows, Fixtures.clockAt(NOW)).park(s.id(), "t2", s.expiresAt());

        // then it is resumed straight away with the end that was asked
        assertThat(workflows.signals).containsExactly(new Workflows.Signal.End(EndReason.USER));
    }

    @Test
    void park_shouldResumeWithTheNewDeadline_whenTheSessionWasExtendedMeanwhile() {
        Session s = Fixtures.readySession(sessions);
        sessions.extend(s.id(), NOW.plusSeconds(900), NOW.plusSeconds(1500));
        workflows.waitingOn("t2");

        new ParkingSession(sessions, workflows, Fixtures.clockAt(NOW.plusSeconds(100))).park(s.id(), "t2",
                Optional.of(NOW.plusSeconds(900)));

        assertThat(workflows.signals).containsExactly(new Workflows.Signal.Extend(NOW.plusSeconds(1500), 1400));
    }

    @Test
    void park_shouldOnlyStoreTheToken_whenNothingHappenedMeanwhile() {
        Session s = Fixtures.readySession(sessions);
        workflows.waitingOn("t1");

        new ParkingSession(sessions, workflows, Fixtures.clockAt(NOW)).park(s.id(), "t1", s.expiresAt());

        assertThat(workflows.signals).isEmpty();
        assertThat(sessions.find(s.id()).orElseThrow().waitToken()).contains("t1");
    }

    @Test
    void markReady_shouldStartTheClockWithTheScenarioTimeLimit() {
        Session s = Session.requested(SessionId.random(), ALICE, "nginx-wont-start", NOW);
        sessions.create(s);
        sessions.put(s.id(), x -> x.movedTo(SessionState.BOOTING));

        MarkingSessionReady.Ready ready = new MarkingSessionReady(CATALOG, sessions, Fixtures.clockAt(NOW))
                .markReady(s.id());

        assertThat(ready).isEqualTo(new MarkingSessionReady.Ready(NOW.plusSeconds(900), 900));
    }

    @Test
    void markReady_shouldThrowSessionAlreadyEnding_whenTheOwnerEndedItDuringStartup() {
        Session s = Session.requested(SessionId.random(), ALICE, "nginx-wont-start", NOW);
        sessions.create(s);
        sessions.put(s.id(), x -> x.movedTo(SessionState.BOOTING));
        sessions.requestEnd(s.id(), EndReason.USER);

        org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                new MarkingSessionReady(CATALOG, sessions, Fixtures.clockAt(NOW)).markReady(s.id()))
                .isInstanceOf(dev.breakfix.workflow.SessionAlreadyEnding.class);
    }

    @Test
    void markReady_shouldAnswerTheStoredDeadlineAgain_whenTheTaskRunsTwice() {
        // given a session the task made READY at NOW, whose workflow did not record it (a crash, a retry)
        Session s = Session.requested(SessionId.random(), ALICE, "nginx-wont-start", NOW);
        sessions.create(s);
        sessions.put(s.id(), x -> x.movedTo(SessionState.BOOTING));
        new MarkingSessionReady(CATALOG, sessions, Fixtures.clockAt(NOW)).markReady(s.id());

        // when the task runs again a minute later
        MarkingSessionReady.Ready again = new MarkingSessionReady(CATALOG, sessions,
                Fixtures.clockAt(NOW.plusSeconds(60))).markReady(s.id());

        // then it keeps the session READY with its first deadline
        assertThat(again).isEqualTo(new MarkingSessionReady.Ready(NOW.plusSeconds(900), 840));
        assertThat(sessions.find(s.id()).orElseThrow().readyAt()).contains(NOW);
    }

    @Test
    void markReady_shouldWaitForTheStoredDeadline_whenTheStoreKeptAnotherOne() {
        // given a store that keeps a deadline of its own (as a benchmark's shortened deadline does)
        Sessions shortened = (Sessions) java.lang.reflect.Proxy.newProxyInstance(Sessions.class.getClassLoader(),
                new Class<?>[] {Sessions.class}, (proxy, method, args) -> {
                    if (method.getName().equals("markReady")) {
                        args[2] = ((java.time.Instant) args[1]).plusSeconds(5);
                    }
                    return method.invoke(sessions, args);
                });
        Session s = Session.requested(SessionId.random(), ALICE, "nginx-wont-start", NOW);
        sessions.create(s);
        sessions.put(s.id(), x -> x.movedTo(SessionState.BOOTING));

        MarkingSessionReady.Ready ready = new MarkingSessionReady(CATALOG, shortened, Fixtures.clockAt(NOW)).markReady(s.id());

        assertThat(ready).isEqualTo(new MarkingSessionReady.Ready(NOW.plusSeconds(5), 5));
    }
}
