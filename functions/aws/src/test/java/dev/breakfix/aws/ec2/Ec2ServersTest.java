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
import dev.breakfix.server.ServerId;
import dev.breakfix.server.Servers.ServerStatus;
import dev.breakfix.session.SessionId;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;

/**
 * Ec2Servers (describe, terminate, list for the reaper) against recorded EC2 Query API answers: what it
 * sends (decoded form parameters) and how it reads answers and errors. The launch request is
 * Ec2LaunchRequestsTest's. See src/test/README.md for what this proves and what it does not.
 */
class Ec2ServersTest {
    @RegisterExtension
    static final WireMockExtension EC2 = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private static final SessionId SESSION = new SessionId("s-0123456789abcdefghjk");

    private final Ec2Servers servers = Ec2Servers.builder().ec2Client(RecordedAws.ec2(EC2.baseUrl())).build();

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
