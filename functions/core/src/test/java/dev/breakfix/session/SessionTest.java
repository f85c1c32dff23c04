package dev.breakfix.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class SessionTest {
    private static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");

    private final Session requested =
            Session.requested(SessionId.random(), Owner.user("alice"), "nginx-down", NOW);

    @Test
    void canMoveTo_shouldAllowOnlyForwardMoves() {
        assertThat(SessionState.LAUNCHING.canMoveTo(SessionState.BOOTING)).isTrue();
        assertThat(SessionState.REQUESTED.canMoveTo(SessionState.ENDING)).isTrue();
        assertThat(SessionState.READY.canMoveTo(SessionState.BOOTING)).isFalse();
        assertThat(SessionState.READY.canMoveTo(SessionState.READY)).isFalse();
    }

    @Test
    void canMoveTo_shouldAllowFailure_fromAnyStateThatIsNotFinal() {
        for (SessionState state : SessionState.values()) {
            assertThat(state.canMoveTo(SessionState.FAILED)).isEqualTo(!state.isFinal());
        }
    }

    @Test
    void movedTo_shouldRefuse_whenTheSessionIsFinal() {
        Session ended = requested.ended(NOW, EndReason.USER);

        assertThatThrownBy(() -> ended.movedTo(SessionState.READY))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> ended.failed(NOW, new Session.Failure("X", "boom"))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void readyUntil_shouldRecordWhenTheSessionBecameReadyAndWhenItExpires() {
        Session ready = requested.movedTo(SessionState.BOOTING).readyUntil(NOW, NOW.plusSeconds(900));

        assertThat(ready.state()).isEqualTo(SessionState.READY);
        assertThat(ready.readyAt()).contains(NOW);
        assertThat(ready.expiresAt()).contains(NOW.plusSeconds(900));
    }

    @Test
    void failed_shouldEndWithError_andKeepTheReasonForTheUser() {
        Session failed = requested.failed(NOW, new Session.Failure("BOOT_FAILED", "The server did not start."));

        assertThat(failed.state()).isEqualTo(SessionState.FAILED);
        assertThat(failed.endReason()).contains(EndReason.ERROR);
        assertThat(failed.failure().map(Session.Failure::message)).contains("The server did not start.");
    }

    @Test
    void checkedAt_shouldCountEveryCheck_andKeepTheFirstSolveTime() {
        Session checked = requested.checkedAt(NOW, false).checkedAt(NOW.plusSeconds(10), true)
                .checkedAt(NOW.plusSeconds(60), true);

        assertThat(checked.checks()).isEqualTo(3);
        assertThat(checked.solved()).isTrue();
        assertThat(checked.solvedAt()).contains(NOW.plusSeconds(10));
        assertThat(checked.lastCheckAt()).contains(NOW.plusSeconds(60));
    }

    @Test
    void timeToSolve_shouldRunFromReadyToTheFirstPass() {
        Session solved = requested.movedTo(SessionState.BOOTING).readyUntil(NOW, NOW.plusSeconds(900))
                .checkedAt(NOW.plusSeconds(125), true);

        assertThat(solved.timeToSolve()).contains(java.time.Duration.ofSeconds(125));
    }

    @Test
    void progress_shouldCountStartupSteps() {
        assertThat(SessionState.REQUESTED.progress()).isEqualTo(
                new SessionState.Progress("Reserving a server", 1, 4));
        assertThat(SessionState.READY.progress().step()).isEqualTo(4);
        assertThat(SessionState.ENDED.progress().step()).isEqualTo(4);
    }

    @Test
    void sessionId_shouldBeRandomAndWellFormed() {
        SessionId one = SessionId.random();

        assertThat(SessionId.isValid(one.value())).isTrue();
        assertThat(one).isNotEqualTo(SessionId.random());
        assertThatThrownBy(() -> new SessionId("../etc/passwd")).isInstanceOf(IllegalArgumentException.class);
    }
}
