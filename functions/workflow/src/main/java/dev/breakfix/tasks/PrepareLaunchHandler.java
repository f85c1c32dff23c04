package dev.breakfix.tasks;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.breakfix.aws.ec2.Ec2LaunchRequests;
import dev.breakfix.aws.ec2.Ec2LaunchRequests.Market;
import dev.breakfix.aws.ec2.Ec2LaunchRequests.Pool;
import dev.breakfix.aws.ec2.SessionUserData;
import dev.breakfix.scenario.Scenario;
import dev.breakfix.scenario.ScenarioCatalog;
import dev.breakfix.secrets.MasterSecret;
import dev.breakfix.session.SessionId;
import dev.breakfix.ssh.SessionKeys;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Task "Prepare the server's launch": the RunInstances request for one attempt (a market and a pool),
 * with the session's derived keys in its user data. The workflow sends it to EC2 itself and, when a
 * pool has no capacity, asks for the next attempt. Output {@code {exhausted, request}}: {@code
 * exhausted} when every pool of this market was tried.
 */
public final class PrepareLaunchHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ScenarioCatalog catalog;
    private final Ec2LaunchRequests.Settings settings;
    private final MasterSecret secret;

    public PrepareLaunchHandler() {
        this(AwsTaskPlatform.instance());
    }

    public PrepareLaunchHandler(TaskPlatform p) {
        this.catalog = p.catalog();
        this.settings = p.launchSettings();
        this.secret = p.masterSecret();
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> payload, Context context) {
        TaskInput input = new TaskInput(payload);
        SessionId session = input.sessionId();
        Scenario scenario = catalog.find(input.text("scenarioId"))
                .orElseThrow(() -> new IllegalArgumentException("no such scenario: " + input.text("scenarioId")));
        Market market = Market.fromWireName(input.optionalText("market").orElse(Market.SPOT.wireName()));
        int attempt = Integer.parseInt(input.optionalText("attempt").orElse("0"));
        List<Pool> pools = Ec2LaunchRequests.pools(settings, session, scenario);
        Map<String, Object> output = new LinkedHashMap<>();
        if (attempt >= pools.size()) {
            output.put("exhausted", true);
            output.put("request", Map.of());
            return output;
        }
        SessionKeys keys = SessionKeys.derive(secret, session);
        String userData = SessionUserData.encoded(scenario.loginUser(), scenario.hostname(),
                keys.clientKey().openSshPublicKey(), keys.hostKey().openSshPrivateKey());
        output.put("exhausted", false);
        output.put("request", JSON.convertValue(Ec2LaunchRequests.runInstances(settings, session, scenario,
                Instant.parse(input.text("deadline")), market, pools.get(attempt), userData), Map.class));
        return output;
    }
}
