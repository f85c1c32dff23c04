package dev.breakfix.session;

import dev.breakfix.workflow.Workflows;
import java.util.Optional;

/**
 * Ending a session now, or because it was solved and the user asked to end on success. The request is
 * written on the session first, then the waiting workflow is resumed: whichever of the two happens
 * later sees the other, so an end is never lost while the workflow swaps its wait token.
 */
public final class EndingSession {
    private final Sessions sessions;
    private final Workflows workflows;

    public EndingSession(Sessions sessions, Workflows workflows) {
        this.sessions = sessions;
        this.workflows = workflows;
    }

    public sealed interface Result {
        /** The end is under way (or the session was already over); {@code session} is how it stands. */
        record Ending(Session session) implements Result {}

        record NotFound() implements Result {}
    }

    public Result end(Owner owner, SessionId id, EndReason reason) {
        Optional<Session> owned = sessions.find(id).filter(s -> owner.mayAccess(s.owner()));
        if (owned.isEmpty()) {
            return new Result.NotFound();
        }
        Optional<Session> requested = sessions.requestEnd(id, reason);
        if (requested.isEmpty()) {
            return new Result.Ending(sessions.find(id).orElse(owned.get()));
        }
        requested.get().waitToken().ifPresent(token -> workflows.resume(token, new Workflows.Signal.End(reason)));
        return new Result.Ending(requested.get());
    }
}
