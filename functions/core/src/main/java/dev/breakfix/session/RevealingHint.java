package dev.breakfix.session;

import dev.breakfix.scenario.ScenarioCatalog;
import java.util.List;
import java.util.Optional;

/** Revealing a READY session's next hint, in order; each reveal is recorded on the session. */
public final class RevealingHint {
    private final ScenarioCatalog catalog;
    private final Sessions sessions;

    public RevealingHint(ScenarioCatalog catalog, Sessions sessions) {
        this.catalog = catalog;
        this.sessions = sessions;
    }

    public sealed interface Result {
        record Revealed(int index, String text, int of) implements Result {}

        record NotFound() implements Result {}

        record NotReady(SessionState state) implements Result {}

        record NoMoreHints(int of) implements Result {}
    }

    public Result reveal(Owner owner, SessionId id) {
        Optional<Session> owned = sessions.find(id).filter(s -> owner.mayAccess(s.owner()));
        if (owned.isEmpty()) {
            return new Result.NotFound();
        }
        if (owned.get().state() != SessionState.READY) {
            return new Result.NotReady(owned.get().state());
        }
        List<String> hints = catalog.find(owned.get().scenarioId()).orElseThrow().hints();
        return sessions.revealHint(id, hints.size())
                .<Result>map(count -> new Result.Revealed(count - 1, hints.get(count - 1), hints.size()))
                .orElseGet(() -> new Result.NoMoreHints(hints.size()));
    }
}
