package dev.breakfix.server;

import dev.breakfix.session.SessionId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Every scenario server that exists now, as its backend records it (EC2 tags on AWS, the sandbox's
 * {@code server.json} records locally), and the way to end one: what the reaper sweeps.
 */
public interface ServerFleet {

    List<Item> servers();

    /** Destroys the server. Idempotent: a server that is gone already is not an error. */
    void terminate(ServerId server);

    /**
     * @param session the session the server was launched for, if its record names a valid one
     * @param deadline when the server must be gone at the latest, as recorded at launch
     */
    record Item(ServerId id, Optional<SessionId> session, Optional<Instant> deadline, Instant launchedAt) {}
}
