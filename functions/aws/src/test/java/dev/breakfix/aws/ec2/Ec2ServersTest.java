package dev.breakfix.aws.ec2;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.notContaining;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.breakfix.aws.RecordedAws.form;
import static dev.breakfix.aws.RecordedAws.recorded;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.breakfix.aws.RecordedAws;
import dev.breakfix.aws.TestKeys;
import dev.breakfix.scenario.Difficulty;
import dev.breakfix.scenario.Scenario;
import dev.breakfix.scenario.ServerLimits;
import dev.breakfix.server.ServerId;
import dev.breakfix.server.Servers.Launched;
import dev.breakfix.server.Servers.Market;
import dev.breakfix.server.Servers.ServerStatus;
import dev.breakfix.session.SessionId;
import dev.breakfix.workflow.NoServerCapacity;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;

/**
 * Ec2Servers against recorded EC2 Query API answers: what it sends (decoded form parameters) and how
 * it reads answers and errors. See src/test/README.md for what this proves and what it does not.
 */
class Ec2ServersTest {
    @RegisterExtension
    static final WireMockExtension EC2 = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private static final SessionId SESSION = new SessionId("s-0123456789abcdefghjk");
    private static final Instant DEADLINE = Instant.parse("2026-11-28T10:50:00Z");
    private static final List<String> SUBNETS = List.of("subnet-0aaaaaaaaaaaaaaaa", "subnet-0bbbbbbbbbbbbbbbb");
    private static final Scenario NGINX = new Scenario("nginx-wont-start", "Nginx will not start", "summary",
            Difficulty.EASY, 15, 15, List.of("nginx"), "web-01", "admin", true, List.of("nginx"),
            ServerLimits.DEFAULT, true, List.of(), "description");

    private final Ec2Servers servers = Ec2Servers.builder()
            .ec2Client(RecordedAws.ec2(EC2.baseUrl()))
            .launchTemplate("lt-0123456789abcdef0", "3")
            .subnetIds(SUBNETS)
            .securityGroupIds(List.of("sg-0123456789abcdef0"))
            .images(ScenarioImages.of(Map.of("nginx-wont-start", "ami-0a1b2c3d4e5f60718")))
            .build();

    @Test
    void launch_shouldRunOneSpotInstanceFromTheTemplateAndImage_whenSpotHasCapacity() {
        // given
        answer("RunInstances", 200, "ec2/run-instances.xml");

        // when
        Launched launched = servers.launch(SESSION, NGINX, TestKeys.SESSION_PUBLIC_KEY, TestKeys.HOST_PRIVATE_KEY,
                DEADLINE, Market.SPOT);

        // then
        assertThat(launched).isEqualTo(new Launched(new ServerId("i-0598c7d356eba48d7"), Optional.of("10.20.1.37"),
                Market.SPOT));
        Map<String, String> sent = only("RunInstances");
        assertThat(sent).containsEntry("LaunchTemplate.LaunchTemplateId", "lt-0123456789abcdef0")
                .containsEntry("LaunchTemplate.Version", "3")
                .containsEntry("ImageId", "ami-0a1b2c3d4e5f60718")
                .containsEntry("InstanceType", "t4g.nano")
                .containsEntry("MinCount", "1")
                .containsEntry("MaxCount", "1")
                .containsEntry("SubnetId", Ec2Servers.rotated(SUBNETS, SESSION).get(0))
                .containsEntry("SecurityGroupId.1", "sg-0123456789abcdef0")
                .containsEntry("InstanceInitiatedShutdownBehavior", "terminate")
                .containsEntry("InstanceMarketOptions.MarketType", "spot")
                .containsEntry("InstanceMarketOptions.SpotOptions.SpotInstanceType", "one-time")
                .containsEntry("InstanceMarketOptions.SpotOptions.InstanceInterruptionBehavior", "terminate")
                .containsEntry("MetadataOptions.HttpTokens", "required")
                .containsEntry("MetadataOptions.HttpEndpoint", "enabled")
                .containsEntry("MetadataOptions.HttpPutResponseHopLimit", "1")
                .containsEntry("MetadataOptions.InstanceMetadataTags", "disabled")
                .containsEntry("ClientToken", Ec2Servers.clientToken(SESSION, Market.SPOT, "t4g.nano",
                        Ec2Servers.rotated(SUBNETS, SESSION).get(0)))
                .doesNotContainKey("IamInstanceProfile.Arn")
                .doesNotContainKey("IamInstanceProfile.Name")
                .doesNotContainKey("KeyName");
        assertThat(sent.get("ClientToken")).hasSizeLessThanOrEqualTo(64);
    }

    @Test
    void launch_shouldTagTheInstanceAndItsVolume_whenLaunching() {
        // given
        answer("RunInstances", 200, "ec2/run-instances.xml");

        // when
        servers.launch(SESSION, NGINX, TestKeys.SESSION_PUBLIC_KEY, TestKeys.HOST_PRIVATE_KEY, DEADLINE, Market.SPOT);

        // then
        Map<String, String> sent = only("RunInstances");
        assertThat(sent).containsEntry("TagSpecification.1.ResourceType", "instance")
                .containsEntry("TagSpecification.2.ResourceType", "volume");
        for (int spec = 1; spec <= 2; spec++) {
            assertThat(tags(sent, spec)).containsExactlyInAnyOrderEntriesOf(Map.of(
                    "Name", "breakfix-s-0123456789abcdefghjk",
                    "breakfix:managed", "true",
                    "breakfix:session", "s-0123456789abcdefghjk",
                    "breakfix:scenario", "nginx-wont-start",
                    "breakfix:deadline", "2026-11-28T10:50:00.000Z"));
        }
    }

    @Test
    void launch_shouldSendUserDataWithTheSessionKeysOnly_whenLaunching() {
        // given
        answer("RunInstances", 200, "ec2/run-instances.xml");

        // when
        servers.launch(SESSION, NGINX, TestKeys.SESSION_PUBLIC_KEY, TestKeys.HOST_PRIVATE_KEY, DEADLINE, Market.SPOT);

        // then
        String script = new String(Base64.getDecoder().decode(only("RunInstances").get("UserData")),
                StandardCharsets.UTF_8);
        assertThat(script).startsWith("#!/bin/sh\n")
                .contains(TestKeys.HOST_PRIVATE_KEY.strip())
                .contains("'" + TestKeys.SESSION_PUBLIC_KEY + "' > /etc/ssh/authorized_keys.d/admin")
                .contains("'" + TestKeys.SESSION_PUBLIC_KEY + "' > /etc/ssh/authorized_keys.d/root")
                .contains("systemctl restart ssh.service");
        assertThat(script.split("PRIVATE KEY-----", -1)).as("one private key, begin and end").hasSize(3);
        assertThat(script.getBytes(StandardCharsets.UTF_8)).hasSizeLessThan(SessionUserData.MAX_BYTES);
    }

    @Test
    void launch_shouldLeaveOutMarketOptions_whenOnDemand() {
        // given
        answer("RunInstances", 200, "ec2/run-instances.xml");

        // when
        Launched launched = servers.launch(SESSION, NGINX, TestKeys.SESSION_PUBLIC_KEY, TestKeys.HOST_PRIVATE_KEY,
                DEADLINE, Market.ON_DEMAND);

        // then
        assertThat(launched.market()).isEqualTo(Market.ON_DEMAND);
        assertThat(only("RunInstances")).doesNotContainKey("InstanceMarketOptions.MarketType")
                .containsEntry("MetadataOptions.HttpTokens", "required")
                .containsEntry("InstanceInitiatedShutdownBehavior", "terminate");
    }

    @Test
    void launch_shouldLaunchSpot_whenCalledThroughThePortWithoutAMarket() {
        // given
        answer("RunInstances", 200, "ec2/run-instances.xml");

        // when
        ServerId id = servers.launch(SESSION, NGINX, TestKeys.SESSION_PUBLIC_KEY, TestKeys.HOST_PRIVATE_KEY, DEADLINE);

        // then
        assertThat(id).isEqualTo(new ServerId("i-0598c7d356eba48d7"));
        assertThat(only("RunInstances")).containsEntry("InstanceMarketOptions.MarketType", "spot");
    }

    @Test
    void launch_shouldTryEveryZoneThenTheNextSize_whenAPoolHasNoCapacity() {
        // given: no t4g.nano anywhere, t4g.micro in the first zone tried
        EC2.stubFor(post(urlEqualTo("/")).withFormParam("Action", equalTo("RunInstances"))
                .withFormParam("InstanceType", equalTo("t4g.nano"))
                .willReturn(aResponse().withStatus(500).withBody(recorded("ec2/insufficient-instance-capacity.xml"))));
        EC2.stubFor(post(urlEqualTo("/")).withFormParam("Action", equalTo("RunInstances"))
                .withFormParam("InstanceType", equalTo("t4g.micro"))
                .willReturn(aResponse().withStatus(200).withBody(recorded("ec2/run-instances.xml"))));

        // when
        Launched launched = servers.launch(SESSION, NGINX, TestKeys.SESSION_PUBLIC_KEY, TestKeys.HOST_PRIVATE_KEY,
                DEADLINE, Market.SPOT);

        // then
        assertThat(launched.id()).isEqualTo(new ServerId("i-0598c7d356eba48d7"));
        List<String> zones = Ec2Servers.rotated(SUBNETS, SESSION);
        assertThat(sent("RunInstances")).extracting(p -> p.get("InstanceType") + "@" + p.get("SubnetId"))
                .containsExactly("t4g.nano@" + zones.get(0), "t4g.nano@" + zones.get(1), "t4g.micro@" + zones.get(0));
    }

    @Test
    void launch_shouldThrowNoServerCapacity_whenEveryPoolIsFull() {
        // given
        answer("RunInstances", 500, "ec2/insufficient-instance-capacity.xml");

        // when / then
        assertThatThrownBy(() -> servers.launch(SESSION, NGINX, TestKeys.SESSION_PUBLIC_KEY,
                TestKeys.HOST_PRIVATE_KEY, DEADLINE, Market.SPOT))
                .isInstanceOf(NoServerCapacity.class)
                .hasMessageContaining("InsufficientInstanceCapacity");
        assertThat(sent("RunInstances")).extracting(p -> p.get("InstanceType"))
                .containsExactly("t4g.nano", "t4g.nano", "t4g.micro", "t4g.micro", "t4g.small", "t4g.small");
    }

    @Test
    void launch_shouldTryTheNextPool_whenTheSpotPriceIsTooLow() {
        // given
        EC2.stubFor(post(urlEqualTo("/")).withFormParam("Action", equalTo("RunInstances"))
                .withFormParam("InstanceType", equalTo("t4g.nano"))
                .willReturn(aResponse().withStatus(400).withBody(recorded("ec2/spot-max-price-too-low.xml"))));
        EC2.stubFor(post(urlEqualTo("/")).withFormParam("Action", equalTo("RunInstances"))
                .withFormParam("InstanceType", equalTo("t4g.micro"))
                .willReturn(aResponse().withStatus(200).withBody(recorded("ec2/run-instances.xml"))));

        // when
        Launched launched = servers.launch(SESSION, NGINX, TestKeys.SESSION_PUBLIC_KEY, TestKeys.HOST_PRIVATE_KEY,
                DEADLINE, Market.SPOT);

        // then
        assertThat(launched.id().value()).isEqualTo("i-0598c7d356eba48d7");
    }

    @Test
    void launch_shouldStopAtOnceWithNoServerCapacity_whenTheSpotQuotaIsReached() {
        // given
        answer("RunInstances", 400, "ec2/max-spot-instance-count-exceeded.xml");

        // when / then
        assertThatThrownBy(() -> servers.launch(SESSION, NGINX, TestKeys.SESSION_PUBLIC_KEY,
                TestKeys.HOST_PRIVATE_KEY, DEADLINE, Market.SPOT))
                .isInstanceOf(NoServerCapacity.class)
                .hasMessageContaining("MaxSpotInstanceCountExceeded");
        assertThat(sent("RunInstances")).hasSize(1);
    }

    @Test
    void launch_shouldThrowTheEc2Error_whenItIsNotAboutCapacity() {
        // given
        answer("RunInstances", 403, "ec2/unauthorized-operation.xml");

        // when / then
        assertThatThrownBy(() -> servers.launch(SESSION, NGINX, TestKeys.SESSION_PUBLIC_KEY,
                TestKeys.HOST_PRIVATE_KEY, DEADLINE, Market.SPOT))
                .isInstanceOfSatisfying(Ec2Exception.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("UnauthorizedOperation"));
        assertThat(sent("RunInstances")).hasSize(1);
    }

    @Test
    void launch_shouldRefuseBeforeCallingEc2_whenTheScenarioHasNoImage() {
        // given
        Scenario unknown = new Scenario("no-image-yet", "t", "s", Difficulty.EASY, 15, 15, List.of(), "box",
                "admin", true, List.of(), ServerLimits.DEFAULT, false, List.of(), "d");

        // when / then
        assertThatThrownBy(() -> servers.launch(SESSION, unknown, TestKeys.SESSION_PUBLIC_KEY,
                TestKeys.HOST_PRIVATE_KEY, DEADLINE, Market.SPOT))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no-image-yet");
        assertThat(EC2.getAllServeEvents()).isEmpty();
    }

    @Test
    void describe_shouldGiveTheStateAndPrivateAddress_whenTheInstanceRuns() {
        // given
        answer("DescribeInstances", 200, "ec2/describe-instances-running.xml");

        // when
        Optional<ServerStatus> status = servers.describe(new ServerId("i-0598c7d356eba48d7"));

        // then
        assertThat(status).contains(new ServerStatus(ServerStatus.State.RUNNING, Optional.of("10.20.1.37")));
        assertThat(only("DescribeInstances")).containsEntry("InstanceId.1", "i-0598c7d356eba48d7");
    }

    @Test
    void describe_shouldBeEmpty_whenTheInstanceIsTerminated() {
        // given
        answer("DescribeInstances", 200, "ec2/describe-instances-terminated.xml");

        // when / then
        assertThat(servers.describe(new ServerId("i-0598c7d356eba48d7"))).isEmpty();
    }

    @Test
    void describe_shouldBeEmpty_whenEc2DoesNotKnowTheInstance() {
        // given
        answer("DescribeInstances", 400, "ec2/invalid-instance-id-not-found.xml");

        // when / then
        assertThat(servers.describe(new ServerId("i-0598c7d356eba48d7"))).isEmpty();
    }

    @Test
    void terminate_shouldAskEc2ToTerminateTheInstance_whenItExists() {
        // given
        answer("TerminateInstances", 200, "ec2/terminate-instances.xml");

        // when
        servers.terminate(new ServerId("i-0598c7d356eba48d7"));

        // then
        assertThat(only("TerminateInstances")).containsEntry("InstanceId.1", "i-0598c7d356eba48d7");
    }

    @Test
    void terminate_shouldSucceed_whenTheInstanceIsAlreadyGone() {
        // given
        answer("TerminateInstances", 400, "ec2/invalid-instance-id-not-found.xml");

        // when / then: no exception
        servers.terminate(new ServerId("i-0598c7d356eba48d7"));
        assertThat(sent("TerminateInstances")).hasSize(1);
    }

    @Test
    void terminate_shouldThrow_whenEc2RefusesForAnotherReason() {
        // given
        answer("TerminateInstances", 403, "ec2/unauthorized-operation.xml");

        // when / then
        assertThatThrownBy(() -> servers.terminate(new ServerId("i-0598c7d356eba48d7")))
                .isInstanceOf(Ec2Exception.class);
    }

    @Test
    void listManaged_shouldReadEveryPageWithTagsAndDeadlines_whenServersAreLive() {
        // given: two pages
        EC2.stubFor(post(urlEqualTo("/")).withFormParam("Action", equalTo("DescribeInstances"))
                .withRequestBody(notContaining("NextToken"))
                .willReturn(aResponse().withStatus(200).withBody(recorded("ec2/describe-instances-managed-page-1.xml"))));
        EC2.stubFor(post(urlEqualTo("/")).withFormParam("Action", equalTo("DescribeInstances"))
                .withRequestBody(containing("NextToken"))
                .willReturn(aResponse().withStatus(200).withBody(recorded("ec2/describe-instances-managed-page-2.xml"))));

        // when
        List<Ec2Servers.ManagedServer> managed = servers.listManaged();

        // then
        assertThat(managed).containsExactly(
                new Ec2Servers.ManagedServer(new ServerId("i-0aaaaaaaaaaaaaaa1"),
                        Optional.of(new SessionId("s-0123456789abcdefghjk")),
                        Optional.of(Instant.parse("2026-11-28T09:50:00Z")), ServerStatus.State.RUNNING,
                        Instant.parse("2026-11-28T09:00:05Z")),
                new Ec2Servers.ManagedServer(new ServerId("i-0bbbbbbbbbbbbbbb2"), Optional.empty(), Optional.empty(),
                        ServerStatus.State.PENDING, Instant.parse("2026-11-28T10:10:00Z")));
        List<Map<String, String>> requests = sent("DescribeInstances");
        assertThat(requests).hasSize(2);
        assertThat(requests.get(0)).containsEntry("Filter.1.Name", "tag:breakfix:managed")
                .containsEntry("Filter.1.Value.1", "true")
                .containsEntry("Filter.2.Name", "instance-state-name")
                .containsEntry("Filter.2.Value.1", "pending")
                .containsEntry("Filter.2.Value.2", "running")
                .containsEntry("Filter.2.Value.3", "stopping")
                .containsEntry("Filter.2.Value.4", "stopped")
                .doesNotContainKey("Filter.2.Value.5");
        assertThat(requests.get(1)).containsEntry("NextToken", "eyJ2IjoiMiIsImMiOiJwYWdlLTIifQ==");
    }

    private static void answer(String action, int status, String body) {
        EC2.stubFor(post(urlEqualTo("/")).withFormParam("Action", equalTo(action))
                .willReturn(aResponse().withStatus(status).withHeader("Content-Type", "text/xml;charset=UTF-8")
                        .withBody(recorded(body))));
    }

    /** The decoded parameters of every request with this action, in the order sent. */
    private static List<Map<String, String>> sent(String action) {
        return EC2.findAll(postRequestedFor(urlEqualTo("/"))).stream()
                .map(RecordedAws::form)
                .filter(p -> action.equals(p.get("Action")))
                .toList();
    }

    private static Map<String, String> only(String action) {
        List<Map<String, String>> requests = sent(action);
        assertThat(requests).hasSize(1);
        assertThat(requests.get(0)).containsEntry("Version", "2016-11-15");
        return requests.get(0);
    }

    /** Tag specification {@code spec}'s tags, from TagSpecification.N.Tag.M.Key/Value. */
    private static Map<String, String> tags(Map<String, String> sent, int spec) {
        Map<String, String> tags = new java.util.LinkedHashMap<>();
        for (int i = 1; sent.containsKey("TagSpecification." + spec + ".Tag." + i + ".Key"); i++) {
            tags.put(sent.get("TagSpecification." + spec + ".Tag." + i + ".Key"),
                    sent.get("TagSpecification." + spec + ".Tag." + i + ".Value"));
        }
        return tags;
    }
}
