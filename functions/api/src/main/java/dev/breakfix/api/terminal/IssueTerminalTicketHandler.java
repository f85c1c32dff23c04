package dev.breakfix.api.terminal;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.breakfix.api.AwsPlatform;
import dev.breakfix.api.Platform;
import dev.breakfix.api.http.ApiError;
import dev.breakfix.api.http.ApiHandler;
import dev.breakfix.api.http.ApiResponses;
import dev.breakfix.api.http.Requests;
import dev.breakfix.session.SessionId;
import dev.breakfix.terminal.IssuingTerminalTicket;
import dev.breakfix.terminal.IssuingTerminalTicket.Result;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * {@code POST /api/sessions/{id}/terminal}: a single-use ticket to open one terminal, as
 * {@code {url, expiresAt}}. The url is relative ({@code /term/<id>?ticket=…}): the gateway answers on
 * the website's own origin (CloudFront sends {@code /term/*} to it; locally the same port).
 */
public final class IssueTerminalTicketHandler extends ApiHandler {
    private final IssuingTerminalTicket issuing;

    public IssueTerminalTicketHandler() {
        this(AwsPlatform.instance());
    }

    public IssueTerminalTicketHandler(Platform p) {
        this.issuing = new IssuingTerminalTicket(p.sessions(), p.terminalTickets());
    }

    /** Where the terminal gateway serves a session's terminals. */
    static String terminalUrl(SessionId session, String ticket) {
        return "/term/" + session.value() + "?ticket=" + URLEncoder.encode(ticket, StandardCharsets.UTF_8);
    }

    @Override
    protected APIGatewayProxyResponseEvent handle(APIGatewayProxyRequestEvent request) {
        SessionId id = Requests.sessionId(request);
        Result result = issuing.issue(Requests.owner(request), id);
        if (result instanceof Result.Issued issued) {
            return ApiResponses.json(200, ApiResponses.JSON.createObjectNode()
                    .put("url", terminalUrl(id, issued.ticket().ticket()))
                    .put("expiresAt", issued.ticket().expiresAt().toString()),
                    Map.of("Cache-Control", "no-store"));
        }
        if (result instanceof Result.NotReady notReady) {
            return ApiResponses.error(new ApiError(409, "NOT_READY",
                    "The server is not ready for a terminal (the session is " + notReady.state().name().toLowerCase() + ")."));
        }
        return ApiResponses.error(ApiError.sessionNotFound());
    }
}
