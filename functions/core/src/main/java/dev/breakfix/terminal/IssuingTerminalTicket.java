package dev.breakfix.terminal;

import dev.breakfix.session.Owner;
import dev.breakfix.session.Session;
import dev.breakfix.session.SessionId;
import dev.breakfix.session.SessionState;
import dev.breakfix.session.Sessions;
import java.util.Optional;

/** Handing the owner of a READY session (or the partner that created it) a ticket to open one terminal on its server. */
public final class IssuingTerminalTicket {
    private final Sessions sessions;
    private final TerminalTickets tickets;

    public IssuingTerminalTicket(Sessions sessions, TerminalTickets tickets) {
        this.sessions = sessions;
        this.tickets = tickets;
    }

    public sealed interface Result {
        record Issued(TerminalTickets.Issued ticket) implements Result {}

        /** No such session, or someone else's. */
        record NotFound() implements Result {}

        /** The server is not (or no longer) there to connect to. */
        record NotReady(SessionState state) implements Result {}
    }

    public Result issue(Owner owner, SessionId id) {
        Optional<Session> owned = sessions.find(id).filter(s -> owner.mayAccess(s.owner()));
        if (owned.isEmpty()) {
            return new Result.NotFound();
        }
        Session session = owned.get();
        if (session.state() != SessionState.READY) {
            return new Result.NotReady(session.state());
        }
        if (session.endRequested().isPresent()) {
            // Ending was asked for: the workflow is about to move it on.
            return new Result.NotReady(SessionState.ENDING);
        }
        // Bound to the session's owner, which the gateway checks: a partner acting under another
        // candidate's name still opens the session it created.
        return new Result.Issued(tickets.issue(id, session.owner()));
    }
}
