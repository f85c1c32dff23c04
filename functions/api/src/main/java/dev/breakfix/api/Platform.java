package dev.breakfix.api;

import dev.breakfix.api.auth.SignInSettings;
import dev.breakfix.identity.AnonymousTokenLimit;
import dev.breakfix.identity.AnonymousTokens;
import dev.breakfix.identity.PartnerKeys;
import dev.breakfix.identity.UserTokens;
import dev.breakfix.identity.WindowCounters;
import dev.breakfix.recording.RecordingLinks;
import dev.breakfix.recording.Recordings;
import dev.breakfix.scenario.ScenarioCatalog;
import dev.breakfix.server.Routes;
import dev.breakfix.server.ScenarioChecks;
import dev.breakfix.session.ActiveSessions;
import dev.breakfix.session.ServerSlots;
import dev.breakfix.session.Sessions;
import dev.breakfix.terminal.TerminalTickets;
import dev.breakfix.workflow.Workflows;
import java.time.Clock;
import java.util.Optional;

/**
 * What the handlers depend on. {@link AwsPlatform} builds it from the Lambda environment; the local
 * runtime builds its own from local adapters. Handlers take it in their constructors and pull only
 * what they use, so a function builds only the clients it needs.
 */
public interface Platform {
    ScenarioCatalog catalog();

    Clock clock();

    Sessions sessions();

    ActiveSessions activeSessions();

    ServerSlots serverSlots();

    /** The global cap on running servers (also a substitution in the workflow). */
    int maxRunningServers();

    Workflows workflows();

    Routes routes();

    ScenarioChecks checks();

    AnonymousTokens anonymousTokens();

    /** Signs terminal tickets (the gateway verifies them with the same derived key). */
    TerminalTickets terminalTickets();

    /** Session recordings, read by the recording and replay routes. */
    Recordings recordings();

    /** How recordings too large for a response are handed out. */
    RecordingLinks recordingLinks();

    /** Users' access tokens ({@link UserTokens#NONE} where no identity provider is configured). */
    UserTokens userTokens();

    /** Partners by their key's hash, for the caller authorizer. */
    PartnerKeys partnerKeys();

    /**
     * The API key every website caller (user or anonymous) counts against on AWS, whose usage plan
     * then applies to them; empty where usage plans are not in use.
     */
    Optional<String> websiteUsageKey();

    /** Counters per time window (rate limits). */
    WindowCounters windowCounters();

    /** How many anonymous tokens one client address gets. */
    AnonymousTokenLimit anonymousTokenLimit();

    /**
     * The header that carries the client's address when a CDN sets it ({@code CloudFront-Viewer-Address});
     * empty to use the source address API Gateway saw.
     */
    Optional<String> clientAddressHeader();

    /** How the website signs users in; empty where no identity provider is configured. */
    Optional<SignInSettings> signInSettings();
}
