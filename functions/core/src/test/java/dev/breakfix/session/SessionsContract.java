package dev.breakfix.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Sessions} must do. The in-memory fake and the DynamoDB adapter both run it, so the
 * fake the use-case tests rely on behaves like the real store.
 */
public abstract class SessionsContract {
    protected static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");

    protected abstract Sessions sessions();

    /** Moves a session as the workflow's own writes do (launching, booting…), straight to the store. */
    protected abstract void workflowMoves(SessionId id, SessionState to);

    /** Notes on the session that it holds a server slot, as the workflow does after reserving one. */
    protected abstract void workflowHoldsSlot(SessionId id);

    private Session newSession(Owner owner, Instant at) {
        Session s = Session.requested(SessionId.random(), owner, "nginx-wont-start", at);
        assertThat(sessions().create(s)).isTrue();
        return s;
    }

    private Session ready(Owner owner) {
        Session s = newSession(owner, T0);
        workflowMoves(s.id(), SessionState.LAUNCHING);
        workflowMoves(s.id(), SessionState.BOOTING);
        return sessions().markReady(s.id(), T0.plusSeconds(2), T0.plusSeconds(902)).orElseThrow();
    }

    @Test
    void create_shouldRefuse_whenTheIdExists() {
        Session s = newSession(Owner.user("alice"), T0);

        assertThat(sessions().create(s)).isFalse();
        assertThat(sessions().find(s.id())).contains(s);
    }

    @Test
    void find_shouldBeEmpty_forAnUnknownId() {
        assertThat(sessions().find(SessionId.random())).isEmpty();
    }

    @Test
    void listByOwner_shouldPageNewestFirst_andOnlyTheOwners() {
        Owner carol = Owner.user("carol-" + System.nanoTime());
        Session first = newSession(carol, T0);
        Session second = newSession(carol, T0.plusSeconds(60));
        Session third = newSession(carol, T0.plusSeconds(120));
        newSession(Owner.user("someone-else"), T0.plusSeconds(180));

        Sessions.Page page1 = sessions().listByOwner(carol, 2, Optional.empty());
        Sessions.Page page2 = sessions().listByOwner(carol, 2, page1.next());

        assertThat(page1.items()).extracting(Session::id).containsExactly(third.id(), second.id());
        assertThat(page1.next()).isPresent();
        assertThat(page2.items()).extracting(Session::id).containsExactly(first.id());
        assertThat(page2.next()).isEmpty();
    }

    @Test
    void listByPartner_shouldPageEveryCandidatesSessionsNewestFirst_andOnlyThePartners() {
        String p = "ptn-p" + System.nanoTime();
        Session forAnn = newSession(Owner.partner(p, "ann"), T0);
        Session forBen = newSession(Owner.partner(p, "ben"), T0.plusSeconds(60));
        Session forAnnAgain = newSession(Owner.partner(p, "ann"), T0.plusSeconds(120));
        newSession(Owner.partner(p + "-q", "ann"), T0.plusSeconds(180));
        newSession(Owner.user(p), T0.plusSeconds(240));

        Sessions.Page page1 = sessions().listByPartner(p, 2, Optional.empty());
        Sessions.Page page2 = sessions().listByPartner(p, 2, page1.next());

        assertThat(page1.items()).extracting(Session::id).containsExactly(forAnnAgain.id(), forBen.id());
        assertThat(page2.items()).extracting(Session::id).containsExactly(forAnn.id());
        assertThat(page2.next()).isEmpty();
        assertThat(sessions().listByOwner(Owner.partner(p, "ann"), 10, Optional.empty()).items())
                .extracting(Session::id).containsExactly(forAnnAgain.id(), forAnn.id());
    }

    @Test
    void listByPartner_shouldRefuseAnotherPartnersCursor() {
        String p = "ptn-p" + System.nanoTime();
        String q = "ptn-q" + System.nanoTime();
        newSession(Owner.partner(p, "ann"), T0);
        newSession(Owner.partner(p, "ann"), T0.plusSeconds(60));
        newSession(Owner.partner(q, "ann"), T0);
        newSession(Owner.partner(q, "ann"), T0.plusSeconds(60));
        Sessions.Page ofP = sessions().listByPartner(p, 1, Optional.empty());

        assertThatThrownBy(() -> sessions().listByPartner(q, 1, ofP.next()))
                .isInstanceOf(Sessions.BadCursorException.class);
    }

    @Test
    void listByOwner_shouldRefuseACursorThatIsNotOne() {
        assertThatThrownBy(() -> sessions().listByOwner(Owner.user("dave"), 2, Optional.of("!!not-a-cursor!!")))
                .isInstanceOf(Sessions.BadCursorException.class);
    }

    @Test
    void markReady_shouldStartTheClock_onlyFromBooting() {
        Session s = newSession(Owner.user("erin"), T0);

        assertThat(sessions().markReady(s.id(), T0, T0.plusSeconds(900))).isEmpty();

        workflowMoves(s.id(), SessionState.LAUNCHING);
        workflowMoves(s.id(), SessionState.BOOTING);
        Session ready = sessions().markReady(s.id(), T0, T0.plusSeconds(900)).orElseThrow();
        assertThat(ready.state()).isEqualTo(SessionState.READY);
        assertThat(ready.readyAt()).contains(T0);
        assertThat(ready.expiresAt()).contains(T0.plusSeconds(900));
    }

    @Test
    void markReady_shouldRefuse_whenTheOwnerAskedToEnd() {
        Session s = newSession(Owner.user("frank"), T0);
        workflowMoves(s.id(), SessionState.LAUNCHING);
        workflowMoves(s.id(), SessionState.BOOTING);
        sessions().requestEnd(s.id(), EndReason.USER);

        assertThat(sessions().markReady(s.id(), T0, T0.plusSeconds(900))).isEmpty();
    }

    @Test
    void storeWaitToken_shouldKeepTheToken_onlyWhileReady() {
        Session s = ready(Owner.user("gina"));

        assertThat(sessions().storeWaitToken(s.id(), "token-1").orElseThrow().waitToken()).contains("token-1");
        assertThat(sessions().storeWaitToken(SessionId.random(), "token-2")).isEmpty();
    }

    @Test
    void requestEnd_shouldReturnTheSessionWithItsToken_andKeepTheFirstReason() {
        Session s = ready(Owner.user("hank"));
        sessions().storeWaitToken(s.id(), "token-1");

        Session requested = sessions().requestEnd(s.id(), EndReason.SOLVED_AND_ENDED).orElseThrow();
        Session again = sessions().requestEnd(s.id(), EndReason.USER).orElseThrow();

        assertThat(requested.waitToken()).contains("token-1");
        assertThat(requested.endRequested()).contains(EndReason.SOLVED_AND_ENDED);
        assertThat(again.endRequested()).contains(EndReason.SOLVED_AND_ENDED);
    }

    @Test
    void requestEnd_shouldBeEmpty_whenTheSessionIsOver() {
        Session s = newSession(Owner.user("ivy"), T0);
        workflowMoves(s.id(), SessionState.ENDING);

        assertThat(sessions().requestEnd(s.id(), EndReason.USER)).isEmpty();
    }

    @Test
    void extend_shouldMoveTheDeadline_onlyFromTheExpectedOne() {
        Session s = ready(Owner.user("jack"));
        Instant current = s.expiresAt().orElseThrow();

        assertThat(sessions().extend(s.id(), current, current.plusSeconds(600)).orElseThrow().expiresAt())
                .contains(current.plusSeconds(600));
        assertThat(sessions().extend(s.id(), current, current.plusSeconds(1200))).isEmpty();
    }

    @Test
    void startCheck_shouldCountChecks_andRefuseThemTooClose() {
        Session s = ready(Owner.user("kim"));

        assertThat(sessions().startCheck(s.id(), T0.plusSeconds(10), T0.plusSeconds(5))).isTrue();
        assertThat(sessions().startCheck(s.id(), T0.plusSeconds(12), T0.plusSeconds(7))).isFalse();
        assertThat(sessions().startCheck(s.id(), T0.plusSeconds(16), T0.plusSeconds(11))).isTrue();
        assertThat(sessions().find(s.id()).orElseThrow().checks()).isEqualTo(2);
    }

    @Test
    void recordCheck_shouldKeepTheFirstSolveTime() {
        Session s = ready(Owner.user("lee"));
        sessions().startCheck(s.id(), T0.plusSeconds(10), T0.plusSeconds(5));
        sessions().recordCheck(s.id(), T0.plusSeconds(11), false);
        sessions().recordCheck(s.id(), T0.plusSeconds(30), true);
        sessions().recordCheck(s.id(), T0.plusSeconds(60), true);

        Session after = sessions().find(s.id()).orElseThrow();
        assertThat(after.solved()).isTrue();
        assertThat(after.solvedAt()).contains(T0.plusSeconds(30));
        assertThat(after.checks()).isEqualTo(1);
    }

    @Test
    void revealHint_shouldCountUpToWhatIsAvailable() {
        Session s = ready(Owner.user("max"));

        assertThat(sessions().revealHint(s.id(), 2)).contains(1);
        assertThat(sessions().revealHint(s.id(), 2)).contains(2);
        assertThat(sessions().revealHint(s.id(), 2)).isEmpty();
    }

    @Test
    void markFailed_shouldFailASessionThatIsNotOver_andLeaveAFinalOneAlone() {
        Session s = newSession(Owner.user("ned"), T0);
        sessions().markFailed(s.id(), new Session.Failure("START_FAILED", "could not start"), T0.plusSeconds(1));

        Session failed = sessions().find(s.id()).orElseThrow();
        assertThat(failed.state()).isEqualTo(SessionState.FAILED);
        assertThat(failed.failure()).contains(new Session.Failure("START_FAILED", "could not start"));
        assertThat(failed.endReason()).contains(EndReason.ERROR);

        sessions().markFailed(s.id(), new Session.Failure("OTHER", "again"), T0.plusSeconds(2));
        assertThat(sessions().find(s.id()).orElseThrow().failure().orElseThrow().code()).isEqualTo("START_FAILED");
    }

    @Test
    void listUnfinished_shouldListSessionsNotOver_oldestFirst_createdBeforeTheGivenTime() {
        // given sessions in a window of their own: two not over, one ended, one failed, one too new
        Instant window = Instant.parse("1990-01-01T00:00:00Z");
        Owner owner = Owner.user("olga-" + System.nanoTime());
        Session older = newSession(owner, window.plusSeconds(1));
        Session newer = newSession(owner, window.plusSeconds(2));
        workflowMoves(newer.id(), SessionState.LAUNCHING);
        Session ended = newSession(owner, window.plusSeconds(3));
        workflowMoves(ended.id(), SessionState.ENDING);
        workflowMoves(ended.id(), SessionState.ENDED);
        Session failed = newSession(owner, window.plusSeconds(4));
        sessions().markFailed(failed.id(), new Session.Failure("START_FAILED", "could not start"), window.plusSeconds(5));
        newSession(owner, window.plusSeconds(100));

        // when the reaper asks for those created before the last one
        List<Session> unfinished = sessions().listUnfinished(window.plusSeconds(60), 10);

        // then it gets the two not over, oldest first (after the sessions of tests in earlier windows)
        List<Session> mine = unfinished.stream().filter(u -> u.owner().equals(owner)).toList();
        assertThat(mine).extracting(Session::id).containsExactly(older.id(), newer.id());
        assertThat(mine.get(1).state()).isEqualTo(SessionState.LAUNCHING);
    }

    @Test
    void listUnfinished_shouldStopAtTheLimit() {
        // the earliest window of all tests, so that nothing older is in the store
        Instant window = Instant.parse("1980-01-01T00:00:00Z");
        Owner owner = Owner.user("pia-" + System.nanoTime());
        Session first = newSession(owner, window.plusSeconds(1));
        Session second = newSession(owner, window.plusSeconds(2));
        newSession(owner, window.plusSeconds(3));

        assertThat(sessions().listUnfinished(window.plusSeconds(60), 2)).extracting(Session::id)
                .containsExactly(first.id(), second.id());
    }

    @Test
    void dropSlotHold_shouldBeTrueOnlyOnce_whenTheWorkflowNotedASlot() {
        Session s = newSession(Owner.user("quinn"), T0);
        workflowHoldsSlot(s.id());

        assertThat(sessions().dropSlotHold(s.id())).isTrue();
        assertThat(sessions().dropSlotHold(s.id())).isFalse();
    }

    @Test
    void dropSlotHold_shouldBeFalse_whenNoSlotWasNoted() {
        Session s = newSession(Owner.user("rosa"), T0);

        assertThat(sessions().dropSlotHold(s.id())).isFalse();
        assertThat(sessions().dropSlotHold(SessionId.random())).isFalse();
    }

    @Test
    void reap_shouldFailTheSessionAsReaped_andTakeItOutOfTheUnfinished() {
        Instant window = Instant.parse("1992-01-01T00:00:00Z");
        Session s = newSession(Owner.user("sam-" + System.nanoTime()), window);
        workflowMoves(s.id(), SessionState.LAUNCHING);
        workflowMoves(s.id(), SessionState.BOOTING);
        sessions().markReady(s.id(), window.plusSeconds(2), window.plusSeconds(902));
        sessions().storeWaitToken(s.id(), "token-1");

        boolean reaped = sessions().reap(s.id(), new Session.Failure("REAPED", "closed"), window.plusSeconds(5000));

        Session after = sessions().find(s.id()).orElseThrow();
        assertThat(reaped).isTrue();
        assertThat(after.state()).isEqualTo(SessionState.FAILED);
        assertThat(after.endReason()).contains(EndReason.REAPED);
        assertThat(after.failure()).contains(new Session.Failure("REAPED", "closed"));
        assertThat(after.endedAt()).contains(window.plusSeconds(5000));
        assertThat(after.waitToken()).isEmpty();
        assertThat(sessions().listUnfinished(window.plusSeconds(60), 10)).extracting(Session::id)
                .doesNotContain(s.id());
    }

    @Test
    void reap_shouldLeaveAFinalSessionAlone() {
        Session s = newSession(Owner.user("tess"), T0);
        sessions().markFailed(s.id(), new Session.Failure("LAUNCH_FAILED", "no server"), T0.plusSeconds(1));

        assertThat(sessions().reap(s.id(), new Session.Failure("REAPED", "closed"), T0.plusSeconds(9))).isFalse();
        assertThat(sessions().find(s.id()).orElseThrow().failure().orElseThrow().code()).isEqualTo("LAUNCH_FAILED");
        assertThat(sessions().reap(SessionId.random(), new Session.Failure("REAPED", "closed"), T0)).isFalse();
    }
}
