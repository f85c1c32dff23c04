package dev.breakfix.api;

import dev.breakfix.api.auth.SignInSettings;
import dev.breakfix.identity.AnonymousTokenLimit;
import dev.breakfix.identity.AnonymousTokens;
import dev.breakfix.identity.InMemoryPartnerKeys;
import dev.breakfix.identity.InMemoryWindowCounters;
import dev.breakfix.identity.PartnerKeys;
import dev.breakfix.identity.UserTokens;
import dev.breakfix.identity.WindowCounters;
import dev.breakfix.recording.InMemoryRecordings;
import dev.breakfix.recording.RecordingLinks;
import dev.breakfix.recording.Recordings;
import dev.breakfix.scenario.ScenarioCatalog;
import dev.breakfix.scenario.ScenarioFolders;
import dev.breakfix.secrets.MasterSecret;
import dev.breakfix.server.Routes;
import dev.breakfix.server.ScenarioChecks;
import dev.breakfix.server.ServerId;
import dev.breakfix.session.ActiveSessions;
import dev.breakfix.session.InMemoryActiveSessions;
import dev.breakfix.session.InMemorySessions;
import dev.breakfix.session.ServerSlots;
import dev.breakfix.session.Sessions;
import dev.breakfix.terminal.TerminalTickets;
import dev.breakfix.workflow.FakeWorkflows;
import dev.breakfix.workflow.Workflows;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * Handlers' dependencies for tests: the fixture scenarios under test resources, in-memory stores with
 * the real stores' semantics (core's SessionsContract), a recording workflow, a fixed clock.
 */
public final class FixturePlatform implements Platform {
    public static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");

    private final ScenarioCatalog catalog = ScenarioFolders.load(resource("scenarios"));
    public final InMemorySessions sessions = new InMemorySessions();
    public final InMemoryActiveSessions active = new InMemoryActiveSessions();
    public final FakeWorkflows workflows = new FakeWorkflows();
    public int running = 0;
    public boolean serverFixed = false;
    private final AnonymousTokens tokens = new AnonymousTokens(MasterSecret.of(new byte[32]), clock());
    public final TerminalTickets terminalTickets = new TerminalTickets(MasterSecret.of(new byte[32]), clock());
    public final InMemoryRecordings recordings = new InMemoryRecordings();
    /** Recordings above this many bytes are answered with a link (when one exists). */
    public int inlineLimitBytes = Integer.MAX_VALUE;
    /** Sessions whose recording has a link, as S3's presigner would give once it is assembled. */
    public boolean linksAvailable = false;
    public final InMemoryPartnerKeys partnerKeys = new InMemoryPartnerKeys();
    public final InMemoryWindowCounters windowCounters = new InMemoryWindowCounters(clock());
    /** Users' tokens: none is valid unless a test says otherwise. */
    public UserTokens userTokens = UserTokens.NONE;
    public AnonymousTokenLimit anonymousTokenLimit = AnonymousTokenLimit.DEFAULT;
    public Optional<SignInSettings> signInSettings = Optional.empty();

    @Override
    public ScenarioCatalog catalog() {
        return catalog;
    }

    @Override
    public Clock clock() {
        return Clock.fixed(NOW, ZoneOffset.UTC);
    }

    @Override
    public Sessions sessions() {
        return sessions;
    }

    @Override
    public ActiveSessions activeSessions() {
        return active;
    }

    @Override
    public ServerSlots serverSlots() {
        return () -> running;
    }

    @Override
    public int maxRunningServers() {
        return 5;
    }

    @Override
    public Workflows workflows() {
        return workflows;
    }

    @Override
    public Routes routes() {
        return id -> Optional.of(new Routes.Route(id, new ServerId("bf-test"), "10.200.0.2"));
    }

    @Override
    public ScenarioChecks checks() {
        return (id, scenario, address) -> new ScenarioChecks.CheckOutcome(serverFixed,
                serverFixed ? "nginx answers on port 80" : "nginx is not running");
    }

    @Override
    public AnonymousTokens anonymousTokens() {
        return tokens;
    }

    @Override
    public TerminalTickets terminalTickets() {
        return terminalTickets;
    }

    @Override
    public Recordings recordings() {
        return recordings;
    }

    @Override
    public RecordingLinks recordingLinks() {
        return new RecordingLinks() {
            @Override
            public int inlineLimitBytes() {
                return inlineLimitBytes;
            }

            @Override
            public Optional<URI> link(dev.breakfix.session.SessionId session, Duration validity) {
                return linksAvailable
                        ? Optional.of(URI.create("https://recordings.example/" + session.value() + ".cast?expires=" + validity.toSeconds()))
                        : Optional.empty();
            }
        };
    }

    @Override
    public UserTokens userTokens() {
        return userTokens;
    }

    @Override
    public PartnerKeys partnerKeys() {
        return partnerKeys;
    }

    @Override
    public Optional<String> websiteUsageKey() {
        return Optional.of("website-usage-key");
    }

    @Override
    public WindowCounters windowCounters() {
        return windowCounters;
    }

    @Override
    public AnonymousTokenLimit anonymousTokenLimit() {
        return anonymousTokenLimit;
    }

    @Override
    public Optional<String> clientAddressHeader() {
        return Optional.empty();
    }

    @Override
    public Optional<SignInSettings> signInSettings() {
        return signInSettings;
    }

    static Path resource(String name) {
        try {
            return Path.of(FixturePlatform.class.getClassLoader().getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
