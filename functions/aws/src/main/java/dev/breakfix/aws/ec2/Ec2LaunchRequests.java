package dev.breakfix.aws.ec2;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.breakfix.aws.IsoInstants;
import dev.breakfix.scenario.Scenario;
import dev.breakfix.session.SessionId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * The RunInstances request for one launch attempt, in the shape Step Functions' {@code aws-sdk:ec2}
 * integration takes. The workflow calls EC2 directly with it, so no function carries the EC2 SDK
 * (whose model alone is 30 MB); a small task prepares the request, the state machine sends it and
 * walks the pools when one has no capacity.
 *
 * <p>A pool is an instance type in one subnet (one Availability Zone): the smallest type that fits
 * the scenario first, in every zone starting from one picked by the session, then the next size.
 * The client token is the same for the same session and pool, so a retried call never launches a
 * second server. Tags carry the session, the scenario and the deadline: the reaper and the IAM
 * conditions rely on them.
 */
public final class Ec2LaunchRequests {
    public static final String TAG_MANAGED = "breakfix:managed";
    public static final String TAG_SESSION = "breakfix:session";
    public static final String TAG_SCENARIO = "breakfix:scenario";
    public static final String TAG_DEADLINE = "breakfix:deadline";

    private static final ObjectMapper JSON = new ObjectMapper();

    private Ec2LaunchRequests() {}

    /** Spot first; on-demand when spot has no capacity anywhere. */
    public enum Market {
        SPOT("spot"), ON_DEMAND("on-demand");

        private final String wireName;

        Market(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }

        public static Market fromWireName(String name) {
            for (Market market : values()) {
                if (market.wireName.equals(name)) {
                    return market;
                }
            }
            throw new IllegalArgumentException("unknown market: " + name);
        }
    }

    /**
     * Where scenario servers go, from the environment the CDK app sets.
     *
     * @param launchTemplateVersion {@code $Default}, {@code $Latest} or a number
     */
    public record Settings(String launchTemplateId, String launchTemplateVersion, List<String> subnetIds,
            List<String> securityGroupIds, ScenarioImages images) {
        public Settings {
            Objects.requireNonNull(launchTemplateId, "launchTemplateId");
            Objects.requireNonNull(images, "images");
            subnetIds = List.copyOf(subnetIds);
            securityGroupIds = List.copyOf(securityGroupIds);
            if (subnetIds.isEmpty() || securityGroupIds.isEmpty()) {
                throw new IllegalArgumentException("scenario servers need at least one subnet and one security group");
            }
        }
    }

    /** An instance type in one subnet. */
    public record Pool(String instanceType, String subnetId) {}

    /** Every pool to try for this session, in order. */
    public static List<Pool> pools(Settings settings, SessionId session, Scenario scenario) {
        List<Pool> pools = new ArrayList<>();
        List<String> subnets = rotated(settings.subnetIds(), session);
        for (String type : InstanceTypes.forLimits(scenario.limits())) {
            for (String subnet : subnets) {
                pools.add(new Pool(type, subnet));
            }
        }
        return pools;
    }

    /**
     * The request for one pool.
     *
     * @param userData base64 user data that installs the session's keys ({@link SessionUserData})
     */
    public static ObjectNode runInstances(Settings settings, SessionId session, Scenario scenario, Instant deadline,
            Market market, Pool pool, String userData) {
        String imageId = settings.images().imageFor(scenario.id())
                .orElseThrow(() -> new IllegalStateException("no image was built for scenario " + scenario.id()));
        ObjectNode request = JSON.createObjectNode();
        request.putObject("LaunchTemplate")
                .put("LaunchTemplateId", settings.launchTemplateId())
                .put("Version", settings.launchTemplateVersion());
        request.put("ImageId", imageId)
                .put("InstanceType", pool.instanceType())
                .put("MinCount", 1)
                .put("MaxCount", 1)
                .put("SubnetId", pool.subnetId());
        settings.securityGroupIds().forEach(request.putArray("SecurityGroupIds")::add);
        request.put("InstanceInitiatedShutdownBehavior", "terminate");
        request.putObject("MetadataOptions")
                .put("HttpTokens", "required")
                .put("HttpEndpoint", "enabled")
                .put("HttpPutResponseHopLimit", 1)
                .put("InstanceMetadataTags", "disabled");
        ArrayNode specifications = request.putArray("TagSpecifications");
        for (String resource : List.of("instance", "volume")) {
            ObjectNode specification = specifications.addObject().put("ResourceType", resource);
            ArrayNode tags = specification.putArray("Tags");
            tag(tags, "Name", "breakfix-" + session.value());
            tag(tags, TAG_MANAGED, "true");
            tag(tags, TAG_SESSION, session.value());
            tag(tags, TAG_SCENARIO, scenario.id());
            tag(tags, TAG_DEADLINE, IsoInstants.format(deadline));
        }
        request.put("UserData", userData);
        request.put("ClientToken", clientToken(session, market, pool));
        if (market == Market.SPOT) {
            request.putObject("InstanceMarketOptions")
                    .put("MarketType", "spot")
                    .putObject("SpotOptions")
                    .put("SpotInstanceType", "one-time")
                    .put("InstanceInterruptionBehavior", "terminate");
        }
        return request;
    }

    /** Same session, market and pool: same token, so EC2 answers a retry with the instance it already made. */
    static String clientToken(SessionId session, Market market, Pool pool) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(
                    (market.wireName() + "/" + pool.instanceType() + "/" + pool.subnetId()).getBytes(StandardCharsets.UTF_8));
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

    private static void tag(ArrayNode tags, String key, String value) {
        tags.addObject().put("Key", key).put("Value", value);
    }
}
