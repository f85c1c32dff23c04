package dev.breakfix.aws.ec2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.breakfix.aws.ec2.Ec2LaunchRequests.Market;
import dev.breakfix.aws.ec2.Ec2LaunchRequests.Pool;
import dev.breakfix.aws.ec2.Ec2LaunchRequests.Settings;
import dev.breakfix.scenario.Difficulty;
import dev.breakfix.scenario.Scenario;
import dev.breakfix.scenario.ServerLimits;
import dev.breakfix.session.SessionId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The RunInstances request the workflow sends to EC2 directly, in Step Functions' aws-sdk shape. */
class Ec2LaunchRequestsTest {
    private static final SessionId SESSION = new SessionId("s-0123456789abcdefghjk");
    private static final Instant DEADLINE = Instant.parse("2026-11-28T10:50:00Z");
    private static final Scenario NGINX = new Scenario("nginx-wont-start", "Nginx will not start", "summary",
            Difficulty.EASY, 15, 15, List.of("nginx"), "web-01", "admin", true, List.of("nginx"),
            ServerLimits.DEFAULT, true, List.of(), "description");
    private static final Settings SETTINGS = new Settings("lt-0123456789abcdef0", "3",
            List.of("subnet-0aaaaaaaaaaaaaaaa", "subnet-0bbbbbbbbbbbbbbbb"), List.of("sg-0123456789abcdef0"),
            ScenarioImages.of(Map.of("nginx-wont-start", "ami-0a1b2c3d4e5f60718")));
    private static final Pool FIRST = Ec2LaunchRequests.pools(SETTINGS, SESSION, NGINX).get(0);

    private static JsonNode request(Market market, Pool pool) {
        return Ec2LaunchRequests.runInstances(SETTINGS, SESSION, NGINX, DEADLINE, market, pool, "dXNlci1kYXRh");
    }

    @Test
    void runInstances_shouldLaunchOneServerFromTheTemplateAndTheScenarioImage() {
        JsonNode request = request(Market.SPOT, FIRST);

        assertThat(request.at("/LaunchTemplate/LaunchTemplateId").asText()).isEqualTo("lt-0123456789abcdef0");
        assertThat(request.at("/LaunchTemplate/Version").asText()).isEqualTo("3");
        assertThat(request.get("ImageId").asText()).isEqualTo("ami-0a1b2c3d4e5f60718");
        assertThat(request.get("InstanceType").asText()).isEqualTo(FIRST.instanceType());
        assertThat(request.get("SubnetId").asText()).isEqualTo(FIRST.subnetId());
        assertThat(request.get("MinCount").asInt()).isEqualTo(1);
        assertThat(request.get("MaxCount").asInt()).isEqualTo(1);
        assertThat(request.get("SecurityGroupIds")).extracting(JsonNode::asText).containsExactly("sg-0123456789abcdef0");
        assertThat(request.get("InstanceInitiatedShutdownBehavior").asText()).isEqualTo("terminate");
        assertThat(request.get("UserData").asText()).isEqualTo("dXNlci1kYXRh");
        assertThat(request.has("IamInstanceProfile")).as("scenario servers have no AWS credentials").isFalse();
        assertThat(request.has("KeyName")).isFalse();
    }

    @Test
    void runInstances_shouldRequireImdsV2WithHopLimitOne() {
        JsonNode metadata = request(Market.SPOT, FIRST).get("MetadataOptions");

        assertThat(metadata.get("HttpTokens").asText()).isEqualTo("required");
        assertThat(metadata.get("HttpPutResponseHopLimit").asInt()).isEqualTo(1);
        assertThat(metadata.get("InstanceMetadataTags").asText()).isEqualTo("disabled");
    }

    @Test
    void runInstances_shouldTagTheInstanceAndItsVolumeWithSessionScenarioAndDeadline() {
        JsonNode specifications = request(Market.SPOT, FIRST).get("TagSpecifications");

        assertThat(specifications).extracting(s -> s.get("ResourceType").asText()).containsExactly("instance", "volume");
        for (JsonNode specification : specifications) {
            Map<String, String> tags = new java.util.HashMap<>();
            specification.get("Tags").forEach(t -> tags.put(t.get("Key").asText(), t.get("Value").asText()));
            assertThat(tags).containsEntry("breakfix:managed", "true")
                    .containsEntry("breakfix:session", SESSION.value())
                    .containsEntry("breakfix:scenario", "nginx-wont-start")
                    .containsEntry("breakfix:deadline", "2026-11-28T10:50:00.000Z")
                    .containsEntry("Name", "breakfix-" + SESSION.value());
        }
    }

    @Test
    void runInstances_shouldAskForOneTimeSpotThatTerminates_whenSpot_andNoMarketOptions_whenOnDemand() {
        JsonNode spot = request(Market.SPOT, FIRST).get("InstanceMarketOptions");

        assertThat(spot.get("MarketType").asText()).isEqualTo("spot");
        assertThat(spot.at("/SpotOptions/SpotInstanceType").asText()).isEqualTo("one-time");
        assertThat(spot.at("/SpotOptions/InstanceInterruptionBehavior").asText()).isEqualTo("terminate");
        assertThat(request(Market.ON_DEMAND, FIRST).has("InstanceMarketOptions")).isFalse();
    }

    @Test
    void clientToken_shouldBeTheSameForTheSamePool_andDifferPerPoolAndMarket() {
        List<Pool> pools = Ec2LaunchRequests.pools(SETTINGS, SESSION, NGINX);
        String token = request(Market.SPOT, pools.get(0)).get("ClientToken").asText();

        assertThat(request(Market.SPOT, pools.get(0)).get("ClientToken").asText()).isEqualTo(token);
        assertThat(request(Market.SPOT, pools.get(1)).get("ClientToken").asText()).isNotEqualTo(token);
        assertThat(request(Market.ON_DEMAND, pools.get(0)).get("ClientToken").asText()).isNotEqualTo(token);
        assertThat(token).startsWith(SESSION.value()).hasSizeLessThanOrEqualTo(64);
    }

    @Test
    void pools_shouldTryEveryZoneForTheSmallestFittingType_beforeTheNextSize() {
        List<Pool> pools = Ec2LaunchRequests.pools(SETTINGS, SESSION, NGINX);

        List<String> types = InstanceTypes.forLimits(NGINX.limits());
        assertThat(pools).hasSize(types.size() * 2);
        List<String> order = new ArrayList<>();
        pools.forEach(p -> order.add(p.instanceType()));
        assertThat(order.subList(0, 2)).containsOnly(types.get(0));
        assertThat(order.subList(2, 4)).containsOnly(types.get(1));
        assertThat(pools.subList(0, 2)).extracting(Pool::subnetId).containsExactlyInAnyOrderElementsOf(SETTINGS.subnetIds());
    }

    @Test
    void runInstances_shouldRefuse_whenTheScenarioHasNoImageYet() {
        Settings noImages = new Settings("lt-1", "$Default", List.of("subnet-1"), List.of("sg-1"), ScenarioImages.of(Map.of()));

        assertThatThrownBy(() -> Ec2LaunchRequests.runInstances(noImages, SESSION, NGINX, DEADLINE, Market.SPOT, FIRST, "x"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no image was built for scenario nginx-wont-start");
    }

    @Test
    void settings_shouldRefuse_withoutSubnetsOrSecurityGroups() {
        assertThatThrownBy(() -> new Settings("lt-1", "$Default", List.of(), List.of("sg-1"), ScenarioImages.of(Map.of())))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
