package dev.breakfix.local.identity;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * {@code /oidc/*} on the runtime's port, passed to the local OIDC provider's loopback port: the browser
 * signs in on the same origin as the website (no CORS, one port to remember, a stable issuer). The
 * provider's other paths (its dev token endpoint) are not reachable this way.
 */
public final class OidcProxy extends Handler.Abstract {
    private static final int MAX_BODY_BYTES = 64 * 1024;
    /** Hop-by-hop headers, and those the HTTP client sets itself. */
    private static final Set<String> NOT_FORWARDED = Set.of("connection", "keep-alive", "proxy-connection",
            "transfer-encoding", "te", "trailer", "upgrade", "host", "content-length", "expect",
            "x-forwarded-for", "x-forwarded-host", "x-forwarded-proto", "http2-settings");

    private final URI target;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    public OidcProxy(URI target) {
        this.target = target;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String path = Request.getPathInContext(request);
        if (!path.equals(LocalOidcProvider.MOUNT) && !path.startsWith(LocalOidcProvider.MOUNT + "/")) {
            return false;
        }
        ByteBuffer body;
        try {
            body = Content.Source.asByteBufferAsync(request, MAX_BODY_BYTES).get();
        } catch (ExecutionException tooLarge) {
            Response.writeError(request, response, callback, 413);
            return true;
        }
        byte[] bytes = new byte[body.remaining()];
        body.get(bytes);
        String query = request.getHttpURI().getQuery();
        HttpRequest.Builder forward = HttpRequest.newBuilder(target.resolve(path + (query == null ? "" : "?" + query)))
                .timeout(Duration.ofSeconds(30))
                .method(request.getMethod(), bytes.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(bytes));
        for (HttpField field : request.getHeaders()) {
            if (!NOT_FORWARDED.contains(field.getLowerCaseName())) {
                forward.header(field.getName(), field.getValue());
            }
        }
        String host = request.getHeaders().get(HttpHeader.HOST);
        if (host != null) {
            forward.header("X-Forwarded-Host", host);
        }
        forward.header("X-Forwarded-Proto", request.getHttpURI().getScheme() == null ? "http"
                : request.getHttpURI().getScheme().toLowerCase(Locale.ROOT));
        forward.header("X-Forwarded-For", Request.getRemoteAddr(request));
        HttpResponse<byte[]> answer;
        try {
            answer = http.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException unreachable) {
            Response.writeError(request, response, callback, 502, "the local sign-in provider is not answering");
            return true;
        }
        response.setStatus(answer.statusCode());
        answer.headers().map().forEach((name, values) -> {
            if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                values.forEach(value -> response.getHeaders().add(name, value));
            }
        });
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, answer.body().length);
        response.write(true, ByteBuffer.wrap(answer.body()), callback);
        return true;
    }
}
