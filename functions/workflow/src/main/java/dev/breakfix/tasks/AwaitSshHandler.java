package dev.breakfix.tasks;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.breakfix.scenario.ScenarioCatalog;
import dev.breakfix.secrets.MasterSecret;
import dev.breakfix.ssh.SessionKeys;
import dev.breakfix.ssh.SshConnection;
import dev.breakfix.ssh.SshConnector;
import dev.breakfix.ssh.SshEndpoint;
import dev.breakfix.workflow.ServerNotReady;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;

/**
 * Task "Wait until the server answers SSH": logs in as the scenario's user with the session's key and
 * the pinned host key. Throws {@link ServerNotReady} while it cannot, which the workflow retries with
 * backoff a bounded number of times.
 */
public final class AwaitSshHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    /**
     * How long one attempt keeps trying before it reports {@link ServerNotReady}: a server's sshd usually
     * answers within a second of its start, so polling here (every {@link #POLL}) gets the session READY
     * that much sooner than the workflow's retry, whose intervals are whole seconds.
     */
    static final Duration PATIENCE = Duration.ofSeconds(2);
    static final Duration POLL = Duration.ofMillis(25);

    private final ScenarioCatalog catalog;
    private final SshConnector ssh;
    private final MasterSecret secret;

    public AwaitSshHandler() {
        this(AwsTaskPlatform.instance());
    }

    public AwaitSshHandler(TaskPlatform p) {
        this.catalog = p.catalog();
        this.ssh = p.ssh();
        this.secret = p.masterSecret();
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> payload, Context context) {
        TaskInput input = new TaskInput(payload);
        SessionKeys keys = SessionKeys.derive(secret, input.sessionId());
        String user = catalog.find(input.text("scenarioId")).orElseThrow().loginUser();
        try (SshConnection connection = ssh.connectWhenReady(SshEndpoint.of(input.text("address"), user),
                keys.clientKey(), keys.hostKey().publicKey(), PATIENCE, POLL)) {
            return Map.of("ready", connection.isOpen());
        } catch (IOException notYet) {
            throw new ServerNotReady("the server does not answer SSH yet: " + notYet.getMessage());
        }
    }
}
