package dev.breakfix.server;

import dev.breakfix.session.SessionId;
import java.util.Optional;

/** Where each READY session's server answers SSH; written by the workflow, read by the gateway and the checker. */
public interface Routes {

    Optional<Route> find(SessionId session);

    record Route(SessionId session, ServerId server, String address) {}
}
