package dev.breakfix.server;

import dev.breakfix.scenario.Scenario;
import dev.breakfix.session.SessionId;
import java.time.Instant;
import java.util.Optional;

/** Scenario servers: EC2 spot instances on AWS, LXC system containers locally. */
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

    /**
     * Starts a server in the given market, as the workflow asks: spot first, on-demand if spot has no
     * capacity. Backends with one kind of capacity (local containers) ignore the market: this default
     * launches as above and asks {@link #describe} for the address.
     *
     * @throws dev.breakfix.workflow.NoServerCapacity when the market has no capacity for this server
     */
    default Launched launch(SessionId session, Scenario scenario, String sshPublicKey, String hostPrivateKey,
            Instant deadline, Market market) {
        ServerId id = launch(session, scenario, sshPublicKey, hostPrivateKey, deadline);
        return new Launched(id, describe(id).flatMap(ServerStatus::address), market);
    }

    /** Where the server stands now; empty if there is no such server (any more). */
    Optional<ServerStatus> describe(ServerId server);

    /** Destroys the server and everything it held. Idempotent: a missing server is not an error. */
    void terminate(ServerId server);

    /** How a server is paid for: spot (cheap, may be refused or interrupted) or on-demand. */
    enum Market { SPOT, ON_DEMAND }

    /** A server just launched: its id, its private address when the backend knows it already, its market. */
    record Launched(ServerId id, Optional<String> address, Market market) {}

    record ServerStatus(State state, Optional<String> address) {
        public enum State { PENDING, RUNNING, STOPPING, STOPPED }
    }
}
