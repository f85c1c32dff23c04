package dev.breakfix.api.sessions;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.breakfix.api.AwsPlatform;
import dev.breakfix.api.Platform;
import dev.breakfix.api.http.ApiError;
import dev.breakfix.api.http.ApiException;
import dev.breakfix.api.http.ApiHandler;
import dev.breakfix.api.http.ApiResponses;
import dev.breakfix.api.http.Requests;
import dev.breakfix.session.Sessions;
import dev.breakfix.session.ViewingSessions;
import java.util.Map;

/** {@code GET /api/sessions?limit=&cursor=}: the caller's sessions, newest first, a page at a time. */
public final class ListSessionsHandler extends ApiHandler {
    static final int DEFAULT_LIMIT = 20;

    private final ViewingSessions viewing;

    public ListSessionsHandler() {
        this(AwsPlatform.instance());
    }

    public ListSessionsHandler(Platform p) {
        this.viewing = new ViewingSessions(p.sessions());
    }

    @Override
    protected APIGatewayProxyResponseEvent handle(APIGatewayProxyRequestEvent request) {
        int limit = Requests.queryParameter(request, "limit").map(ListSessionsHandler::limit).orElse(DEFAULT_LIMIT);
        Sessions.Page page;
        try {
            page = viewing.list(Requests.owner(request), limit, Requests.queryParameter(request, "cursor"));
        } catch (Sessions.BadCursorException e) {
            throw new ApiException(ApiError.badRequest("BAD_CURSOR", "The cursor is not one this API gave you."));
        }
        ObjectNode body = ApiResponses.JSON.createObjectNode();
        ArrayNode items = body.putArray("items");
        page.items().forEach(s -> items.add(SessionJson.of(s)));
        if (page.next().isPresent()) {
            body.put("next", page.next().get());
        } else {
            body.putNull("next");
        }
        return ApiResponses.json(200, body, Map.of("Cache-Control", "no-store"));
    }

    private static int limit(String text) {
        try {
            int limit = Integer.parseInt(text);
            if (limit >= 1 && limit <= ViewingSessions.MAX_PAGE) {
                return limit;
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw new ApiException(ApiError.badRequest("BAD_LIMIT",
                "limit must be a whole number from 1 to " + ViewingSessions.MAX_PAGE + "."));
    }
}
