package dev.breakfix.recording;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breakfix.recording.ViewingRecordings.Result;
import dev.breakfix.scenario.Difficulty;
import dev.breakfix.scenario.Scenario;
import dev.breakfix.scenario.ScenarioCatalog;
import dev.breakfix.scenario.ServerLimits;
import dev.breakfix.session.EndReason;
import dev.breakfix.session.InMemorySessions;
import dev.breakfix.session.Owner;
import dev.breakfix.session.Session;
import dev.breakfix.session.SessionId;
import dev.breakfix.session.SessionState;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ViewingRecordingsTest {
    private static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");
    private static final Owner ALICE = Owner.user("alice");
    private static final byte[] CAST = "{\"version\": 2, \"width\": 80, \"height\": 24}\n[0.5, \"o\", \"$ \"]\n"
            .getBytes(StandardCharsets.UTF_8);

    private final InMemorySessions sessions = new InMemorySessions();
    private final InMemoryRecordings recordings = new InMemoryRecordings();
    private final ScenarioCatalog catalog = new ScenarioCatalog(List.of(scenario("public-one", true), scenario("private-one", false)));
    private final ViewingRecordings viewing = new ViewingRecordings(sessions, catalog, recordings);

    private static Scenario scenario(String id, boolean publicReplays) {
        return new Scenario(id, id, "summary", Difficulty.EASY, 15, 15, List.of(), "host", "admin", true, List.of(),
                ServerLimits.DEFAULT, publicReplays, List.of(), "# " + id);
    }

    private Session session(Owner owner, String scenario, boolean ended) {
        Session s = Session.requested(SessionId.random(), owner, scenario, NOW);
        sessions.create(s);
        sessions.put(s.id(), x -> x.movedTo(SessionState.BOOTING));
        sessions.markReady(s.id(), NOW, NOW.plusSeconds(900));
        if (ended) {
            sessions.put(s.id(), x -> x.movedTo(SessionState.ENDING).ended(NOW.plusSeconds(60), EndReason.USER));
        }
        recordings.putChunk(s.id(), 0, CAST);
        return sessions.find(s.id()).orElseThrow();
    }

    @Test
    void own_shouldGiveTheOwnerTheRecordingSoFar_whileTheSessionRuns() {
        Session running = session(ALICE, "private-one", false);

        Result result = viewing.own(ALICE, running.id());

        assertThat(result).isInstanceOfSatisfying(Result.Found.class, found -> {
            assertThat(found.asciicast()).isEqualTo(CAST);
            assertThat(found.sessionOver()).isFalse();
        });
    }

    @Test
    void own_shouldAnswerNoSession_forSomeoneElse() {
        Session ended = session(ALICE, "public-one", true);

        assertThat(viewing.own(Owner.user("bob"), ended.id())).isInstanceOf(Result.NoSession.class);
    }

    @Test
    void own_shouldAnswerNoRecording_whenNoTerminalWasOpened() {
        Session s = Session.requested(SessionId.random(), ALICE, "public-one", NOW);
        sessions.create(s);

        assertThat(viewing.own(ALICE, s.id())).isInstanceOf(Result.NoRecording.class);
    }

    @Test
    void publicReplay_shouldShowAnEndedSessionOfAPublicScenario_toAnyone() {
        Session ended = session(ALICE, "public-one", true);

        assertThat(viewing.publicReplay(ended.id())).isInstanceOfSatisfying(Result.Found.class,
                found -> assertThat(found.asciicast()).isEqualTo(CAST));
    }

    @Test
    void publicReplay_shouldAnswerNoSession_forEverythingThatIsNotAPublicReplay() {
        // a private scenario, a session still running, a partner's candidate, an unknown id, no recording
        Session privateScenario = session(ALICE, "private-one", true);
        Session running = session(ALICE, "public-one", false);
        Session interview = session(Owner.partner("acme", "cand-7"), "public-one", true);
        Session unrecorded = Session.requested(SessionId.random(), ALICE, "public-one", NOW);
        sessions.create(unrecorded);
        sessions.put(unrecorded.id(), x -> x.failed(NOW, new Session.Failure("CAPACITY", "full")));

        for (SessionId id : List.of(privateScenario.id(), running.id(), interview.id(), SessionId.random(), unrecorded.id())) {
            assertThat(viewing.publicReplay(id)).as(id.value()).isInstanceOf(Result.NoSession.class);
        }
    }
}
