package dev.breakfix.api.catalog;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.breakfix.api.AwsPlatform;
import dev.breakfix.api.Platform;
import dev.breakfix.api.http.ApiHandler;
import dev.breakfix.api.http.ApiResponses;
import dev.breakfix.scenario.ScenarioCatalog;
import java.util.Map;

/** {@code GET /api/scenarios}: the catalog, easiest first. */
public final class ListScenariosHandler extends ApiHandler {
    private final ScenarioCatalog catalog;

    public ListScenariosHandler() {
        this(AwsPlatform.instance());
    }

    public ListScenariosHandler(Platform platform) {
        this.catalog = platform.catalog();
    }

    @Override
    protected APIGatewayProxyResponseEvent handle(APIGatewayProxyRequestEvent request) {
        ArrayNode scenarios = ApiResponses.JSON.createArrayNode();
        catalog.all().forEach(s -> scenarios.add(ScenarioJson.summary(s)));
        return ApiResponses.json(200, scenarios, Map.of("Cache-Control", "public, max-age=60"));
    }
}
