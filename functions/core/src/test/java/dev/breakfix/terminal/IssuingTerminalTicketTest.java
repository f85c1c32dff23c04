package dev.breakfix.terminal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breakfix.secrets.MasterSecret;
import dev.breakfix.session.EndReason;
import dev.breakfix.session.InMemorySessions;
import dev.breakfix.session.Owner;
import dev.breakfix.session.Session;
import dev.breakfix.session.SessionId;
import dev.breakfix.session.SessionState;
import dev.breakfix.terminal.IssuingTerminalTicket.Result;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class IssuingTerminalTicketTest {
    private static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");
    private static final Owner ALICE = Owner.user("alice");

    private final InMemorySessions sessions = new InMemorySessions();
    private final TerminalTickets tickets = new TerminalTickets(MasterSecret.random(), Clock.fixed(NOW, ZoneOffset.UTC));
    private final IssuingTerminalTicket issuing = new IssuingTerminalTicket(sessions, tickets);

    private Session booting() {
        Session s = Session.requested(SessionId.random(), ALICE, "nginx-wont-start", NOW.minusSeconds(5));
        sessions.create(s);
        sessions.put(s.id(), x -> x.movedTo(SessionState.BOOTING));
        return sessions.find(s.id()).orElseThrow();
    }

    private Session ready() {
        Session s = booting();
        return sessions.markReady(s.id(), NOW, NOW.plusSeconds(900)).orElseThrow();
    }

    @Test
    void issue_shouldGiveTheOwnerATicketForTheSession_whenReady() {
        Session session = ready();

        Result result = issuing.issue(ALICE, session.id());

        assertThat(result).isInstanceOfSatisfying(Result.Issued.class, issued ->
                assertThat(tickets.verify(issued.ticket().ticket(), session.id()))
                        .isInstanceOf(TerminalTickets.Verification.Valid.class));
    }

    @Test
    void issue_shouldAnswerNotFound_forSomeoneElsesSession() {
        Session session = ready();

        assertThat(issuing.issue(Owner.user("bob"), session.id())).isInstanceOf(Result.NotFound.class);
        assertThat(issuing.issue(ALICE, SessionId.random())).isInstanceOf(Result.NotFound.class);
    }

    @Test
    void issue_shouldAnswerNotReady_beforeTheServerIsUp() {
        Session session = booting();

        assertThat(issuing.issue(ALICE, session.id())).isEqualTo(new Result.NotReady(SessionState.BOOTING));
    }

    @Test
    void issue_shouldAnswerNotReady_onceEndingWasAsked() {
        Session session = ready();
        sessions.requestEnd(session.id(), EndReason.USER);

        assertThat(issuing.issue(ALICE, session.id())).isEqualTo(new Result.NotReady(SessionState.ENDING));
    }
}
