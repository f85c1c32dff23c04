package dev.breakfix.api.catalog;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.breakfix.api.AwsPlatform;
import dev.breakfix.api.Platform;
import dev.breakfix.api.http.ApiError;
import dev.breakfix.api.http.ApiHandler;
import dev.breakfix.api.http.ApiResponses;
import dev.breakfix.scenario.ScenarioCatalog;
import java.util.Map;

/** {@code GET /api/scenarios/{id}}: one scenario with its description. */
public final class GetScenarioHandler extends ApiHandler {
    private final ScenarioCatalog catalog;

    public GetScenarioHandler() {
        this(AwsPlatform.instance());
    }

    public GetScenarioHandler(Platform platform) {
        this.catalog = platform.catalog();
    }

    @Override
    protected APIGatewayProxyResponseEvent handle(APIGatewayProxyRequestEvent request) {
        String id = pathParameter(request, "id").orElse("");
        return catalog.find(id)
                .map(s -> ApiResponses.json(200, ScenarioJson.detail(s), Map.of("Cache-Control", "public, max-age=60")))
                .orElseGet(() -> ApiResponses.error(ApiError.notFound("There is no scenario with that id.")));
    }
}
