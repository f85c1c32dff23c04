package dev.breakfix.local.support;

import dev.breakfix.secrets.MasterSecret;
import dev.breakfix.session.SessionId;
import dev.breakfix.ssh.ExecResult;
import dev.breakfix.ssh.SessionKeys;
import dev.breakfix.ssh.SshConnection;
import dev.breakfix.ssh.SshConnector;
import dev.breakfix.ssh.SshEndpoint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A root shell on a session's server, reached as the checker reaches it: over SSH, with the session's
 * keys derived from the runtime's master secret ({@code <state>/master.key}) and its pinned host key.
 */
public final class ServerShell {
    private ServerShell() {}

    /** Runs {@code script} with bash as root on the server at {@code address}. */
    public static ExecResult runAsRoot(Path state, String sessionId, String address, String script) throws IOException {
        MasterSecret secret = MasterSecret.fromBase64(Files.readString(state.resolve("master.key")).strip());
        SessionKeys keys = SessionKeys.derive(secret, new SessionId(sessionId));
        try (SshConnector ssh = new SshConnector();
                SshConnection root = ssh.connect(SshEndpoint.of(address, "root"), keys.clientKey(),
                        keys.hostKey().publicKey(), Duration.ofSeconds(10))) {
            return root.exec("bash -s", script.getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(60));
        }
    }

    /** Runs the scenario's reference fix ({@code scenario-amis/<id>/solution.sh}) on the session's server. */
    public static ExecResult runSolution(Path checkout, Path state, String sessionId, String scenarioId, String address)
            throws IOException {
        String solution = Files.readString(checkout.resolve("scenario-amis").resolve(scenarioId).resolve("solution.sh"));
        return runAsRoot(state, sessionId, address, solution);
    }
}
