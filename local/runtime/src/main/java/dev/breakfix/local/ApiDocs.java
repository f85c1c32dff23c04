package dev.breakfix.local;

import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The API's OpenAPI document at {@value #PATH}, read from the checkout's {@code docs/openapi.yaml} on
 * each request (edits show at once), for the website's "API" page. On AWS the website bucket carries
 * the same file at the same path.
 */
final class ApiDocs extends Handler.Abstract {
    static final String PATH = "/docs/openapi.yaml";

    private final Path document;

    ApiDocs(Path checkout) {
        this.document = checkout.resolve("docs/openapi.yaml");
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (!Request.getPathInContext(request).equals(PATH)) {
            return false;
        }
        if (!request.getMethod().equals("GET") && !request.getMethod().equals("HEAD")) {
            response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
            Response.writeError(request, response, callback, 405);
            return true;
        }
        if (!Files.isRegularFile(document)) {
            Response.writeError(request, response, callback, 404);
            return true;
        }
        byte[] yaml = Files.readAllBytes(document);
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/yaml; charset=utf-8");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, yaml.length);
        if (request.getMethod().equals("HEAD")) {
            callback.succeeded();
        } else {
            response.write(true, java.nio.ByteBuffer.wrap(yaml), callback);
        }
        return true;
    }
}
