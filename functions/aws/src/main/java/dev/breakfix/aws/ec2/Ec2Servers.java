package dev.breakfix.aws.ec2;

import dev.breakfix.aws.IsoInstants;
import dev.breakfix.server.ServerId;
import dev.breakfix.server.Servers.ServerStatus;
import dev.breakfix.session.SessionId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesRequest;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.Tag;

/**
 * The scenario servers on EC2 as the reaper sees them: describe, terminate, and list every server
 * breakfix launched. Launching is not here: the session workflow calls RunInstances directly with a
 * request from {@link Ec2LaunchRequests}, so that no function carries the EC2 SDK but this one.
 */
public final class Ec2Servers {
    private static final Logger LOG = LoggerFactory.getLogger(Ec2Servers.class);

    static final String TAG_MANAGED = Ec2LaunchRequests.TAG_MANAGED;
    static final String TAG_SESSION = Ec2LaunchRequests.TAG_SESSION;

    private static final Set<String> NOT_FOUND = Set.of("InvalidInstanceID.NotFound");

    private static final List<String> LIVE_STATES = List.of("pending", "running", "stopping", "stopped");

    private final Ec2Client ec2;

    private Ec2Servers(Builder builder) {
        this.ec2 = builder.ec2 != null ? builder.ec2 : defaultClient();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Where the server stands; empty if EC2 does not know it or it is terminated. */
    public Optional<ServerStatus> describe(ServerId server) {
        try {
            return ec2.describeInstances(b -> b.instanceIds(server.value())).reservations().stream()
                    .flatMap(r -> r.instances().stream())
                    .filter(i -> server.value().equals(i.instanceId()))
                    .findFirst()
                    .flatMap(i -> state(i).map(s -> new ServerStatus(s, Optional.ofNullable(i.privateIpAddress()))));
        } catch (Ec2Exception e) {
            if (NOT_FOUND.contains(errorCode(e))) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Terminates the server; one that is already gone is not an error. */
    public void terminate(ServerId server) {
        try {
            ec2.terminateInstances(b -> b.instanceIds(server.value()));
            LOG.info("server terminating: server={}", server);
        } catch (Ec2Exception e) {
            if (!NOT_FOUND.contains(errorCode(e))) {
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
        DescribeInstancesRequest request = DescribeInstancesRequest.builder()
                .filters(Filter.builder().name("tag:" + TAG_MANAGED).values("true").build(),
                        Filter.builder().name("instance-state-name").values(LIVE_STATES).build())
                .build();
        List<ManagedServer> servers = new ArrayList<>();
        ec2.describeInstancesPaginator(request).reservations().forEach(reservation -> {
            for (Instance instance : reservation.instances()) {
                Optional<ServerStatus.State> state = state(instance);
                if (state.isEmpty()) {
                    continue;
                }
                Map<String, String> tags = instance.tags().stream()
                        .collect(Collectors.toMap(Tag::key, Tag::value, (a, b) -> a));
                servers.add(new ManagedServer(new ServerId(instance.instanceId()),
                        Optional.ofNullable(tags.get(TAG_SESSION)).filter(SessionId::isValid).map(SessionId::new),
                        Optional.ofNullable(tags.get(Ec2LaunchRequests.TAG_DEADLINE)).flatMap(Ec2Servers::instant),
                        state.get(), instance.launchTime()));
            }
        });
        return servers;
    }

    private static Optional<ServerStatus.State> state(Instance instance) {
        if (instance.state() == null || instance.state().nameAsString() == null) {
            return Optional.empty();
        }
        switch (instance.state().nameAsString()) {
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

    private static String errorCode(Ec2Exception e) {
        return e.awsErrorDetails() == null || e.awsErrorDetails().errorCode() == null
                ? ""
                : e.awsErrorDetails().errorCode();
    }

    private static Ec2Client defaultClient() {
        return Ec2Client.builder().httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }

    /** Configuration from the environment the CDK app sets; the client is built only if none is given. */
    /** The client is built only if none is given. */
    public static final class Builder {
        private Ec2Client ec2;

        private Builder() {}

        public Builder ec2Client(Ec2Client ec2) {
            this.ec2 = ec2;
            return this;
        }

        public Ec2Servers build() {
            return new Ec2Servers(this);
        }
    }
}
