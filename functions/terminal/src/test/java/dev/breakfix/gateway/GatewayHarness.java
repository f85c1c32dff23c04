package dev.breakfix.gateway;

import dev.breakfix.recording.InMemoryRecordings;
import dev.breakfix.scenario.Difficulty;
import dev.breakfix.scenario.Scenario;
import dev.breakfix.scenario.ScenarioCatalog;
import dev.breakfix.scenario.ServerLimits;
import dev.breakfix.secrets.MasterSecret;
import dev.breakfix.server.Routes;
import dev.breakfix.server.ServerId;
import dev.breakfix.session.InMemorySessions;
import dev.breakfix.session.Owner;
import dev.breakfix.session.Session;
import dev.breakfix.session.SessionId;
import dev.breakfix.session.SessionState;
import dev.breakfix.ssh.SshConnector;
import dev.breakfix.terminal.InMemoryUsedTickets;
import dev.breakfix.terminal.TerminalTickets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * A terminal gateway on a free loopback port, as the local runtime serves it, over in-memory stores
 * (sessions, used tickets, recordings) and routes the test sets. Restartable: {@link #restart} stops
 * the gateway (gracefully or as a crash) and serves a new one over the same stores.
 */
final class GatewayHarness implements AutoCloseable {
    static final Owner ALICE = Owner.user("alice");
    static final Scenario SCENARIO = new Scenario("gateway-test", "Gateway test", "The gateway's own tests.",
            Difficulty.EASY, 15, 0, List.of("test"), "gateway-test", "admin", true, List.of(), ServerLimits.DEFAULT,
            true, List.of(), "A test server.");

    final MasterSecret secret;
    final Clock clock = Clock.systemUTC();
    final InMemorySessions sessions = new InMemorySessions();
    final InMemoryUsedTickets usedTickets = new InMemoryUsedTickets();
    final InMemoryRecordings recordings = new InMemoryRecordings();
    final Map<SessionId, String> addresses = new ConcurrentHashMap<>();
    final AtomicInteger routeLookups = new AtomicInteger();
    final TerminalTickets tickets;
    final SshConnector ssh = new SshConnector();
    private final GatewaySettings settings;
    TerminalGateway gateway;
    private Server server;
    private ServerConnector connector;
    private int port;

    GatewayHarness(MasterSecret secret, GatewaySettings settings) throws Exception {
        this.secret = secret;
        this.settings = settings;
        this.tickets = new TerminalTickets(secret, clock);
        start(0);
    }

    private void start(int onPort) throws Exception {
        gateway = TerminalGateway.builder()
                .sessions(sessions)
                .routes(this::route)
                .catalog(new ScenarioCatalog(List.of(SCENARIO)))
                .usedTickets(usedTickets)
                .masterSecret(secret)
                .ssh(ssh)
                .recordings(recordings)
                .clock(clock)
                .settings(settings)
                .build();
        server = new Server();
        connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(onPort);
        server.addConnector(connector);
        server.setHandler(new Handler.Sequence(gateway.handler(server)));
        server.start();
        port = connector.getLocalPort();
    }

    private Optional<Routes.Route> route(SessionId session) {
        routeLookups.incrementAndGet();
        return Optional.ofNullable(addresses.get(session)).map(a -> new Routes.Route(session, new ServerId("bfx-test"), a));
    }

    int port() {
        return port;
    }

    /** A READY session of ALICE's whose server answers at {@code address}. */
    Session readySession(SessionId id, String address) {
        Instant now = clock.instant();
        sessions.create(Session.requested(id, ALICE, SCENARIO.id(), now.minusSeconds(2)));
        sessions.put(id, s -> s.movedTo(SessionState.BOOTING));
        addresses.put(id, address);
        return sessions.markReady(id, now.minusSeconds(1), now.plusSeconds(900)).orElseThrow();
    }

    /** The url POST /api/sessions/{id}/terminal answers for ALICE. */
    String terminalUrl(SessionId session) {
        return terminalUrl(session, ALICE);
    }

    String terminalUrl(SessionId session, Owner owner) {
        return "/term/" + session.value() + "?ticket=" + tickets.issue(session, owner).ticket();
    }

    TerminalClient connect(String path) throws Exception {
        return TerminalClient.connect(port, path);
    }

    /** Stops the gateway (as a crash when {@code crash}) and serves a new one on the same stores and port. */
    void restart(boolean crash) throws Exception {
        if (crash) {
            gateway.halt();
            // A dead process's sockets are closed by the kernel at once; do the same here.
            connector.getConnectedEndPoints().forEach(EndPoint::close);
        } else {
            gateway.close();
        }
        server.stop();
        start(port);
    }

    @Override
    public void close() throws Exception {
        gateway.close();
        server.stop();
        ssh.close();
    }
}
