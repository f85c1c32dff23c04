package dev.breakfix.session;

import static dev.breakfix.session.Fixtures.ALICE;
import static dev.breakfix.session.Fixtures.CATALOG;
import static dev.breakfix.session.Fixtures.NGINX;
import static dev.breakfix.session.Fixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import dev.breakfix.scenario.Scenario;
import dev.breakfix.server.ServerFleet;
import dev.breakfix.server.ServerId;
import dev.breakfix.session.ReapingSessions.TerminatedServer;
import dev.breakfix.session.ReapingSessions.Why;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ReapingSessionsTest {
    private static final Duration GRACE = Duration.ofMinutes(5);
    /** NGINX: 15 minutes, 20 of extensions, 15 of start-up and cleanup. */
    private static final Duration LATEST_END = Duration.ofMinutes(50);

    private final InMemorySessions sessions = new InMemorySessions();
    private final InMemoryActiveSessions active = new InMemoryActiveSessions();
    private final FakeServers servers = new FakeServers();
    private final AtomicInteger running = new AtomicInteger();
    private final ServerSlotRelease slots = () -> running.updateAndGet(n -> Math.max(0, n - 1));

    private ReapingSessions reaperAt(Instant now) {
        return new ReapingSessions(CATALOG, sessions, active, slots, servers, Fixtures.clockAt(now), GRACE);
    }

    /** A READY session of ALICE's created at NOW, on server {@code server}, holding a slot and her lock. */
    private Session runningSession(String server) {
        Session s = Session.requested(SessionId.random(), ALICE, NGINX.id(), NOW);
        sessions.create(s);
        active.claim(ALICE, s.id(), NOW, NOW.plus(LATEST_END));
        running.incrementAndGet();
        sessions.noteSlotHeld(s.id());
        sessions.put(s.id(), x -> x.movedTo(SessionState.BOOTING).withServer(server));
        sessions.markReady(s.id(), NOW.plusSeconds(2), NOW.plusSeconds(902));
        servers.launched(server, s.id(), NOW.plus(LATEST_END), NOW);
        return s;
    }

    private boolean lockHeldBy(SessionId id) {
        return active.claim(ALICE, SessionId.random(), NOW.plusSeconds(1), NOW.plus(LATEST_END)).equals(Optional.of(id));
    }

    @Test
    void reap_shouldCloseAStuckSession_withItsServerSlotAndLock_whenPastItsLatestEndAndGrace() {
        // given a session whose workflow died while it was READY
        Session stuck = runningSession("srv-1");

        // when the reaper runs after its latest end and the grace
        ReapingSessions.Report report = reaperAt(NOW.plus(LATEST_END).plus(GRACE).plusSeconds(1)).reap();

        // then the session is closed as reaped, and its server, slot and lock are given back
        Session after = sessions.find(stuck.id()).orElseThrow();
        assertThat(report.sessionsClosed()).containsExactly(stuck.id());
        assertThat(after.state()).isEqualTo(SessionState.FAILED);
        assertThat(after.endReason()).contains(EndReason.REAPED);
        assertThat(after.failure()).contains(ReapingSessions.REAPED);
        assertThat(servers.terminated).contains(new ServerId("srv-1"));
        assertThat(servers.alive()).isEmpty();
        assertThat(running.get()).isZero();
        assertThat(lockHeldBy(stuck.id())).isFalse();
    }

    @Test
    void reap_shouldLeaveASession_whileItsWorkflowCanStillEndIt() {
        Session s = runningSession("srv-1");

        ReapingSessions.Report report = reaperAt(NOW.plus(LATEST_END).plus(GRACE).minusSeconds(1)).reap();

        assertThat(report.isEmpty()).isTrue();
        assertThat(sessions.find(s.id()).orElseThrow().state()).isEqualTo(SessionState.READY);
        assertThat(servers.alive()).containsExactly(new ServerId("srv-1"));
        assertThat(running.get()).isEqualTo(1);
        assertThat(lockHeldBy(s.id())).isTrue();
    }

    @Test
    void reap_shouldNotReleaseASlot_whenTheWorkflowGaveItBackAlready() {
        // given a stuck session whose workflow had released its slot before it died
        Session stuck = runningSession("srv-1");
        assertThat(sessions.dropSlotHold(stuck.id())).isTrue();
        running.decrementAndGet();
        running.incrementAndGet(); // another session's slot

        reaperAt(NOW.plus(LATEST_END).plus(GRACE).plusSeconds(1)).reap();

        assertThat(sessions.find(stuck.id()).orElseThrow().state()).isEqualTo(SessionState.FAILED);
        assertThat(running.get()).isEqualTo(1);
    }

    @Test
    void reap_shouldDoNothingMore_whenRunAgain() {
        runningSession("srv-1");
        running.incrementAndGet(); // another session's slot
        ReapingSessions reaper = reaperAt(NOW.plus(LATEST_END).plus(GRACE).plusSeconds(1));
        reaper.reap();
        int terminations = servers.terminated.size();

        ReapingSessions.Report again = reaper.reap();

        assertThat(again.isEmpty()).isTrue();
        assertThat(servers.terminated).hasSize(terminations);
        assertThat(running.get()).isEqualTo(1);
    }

    @Test
    void reap_shouldFinishTheClose_whenAnEarlierRunStoppedHalfWay() {
        // given a first run that could not terminate the server
        Session stuck = runningSession("srv-1");
        servers.failNextTerminate();
        ReapingSessions reaper = reaperAt(NOW.plus(LATEST_END).plus(GRACE).plusSeconds(1));
        ReapingSessions.Report first = reaper.reap();
        assertThat(first.sessionsClosed()).isEmpty();
        assertThat(sessions.find(stuck.id()).orElseThrow().state()).isEqualTo(SessionState.READY);

        // when it runs again
        ReapingSessions.Report second = reaper.reap();

        // then the close is finished, and the slot released once
        assertThat(second.sessionsClosed()).containsExactly(stuck.id());
        assertThat(servers.alive()).isEmpty();
        assertThat(running.get()).isZero();
    }

    @Test
    void reap_shouldCloseAStuckSession_withoutAServer_whenItNeverGotOne() {
        Session s = Session.requested(SessionId.random(), ALICE, NGINX.id(), NOW);
        sessions.create(s);
        active.claim(ALICE, s.id(), NOW, NOW.plus(LATEST_END));

        ReapingSessions.Report report = reaperAt(NOW.plus(LATEST_END).plus(GRACE).plusSeconds(1)).reap();

        assertThat(report.sessionsClosed()).containsExactly(s.id());
        assertThat(servers.terminated).isEmpty();
        assertThat(lockHeldBy(s.id())).isFalse();
    }

    @Test
    void reap_shouldWaitTheLongestLife_forASessionOfAScenarioNoLongerInTheCatalog() {
        Session s = Session.requested(SessionId.random(), ALICE, "retired-scenario", NOW);
        sessions.create(s);
        Duration longest = Duration.ofMinutes(Scenario.MAX_TIME_LIMIT_MINUTES + Scenario.MAX_EXTENSION_MINUTES)
                .plus(StartingSession.GRACE);

        assertThat(reaperAt(NOW.plus(LATEST_END).plus(GRACE).plusSeconds(1)).reap().sessionsClosed()).isEmpty();
        assertThat(reaperAt(NOW.plus(longest).plus(GRACE).plusSeconds(1)).reap().sessionsClosed())
                .containsExactly(s.id());
    }

    @Test
    void reap_shouldTerminateAServer_onlyOnceItIsPastItsDeadlineAndGrace() {
        // given two servers of a session that is not over, one due a little before the other
        Session s = Session.requested(SessionId.random(), ALICE, NGINX.id(), NOW);
        sessions.create(s);
        servers.launched("srv-due", s.id(), NOW, NOW.minus(Duration.ofHours(1)));
        servers.launched("srv-due-earlier", s.id(), NOW.minusSeconds(10), NOW.minus(Duration.ofHours(1)));

        // when the reaper runs exactly at the first one's deadline plus grace, then a second later
        ReapingSessions.Report atGrace = reaperAt(NOW.plus(GRACE)).reap();
        ReapingSessions.Report afterGrace = reaperAt(NOW.plus(GRACE).plusSeconds(1)).reap();

        // then each goes once it is past its own
        assertThat(atGrace.serversTerminated()).containsExactly(
                new TerminatedServer(new ServerId("srv-due-earlier"), Optional.of(s.id()), Why.PAST_DEADLINE));
        assertThat(afterGrace.serversTerminated()).containsExactly(
                new TerminatedServer(new ServerId("srv-due"), Optional.of(s.id()), Why.PAST_DEADLINE));
    }

    @Test
    void reap_shouldTerminateAServer_whoseSessionIsOverSinceTheGrace() {
        // given a session that ended while its server would not terminate
        Session s = runningSession("srv-1");
        sessions.put(s.id(), x -> x.movedTo(SessionState.ENDING).ended(NOW.plusSeconds(60), EndReason.USER));

        assertThat(reaperAt(NOW.plusSeconds(60).plus(GRACE)).reap().serversTerminated()).isEmpty();
        ReapingSessions.Report report = reaperAt(NOW.plusSeconds(61).plus(GRACE)).reap();

        assertThat(report.serversTerminated()).containsExactly(
                new TerminatedServer(new ServerId("srv-1"), Optional.of(s.id()), Why.SESSION_OVER));
    }

    @Test
    void reap_shouldTerminateAServer_whoseSessionDoesNotExist() {
        SessionId unknown = SessionId.random();
        servers.launched("srv-1", unknown, NOW.plus(LATEST_END), NOW);

        assertThat(reaperAt(NOW.plus(GRACE)).reap().serversTerminated()).isEmpty();
        assertThat(reaperAt(NOW.plus(GRACE).plusSeconds(1)).reap().serversTerminated()).containsExactly(
                new TerminatedServer(new ServerId("srv-1"), Optional.of(unknown), Why.NO_SESSION));
    }

    @Test
    void reap_shouldTerminateASecondServer_ofASessionThatRunsOnAnother() {
        // given a launch that was retried: the session runs on srv-2, srv-1 was left behind
        Session s = runningSession("srv-2");
        servers.launched("srv-1", s.id(), NOW.plus(LATEST_END), NOW);

        ReapingSessions.Report report = reaperAt(NOW.plus(GRACE).plusSeconds(1)).reap();

        assertThat(report.serversTerminated()).containsExactly(
                new TerminatedServer(new ServerId("srv-1"), Optional.of(s.id()), Why.NOT_THE_SESSIONS_SERVER));
        assertThat(servers.alive()).containsExactly(new ServerId("srv-2"));
    }

    @Test
    void reap_shouldLeaveAServer_whoseSessionHasNotRecordedItYet() {
        Session s = Session.requested(SessionId.random(), ALICE, NGINX.id(), NOW);
        sessions.create(s);
        sessions.put(s.id(), x -> x.movedTo(SessionState.LAUNCHING));
        servers.launched("srv-1", s.id(), NOW.plus(LATEST_END), NOW);

        assertThat(reaperAt(NOW.plusSeconds(30)).reap().isEmpty()).isTrue();
        assertThat(reaperAt(NOW.plus(GRACE).plusSeconds(1)).reap().isEmpty()).isTrue();
        assertThat(servers.alive()).containsExactly(new ServerId("srv-1"));
    }

    /** Servers that exist until terminated; terminate may be told to fail once. */
    private static final class FakeServers implements ServerFleet {
        final List<ServerId> terminated = new ArrayList<>();
        private final List<Item> items = new ArrayList<>();
        private boolean failNext;

        void launched(String id, SessionId session, Instant deadline, Instant launchedAt) {
            items.add(new Item(new ServerId(id), Optional.of(session), Optional.of(deadline), launchedAt));
        }

        void failNextTerminate() {
            failNext = true;
        }

        List<ServerId> alive() {
            return items.stream().map(Item::id).toList();
        }

        @Override
        public List<Item> servers() {
            return List.copyOf(items);
        }

        @Override
        public void terminate(ServerId server) {
            if (failNext) {
                failNext = false;
                throw new IllegalStateException("terminate refused");
            }
            terminated.add(server);
            items.removeIf(item -> item.id().equals(server));
        }
    }
}
