package dev.breakfix.local.executions;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.breakfix.local.stepfunctions.ExecutionDescription;
import dev.breakfix.local.stepfunctions.StateMachineRunner;
import dev.breakfix.local.stepfunctions.StepFunctionsException;
import dev.breakfix.session.SessionId;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/**
 * The local stand-in for the Step Functions console, for people running breakfix on their machine; not
 * part of the product API (it is not in {@code ApiRoutes} and does not exist on AWS):
 *
 * <ul>
 *   <li>{@code GET /local/executions} — every session's execution, newest first;</li>
 *   <li>{@code GET /local/executions/{sessionId}} — one execution: its status, and each state it went
 *       through with input, output, attempts, errors and times, plus the raw history events.</li>
 * </ul>
 *
 * Both answer JSON, or a small HTML page to a browser ({@code Accept: text/html}, or {@code ?format=html}).
 * Only callers on this machine get an answer: executions show inputs that other people should not see.
 */
public final class LocalExecutions extends Handler.Abstract {
    static final String PREFIX = "/local/executions";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_LISTED = 200;

    private final StateMachineRunner runner;
    private final String stateMachineArn;

    public LocalExecutions(StateMachineRunner runner, String stateMachineArn) {
        this.runner = runner;
        this.stateMachineArn = stateMachineArn;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = Request.getPathInContext(request);
        if (!path.equals(PREFIX) && !path.startsWith(PREFIX + "/")) {
            return false;
        }
        if (!fromThisMachine(request)) {
            return false;
        }
        if (!"GET".equals(request.getMethod()) && !"HEAD".equals(request.getMethod())) {
            response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
            write(response, callback, 405, false, error("METHOD_NOT_ALLOWED", "Only GET is supported here."), "");
            return true;
        }
        boolean html = wantsHtml(request);
        String rest = path.substring(PREFIX.length());
        if (rest.isEmpty() || rest.equals("/")) {
            List<ExecutionDescription> executions = runner.listExecutions(stateMachineArn).stream()
                    .limit(MAX_LISTED).toList();
            write(response, callback, 200, html, ExecutionPages.listJson(executions), ExecutionPages.listHtml(executions));
            return true;
        }
        String sessionId = rest.substring(1);
        if (!SessionId.isValid(sessionId)) {
            write(response, callback, 404, false, error("NOT_FOUND", "There is no execution for that session."), "");
            return true;
        }
        String executionArn = executionArn(stateMachineArn, sessionId);
        ExecutionDescription execution;
        try {
            execution = runner.describeExecution(executionArn);
        } catch (StepFunctionsException e) {
            if (e.code() != StepFunctionsException.Code.ExecutionDoesNotExist) {
                throw e;
            }
            write(response, callback, 404, false, error("NOT_FOUND", "There is no execution for that session."), "");
            return true;
        }
        var history = runner.getExecutionHistory(executionArn);
        write(response, callback, 200, html, ExecutionPages.executionJson(execution, history),
                ExecutionPages.executionHtml(execution, history));
        return true;
    }

    /** The execution a session's id names: the execution name is the session id. */
    static String executionArn(String stateMachineArn, String sessionId) {
        return stateMachineArn.replace(":stateMachine:", ":execution:") + ":" + sessionId;
    }

    private static boolean fromThisMachine(Request request) {
        SocketAddress remote = request.getConnectionMetaData().getRemoteSocketAddress();
        if (!(remote instanceof InetSocketAddress)) {
            return false;
        }
        InetAddress address = ((InetSocketAddress) remote).getAddress();
        return address != null && address.isLoopbackAddress();
    }

    private static boolean wantsHtml(Request request) {
        Fields query = Request.extractQueryParameters(request, StandardCharsets.UTF_8);
        String format = query.getValue("format");
        if (format != null) {
            return format.equals("html");
        }
        String accept = request.getHeaders().get(HttpHeader.ACCEPT);
        return accept != null && accept.contains("text/html");
    }

    private static ObjectNode error(String code, String message) {
        ObjectNode body = JSON.createObjectNode();
        body.putObject("error").put("code", code).put("message", message);
        return body;
    }

    private static void write(Response response, Callback callback, int status, boolean html, ObjectNode json,
            String page) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        if (html) {
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/html; charset=utf-8");
            response.getHeaders().put("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
            Content.Sink.write(response, true, page, callback);
        } else {
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
            Content.Sink.write(response, true, json.toString(), callback);
        }
    }
}
