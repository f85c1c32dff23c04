package dev.breakfix.cdk;

import dev.breakfix.cdk.gateway.GatewayStack;
import dev.breakfix.cdk.network.NetworkStack;
import dev.breakfix.cdk.ops.OpsStack;
import dev.breakfix.cdk.stateful.RecordingsLifecycle;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Environment;

/**
 * What an operator may choose per deployment, from CDK context ({@code cdk.json} or
 * {@code cdk deploy -c key=value}); everything has a default that deploys as is.
 *
 * <table>
 *   <caption>Context keys</caption>
 *   <tr><th>key</th><th>default</th><th>what</th></tr>
 *   <tr><td>{@code maxRunningServers}</td><td>20</td><td>the global cap on running scenario servers</td></tr>
 *   <tr><td>{@code vpcCidr}</td><td>10.40.0.0/16</td><td>the VPC's address range</td></tr>
 *   <tr><td>{@code availabilityZones}</td><td>{@code <region>a,<region>b}</td><td>the zones (at least two)</td></tr>
 *   <tr><td>{@code gatewayImageTag}</td><td>latest</td><td>the terminal gateway image tag in ECR</td></tr>
 *   <tr><td>{@code gatewayTasks}</td><td>1</td><td>terminal gateway tasks (2 for zone redundancy)</td></tr>
 *   <tr><td>{@code alarmEmail}</td><td>none</td><td>an address subscribed to alarms and budget notices</td></tr>
 *   <tr><td>{@code monthlyBudgetUsd}</td><td>50</td><td>the account's monthly cost budget</td></tr>
 *   <tr><td>{@code recordingsInfrequentAccessAfterDays}, {@code recordingsExpireAfterDays}</td><td>30, 365</td>
 *       <td>the recordings' lifecycle</td></tr>
 * </table>
 */
public record Settings(RecordingsLifecycle recordings, int maxRunningServers, NetworkStack.Settings network,
        GatewayStack.Settings gateway, OpsStack.Settings ops) {
    public static final int DEFAULT_MAX_RUNNING_SERVERS = 20;
    public static final String DEFAULT_VPC_CIDR = "10.40.0.0/16";

    public Settings {
        if (maxRunningServers < 1) {
            throw new IllegalArgumentException("maxRunningServers must be at least 1, not " + maxRunningServers);
        }
    }

    /** The defaults, for {@code environment}'s region. */
    public static Settings defaults(Environment environment) {
        return from(new App(), environment);
    }

    public static Settings from(App app, Environment environment) {
        String region = environment.getRegion();
        List<String> zones = text(app, "availabilityZones")
                .map(value -> Arrays.stream(value.split(",")).map(String::strip).filter(z -> !z.isEmpty()).toList())
                .orElse(List.of(region + "a", region + "b"));
        return new Settings(
                new RecordingsLifecycle(
                        number(app, RecordingsLifecycle.INFREQUENT_ACCESS_CONTEXT_KEY,
                                RecordingsLifecycle.DEFAULT.infrequentAccessAfterDays(), "a number of days"),
                        number(app, RecordingsLifecycle.EXPIRE_CONTEXT_KEY,
                                RecordingsLifecycle.DEFAULT.expireAfterDays(), "a number of days")),
                number(app, "maxRunningServers", DEFAULT_MAX_RUNNING_SERVERS, "a number of servers"),
                new NetworkStack.Settings(text(app, "vpcCidr").orElse(DEFAULT_VPC_CIDR), zones),
                new GatewayStack.Settings(text(app, "gatewayImageTag").orElse("latest"),
                        number(app, "gatewayTasks", 1, "a number of tasks")),
                new OpsStack.Settings(text(app, "alarmEmail"), number(app, "monthlyBudgetUsd", 50, "a number of US dollars")));
    }

    static Optional<String> text(App app, String key) {
        return Optional.ofNullable(app.getNode().tryGetContext(key)).map(Object::toString).map(String::strip)
                .filter(value -> !value.isEmpty());
    }

    static int number(App app, String key, int fallback, String what) {
        Object value = app.getNode().tryGetContext(key);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Number number) {
            return number.intValue();
        }
        try {
            return Integer.parseInt(value.toString().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("context " + key + " must be " + what + ", not " + value, e);
        }
    }
}
