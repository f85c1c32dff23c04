package dev.breakfix.aws.ec2;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.notContaining;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.breakfix.aws.RecordedAws.recorded;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.breakfix.aws.RecordedAws;
import dev.breakfix.server.ServerId;
import dev.breakfix.server.Servers.ServerStatus;
import dev.breakfix.session.SessionId;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Ec2Servers (describe, terminate, list for the reaper) against recorded EC2 Query API answers: what it
 * sends (decoded form parameters) and how it reads answers and errors. How a call is signed and sent and
 * how an answer is parsed is Ec2QueryClientTest's; the launch request is Ec2LaunchRequestsTest's. See
 * src/test/README.md for what this proves and what it does not.
 */
class Ec2ServersTest {
    @RegisterExtension
    static final WireMockExtension EC2 = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private static final SessionId SESSION = new SessionId("s-0123456789abcdefghjk");

    private final Ec2Servers servers = Ec2Servers.builder()
            .ec2Client(Ec2QueryClient.builder()
                    .endpoint(URI.create(EC2.baseUrl()))
                    .region(RecordedAws.REGION)
                    .credentialsProvider(RecordedAws.CREDENTIALS)
                    .build())
            .build();

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
    void describe_shouldThrowWithEc2sErrorCode_whenEc2RefusesForAnotherReason() {
        // given: an error Ec2Servers gives no meaning of its own
        answer("DescribeInstances", 503, "ec2/request-limit-exceeded.xml");

        // when / then
        assertThatThrownBy(() -> servers.describe(new ServerId("i-0598c7d356eba48d7")))
                .isInstanceOfSatisfying(Ec2QueryException.class, e -> {
                    assertThat(e.errorCode()).contains("RequestLimitExceeded");
                    assertThat(e.statusCode()).isEqualTo(503);
                    assertThat(e.action()).isEqualTo("DescribeInstances");
                });
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
                .isInstanceOfSatisfying(Ec2QueryException.class, e -> {
                    assertThat(e.errorCode()).contains("UnauthorizedOperation");
                    assertThat(e.statusCode()).isEqualTo(403);
                });
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
                        Optional.of(SESSION),
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

    @Test
    void listManaged_shouldFollowNextTokenThroughEmptyPages_untilItIsAbsent() {
        // given: an empty first page with a token, a second without reservations and another token, a last without one
        EC2.stubFor(post(urlEqualTo("/")).withFormParam("Action", equalTo("DescribeInstances"))
                .withRequestBody(notContaining("NextToken"))
                .willReturn(aResponse().withStatus(200).withBody(page("<reservationSet/>", Optional.of("token-a")))));
        EC2.stubFor(post(urlEqualTo("/")).withFormParam("Action", equalTo("DescribeInstances"))
                .withFormParam("NextToken", equalTo("token-a"))
                .willReturn(aResponse().withStatus(200).withBody(page("", Optional.of("token-b")))));
        EC2.stubFor(post(urlEqualTo("/")).withFormParam("Action", equalTo("DescribeInstances"))
                .withFormParam("NextToken", equalTo("token-b"))
                .willReturn(aResponse().withStatus(200).withBody(recorded("ec2/describe-instances-managed-page-2.xml"))));

        // when
        List<Ec2Servers.ManagedServer> managed = servers.listManaged();

        // then: the filters on every page, each page asked for with the token of the one before
        assertThat(managed).extracting(Ec2Servers.ManagedServer::id).containsExactly(new ServerId("i-0bbbbbbbbbbbbbbb2"));
        List<Map<String, String>> requests = sent("DescribeInstances");
        assertThat(requests).extracting(request -> request.get("NextToken")).containsExactly(null, "token-a", "token-b");
        assertThat(requests).allSatisfy(request -> assertThat(request)
                .containsEntry("Filter.1.Name", "tag:breakfix:managed")
                .containsEntry("Filter.2.Name", "instance-state-name"));
    }

    @Test
    void listManaged_shouldThrowAClearError_whenAnInstanceHasNoLaunchTime() {
        // given
        EC2.stubFor(post(urlEqualTo("/")).withFormParam("Action", equalTo("DescribeInstances"))
                .willReturn(aResponse().withStatus(200).withBody(page("<reservationSet><item><instancesSet><item>"
                        + "<instanceId>i-0aaaaaaaaaaaaaaa1</instanceId>"
                        + "<instanceState><code>16</code><name>running</name></instanceState>"
                        + "</item></instancesSet></item></reservationSet>", Optional.empty()))));

        // when / then
        assertThatThrownBy(servers::listManaged)
                .isInstanceOfSatisfying(Ec2QueryException.class, e -> assertThat(e.errorCode()).isEmpty())
                .hasMessageContaining("DescribeInstances")
                .hasMessageContaining("no <launchTime>");
    }

    private static void answer(String action, int status, String body) {
        EC2.stubFor(post(urlEqualTo("/")).withFormParam("Action", equalTo(action))
                .willReturn(aResponse().withStatus(status).withHeader("Content-Type", "text/xml;charset=UTF-8")
                        .withBody(recorded(body))));
    }

    /** A DescribeInstances answer holding {@code reservations} (XML), with a next token or none. */
    private static String page(String reservations, Optional<String> nextToken) {
        return "<DescribeInstancesResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\">"
                + "<requestId>6a7b8c9d-0e1f-4a2b-8c3d-4e5f6a7b8c9d</requestId>" + reservations
                + nextToken.map(token -> "<nextToken>" + token + "</nextToken>").orElse("")
                + "</DescribeInstancesResponse>";
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
}
