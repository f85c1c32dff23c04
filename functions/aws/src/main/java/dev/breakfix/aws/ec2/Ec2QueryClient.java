package dev.breakfix.aws.ec2;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.PartitionMetadata;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

/**
 * EC2's Query API (a form-encoded POST, an XML answer) called with the parts of the AWS SDK every Lambda
 * package carries: its SigV4 signer, its default credentials and region chains, and the url-connection
 * HTTP client. Not the SDK's generated EC2 client: that is a 26 MB jar, nearly all of it EC2's service
 * model, for the two actions the reaper makes (docs/decisions/0020).
 *
 * <p>No retries: the reaper runs every 5 minutes, and a run that fails is retried by the next one. A
 * call that gets no answer throws {@link UncheckedIOException}; EC2's errors, and answers that are not
 * EC2's, throw {@link Ec2QueryException}. The endpoint is {@code https://ec2.<region>.<partition's
 * domain>/} unless {@code AWS_ENDPOINT_URL_EC2} or else {@code AWS_ENDPOINT_URL} is set, as for the SDK's
 * clients (the cold-start benchmark points every client at its stand-in that way).
 */
public final class Ec2QueryClient {
    /** The API version every action is sent with, the one the SDK's EC2 client sends. */
    static final String API_VERSION = "2016-11-15";

    private static final String SIGNING_NAME = "ec2";
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(20);

    private final URI endpoint;
    private final Region region;
    private final AwsCredentialsProvider credentials;
    private final SdkHttpClient http;
    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();

    private Ec2QueryClient(Builder builder) {
        this.region = builder.region != null ? builder.region : new DefaultAwsRegionProviderChain().getRegion();
        this.endpoint = builder.endpoint != null ? builder.endpoint : endpoint(region, System.getenv());
        this.credentials = builder.credentials != null ? builder.credentials : DefaultCredentialsProvider.builder().build();
        this.http = builder.http != null ? builder.http : UrlConnectionHttpClient.builder()
                .connectionTimeout(CONNECT_TIMEOUT)
                .socketTimeout(READ_TIMEOUT)
                .build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Sends one action, signed, and gives the root of EC2's answer ({@code <ActionResponse>}).
     *
     * @param parameters the action's parameters in EC2's flattened form ({@code InstanceId.1}, {@code Filter.1.Name})
     */
    Ec2Element call(String action, Map<String, String> parameters) {
        byte[] form = form(action, parameters);
        SdkHttpRequest request = SdkHttpRequest.builder()
                .method(SdkHttpMethod.POST)
                .uri(endpoint)
                // spelled as Jetty (WireMock) reports any spelling of it, so Ec2QueryClientTest can re-sign what arrived
                .putHeader("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")
                .putHeader("Content-Length", Integer.toString(form.length))
                .build();
        SignedRequest signed = signer.sign(r -> r
                .identity(credentials.resolveCredentials())
                .request(request)
                .payload(ContentStreamProvider.fromByteArrayUnsafe(form))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, SIGNING_NAME)
                .putProperty(AwsV4HttpSigner.REGION_NAME, region.id()));

        int status;
        byte[] body;
        try {
            HttpExecuteResponse response = http.prepareRequest(HttpExecuteRequest.builder()
                    .request(signed.request())
                    .contentStreamProvider(signed.payload().orElseThrow())
                    .build()).call();
            status = response.httpResponse().statusCode();
            body = response.responseBody().isPresent() ? readAll(response.responseBody().get()) : new byte[0];
        } catch (IOException e) {
            throw new UncheckedIOException("EC2 " + action + ": no answer from " + endpoint, e);
        }
        if (status / 100 != 2) {
            throw failure(action, status, body);
        }
        return answer(action, status, body);
    }

    /** Where EC2 is: the SDK's endpoint variables first, then EC2's regional endpoint in the region's partition. */
    static URI endpoint(Region region, Map<String, String> environment) {
        return Stream.of("AWS_ENDPOINT_URL_EC2", "AWS_ENDPOINT_URL")
                .map(environment::get)
                .filter(url -> url != null && !url.isBlank())
                .findFirst()
                .map(url -> URI.create(url.strip()))
                .orElseGet(() -> URI.create(
                        "https://ec2." + region.id() + "." + PartitionMetadata.of(region).dnsSuffix() + "/"));
    }

    private static byte[] form(String action, Map<String, String> parameters) {
        StringBuilder form = new StringBuilder("Action=").append(encode(action)).append("&Version=").append(API_VERSION);
        parameters.forEach((name, value) -> form.append('&').append(encode(name)).append('=').append(encode(value)));
        return form.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static byte[] readAll(InputStream body) throws IOException {
        try (body) {
            return body.readAllBytes();
        }
    }

    private static Ec2Element answer(String action, int status, byte[] body) {
        Ec2Element root = parse(action, status, body)
                .orElseThrow(() -> Ec2QueryException.unreadable(action, status, "the body is empty", null));
        if (!root.name().equals(action + "Response")) {
            throw Ec2QueryException.unreadable(action, status,
                    "expected <" + action + "Response>, got <" + root.name() + ">", null);
        }
        return root;
    }

    /** EC2's errors: {@code <Response><Errors><Error><Code>…</Code><Message>…</Message></Error></Errors></Response>}. */
    private static Ec2QueryException failure(String action, int status, byte[] body) {
        Optional<Ec2Element> error = parse(action, status, body)
                .filter(root -> root.name().equals("Response"))
                .flatMap(root -> root.child("Errors"))
                .flatMap(errors -> errors.child("Error"));
        Optional<String> code = error.flatMap(e -> e.text("Code"));
        if (code.isEmpty()) {
            return Ec2QueryException.unreadable(action, status, "an error without an EC2 error code", null);
        }
        return Ec2QueryException.refused(action, status, code.get(), error.flatMap(e -> e.text("Message")).orElse(""));
    }

    /** The answer's root element; empty for an empty body. No DTDs, so no external entities. */
    private static Optional<Ec2Element> parse(String action, int status, byte[] body) {
        if (body.length == 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Ec2Element(action, parser().parse(new ByteArrayInputStream(body)).getDocumentElement()));
        } catch (SAXException e) {
            throw Ec2QueryException.unreadable(action, status, "not XML (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static DocumentBuilder parser() {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            DocumentBuilder parser = factory.newDocumentBuilder();
            parser.setErrorHandler(new DefaultHandler()); // throws on fatal errors instead of printing them
            return parser;
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's XML parser cannot be configured to refuse DTDs", e);
        }
    }

    /**
     * Region, endpoint, credentials and HTTP client, each taken from the environment (the SDK's default
     * chains; the endpoint as {@link #endpoint} says) and built only if none is given.
     */
    public static final class Builder {
        private Region region;
        private URI endpoint;
        private AwsCredentialsProvider credentials;
        private SdkHttpClient http;

        private Builder() {}

        public Builder region(Region region) {
            this.region = region;
            return this;
        }

        /** Where to send the calls instead of EC2's endpoint (tests: a WireMock server). */
        public Builder endpoint(URI endpoint) {
            this.endpoint = endpoint;
            return this;
        }

        public Builder credentialsProvider(AwsCredentialsProvider credentials) {
            this.credentials = credentials;
            return this;
        }

        public Builder httpClient(SdkHttpClient http) {
            this.http = http;
            return this;
        }

        public Ec2QueryClient build() {
            return new Ec2QueryClient(this);
        }
    }
}
