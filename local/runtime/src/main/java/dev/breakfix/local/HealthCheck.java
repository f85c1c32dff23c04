package dev.breakfix.local;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.breakfix.api.http.ApiResponses;
import java.util.function.BooleanSupplier;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** {@code GET /healthz}: 200 when every part of the platform answers, 503 naming the part that does not. */
final class HealthCheck extends Handler.Abstract {
    private final java.util.Map<String, BooleanSupplier> checks;

    HealthCheck(java.util.Map<String, BooleanSupplier> checks) {
        this.checks = checks;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        if (!Request.getPathInContext(request).equals("/healthz")) {
            return false;
        }
        ObjectNode body = ApiResponses.JSON.createObjectNode();
        ObjectNode parts = body.putObject("checks");
        boolean healthy = true;
        for (var check : checks.entrySet()) {
            boolean ok;
            try {
                ok = check.getValue().getAsBoolean();
            } catch (RuntimeException e) {
                ok = false;
            }
            parts.put(check.getKey(), ok ? "ok" : "failing");
            healthy &= ok;
        }
        body.put("status", healthy ? "ok" : "failing");
        response.setStatus(healthy ? 200 : 503);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        Content.Sink.write(response, true, body.toString(), callback);
        return true;
    }

}
