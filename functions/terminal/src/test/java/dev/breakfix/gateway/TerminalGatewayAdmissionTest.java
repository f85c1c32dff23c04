package dev.breakfix.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breakfix.secrets.MasterSecret;
import dev.breakfix.session.EndReason;
import dev.breakfix.session.Owner;
import dev.breakfix.session.SessionId;
import dev.breakfix.terminal.TerminalTickets;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Refused tickets, through a real socket: the gateway answers with an error message and closes with a
 * policy violation, and never even connects to the session's server. The "server" here is a TCP
 * listener on port 22 of a loopback address that counts the connections it is offered.
 */
class TerminalGatewayAdmissionTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String SERVER_ADDRESS = "127.0.0.23";
    private static GatewayHarness harness;
    private static ServerSocket fakeServer;
    private static final AtomicInteger SSH_CONNECTIONS = new AtomicInteger();

    private final SessionId session = SessionId.random();

    @BeforeAll
    static void start() throws Exception {
        fakeServer = new ServerSocket();
        fakeServer.bind(new InetSocketAddress(InetAddress.getByName(SERVER_ADDRESS), 22));
        Thread accepting = new Thread(() -> {
            while (!fakeServer.isClosed()) {
                try (Socket ignored = fakeServer.accept()) {
                    SSH_CONNECTIONS.incrementAndGet();
                } catch (IOException closed) {
                    return;
                }
            }
        }, "fake-ssh-server");
        accepting.setDaemon(true);
        accepting.start();
        harness = new GatewayHarness(MasterSecret.random(), GatewaySettings.defaults());
    }

    @AfterAll
    static void stop() throws Exception {
        harness.close();
        fakeServer.close();
    }

    private void assertRefused(String path, Refusal refusal) throws Exception {
        int lookupsBefore = harness.routeLookups.get();
        try (TerminalClient client = harness.connect(path)) {
            TerminalClient.Closed closed = client.awaitClose(WAIT);

            assertThat(closed.code()).isEqualTo(refusal.closeCode());
            assertThat(closed.reason()).isEqualTo(refusal.closeReason());
            assertThat(client.control()).singleElement().asString()
                    .contains("\"code\":\"" + refusal.name() + "\"");
            assertThat(client.outputBytes()).isZero();
        }
        assertThat(harness.routeLookups.get()).as("the server's address was looked up").isEqualTo(lookupsBefore);
        assertThat(SSH_CONNECTIONS.get()).as("connections offered to the server").isZero();
    }

    @Test
    void connect_shouldBeRefused_withAForgedTicket() throws Exception {
        harness.readySession(session, SERVER_ADDRESS);
        TerminalTickets forger = new TerminalTickets(MasterSecret.random(), Clock.systemUTC());

        assertRefused("/term/" + session + "?ticket=" + forger.issue(session, GatewayHarness.ALICE).ticket(),
                Refusal.TICKET_INVALID);
    }

    @Test
    void connect_shouldBeRefused_withNoTicketOrGarbage() throws Exception {
        harness.readySession(session, SERVER_ADDRESS);

        assertRefused("/term/" + session, Refusal.TICKET_INVALID);
        assertRefused("/term/" + session + "?ticket=t1.x.y.z", Refusal.TICKET_INVALID);
    }

    @Test
    void connect_shouldBeRefused_withAnExpiredTicket() throws Exception {
        harness.readySession(session, SERVER_ADDRESS);
        TerminalTickets past = new TerminalTickets(harness.secret,
                Clock.fixed(Instant.now().minus(TerminalTickets.LIFETIME).minusSeconds(1), ZoneOffset.UTC));

        assertRefused("/term/" + session + "?ticket=" + past.issue(session, GatewayHarness.ALICE).ticket(),
                Refusal.TICKET_EXPIRED);
    }

    @Test
    void connect_shouldBeRefused_withAnotherSessionsTicket() throws Exception {
        harness.readySession(session, SERVER_ADDRESS);
        SessionId other = SessionId.random();
        harness.readySession(other, SERVER_ADDRESS);
        String othersTicket = harness.tickets.issue(other, GatewayHarness.ALICE).ticket();

        assertRefused("/term/" + session + "?ticket=" + othersTicket, Refusal.TICKET_INVALID);
    }

    @Test
    void connect_shouldBeRefused_withATicketIssuedToSomeoneElse() throws Exception {
        harness.readySession(session, SERVER_ADDRESS);

        assertRefused(harness.terminalUrl(session, Owner.user("mallory")), Refusal.TICKET_INVALID);
    }

    @Test
    void connect_shouldBeRefused_whenTheTicketWasUsedAlready() throws Exception {
        // given a ticket that opened a terminal once (the session then ended, so nothing is proxied)
        harness.readySession(session, SERVER_ADDRESS);
        harness.sessions.requestEnd(session, EndReason.USER);
        String url = harness.terminalUrl(session);
        try (TerminalClient first = harness.connect(url)) {
            assertThat(first.awaitClose(WAIT).reason()).isEqualTo(Refusal.SESSION_NOT_READY.closeReason());
        }

        // when it is presented again
        assertRefused(url, Refusal.TICKET_USED);
    }

    @Test
    void connect_shouldBeRefused_whenTheSessionIsNotReady() throws Exception {
        harness.readySession(session, SERVER_ADDRESS);
        harness.sessions.requestEnd(session, EndReason.USER);

        assertRefused(harness.terminalUrl(session), Refusal.SESSION_NOT_READY);
    }

    @Test
    void connect_shouldBeRefused_forASessionIdThatCannotBeOne() throws Exception {
        assertRefused("/term/not-a-session-id?ticket=x", Refusal.TICKET_INVALID);
        assertRefused("/term/" + session + "/extra?ticket=x", Refusal.TICKET_INVALID);
    }

    @Test
    void connect_shouldRefuseEveryTicketUseButOne_whenManyArriveAtOnce() throws Exception {
        // given one ticket presented by five sockets at once
        harness.readySession(session, SERVER_ADDRESS);
        harness.sessions.requestEnd(session, EndReason.USER);
        String url = harness.terminalUrl(session);
        TerminalClient[] clients = new TerminalClient[5];
        for (int i = 0; i < clients.length; i++) {
            clients[i] = harness.connect(url);
        }

        // then exactly one got past the ticket (and was stopped by the session's state)
        int past = 0;
        for (TerminalClient client : clients) {
            String reason = client.awaitClose(WAIT).reason();
            past += reason.equals(Refusal.SESSION_NOT_READY.closeReason()) ? 1 : 0;
            assertThat(reason).isIn(Refusal.SESSION_NOT_READY.closeReason(), Refusal.TICKET_USED.closeReason());
            client.close();
        }
        assertThat(past).isEqualTo(1);
    }

    @Test
    void plainHttp_underTerm_shouldAnswer426() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + harness.port() + "/term/" + session)).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(426);
        assertThat(response.body()).contains("UPGRADE_REQUIRED");
    }

    @Test
    void refusal_shouldUseThePolicyViolationCode_forEveryTicketProblem() {
        for (Refusal refusal : new Refusal[] {Refusal.TICKET_INVALID, Refusal.TICKET_EXPIRED, Refusal.TICKET_USED}) {
            assertThat(refusal.closeCode()).isEqualTo(StatusCode.POLICY_VIOLATION);
        }
    }
}
