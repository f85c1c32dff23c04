package dev.breakfix.gateway;

import dev.breakfix.scenario.Scenario;
import dev.breakfix.scenario.ScenarioCatalog;
import dev.breakfix.server.Routes;
import dev.breakfix.session.Session;
import dev.breakfix.session.SessionId;
import dev.breakfix.session.SessionState;
import dev.breakfix.session.Sessions;
import dev.breakfix.terminal.TerminalTickets;
import dev.breakfix.terminal.TerminalTickets.Verification;
import dev.breakfix.terminal.UsedTickets;
import java.util.Optional;

/**
 * Deciding whether a browser may open a terminal, before anything is proxied: the ticket must be
 * genuine, for this session, in time, and unused (consuming it is the last ticket check, so a replayed
 * ticket is refused whatever the session's state); the session must still be the ticket holder's, READY,
 * with no end asked for, and have a route.
 */
final class AdmittingTerminal {
    private final TerminalTickets tickets;
    private final UsedTickets used;
    private final Sessions sessions;
    private final Routes routes;
    private final ScenarioCatalog catalog;

    AdmittingTerminal(TerminalTickets tickets, UsedTickets used, Sessions sessions, Routes routes, ScenarioCatalog catalog) {
        this.tickets = tickets;
        this.used = used;
        this.sessions = sessions;
        this.routes = routes;
        this.catalog = catalog;
    }

    sealed interface Result {
        record Admitted(Session session, Scenario scenario, Routes.Route route) implements Result {}

        record Refused(Refusal refusal) implements Result {}
    }

    Result admit(String sessionId, String ticket) {
        if (!SessionId.isValid(sessionId)) {
            return new Result.Refused(Refusal.TICKET_INVALID);
        }
        SessionId id = new SessionId(sessionId);
        Verification verification = tickets.verify(ticket, id);
        if (verification instanceof Verification.Expired) {
            return new Result.Refused(Refusal.TICKET_EXPIRED);
        }
        if (!(verification instanceof Verification.Valid valid)) {
            return new Result.Refused(Refusal.TICKET_INVALID);
        }
        if (!used.markUsed(valid.ticket().nonce(), valid.ticket().expiresAt())) {
            return new Result.Refused(Refusal.TICKET_USED);
        }
        Optional<Session> found = sessions.find(id);
        if (found.isEmpty() || !tickets.issuedTo(valid.ticket(), found.get().owner())) {
            return new Result.Refused(Refusal.TICKET_INVALID);
        }
        Session session = found.get();
        if (session.state() != SessionState.READY || session.endRequested().isPresent()) {
            return new Result.Refused(Refusal.SESSION_NOT_READY);
        }
        Optional<Scenario> scenario = catalog.find(session.scenarioId());
        Optional<Routes.Route> route = routes.find(id);
        if (scenario.isEmpty() || route.isEmpty()) {
            return new Result.Refused(Refusal.SESSION_NOT_READY);
        }
        return new Result.Admitted(session, scenario.get(), route.get());
    }
}
