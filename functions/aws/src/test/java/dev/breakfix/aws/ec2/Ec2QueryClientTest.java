package dev.breakfix.aws.ec2;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.breakfix.aws.RecordedAws.recorded;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.breakfix.aws.RecordedAws;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.regions.Region;

/**
 * Ec2QueryClient against WireMock: that every call is a form POST carrying the action and API version,
 * signed with SigV4 for EC2 in the client's region (and that the signature matches the request as it
 * arrived), how EC2's errors and answers that are not EC2's surface, and where the endpoint comes from.
 * What Ec2Servers sends and reads is Ec2ServersTest's.
 */
class Ec2QueryClientTest {
    @RegisterExtension
    static final WireMockExtension EC2 = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private static final Pattern AUTHORIZATION = Pattern.compile(
            "AWS4-HMAC-SHA256 Credential=(?<key>[^/]+)/(?<date>\\d{8})/(?<region>[^/]+)/(?<service>[^/]+)/aws4_request, "
                    + "SignedHeaders=(?<headers>[a-z0-9;-]+), Signature=(?<signature>[0-9a-f]{64})");
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

    private final Ec2QueryClient client = Ec2QueryClient.builder()
            .endpoint(URI.create(EC2.baseUrl()))
            .region(RecordedAws.REGION)
            .credentialsProvider(RecordedAws.CREDENTIALS)
            .build();

    @Test
    void call_shouldSignWithSigV4ForEc2InTheRegion_always() {
        // given
        answer(200, recorded("ec2/terminate-instances.xml"));

        // when
        client.call("TerminateInstances", Map.of("InstanceId.1", "i-0598c7d356eba48d7"));

        // then
        LoggedRequest request = onlyRequest();
        String amzDate = request.getHeader("X-Amz-Date");
        assertThat(amzDate).isNotNull().matches("\\d{8}T\\d{6}Z");
        Instant signedAt = LocalDateTime.parse(amzDate, AMZ_DATE).toInstant(ZoneOffset.UTC);
        assertThat(Duration.between(signedAt, Instant.now()).abs()).isLessThan(Duration.ofMinutes(5));
        assertThat(request.getHeader("Authorization")).isNotNull().matches(AUTHORIZATION);
        Matcher authorization = AUTHORIZATION.matcher(request.getHeader("Authorization"));
        assertThat(authorization.matches()).isTrue();
        assertThat(authorization.group("key")).isEqualTo(RecordedAws.ACCESS_KEY_ID);
        assertThat(authorization.group("date")).isEqualTo(amzDate.substring(0, 8));
        assertThat(authorization.group("region")).isEqualTo("us-east-1");
        assertThat(authorization.group("service")).isEqualTo("ec2");
        assertThat(authorization.group("headers").split(";")).contains("host", "x-amz-date", "content-type");
    }

    @Test
    void call_shouldSendASignatureThatMatchesTheRequestAsItArrived_always() {
        // given
        answer(200, recorded("ec2/terminate-instances.xml"));

        // when
        client.call("TerminateInstances", Map.of("InstanceId.1", "i-0598c7d356eba48d7"));

        // then: signing what WireMock received (its signed headers, its body) at its X-Amz-Date gives the same
        // Authorization, so nothing the signature covers changed between the signer and the wire
        LoggedRequest request = onlyRequest();
        assertThat(request.getHeader("Authorization")).isNotNull().matches(AUTHORIZATION);
        Matcher authorization = AUTHORIZATION.matcher(request.getHeader("Authorization"));
        assertThat(authorization.matches()).isTrue();
        SdkHttpRequest.Builder received = SdkHttpRequest.builder()
                .method(SdkHttpMethod.POST)
                .uri(URI.create("http://" + request.getHeader("Host") + request.getUrl()));
        for (String header : authorization.group("headers").split(";")) {
            received.putHeader(header, request.getHeader(header));
        }
        Instant signedAt = LocalDateTime.parse(request.getHeader("X-Amz-Date"), AMZ_DATE).toInstant(ZoneOffset.UTC);
        String resigned = AwsV4HttpSigner.create().sign(r -> r
                        .identity(RecordedAws.CREDENTIALS.resolveCredentials())
                        .request(received.build())
                        .payload(ContentStreamProvider.fromByteArray(request.getBody()))
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "ec2")
                        .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                        .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, Clock.fixed(signedAt, ZoneOffset.UTC)))
                .request().firstMatchingHeader("Authorization").orElseThrow();
        assertThat(request.getHeader("Authorization")).isEqualTo(resigned);
    }

    @Test
    void call_shouldPostTheActionVersionAndParametersAsAForm_always() {
        // given
        answer(200, recorded("ec2/describe-instances-running.xml"));
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("Filter.1.Name", "tag:breakfix:managed");
        parameters.put("Filter.1.Value.1", "a value & another=1 /+ é");

        // when
        client.call("DescribeInstances", parameters);

        // then
        LoggedRequest request = onlyRequest();
        assertThat(request.getUrl()).isEqualTo("/");
        assertThat(request.getHeader("Content-Type")).startsWith("application/x-www-form-urlencoded");
        assertThat(RecordedAws.form(request)).containsExactly(
                Map.entry("Action", "DescribeInstances"),
                Map.entry("Version", "2016-11-15"),
                Map.entry("Filter.1.Name", "tag:breakfix:managed"),
                Map.entry("Filter.1.Value.1", "a value & another=1 /+ é"));
    }

    @Test
    void call_shouldGiveTheAnswersRootElement_whenEc2Answers() {
        // given
        answer(200, recorded("ec2/describe-instances-running.xml"));

        // when
        Ec2Element answer = client.call("DescribeInstances", Map.of("InstanceId.1", "i-0598c7d356eba48d7"));

        // then
        assertThat(answer.name()).isEqualTo("DescribeInstancesResponse");
        assertThat(answer.text("requestId")).contains("8f7c6f2d-3b1a-4e5d-9c8b-7a6f5e4d3c2b");
        assertThat(answer.items("reservationSet")).hasSize(1);
    }

    @Test
    void call_shouldThrowWithEc2sCodeAndMessage_butNoSecret_whenEc2AnswersAnError() {
        // given
        answer(503, recorded("ec2/request-limit-exceeded.xml"));

        // when / then
        assertThatThrownBy(() -> client.call("DescribeInstances", Map.of()))
                .isInstanceOfSatisfying(Ec2QueryException.class, e -> {
                    assertThat(e.action()).isEqualTo("DescribeInstances");
                    assertThat(e.statusCode()).isEqualTo(503);
                    assertThat(e.errorCode()).contains("RequestLimitExceeded");
                })
                .hasMessage("EC2 DescribeInstances failed: RequestLimitExceeded (HTTP 503): Request limit exceeded.")
                .message().doesNotContain(RecordedAws.SECRET_ACCESS_KEY).doesNotContain("Signature");
    }

    @Test
    void call_shouldThrowAClearError_whenTheAnswerIsNotXml() {
        // given: what a proxy might answer
        answer(200, "<html><body>upstream connect error");

        // when / then
        assertThatThrownBy(() -> client.call("DescribeInstances", Map.of()))
                .isInstanceOfSatisfying(Ec2QueryException.class, e -> {
                    assertThat(e.errorCode()).isEmpty();
                    assertThat(e.statusCode()).isEqualTo(200);
                })
                .hasMessageStartingWith("EC2 DescribeInstances gave an answer that cannot be read (HTTP 200): not XML");
    }

    @Test
    void call_shouldThrowAClearError_whenAnErrorCarriesNoEc2ErrorCode() {
        // given
        answer(502, "Bad Gateway");

        // when / then
        assertThatThrownBy(() -> client.call("DescribeInstances", Map.of()))
                .isInstanceOfSatisfying(Ec2QueryException.class, e -> {
                    assertThat(e.errorCode()).isEmpty();
                    assertThat(e.statusCode()).isEqualTo(502);
                })
                .hasMessageContaining("HTTP 502");
    }

    @Test
    void call_shouldThrowAClearError_whenTheAnswerIsAnotherActions() {
        // given
        answer(200, recorded("ec2/terminate-instances.xml"));

        // when / then
        assertThatThrownBy(() -> client.call("DescribeInstances", Map.of()))
                .isInstanceOf(Ec2QueryException.class)
                .hasMessageContaining("expected <DescribeInstancesResponse>, got <TerminateInstancesResponse>");
    }

    @Test
    void call_shouldRefuseTheAnswer_whenItDeclaresADoctype() {
        // given: an answer that would read a local file into the document if entities were resolved
        answer(200, "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/hostname\">]>"
                + "<DescribeInstancesResponse><requestId>&x;</requestId></DescribeInstancesResponse>");

        // when / then
        assertThatThrownBy(() -> client.call("DescribeInstances", Map.of()))
                .isInstanceOf(Ec2QueryException.class)
                .hasMessageContaining("DOCTYPE");
    }

    @Test
    void call_shouldThrowUncheckedIOException_whenNothingAnswers() {
        // given: a port nothing listens on
        String nowhere = RecordedAws.unreachableBaseUrl();
        Ec2QueryClient unreachable = Ec2QueryClient.builder()
                .endpoint(URI.create(nowhere))
                .region(RecordedAws.REGION)
                .credentialsProvider(RecordedAws.CREDENTIALS)
                .build();

        // when / then
        assertThatThrownBy(() -> unreachable.call("DescribeInstances", Map.of()))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("EC2 DescribeInstances: no answer from " + nowhere);
    }

    @Test
    void endpoint_shouldBeEc2sRegionalEndpointInTheRegionsPartition_whenNoVariableIsSet() {
        // when / then
        assertThat(Ec2QueryClient.endpoint(Region.EU_WEST_1, Map.of()))
                .isEqualTo(URI.create("https://ec2.eu-west-1.amazonaws.com/"));
        assertThat(Ec2QueryClient.endpoint(Region.CN_NORTH_1, Map.of()))
                .isEqualTo(URI.create("https://ec2.cn-north-1.amazonaws.com.cn/"));
    }

    @Test
    void endpoint_shouldBeAwsEndpointUrlEc2_whenBothVariablesAreSet() {
        // given
        Map<String, String> environment = Map.of("AWS_ENDPOINT_URL_EC2", "http://127.0.0.1:4566",
                "AWS_ENDPOINT_URL", "http://127.0.0.1:9999");

        // when / then
        assertThat(Ec2QueryClient.endpoint(Region.EU_WEST_1, environment)).isEqualTo(URI.create("http://127.0.0.1:4566"));
    }

    @Test
    void endpoint_shouldBeAwsEndpointUrl_whenOnlyItIsSet() {
        // given: as the cold-start benchmark sets it for every client
        Map<String, String> environment = Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:9999", "AWS_ENDPOINT_URL_EC2", " ");

        // when / then
        assertThat(Ec2QueryClient.endpoint(Region.EU_WEST_1, environment)).isEqualTo(URI.create("http://127.0.0.1:9999"));
    }

    private static void answer(int status, String body) {
        EC2.stubFor(post(urlEqualTo("/"))
                .willReturn(aResponse().withStatus(status).withHeader("Content-Type", "text/xml;charset=UTF-8").withBody(body)));
    }

    private static LoggedRequest onlyRequest() {
        List<LoggedRequest> requests = EC2.findAll(postRequestedFor(urlEqualTo("/")));
        assertThat(requests).hasSize(1);
        return requests.get(0);
    }
}
