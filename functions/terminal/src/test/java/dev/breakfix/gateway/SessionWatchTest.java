package dev.breakfix.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breakfix.session.EndReason;
import dev.breakfix.session.Owner;
import dev.breakfix.session.Session;
import dev.breakfix.session.SessionId;
import dev.breakfix.session.SessionState;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SessionWatchTest {
    private static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");

    private static Session ready() {
        return Session.requested(SessionId.random(), Owner.user("alice"), "x", NOW.minusSeconds(60))
                .movedTo(SessionState.BOOTING).readyUntil(NOW.minusSeconds(50), NOW.plusSeconds(600));
    }

    @Test
    void endReason_shouldSayWhyTheSessionEnded_asTheApiNamesIt() {
        assertThat(SessionWatch.endReason(Optional.of(ready().withEndRequested(EndReason.SOLVED_AND_ENDED)), NOW))
                .isEqualTo("SOLVED_AND_ENDED");
        assertThat(SessionWatch.endReason(Optional.of(ready().movedTo(SessionState.ENDING).ended(NOW, EndReason.REAPED)), NOW))
                .isEqualTo("REAPED");
        assertThat(SessionWatch.endReason(Optional.of(ready().movedTo(SessionState.ENDING)), NOW.plusSeconds(601)))
                .isEqualTo("EXPIRED");
        assertThat(SessionWatch.endReason(Optional.of(ready().failed(NOW, new Session.Failure("X", "y"))), NOW))
                .isEqualTo("ERROR");
        assertThat(SessionWatch.endReason(Optional.empty(), NOW)).isEqualTo("ERROR");
    }
}
