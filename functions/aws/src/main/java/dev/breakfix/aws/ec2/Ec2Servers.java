package dev.breakfix.aws.ec2;

import dev.breakfix.aws.IsoInstants;
import dev.breakfix.server.ServerId;
import dev.breakfix.server.Servers.ServerStatus;
import dev.breakfix.session.SessionId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scenario servers on EC2 as the reaper sees them: describe, terminate, and list every server
 * breakfix launched. Launching is not here: the session workflow calls RunInstances directly with a
 * request from {@link Ec2LaunchRequests}, so that no function carries an EC2 client but the reaper.
 *
 * <p>EC2 is called through its Query API ({@link Ec2QueryClient}), not the SDK's generated EC2 client: that
 * client is a 26 MB jar, nearly all of it EC2's service model, for two actions (docs/decisions/0020). No
 * retries: the reaper runs every 5 minutes, and a run that fails is retried by the next one.
 */
public final class Ec2Servers {
    private static final Logger LOG = LoggerFactory.getLogger(Ec2Servers.class);

    static final String TAG_MANAGED = Ec2LaunchRequests.TAG_MANAGED;
    static final String TAG_SESSION = Ec2LaunchRequests.TAG_SESSION;

    private static final Set<String> NOT_FOUND = Set.of("InvalidInstanceID.NotFound");

    private static final List<String> LIVE_STATES = List.of("pending", "running", "stopping", "stopped");

    private final Ec2QueryClient ec2;

    private Ec2Servers(Builder builder) {
        this.ec2 = builder.ec2 != null ? builder.ec2 : Ec2QueryClient.builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Where the server stands; empty if EC2 does not know it or it is terminated. */
    public Optional<ServerStatus> describe(ServerId server) {
        Ec2Element answer;
        try {
            answer = ec2.call("DescribeInstances", Map.of("InstanceId.1", server.value()));
        } catch (Ec2QueryException e) {
            if (notFound(e)) {
                return Optional.empty();
            }
            throw e;
        }
        return instances(answer)
                .filter(i -> i.text("instanceId").filter(server.value()::equals).isPresent())
                .findFirst()
                .flatMap(i -> state(i).map(s -> new ServerStatus(s, i.text("privateIpAddress"))));
    }

    /** Terminates the server; one that is already gone is not an error. */
    public void terminate(ServerId server) {
        try {
            ec2.call("TerminateInstances", Map.of("InstanceId.1", server.value()));
            LOG.info("server terminating: server={}", server);
        } catch (Ec2QueryException e) {
            if (!notFound(e)) {
                throw e;
            }
            LOG.info("server already gone: server={}", server);
        }
    }

    /** A server that breakfix launched and that is not terminated (or terminating) yet: what the reaper reads. */
    public record ManagedServer(ServerId id, Optional<SessionId> session, Optional<Instant> deadline,
            ServerStatus.State state, Instant launchedAt) {}

    /** Every server carrying {@code breakfix:managed=true} that is pending, running, stopping or stopped. */
    public List<ManagedServer> listManaged() {
        Map<String, String> filters = new LinkedHashMap<>();
        filter(filters, 1, "tag:" + TAG_MANAGED, List.of("true"));
        filter(filters, 2, "instance-state-name", LIVE_STATES);
        List<ManagedServer> servers = new ArrayList<>();
        Optional<String> nextToken = Optional.empty();
        do {
            // every page, as EC2 may end a page anywhere (even an empty one) and give a token for the rest
            Map<String, String> parameters = new LinkedHashMap<>(filters);
            nextToken.ifPresent(token -> parameters.put("NextToken", token));
            Ec2Element page = ec2.call("DescribeInstances", parameters);
            instances(page).forEach(instance -> managed(instance).ifPresent(servers::add));
            nextToken = page.text("nextToken");
        } while (nextToken.isPresent());
        return servers;
    }

    private static Optional<ManagedServer> managed(Ec2Element instance) {
        Optional<ServerStatus.State> state = state(instance);
        if (state.isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> tags = new LinkedHashMap<>();
        instance.items("tagSet").forEach(tag -> tags.putIfAbsent(tag.required("key"), tag.text("value").orElse("")));
        return Optional.of(new ManagedServer(new ServerId(instance.required("instanceId")),
                Optional.ofNullable(tags.get(TAG_SESSION)).filter(SessionId::isValid).map(SessionId::new),
                Optional.ofNullable(tags.get(Ec2LaunchRequests.TAG_DEADLINE)).flatMap(Ec2Servers::instant),
                state.get(), instance.requiredInstant("launchTime")));
    }

    /** The instances of a DescribeInstances answer, reservation by reservation. */
    private static Stream<Ec2Element> instances(Ec2Element answer) {
        return answer.items("reservationSet").stream().flatMap(reservation -> reservation.items("instancesSet").stream());
    }

    /** A Query API filter: {@code Filter.n.Name} and its {@code Filter.n.Value.m}. */
    private static void filter(Map<String, String> parameters, int n, String name, List<String> values) {
        parameters.put("Filter." + n + ".Name", name);
        for (int m = 1; m <= values.size(); m++) {
            parameters.put("Filter." + n + ".Value." + m, values.get(m - 1));
        }
    }

    private static Optional<ServerStatus.State> state(Ec2Element instance) {
        Optional<String> name = instance.child("instanceState").flatMap(state -> state.text("name"));
        if (name.isEmpty()) {
            return Optional.empty();
        }
        switch (name.get()) {
            case "pending":
                return Optional.of(ServerStatus.State.PENDING);
            case "running":
                return Optional.of(ServerStatus.State.RUNNING);
            case "stopping":
            case "shutting-down":
                return Optional.of(ServerStatus.State.STOPPING);
            case "stopped":
                return Optional.of(ServerStatus.State.STOPPED);
            default:
                // terminated: the server is gone
                return Optional.empty();
        }
    }

    private static Optional<Instant> instant(String text) {
        try {
            return Optional.of(IsoInstants.parse(text));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static boolean notFound(Ec2QueryException e) {
        return e.errorCode().filter(NOT_FOUND::contains).isPresent();
    }

    /** The EC2 client is built only if none is given (region and credentials from the environment). */
    public static final class Builder {
        private Ec2QueryClient ec2;

        private Builder() {}

        public Builder ec2Client(Ec2QueryClient ec2) {
            this.ec2 = ec2;
            return this;
        }

        public Ec2Servers build() {
            return new Ec2Servers(this);
        }
    }
}
