package dev.breakfix.tasks;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.breakfix.scenario.Scenario;
import dev.breakfix.scenario.ScenarioCatalog;
import dev.breakfix.server.Servers;
import dev.breakfix.secrets.MasterSecret;
import dev.breakfix.ssh.SessionKeys;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Task "Launch the server": a fresh server from the scenario's image, with the session's derived SSH
 * keys put in at launch. Throws {@code NoServerCapacity} when the market has none (the workflow then
 * asks for on-demand). Output {@code {serverId, address, market}}.
 */
public final class LaunchServerHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    private static final Logger LOG = LoggerFactory.getLogger(LaunchServerHandler.class);

    private final ScenarioCatalog catalog;
    private final Servers servers;
    private final MasterSecret secret;

    public LaunchServerHandler() {
        this(AwsTaskPlatform.instance());
    }

    public LaunchServerHandler(TaskPlatform p) {
        this.catalog = p.catalog();
        this.servers = p.servers();
        this.secret = p.masterSecret();
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> payload, Context context) {
        TaskInput input = new TaskInput(payload);
        var session = input.sessionId();
        Scenario scenario = catalog.find(input.text("scenarioId"))
                .orElseThrow(() -> new IllegalArgumentException("no such scenario: " + input.text("scenarioId")));
        Servers.Market market = "on-demand".equals(input.optionalText("market").orElse("spot"))
                ? Servers.Market.ON_DEMAND : Servers.Market.SPOT;
        SessionKeys keys = SessionKeys.derive(secret, session);
        Servers.Launched launched = servers.launch(session, scenario, keys.clientKey().openSshPublicKey(),
                keys.hostKey().openSshPrivateKey(), Instant.parse(input.text("deadline")), market);
        LOG.info("server launched: {} ({})", launched.id(), launched.market());
        Map<String, Object> output = new LinkedHashMap<>();
        output.put("serverId", launched.id().value());
        output.put("address", launched.address().orElseThrow(() ->
                new IllegalStateException("the server has no address yet")));
        output.put("market", launched.market() == Servers.Market.ON_DEMAND ? "on-demand" : "spot");
        return output;
    }
}
