package dev.breakfix.aws.ec2;

import dev.breakfix.aws.IsoInstants;
import dev.breakfix.scenario.Scenario;
import dev.breakfix.server.ServerId;
import dev.breakfix.server.Servers;
import dev.breakfix.session.SessionId;
import dev.breakfix.workflow.NoServerCapacity;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
import software.amazon.awssdk.services.ec2.model.HttpTokensState;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceInterruptionBehavior;
import software.amazon.awssdk.services.ec2.model.InstanceMetadataEndpointState;
import software.amazon.awssdk.services.ec2.model.InstanceMetadataTagsState;
import software.amazon.awssdk.services.ec2.model.MarketType;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.RunInstancesRequest;
import software.amazon.awssdk.services.ec2.model.ShutdownBehavior;
import software.amazon.awssdk.services.ec2.model.SpotInstanceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

/**
 * Scenario servers as EC2 instances: one instance per session, launched from the scenario launch
 * template (IMDSv2 required, no instance profile, shutdown terminates) with the scenario's image, into
 * the isolated scenario subnets.
 *
 * <p><b>Markets and capacity.</b> The workflow launches in the spot market first and, when that throws
 * {@link NoServerCapacity}, again on-demand. Within one market a launch tries the sizes
 * {@link InstanceTypes#forLimits} gives, cheapest first, each in every subnet (so every Availability
 * Zone), starting from a subnet picked by the session id so sessions spread over the zones. A refusal
 * for lack of capacity in one pool ({@link #POOL_FULL}) moves to the next pool; a refusal for the whole
 * market ({@link #MARKET_FULL}, an account quota) stops at once. Any other error is a real failure and
 * is thrown as it is.
 *
 * <p><b>Idempotency.</b> Each RunInstances call carries a client token made of the session id and the
 * pool, so a retried launch (a Lambda retry after a timeout) gets the instance already launched back
 * instead of a second one.
 *
 * <p><b>Tags.</b> Instances and their volumes carry {@code breakfix:managed=true},
 * {@code breakfix:session}, {@code breakfix:scenario}, {@code breakfix:deadline} (ISO-8601) and a
 * {@code Name}; the reaper ({@link #listManaged()}) and IAM conditions rely on them.
 */
public final class Ec2Servers implements Servers {
    private static final Logger LOG = LoggerFactory.getLogger(Ec2Servers.class);

    public static final String TAG_MANAGED = "breakfix:managed";
    public static final String TAG_SESSION = "breakfix:session";
    public static final String TAG_SCENARIO = "breakfix:scenario";
    public static final String TAG_DEADLINE = "breakfix:deadline";

    /** Errors that mean one pool (an instance type in one zone, in one market) is full: try the next. */
    static final Set<String> POOL_FULL = Set.of(
            "InsufficientInstanceCapacity", "InsufficientCapacity", "InsufficientHostCapacity",
            "UnfulfillableCapacity", "SpotMaxPriceTooLow", "Unsupported");

    /** Errors that mean the whole market is closed to this account for now: stop trying it. */
    static final Set<String> MARKET_FULL = Set.of(
            "MaxSpotInstanceCountExceeded", "VcpuLimitExceeded", "InstanceLimitExceeded");

    private static final Set<String> NOT_FOUND = Set.of("InvalidInstanceID.NotFound");

    private static final List<String> LIVE_STATES = List.of("pending", "running", "stopping", "stopped");

    private final Ec2Client ec2;
    private final String launchTemplateId;
    private final String launchTemplateVersion;
    private final List<String> subnetIds;
    private final List<String> securityGroupIds;
    private final ScenarioImages images;

    private Ec2Servers(Builder builder) {
        this.launchTemplateId = require(builder.launchTemplateId, "launchTemplateId");
        this.launchTemplateVersion = require(builder.launchTemplateVersion, "launchTemplateVersion");
        this.subnetIds = List.copyOf(builder.subnetIds);
        this.securityGroupIds = List.copyOf(builder.securityGroupIds);
        this.images = Objects.requireNonNull(builder.images, "images");
        if (subnetIds.isEmpty() || securityGroupIds.isEmpty()) {
            throw new IllegalArgumentException("scenario servers need at least one subnet and one security group");
        }
        this.ec2 = builder.ec2 != null ? builder.ec2 : defaultClient();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A spot server, as {@link Servers#launch} promises; the workflow's fallback calls the market variant. */
    @Override
    public ServerId launch(SessionId session, Scenario scenario, String sshPublicKey, String hostPrivateKey,
            Instant deadline) {
        return launch(session, scenario, sshPublicKey, hostPrivateKey, deadline, Market.SPOT).id();
    }

    @Override
    public Launched launch(SessionId session, Scenario scenario, String sshPublicKey, String hostPrivateKey,
            Instant deadline, Market market) {
        String imageId = images.imageFor(scenario.id())
                .orElseThrow(() -> new IllegalStateException("no image was built for scenario " + scenario.id()));
        String userData = SessionUserData.encoded(scenario.loginUser(), scenario.hostname(), sshPublicKey,
                hostPrivateKey);
        List<String> types = InstanceTypes.forLimits(scenario.limits());
        List<String> subnets = rotated(subnetIds, session);
        List<String> refusals = new ArrayList<>();
        for (String type : types) {
            for (String subnet : subnets) {
                RunInstancesRequest request = request(session, scenario, deadline, market, imageId, userData, type,
                        subnet);
                try {
                    Instance instance = ec2.runInstances(request).instances().get(0);
                    LOG.info("server launched: session={}, server={}, market={}, type={}, subnet={}",
                            session, instance.instanceId(), market, type, subnet);
                    return new Launched(new ServerId(instance.instanceId()),
                            Optional.ofNullable(instance.privateIpAddress()), market);
                } catch (Ec2Exception e) {
                    String code = errorCode(e);
                    if (MARKET_FULL.contains(code)) {
                        LOG.warn("the {} market refused the server: session={}, error={}", market, session, code);
                        throw new NoServerCapacity("no " + market + " capacity: " + code);
                    }
                    if (!POOL_FULL.contains(code)) {
                        throw e;
                    }
                    LOG.warn("no capacity in one pool, trying the next: session={}, market={}, type={}, subnet={}, error={}",
                            session, market, type, subnet, code);
                    refusals.add(type + "@" + subnet + ":" + code);
                }
            }
        }
        throw new NoServerCapacity("no " + market + " capacity: " + String.join(", ", refusals));
    }

    @Override
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

    @Override
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
                        Optional.ofNullable(tags.get(TAG_DEADLINE)).flatMap(Ec2Servers::instant),
                        state.get(), instance.launchTime()));
            }
        });
        return servers;
    }

    private RunInstancesRequest request(SessionId session, Scenario scenario, Instant deadline, Market market,
            String imageId, String userData, String type, String subnet) {
        List<Tag> tags = List.of(
                tag("Name", "breakfix-" + session.value()),
                tag(TAG_MANAGED, "true"),
                tag(TAG_SESSION, session.value()),
                tag(TAG_SCENARIO, scenario.id()),
                tag(TAG_DEADLINE, IsoInstants.format(deadline)));
        RunInstancesRequest.Builder request = RunInstancesRequest.builder()
                .launchTemplate(t -> t.launchTemplateId(launchTemplateId).version(launchTemplateVersion))
                .imageId(imageId)
                .instanceType(type)
                .minCount(1)
                .maxCount(1)
                .subnetId(subnet)
                .securityGroupIds(securityGroupIds)
                .instanceInitiatedShutdownBehavior(ShutdownBehavior.TERMINATE)
                .metadataOptions(m -> m.httpTokens(HttpTokensState.REQUIRED)
                        .httpEndpoint(InstanceMetadataEndpointState.ENABLED)
                        .httpPutResponseHopLimit(1)
                        .instanceMetadataTags(InstanceMetadataTagsState.DISABLED))
                .tagSpecifications(
                        TagSpecification.builder().resourceType(ResourceType.INSTANCE).tags(tags).build(),
                        TagSpecification.builder().resourceType(ResourceType.VOLUME).tags(tags).build())
                .userData(userData)
                .clientToken(clientToken(session, market, type, subnet));
        if (market == Market.SPOT) {
            request.instanceMarketOptions(o -> o.marketType(MarketType.SPOT)
                    .spotOptions(s -> s.spotInstanceType(SpotInstanceType.ONE_TIME)
                            .instanceInterruptionBehavior(InstanceInterruptionBehavior.TERMINATE)));
        }
        return request.build();
    }

    /** Same session and pool, same token: at most one instance per session and pool, whatever retries. */
    static String clientToken(SessionId session, Market market, String type, String subnet) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((market + "/" + type + "/" + subnet).getBytes(StandardCharsets.UTF_8));
            return session.value() + "-" + HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The subnets starting at one picked by the session, so that sessions spread over the zones. */
    static List<String> rotated(List<String> subnets, SessionId session) {
        int start = Math.floorMod(session.value().hashCode(), subnets.size());
        List<String> order = new ArrayList<>(subnets.size());
        for (int i = 0; i < subnets.size(); i++) {
            order.add(subnets.get((start + i) % subnets.size()));
        }
        return order;
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

    private static Tag tag(String key, String value) {
        return Tag.builder().key(key).value(value).build();
    }

    private static String require(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is required");
        }
        return value;
    }

    private static Ec2Client defaultClient() {
        return Ec2Client.builder().httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }

    /** Configuration from the environment the CDK app sets; the client is built only if none is given. */
    public static final class Builder {
        private Ec2Client ec2;
        private String launchTemplateId;
        private String launchTemplateVersion = "$Default";
        private List<String> subnetIds = List.of();
        private List<String> securityGroupIds = List.of();
        private ScenarioImages images;

        private Builder() {}

        public Builder ec2Client(Ec2Client ec2) {
            this.ec2 = ec2;
            return this;
        }

        /** The scenario launch template and its version ({@code $Default}, {@code $Latest} or a number). */
        public Builder launchTemplate(String id, String version) {
            this.launchTemplateId = id;
            this.launchTemplateVersion = version;
            return this;
        }

        /** The isolated scenario subnets, one per Availability Zone. */
        public Builder subnetIds(List<String> subnetIds) {
            this.subnetIds = subnetIds;
            return this;
        }

        public Builder securityGroupIds(List<String> securityGroupIds) {
            this.securityGroupIds = securityGroupIds;
            return this;
        }

        public Builder images(ScenarioImages images) {
            this.images = images;
            return this;
        }

        public Ec2Servers build() {
            return new Ec2Servers(this);
        }
    }
}
