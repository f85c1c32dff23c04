package dev.breakfix.terminal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breakfix.secrets.MasterSecret;
import dev.breakfix.session.Owner;
import dev.breakfix.session.SessionId;
import dev.breakfix.terminal.TerminalTickets.Verification;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class TerminalTicketsTest {
    private static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");
    private static final MasterSecret SECRET = MasterSecret.of("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8));
    private static final Owner ALICE = Owner.user("alice");
    private static final SessionId SESSION = SessionId.random();

    private final TerminalTickets tickets = at(NOW);

    private static TerminalTickets at(Instant instant) {
        return new TerminalTickets(SECRET, Clock.fixed(instant, ZoneOffset.UTC));
    }

    @Test
    void verify_shouldAcceptATicketItIssued_forItsSession_boundToItsOwner() {
        // given
        TerminalTickets.Issued issued = tickets.issue(SESSION, ALICE);

        // when
        Verification verification = tickets.verify(issued.ticket(), SESSION);

        // then
        assertThat(verification).isInstanceOfSatisfying(Verification.Valid.class, valid -> {
            assertThat(valid.ticket().session()).isEqualTo(SESSION);
            assertThat(valid.ticket().expiresAt()).isEqualTo(NOW.plus(TerminalTickets.LIFETIME));
            assertThat(tickets.issuedTo(valid.ticket(), ALICE)).isTrue();
            assertThat(tickets.issuedTo(valid.ticket(), Owner.user("bob"))).isFalse();
            assertThat(tickets.issuedTo(valid.ticket(), Owner.anonymous("alice"))).isFalse();
        });
        assertThat(issued.expiresAt()).isEqualTo(NOW.plus(TerminalTickets.LIFETIME));
    }

    @Test
    void issue_shouldGiveAUrlSafeTicket_thatNamesNoOwner_andADifferentNonceEachTime() {
        String first = tickets.issue(SESSION, ALICE).ticket();
        String second = tickets.issue(SESSION, ALICE).ticket();

        assertThat(first).matches("[A-Za-z0-9._-]+").doesNotContain("alice");
        assertThat(first).isNotEqualTo(second);
        assertThat(first.length()).isLessThan(200);
    }

    @Test
    void verify_shouldRefuse_aTicketForAnotherSession() {
        String ticket = tickets.issue(SESSION, ALICE).ticket();

        assertThat(tickets.verify(ticket, SessionId.random())).isInstanceOf(Verification.Invalid.class);
    }

    @Test
    void verify_shouldRefuse_aTicketWhoseSessionWasEdited() {
        // given a genuine ticket for another session with this session's id pasted in
        SessionId other = SessionId.random();
        String ticket = tickets.issue(other, ALICE).ticket().replace(other.value(), SESSION.value());

        assertThat(tickets.verify(ticket, SESSION)).isInstanceOf(Verification.Invalid.class);
    }

    @Test
    void verify_shouldRefuse_aTicketSignedWithAnotherSecret() {
        TerminalTickets other = new TerminalTickets(MasterSecret.of(new byte[32]), Clock.fixed(NOW, ZoneOffset.UTC));

        assertThat(tickets.verify(other.issue(SESSION, ALICE).ticket(), SESSION)).isInstanceOf(Verification.Invalid.class);
    }

    @Test
    void verify_shouldRefuse_aTicketWithALongerLifeThanWeIssue() {
        // given a ticket issued "in the future" (as if the issuer's clock ran 10 minutes ahead)
        String ticket = at(NOW.plusSeconds(600)).issue(SESSION, ALICE).ticket();

        assertThat(tickets.verify(ticket, SESSION)).isInstanceOf(Verification.Invalid.class);
    }

    @Test
    void verify_shouldSayExpired_onceItsLifetimeHasPassed() {
        String ticket = tickets.issue(SESSION, ALICE).ticket();

        assertThat(at(NOW.plus(TerminalTickets.LIFETIME).minusSeconds(1)).verify(ticket, SESSION))
                .isInstanceOf(Verification.Valid.class);
        assertThat(at(NOW.plus(TerminalTickets.LIFETIME)).verify(ticket, SESSION))
                .isInstanceOf(Verification.Expired.class);
    }

    @Test
    void verify_shouldRefuse_garbage() {
        String genuine = tickets.issue(SESSION, ALICE).ticket();
        for (String garbage : new String[] {null, "", "t1", "t1.....", genuine + "x", genuine.replace("t1.", "t2."),
                genuine.substring(0, genuine.lastIndexOf('.')), "x".repeat(5000), genuine + ".extra"}) {
            assertThat(tickets.verify(garbage, SESSION)).as(String.valueOf(garbage)).isInstanceOf(Verification.Invalid.class);
        }
    }

    @Test
    void toString_shouldNotShowTheTicket() {
        TerminalTickets.Issued issued = tickets.issue(SESSION, ALICE);

        assertThat(issued.toString()).doesNotContain(issued.ticket());
    }
}
