package dev.breakfix.session;

import static dev.breakfix.session.Fixtures.ALICE;
import static dev.breakfix.session.Fixtures.CATALOG;
import static dev.breakfix.session.Fixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.breakfix.session.StartingSession.Command;
import dev.breakfix.session.StartingSession.Result;
import dev.breakfix.workflow.FakeWorkflows;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class StartingSessionTest {
    private final InMemorySessions sessions = new InMemorySessions();
    private final InMemoryActiveSessions active = new InMemoryActiveSessions();
    private final FakeWorkflows workflows = new FakeWorkflows();
    private int running = 0;

    private StartingSession starting(int cap) {
        return new StartingSession(CATALOG, sessions, active, () -> running, cap, workflows, Fixtures.clockAt(NOW));
    }

    @Test
    void start_shouldStoreARequestedSession_andStartItsWorkflow() {
        Result result = starting(10).start(new Command(ALICE, "nginx-wont-start"));

        assertThat(result).isInstanceOfSatisfying(Result.Started.class, started -> {
            Session s = started.session();
            assertThat(s.state()).isEqualTo(SessionState.REQUESTED);
            assertThat(sessions.find(s.id())).contains(s);
            assertThat(workflows.started).singleElement().satisfies(input -> {
                assertThat(input.sessionId()).isEqualTo(s.id());
                assertThat(input.owner()).isEqualTo("user#alice");
                assertThat(input.timeLimitSeconds()).isEqualTo(900);
                // latest end: 15 min limit + 20 min of extensions + 15 min grace
                assertThat(input.deadline()).isEqualTo(NOW.plus(Duration.ofMinutes(50)));
            });
        });
    }

    @Test
    void start_shouldGiveAnAnonymousVisitorAShorterSession() {
        Result result = starting(10).start(new Command(Owner.anonymous("anon-x"), "nginx-wont-start"));

        assertThat(result).isInstanceOf(Result.Started.class);
        assertThat(workflows.started).singleElement().satisfies(input -> {
            // 15 minutes in all: the 15-minute limit, no extension, then grace
            assertThat(input.timeLimitSeconds()).isEqualTo(900);
            assertThat(input.deadline()).isEqualTo(NOW.plus(Duration.ofMinutes(30)));
        });
    }

    @Test
    void start_shouldRefuseAPartner_thatNamesNoCandidate() {
        Result result = starting(10).start(new Command(Owner.partner("ptn-pppppppppppppppp", ""), "nginx-wont-start"));

        assertThat(result).isInstanceOf(Result.CandidateRequired.class);
        assertThat(workflows.started).isEmpty();
        assertThat(sessions.listByPartner("ptn-pppppppppppppppp", 10, java.util.Optional.empty()).items()).isEmpty();
    }

    @Test
    void start_shouldHoldOneActiveSessionPerCandidate_notPerPartner() {
        Owner forAnn = Owner.partner("ptn-pppppppppppppppp", "ann");
        Owner forBen = Owner.partner("ptn-pppppppppppppppp", "ben");

        assertThat(starting(10).start(new Command(forAnn, "nginx-wont-start"))).isInstanceOf(Result.Started.class);
        assertThat(starting(10).start(new Command(forBen, "nginx-wont-start"))).isInstanceOf(Result.Started.class);
        assertThat(starting(10).start(new Command(forAnn, "nginx-wont-start"))).isInstanceOf(Result.ActiveSessionExists.class);
    }

    @Test
    void start_shouldRefuse_whenTheScenarioIsUnknown() {
        assertThat(starting(10).start(new Command(ALICE, "no-such"))).isInstanceOf(Result.UnknownScenario.class);
        assertThat(workflows.started).isEmpty();
    }

    @Test
    void start_shouldRefuseASecondActiveSession_namingTheFirst() {
        Result first = starting(10).start(new Command(ALICE, "nginx-wont-start"));

        Result second = starting(10).start(new Command(ALICE, "nginx-wont-start"));

        assertThat(second).isEqualTo(new Result.ActiveSessionExists(((Result.Started) first).session().id()));
        assertThat(workflows.started).hasSize(1);
    }

    @Test
    void start_shouldAllowOtherOwners_atTheSameTime() {
        starting(10).start(new Command(ALICE, "nginx-wont-start"));

        assertThat(starting(10).start(new Command(Fixtures.BOB, "nginx-wont-start"))).isInstanceOf(Result.Started.class);
    }

    @Test
    void start_shouldRefuse_whenEveryServerSlotIsTaken() {
        running = 3;

        assertThat(starting(3).start(new Command(ALICE, "nginx-wont-start"))).isInstanceOf(Result.NoCapacity.class);
        assertThat(sessions.listByOwner(ALICE, 10, java.util.Optional.empty()).items()).isEmpty();
    }

    @Test
    void start_shouldFailTheSessionAndFreeTheOwner_whenTheWorkflowDoesNotStart() {
        workflows.failingToStart(new IllegalStateException("step functions down"));

        assertThatThrownBy(() -> starting(10).start(new Command(ALICE, "nginx-wont-start")))
                .hasMessage("step functions down");

        Session failed = sessions.listByOwner(ALICE, 10, java.util.Optional.empty()).items().get(0);
        assertThat(failed.state()).isEqualTo(SessionState.FAILED);
        assertThat(failed.failure().orElseThrow().code()).isEqualTo("START_FAILED");
        assertThat(active.claim(ALICE, SessionId.random(), NOW, NOW.plusSeconds(60))).isEmpty();
    }
}
