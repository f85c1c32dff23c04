package dev.breakfix.api;

import dev.breakfix.identity.AnonymousTokens;
import dev.breakfix.scenario.ScenarioCatalog;
import dev.breakfix.server.Routes;
import dev.breakfix.server.ScenarioChecks;
import dev.breakfix.session.ActiveSessions;
import dev.breakfix.session.ServerSlots;
import dev.breakfix.session.Sessions;
import dev.breakfix.workflow.Workflows;
import java.time.Clock;

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
}
