package dev.breakfix.server;

import dev.breakfix.scenario.Scenario;
import dev.breakfix.session.SessionId;
import java.time.Instant;
import java.util.Optional;

/**
 * Scenario servers for the local platform (LXC system containers). On AWS the session workflow launches
 * EC2 instances directly with a request from {@code Ec2LaunchRequests}, and {@code Ec2Servers} describes
 * and terminates them for the reaper.
 */
public interface Servers {

    /**
     * Starts a fresh server from the scenario's image for one session.
     *
     * @param sshPublicKey the session's public key, in OpenSSH format, to authorise for the login user
     * @param hostPrivateKey the session's host key, in OpenSSH format, which clients pin
     * @param deadline when the server must be gone at the latest; recorded on it for the reaper
     */
    ServerId launch(SessionId session, Scenario scenario, String sshPublicKey, String hostPrivateKey,
            Instant deadline);

    /** Where the server stands now; empty if there is no such server (any more). */
    Optional<ServerStatus> describe(ServerId server);

    /** Destroys the server and everything it held. Idempotent: a missing server is not an error. */
    void terminate(ServerId server);

    record ServerStatus(State state, Optional<String> address) {
        public enum State { PENDING, RUNNING, STOPPING, STOPPED }
    }
}
