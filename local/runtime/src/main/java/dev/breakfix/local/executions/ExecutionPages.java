package dev.breakfix.local.executions;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.breakfix.local.stepfunctions.ExecutionDescription;
import dev.breakfix.local.stepfunctions.ExecutionStatus;
import dev.breakfix.local.stepfunctions.HistoryEvent;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The execution-history view as JSON and as a small HTML page, rendered on the server. Everything taken
 * from an execution (state names, inputs, outputs, errors, causes) is escaped before it reaches HTML.
 */
public final class ExecutionPages {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ExecutionPages() {}

    // ---- JSON ---------------------------------------------------------------------------------------

    public static ObjectNode listJson(List<ExecutionDescription> executions) {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode items = body.putArray("executions");
        for (ExecutionDescription execution : executions) {
            summary(items.addObject(), execution);
        }
        return body;
    }

    public static ObjectNode executionJson(ExecutionDescription execution, List<HistoryEvent> history) {
        ObjectNode body = JSON.createObjectNode();
        summary(body, execution);
        body.put("executionArn", execution.executionArn());
        body.set("input", execution.input());
        execution.output().ifPresent(output -> body.set("output", output));
        ArrayNode steps = body.putArray("steps");
        for (ExecutionSteps.Step step : ExecutionSteps.of(history)) {
            ObjectNode node = steps.addObject()
                    .put("state", step.state())
                    .put("type", step.type())
                    .put("enteredAt", step.enteredAt().toString());
            step.exitedAt().ifPresent(at -> node.put("exitedAt", at.toString()));
            step.took().ifPresent(took -> node.put("durationMillis", took.toMillis()));
            step.input().ifPresent(input -> node.set("input", input));
            step.output().ifPresent(output -> node.set("output", output));
            node.put("attempts", step.attempts());
            ArrayNode errors = node.putArray("errors");
            for (ExecutionSteps.StepError error : step.errors()) {
                ObjectNode e = errors.addObject().put("error", error.error()).put("at", error.at().toString());
                error.cause().ifPresent(cause -> e.put("cause", cause));
            }
            node.put("resumed", step.resumed());
        }
        ArrayNode events = body.putArray("events");
        for (HistoryEvent event : history) {
            events.addObject().put("id", event.id()).put("timestamp", event.timestamp().toString())
                    .put("type", event.type().name()).set("details", event.details());
        }
        return body;
    }

    private static void summary(ObjectNode node, ExecutionDescription execution) {
        node.put("sessionId", execution.name())
                .put("status", execution.status().name())
                .put("startDate", execution.startDate().toString());
        execution.stopDate().ifPresent(stop -> node.put("stopDate", stop.toString()));
        execution.currentState().ifPresent(state -> node.put("currentState", state));
        execution.error().ifPresent(error -> node.put("error", error));
        execution.cause().ifPresent(cause -> node.put("cause", cause));
    }

    // ---- HTML ---------------------------------------------------------------------------------------

    public static String listHtml(List<ExecutionDescription> executions) {
        StringBuilder rows = new StringBuilder();
        for (ExecutionDescription execution : executions) {
            rows.append("<tr><td><a href=\"/local/executions/").append(escape(execution.name())).append("\">")
                    .append(escape(execution.name())).append("</a></td><td class=\"").append(statusClass(execution.status()))
                    .append("\">").append(escape(execution.status().name())).append("</td><td>")
                    .append(escape(execution.startDate().toString())).append("</td><td>")
                    .append(escape(execution.currentState().orElse(""))).append("</td><td>")
                    .append(escape(execution.error().orElse(""))).append("</td></tr>\n");
        }
        return page("Session executions", false,
                "<h1>Session executions</h1>\n<p>One Step Functions execution per session, newest first.</p>\n"
                        + "<table><thead><tr><th>session</th><th>status</th><th>started</th><th>current state</th>"
                        + "<th>error</th></tr></thead><tbody>\n" + rows + "</tbody></table>");
    }

    public static String executionHtml(ExecutionDescription execution, List<HistoryEvent> history) {
        StringBuilder body = new StringBuilder();
        body.append("<p><a href=\"/local/executions\">All executions</a></p>\n");
        body.append("<h1>Session ").append(escape(execution.name())).append("</h1>\n");
        body.append("<p class=\"").append(statusClass(execution.status())).append("\">")
                .append(escape(execution.status().name())).append("</p>\n<dl>");
        definition(body, "started", execution.startDate().toString());
        execution.stopDate().ifPresent(stop -> definition(body, "stopped", stop.toString()));
        execution.currentState().ifPresent(state -> definition(body, "current state", state));
        execution.error().ifPresent(error -> definition(body, "error", error));
        execution.cause().ifPresent(cause -> definition(body, "cause", cause));
        body.append("</dl>\n");
        body.append(block("Execution input", Optional.of(execution.input())));
        body.append("<table><thead><tr><th>#</th><th>state</th><th>type</th><th>entered</th><th>took</th>"
                + "<th>attempts</th><th>errors</th><th>input and output</th></tr></thead><tbody>\n");
        int n = 0;
        for (ExecutionSteps.Step step : ExecutionSteps.of(history)) {
            n++;
            body.append("<tr").append(step.errors().isEmpty() ? "" : " class=\"failed\"").append("><td>").append(n)
                    .append("</td><td>").append(escape(step.state())).append(step.resumed() ? " <em>(resumed)</em>" : "")
                    .append("</td><td>").append(escape(step.type())).append("</td><td>")
                    .append(escape(step.enteredAt().toString())).append("</td><td>")
                    .append(step.took().map(ExecutionPages::took).orElse("…")).append("</td><td>")
                    .append(step.attempts() == 0 ? "" : Integer.toString(step.attempts())).append("</td><td>");
            for (ExecutionSteps.StepError error : step.errors()) {
                body.append("<div><strong>").append(escape(error.error())).append("</strong>")
                        .append(error.cause().map(cause -> " " + escape(cause)).orElse("")).append("</div>");
            }
            body.append("</td><td>").append(block("input", step.input())).append(block("output", step.output()))
                    .append("</td></tr>\n");
        }
        body.append("</tbody></table>\n");
        execution.output().ifPresent(output -> body.append(block("Execution output", Optional.of(output))));
        return page("Session " + execution.name(), execution.status() == ExecutionStatus.RUNNING, body.toString());
    }

    private static void definition(StringBuilder body, String term, String value) {
        body.append("<dt>").append(escape(term)).append("</dt><dd>").append(escape(value)).append("</dd>");
    }

    private static String block(String title, Optional<JsonNode> json) {
        if (json.isEmpty()) {
            return "";
        }
        return "<details><summary>" + escape(title) + "</summary><pre>" + escape(pretty(json.get()))
                + "</pre></details>";
    }

    private static String took(Duration took) {
        return took.toMillis() < 1000 ? took.toMillis() + " ms" : String.format("%.1f s", took.toMillis() / 1000.0);
    }

    private static String pretty(JsonNode json) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json);
        } catch (JsonProcessingException e) {
            return json.toString();
        }
    }

    private static String statusClass(ExecutionStatus status) {
        return status.name().toLowerCase();
    }

    private static String page(String title, boolean refresh, String body) {
        return "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + (refresh ? "<meta http-equiv=\"refresh\" content=\"2\">" : "")
                + "<title>" + escape(title) + " · breakfix local</title><style>"
                + "body{font:14px/1.4 system-ui,sans-serif;margin:1.5rem;color:#222}"
                + "table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #ddd;padding:.3rem .5rem;"
                + "text-align:left;vertical-align:top}pre{margin:.2rem 0;max-width:60rem;overflow:auto;background:#f6f6f6}"
                + "tr.failed td{background:#fff3f3}.succeeded{color:#17702e}.failed,.timed_out,.aborted{color:#a11}"
                + ".running{color:#1a55a6}dt{font-weight:600;float:left;clear:left;width:8rem}dd{margin-left:8.5rem}"
                + "</style></head><body>\n" + body + "\n</body></html>\n";
    }

    /** HTML-escapes text for element content and quoted attribute values. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&':
                    out.append("&amp;");
                    break;
                case '<':
                    out.append("&lt;");
                    break;
                case '>':
                    out.append("&gt;");
                    break;
                case '"':
                    out.append("&quot;");
                    break;
                case '\'':
                    out.append("&#39;");
                    break;
                default:
                    out.append(c);
            }
        }
        return out.toString();
    }
}
