package dev.breakfix.recording;

import dev.breakfix.scenario.Scenario;
import dev.breakfix.scenario.ScenarioCatalog;
import dev.breakfix.session.Owner;
import dev.breakfix.session.Session;
import dev.breakfix.session.SessionId;
import dev.breakfix.session.Sessions;
import java.util.Optional;

/**
 * Who may watch a session's recording. The owner (or the partner that created the session) may, at any time (while the session runs, what is
 * stored so far). Anyone may watch a <em>public replay</em>: a session that is over, of a scenario whose
 * replays are public, that no partner owns (interview recordings belong to the partner and the
 * candidate, whatever the scenario says). Everything else is "not found", never "forbidden".
 */
public final class ViewingRecordings {
    private final Sessions sessions;
    private final ScenarioCatalog catalog;
    private final Recordings recordings;

    public ViewingRecordings(Sessions sessions, ScenarioCatalog catalog, Recordings recordings) {
        this.sessions = sessions;
        this.catalog = catalog;
        this.recordings = recordings;
    }

    public sealed interface Result {
        /**
         * @param sessionOver the session has ended (or failed): the recording will not grow any more
         */
        record Found(byte[] asciicast, boolean sessionOver) implements Result {}

        /** No such session, or not the caller's (or, for replays, not public). */
        record NoSession() implements Result {}

        /** The caller's session, but nothing was recorded (no terminal was opened, or not yet). */
        record NoRecording() implements Result {}
    }

    /** The caller's own recording. */
    public Result own(Owner owner, SessionId id) {
        Optional<Session> owned = sessions.find(id).filter(s -> owner.mayAccess(s.owner()));
        if (owned.isEmpty()) {
            return new Result.NoSession();
        }
        return recordings.read(id)
                .<Result>map(cast -> new Result.Found(cast, owned.get().state().isFinal()))
                .orElseGet(Result.NoRecording::new);
    }

    /** A public replay; {@link Result.NoSession} for anything that is not one, whatever the reason. */
    public Result publicReplay(SessionId id) {
        Optional<Session> replayable = sessions.find(id)
                .filter(s -> s.state().isFinal())
                .filter(s -> s.owner().kind() != Owner.Kind.PARTNER)
                .filter(s -> catalog.find(s.scenarioId()).map(Scenario::publicReplays).orElse(false));
        if (replayable.isEmpty()) {
            return new Result.NoSession();
        }
        return recordings.read(id)
                .<Result>map(cast -> new Result.Found(cast, true))
                .orElseGet(Result.NoSession::new);
    }
}
