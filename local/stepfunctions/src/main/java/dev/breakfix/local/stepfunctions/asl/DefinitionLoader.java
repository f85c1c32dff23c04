package dev.breakfix.local.stepfunctions.asl;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a definition the way Step Functions accepts one: definition substitutions first, then the
 * JSON, then every rule of the subset the runner supports. Everything wrong is reported at once.
 */
public final class DefinitionLoader {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]*)}");
    private static final int MAX_STATE_NAME = 80;
    private static final int MAX_TIMEOUT_SECONDS = 99_999_999;
    private static final Set<String> TOP_LEVEL = Set.of("StartAt", "States", "Comment", "Version", "TimeoutSeconds",
            "QueryLanguage");
    private static final Set<String> COMMON = Set.of("Type", "Comment");
    private static final Map<String, Set<String>> FIELDS = Map.of(
            "Task", Set.of("Resource", "Next", "End", "InputPath", "OutputPath", "Parameters", "ResultSelector",
                    "ResultPath", "Retry", "Catch", "TimeoutSeconds", "TimeoutSecondsPath", "HeartbeatSeconds",
                    "HeartbeatSecondsPath"),
            "Pass", Set.of("Next", "End", "InputPath", "OutputPath", "Parameters", "Result", "ResultPath"),
            "Choice", Set.of("Choices", "Default", "InputPath", "OutputPath"),
            "Wait", Set.of("Next", "End", "InputPath", "OutputPath", "Seconds", "SecondsPath", "Timestamp",
                    "TimestampPath"),
            "Succeed", Set.of("InputPath", "OutputPath"),
            "Fail", Set.of("Error", "ErrorPath", "Cause", "CausePath"));
    private static final Set<String> JSONATA_FIELDS = Set.of("QueryLanguage", "Arguments", "Output", "Assign");

    private final List<String> problems = new ArrayList<>();
    private final Set<String> stateNames = new HashSet<>();

    private DefinitionLoader() {}

    /** Applies the substitutions, then parses and checks the definition. */
    public static Definition load(String text, Map<String, String> substitutions) {
        return parse(substitute(text, substitutions));
    }

    /**
     * Replaces each {@code ${Name}} with its value, as CDK's {@code definitionSubstitutions} do.
     * A placeholder without a value is an error; values that no placeholder uses are ignored.
     */
    public static String substitute(String text, Map<String, String> substitutions) {
        Matcher matcher = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        Set<String> missing = new TreeSet<>();
        while (matcher.find()) {
            String value = substitutions.get(matcher.group(1));
            if (value == null) {
                missing.add(matcher.group(1));
                matcher.appendReplacement(out, Matcher.quoteReplacement(matcher.group()));
            } else {
                matcher.appendReplacement(out, Matcher.quoteReplacement(value));
            }
        }
        matcher.appendTail(out);
        if (!missing.isEmpty()) {
            List<String> problems = new ArrayList<>();
            for (String name : missing) {
                problems.add("no definition substitution for ${" + name + "}");
            }
            throw new InvalidDefinitionException(problems);
        }
        return out.toString();
    }

    /** Parses and checks a definition that needs no substitutions. */
    public static Definition parse(String text) {
        JsonNode root;
        try {
            root = Json.parse(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidDefinitionException(List.of("the definition is not JSON: " + e.getMessage()));
        }
        return new DefinitionLoader().definition(root, text);
    }

    private Definition definition(JsonNode root, String source) {
        if (!root.isObject()) {
            throw new InvalidDefinitionException(List.of("the definition must be a JSON object"));
        }
        unknownFields(root, TOP_LEVEL, "the definition");
        if (root.has("QueryLanguage") && !"JSONPath".equals(root.get("QueryLanguage").asText())) {
            problems.add("QueryLanguage: only JSONPath is supported by the local runner (JSONata is not)");
        }
        JsonNode states = root.get("States");
        if (states == null || !states.isObject() || states.isEmpty()) {
            problems.add("States: required, an object with at least one state");
            throw new InvalidDefinitionException(problems);
        }
        states.fieldNames().forEachRemaining(stateNames::add);
        String startAt = text(root, "StartAt", "the definition").orElse("");
        if (!root.has("StartAt")) {
            problems.add("StartAt: required");
        } else if (!stateNames.contains(startAt)) {
            problems.add("StartAt: no state named '" + startAt + "'");
        }
        OptionalInt timeout = positiveInt(root, "TimeoutSeconds", "the definition");
        Map<String, State> parsed = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> entries = states.fields();
        while (entries.hasNext()) {
            Map.Entry<String, JsonNode> entry = entries.next();
            state(entry.getKey(), entry.getValue()).ifPresent(state -> parsed.put(state.name(), state));
        }
        if (problems.isEmpty()) {
            unreachable(startAt, parsed);
        }
        if (!problems.isEmpty()) {
            throw new InvalidDefinitionException(problems);
        }
        return new Definition(startAt, parsed, timeout, source);
    }

    private Optional<State> state(String name, JsonNode node) {
        String where = "States." + name;
        if (name.isEmpty() || name.length() > MAX_STATE_NAME) {
            problems.add(where + ": a state name must have 1 to " + MAX_STATE_NAME + " characters, this one has "
                    + name.length());
        }
        if (!node.isObject()) {
            problems.add(where + ": a state must be a JSON object");
            return Optional.empty();
        }
        String type = text(node, "Type", where).orElse("");
        if (type.equals("Parallel") || type.equals("Map")) {
            problems.add(where + ": " + type + " states are not supported by the local runner");
            return Optional.empty();
        }
        Set<String> allowed = FIELDS.get(type);
        if (allowed == null) {
            problems.add(where + ".Type: unknown state type '" + type + "'; expected one of Task, Pass, Choice, Wait,"
                    + " Succeed, Fail");
            return Optional.empty();
        }
        Set<String> fields = new HashSet<>(COMMON);
        fields.addAll(allowed);
        unknownFields(node, fields, where);
        int before = problems.size();
        State state;
        switch (type) {
            case "Task":
                state = task(name, node, where);
                break;
            case "Pass":
                state = new State.Pass(name, transition(node, where), path(node, "InputPath", where, false),
                        template(node, "Parameters", where), Optional.ofNullable(node.get("Result")),
                        resultPath(node, "ResultPath", where), path(node, "OutputPath", where, false));
                break;
            case "Choice":
                state = choice(name, node, where);
                break;
            case "Wait":
                state = new State.Wait(name, transition(node, where), path(node, "InputPath", where, false),
                        path(node, "OutputPath", where, false), until(node, where));
                break;
            case "Succeed":
                noTransition(node, where, type);
                state = new State.Succeed(name, path(node, "InputPath", where, false),
                        path(node, "OutputPath", where, false));
                break;
            default:
                noTransition(node, where, type);
                state = new State.Fail(name, textSource(node, "Error", "ErrorPath", where),
                        textSource(node, "Cause", "CausePath", where));
                break;
        }
        return problems.size() == before ? Optional.of(state) : Optional.empty();
    }

    private State.Task task(String name, JsonNode node, String where) {
        String resource = text(node, "Resource", where).orElse("");
        if (!node.has("Resource")) {
            problems.add(where + ".Resource: required");
        }
        TaskResource parsed = TaskResource.parse(resource);
        checkResource(parsed, where + ".Resource");
        State.Seconds timeout = seconds(node, "TimeoutSeconds", "TimeoutSecondsPath", where);
        State.Seconds heartbeat = seconds(node, "HeartbeatSeconds", "HeartbeatSecondsPath", where);
        if (timeout.fixed().isPresent() && heartbeat.fixed().isPresent()
                && heartbeat.fixed().getAsInt() >= timeout.fixed().getAsInt()) {
            problems.add(where + ".HeartbeatSeconds: must be smaller than TimeoutSeconds");
        }
        return new State.Task(name, parsed, transition(node, where), path(node, "InputPath", where, false),
                template(node, "Parameters", where), template(node, "ResultSelector", where),
                resultPath(node, "ResultPath", where), path(node, "OutputPath", where, false),
                retriers(node, where), catchers(node, where), timeout, heartbeat);
    }

    private void checkResource(TaskResource resource, String where) {
        String target = resource.target();
        if (target.isEmpty()) {
            return;
        }
        if (target.contains(".sync")) {
            problems.add(where + ": the .sync integration pattern is not supported by the local runner");
        } else if (target.contains(":activity:")) {
            problems.add(where + ": activities are not supported by the local runner");
        } else if (resource.waitsForTaskToken() && target.startsWith("arn:aws:states:::dynamodb:")) {
            problems.add(where + ": Step Functions' DynamoDB integration has no .waitForTaskToken pattern; use"
                    + " arn:aws:states:::aws-sdk:dynamodb:… or arn:aws:states:::lambda:invoke.waitForTaskToken");
        } else if (resource.waitsForTaskToken() && target.startsWith("arn:aws:lambda:")) {
            problems.add(where + ": a Lambda function ARN cannot wait for a task token; use"
                    + " arn:aws:states:::lambda:invoke.waitForTaskToken with FunctionName");
        } else if (!target.startsWith("arn:")) {
            problems.add(where + ": '" + target + "' is not an ARN");
        }
    }

    private State.Choice choice(String name, JsonNode node, String where) {
        JsonNode choices = node.get("Choices");
        List<State.Choice.Branch> branches = new ArrayList<>();
        if (choices == null || !choices.isArray() || choices.isEmpty()) {
            problems.add(where + ".Choices: required, a non-empty array of rules");
        } else {
            for (int i = 0; i < choices.size(); i++) {
                String at = where + ".Choices[" + i + "]";
                JsonNode choice = choices.get(i);
                Optional<String> next = text(choice, "Next", at);
                if (next.isEmpty()) {
                    problems.add(at + ".Next: required");
                } else {
                    target(next.get(), at + ".Next");
                }
                ChoiceRule rule = rule(choice, at, true);
                if (rule != null && next.isPresent()) {
                    branches.add(new State.Choice.Branch(rule, next.get()));
                }
            }
        }
        Optional<String> defaultState = text(node, "Default", where);
        defaultState.ifPresent(state -> target(state, where + ".Default"));
        for (String field : List.of("Next", "End")) {
            if (node.has(field)) {
                problems.add(where + "." + field + ": a Choice state has no " + field + "; its rules and Default choose");
            }
        }
        return new State.Choice(name, path(node, "InputPath", where, false), path(node, "OutputPath", where, false),
                List.copyOf(branches), defaultState);
    }

    private ChoiceRule rule(JsonNode node, String where, boolean topLevel) {
        if (!node.isObject()) {
            problems.add(where + ": a choice rule must be an object");
            return null;
        }
        Set<String> allowed = new HashSet<>(Set.of("Comment", "And", "Or", "Not", "Variable", "Next"));
        if (!topLevel && node.has("Next")) {
            problems.add(where + ".Next: only top-level choice rules have Next");
        }
        for (String field : List.of("And", "Or")) {
            if (node.has(field)) {
                JsonNode rules = node.get(field);
                unknownFields(node, Set.of(field, "Next", "Comment"), where);
                if (!rules.isArray() || rules.isEmpty()) {
                    problems.add(where + "." + field + ": must be a non-empty array of rules");
                    return null;
                }
                List<ChoiceRule> parsed = new ArrayList<>();
                for (int i = 0; i < rules.size(); i++) {
                    ChoiceRule rule = rule(rules.get(i), where + "." + field + "[" + i + "]", false);
                    if (rule != null) {
                        parsed.add(rule);
                    }
                }
                return field.equals("And") ? new ChoiceRule.And(List.copyOf(parsed)) : new ChoiceRule.Or(List.copyOf(parsed));
            }
        }
        if (node.has("Not")) {
            unknownFields(node, Set.of("Not", "Next", "Comment"), where);
            ChoiceRule inner = rule(node.get("Not"), where + ".Not", false);
            return inner == null ? null : new ChoiceRule.Not(inner);
        }
        List<ComparisonOperator> operators = new ArrayList<>();
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String field = names.next();
            Optional<ComparisonOperator> operator = ComparisonOperator.byField(field);
            if (operator.isPresent()) {
                operators.add(operator.get());
            } else if (!allowed.contains(field)) {
                problems.add(where + "." + field + ": not a comparison operator or a field of a choice rule");
            }
        }
        if (operators.size() != 1) {
            problems.add(where + ": a comparison needs exactly one operator (StringEquals, NumericLessThan, IsPresent,"
                    + " …) but has " + operators.size());
            return null;
        }
        Optional<String> variable = text(node, "Variable", where);
        if (variable.isEmpty()) {
            problems.add(where + ".Variable: required");
            return null;
        }
        referencePath(variable.get(), where + ".Variable");
        ComparisonOperator operator = operators.get(0);
        JsonNode operand = node.get(operator.field());
        String at = where + "." + operator.field();
        if (operator.isPath()) {
            if (!operand.isTextual()) {
                problems.add(at + ": must be a path");
                return null;
            }
            referencePath(operand.textValue(), at);
        } else {
            switch (operator.family()) {
                case STRING:
                case STRING_MATCH:
                    if (!operand.isTextual()) {
                        problems.add(at + ": must be a string");
                    }
                    break;
                case NUMERIC:
                    if (!operand.isNumber()) {
                        problems.add(at + ": must be a number");
                    }
                    break;
                case BOOLEAN:
                case TYPE_TEST:
                    if (!operand.isBoolean()) {
                        problems.add(at + ": must be true or false");
                    }
                    break;
                case TIMESTAMP:
                    if (Timestamps.parse(operand).isEmpty()) {
                        problems.add(at + ": must be an RFC 3339 timestamp such as 2026-01-31T12:00:00Z");
                    }
                    break;
                default:
                    break;
            }
        }
        return new ChoiceRule.Comparison(variable.get(), operator, operand);
    }

    private State.Wait.Until until(JsonNode node, String where) {
        List<String> given = new ArrayList<>();
        for (String field : List.of("Seconds", "SecondsPath", "Timestamp", "TimestampPath")) {
            if (node.has(field)) {
                given.add(field);
            }
        }
        if (given.size() != 1) {
            problems.add(where + ": a Wait state needs exactly one of Seconds, SecondsPath, Timestamp, TimestampPath"
                    + (given.isEmpty() ? "" : " but has " + given));
            return new State.Wait.Seconds(0);
        }
        String field = given.get(0);
        JsonNode value = node.get(field);
        switch (field) {
            case "Seconds":
                if (!value.canConvertToLong() || !value.isIntegralNumber() || value.longValue() < 0) {
                    problems.add(where + ".Seconds: must be a non-negative integer");
                    return new State.Wait.Seconds(0);
                }
                return new State.Wait.Seconds(value.longValue());
            case "Timestamp":
                if (Timestamps.parse(value).isEmpty()) {
                    problems.add(where + ".Timestamp: must be an RFC 3339 timestamp such as 2026-01-31T12:00:00Z");
                    return new State.Wait.Timestamp(Instant.EPOCH);
                }
                return new State.Wait.Timestamp(Timestamps.parse(value).get());
            case "SecondsPath":
                return new State.Wait.SecondsPath(referencePath(value, where + ".SecondsPath"));
            default:
                return new State.Wait.TimestampPath(referencePath(value, where + ".TimestampPath"));
        }
    }

    private List<Retrier> retriers(JsonNode node, String where) {
        JsonNode retry = node.get("Retry");
        List<Retrier> retriers = new ArrayList<>();
        if (retry == null) {
            return retriers;
        }
        if (!retry.isArray()) {
            problems.add(where + ".Retry: must be an array of retriers");
            return retriers;
        }
        for (int i = 0; i < retry.size(); i++) {
            String at = where + ".Retry[" + i + "]";
            JsonNode retrier = retry.get(i);
            unknownFields(retrier, Set.of("ErrorEquals", "IntervalSeconds", "MaxAttempts", "BackoffRate",
                    "MaxDelaySeconds", "JitterStrategy", "Comment"), at);
            List<String> errors = errorEquals(retrier, at, i == retry.size() - 1);
            int interval = intAtLeast(retrier, "IntervalSeconds", at, 1, 1);
            int attempts = intAtLeast(retrier, "MaxAttempts", at, 0, 3);
            double backoff = 2.0;
            if (retrier.has("BackoffRate")) {
                JsonNode rate = retrier.get("BackoffRate");
                if (!rate.isNumber() || rate.doubleValue() < 1.0) {
                    problems.add(at + ".BackoffRate: must be a number of at least 1.0");
                } else {
                    backoff = rate.doubleValue();
                }
            }
            OptionalInt maxDelay = positiveInt(retrier, "MaxDelaySeconds", at);
            boolean jitter = false;
            if (retrier.has("JitterStrategy")) {
                String strategy = retrier.get("JitterStrategy").asText();
                if (!strategy.equals("FULL") && !strategy.equals("NONE")) {
                    problems.add(at + ".JitterStrategy: must be FULL or NONE");
                }
                jitter = strategy.equals("FULL");
            }
            retriers.add(new Retrier(errors, interval, attempts, backoff, maxDelay, jitter));
        }
        return List.copyOf(retriers);
    }

    private List<Catcher> catchers(JsonNode node, String where) {
        JsonNode catchField = node.get("Catch");
        List<Catcher> catchers = new ArrayList<>();
        if (catchField == null) {
            return catchers;
        }
        if (!catchField.isArray()) {
            problems.add(where + ".Catch: must be an array of catchers");
            return catchers;
        }
        for (int i = 0; i < catchField.size(); i++) {
            String at = where + ".Catch[" + i + "]";
            JsonNode catcher = catchField.get(i);
            unknownFields(catcher, Set.of("ErrorEquals", "Next", "ResultPath", "Comment"), at);
            List<String> errors = errorEquals(catcher, at, i == catchField.size() - 1);
            Optional<String> next = text(catcher, "Next", at);
            if (next.isEmpty()) {
                problems.add(at + ".Next: required");
            } else {
                target(next.get(), at + ".Next");
            }
            catchers.add(new Catcher(errors, resultPath(catcher, "ResultPath", at), next.orElse("")));
        }
        return List.copyOf(catchers);
    }

    private List<String> errorEquals(JsonNode node, String where, boolean last) {
        JsonNode errors = node.get("ErrorEquals");
        List<String> names = new ArrayList<>();
        if (errors == null || !errors.isArray() || errors.isEmpty()) {
            problems.add(where + ".ErrorEquals: required, a non-empty array of error names");
            return names;
        }
        for (JsonNode error : errors) {
            if (!error.isTextual() || error.textValue().isEmpty()) {
                problems.add(where + ".ErrorEquals: every entry must be a non-empty string");
            } else {
                names.add(error.textValue());
            }
        }
        if (names.contains(StatesErrors.ALL) && (names.size() > 1 || !last)) {
            problems.add(where + ".ErrorEquals: States.ALL must appear alone, in the last entry");
        }
        return List.copyOf(names);
    }

    private State.Transition transition(JsonNode node, String where) {
        boolean hasNext = node.has("Next");
        boolean end = node.has("End") && node.get("End").isBoolean() && node.get("End").booleanValue();
        if (node.has("End") && !node.get("End").isBoolean()) {
            problems.add(where + ".End: must be true or false");
        }
        if (hasNext && end) {
            problems.add(where + ": has both Next and End; a state either goes on or ends");
            return State.Transition.END;
        }
        if (!hasNext && !end) {
            problems.add(where + ": needs Next or \"End\": true");
            return State.Transition.END;
        }
        if (end) {
            return State.Transition.END;
        }
        Optional<String> next = text(node, "Next", where);
        next.ifPresent(state -> target(state, where + ".Next"));
        return next.map(State.Transition::to).orElse(State.Transition.END);
    }

    private void noTransition(JsonNode node, String where, String type) {
        for (String field : List.of("Next", "End")) {
            if (node.has(field)) {
                problems.add(where + "." + field + ": a " + type + " state ends the execution and has no " + field);
            }
        }
    }

    private void target(String state, String where) {
        if (!stateNames.contains(state)) {
            problems.add(where + ": no state named '" + state + "'");
        }
    }

    private PathField path(JsonNode node, String field, String where, boolean reference) {
        if (!node.has(field)) {
            return PathField.WHOLE;
        }
        JsonNode value = node.get(field);
        if (value.isNull()) {
            return PathField.NOTHING;
        }
        String path = reference ? referencePath(value, where + "." + field) : anyPath(value, where + "." + field);
        return PathField.of(path);
    }

    private PathField resultPath(JsonNode node, String field, String where) {
        int before = problems.size();
        PathField path = path(node, field, where, true);
        if (path.kind() == PathField.Kind.PATH && problems.size() == before) {
            if (JsonPaths.readsContext(path.path())) {
                problems.add(where + "." + field + ": cannot write into the context object");
            } else {
                try {
                    for (Object segment : JsonPaths.segments(path.path())) {
                        if (segment instanceof Integer) {
                            problems.add(where + "." + field + ": array indexes are not supported in a ResultPath");
                            break;
                        }
                    }
                } catch (RuntimeException e) {
                    problems.add(where + "." + field + ": " + e.getMessage());
                }
            }
        }
        return path;
    }

    private String anyPath(JsonNode value, String where) {
        if (!value.isTextual()) {
            problems.add(where + ": must be a path or null");
            return "$";
        }
        try {
            JsonPaths.check(value.textValue());
        } catch (IllegalArgumentException e) {
            problems.add(where + ": " + e.getMessage());
        }
        return value.textValue();
    }

    private String referencePath(JsonNode value, String where) {
        if (!value.isTextual()) {
            problems.add(where + ": must be a reference path");
            return "$";
        }
        return referencePath(value.textValue(), where);
    }

    private String referencePath(String path, String where) {
        try {
            JsonPaths.checkReference(path);
        } catch (IllegalArgumentException e) {
            problems.add(where + ": " + e.getMessage());
        }
        return path;
    }

    private Optional<PayloadTemplate> template(JsonNode node, String field, String where) {
        if (!node.has(field)) {
            return Optional.empty();
        }
        try {
            return Optional.of(PayloadTemplate.compile(node.get(field)));
        } catch (IllegalArgumentException e) {
            problems.add(where + "." + field + e.getMessage().replaceFirst("^(?=[^.\\[])", ": "));
            return Optional.empty();
        }
    }

    private Optional<State.TextSource> textSource(JsonNode node, String field, String pathField, String where) {
        if (node.has(field) && node.has(pathField)) {
            problems.add(where + ": has both " + field + " and " + pathField);
            return Optional.empty();
        }
        if (node.has(field)) {
            return text(node, field, where).map(State.Constant::new);
        }
        if (!node.has(pathField)) {
            return Optional.empty();
        }
        JsonNode value = node.get(pathField);
        String at = where + "." + pathField;
        if (value.isTextual() && Intrinsic.looksLikeIntrinsic(value.textValue())) {
            try {
                return Optional.of(new State.FromIntrinsic(Intrinsic.parse(value.textValue())));
            } catch (IllegalArgumentException e) {
                problems.add(at + ": " + e.getMessage());
                return Optional.empty();
            }
        }
        return Optional.of(new State.FromPath(referencePath(value, at)));
    }

    private State.Seconds seconds(JsonNode node, String field, String pathField, String where) {
        if (node.has(field) && node.has(pathField)) {
            problems.add(where + ": has both " + field + " and " + pathField);
            return State.Seconds.NONE;
        }
        if (node.has(pathField)) {
            return new State.Seconds(OptionalInt.empty(), Optional.of(referencePath(node.get(pathField),
                    where + "." + pathField)));
        }
        return new State.Seconds(positiveInt(node, field, where), Optional.empty());
    }

    private OptionalInt positiveInt(JsonNode node, String field, String where) {
        if (!node.has(field)) {
            return OptionalInt.empty();
        }
        JsonNode value = node.get(field);
        if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() < 1
                || value.intValue() > MAX_TIMEOUT_SECONDS) {
            problems.add(where + "." + field + ": must be an integer from 1 to " + MAX_TIMEOUT_SECONDS);
            return OptionalInt.empty();
        }
        return OptionalInt.of(value.intValue());
    }

    private int intAtLeast(JsonNode node, String field, String where, int min, int fallback) {
        if (!node.has(field)) {
            return fallback;
        }
        JsonNode value = node.get(field);
        if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() < min) {
            problems.add(where + "." + field + ": must be an integer of at least " + min);
            return fallback;
        }
        return value.intValue();
    }

    private Optional<String> text(JsonNode node, String field, String where) {
        JsonNode value = node.get(field);
        if (value == null) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            problems.add(where + "." + field + ": must be a string");
            return Optional.empty();
        }
        return Optional.of(value.textValue());
    }

    private void unknownFields(JsonNode node, Set<String> allowed, String where) {
        if (!node.isObject()) {
            problems.add(where + ": must be a JSON object");
            return;
        }
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String field = names.next();
            if (allowed.contains(field)) {
                continue;
            }
            if (JSONATA_FIELDS.contains(field)) {
                problems.add(where + "." + field + ": JSONata and variables are not supported by the local runner");
            } else if (field.equals("Credentials")) {
                problems.add(where + ".Credentials: cross-account tasks are not supported by the local runner");
            } else {
                problems.add(where + "." + field + ": unknown field");
            }
        }
    }

    private void unreachable(String startAt, Map<String, State> states) {
        Set<String> seen = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(startAt));
        while (!todo.isEmpty()) {
            String name = todo.pop();
            if (!seen.add(name) || !states.containsKey(name)) {
                continue;
            }
            State state = states.get(name);
            if (state instanceof State.Task) {
                State.Task task = (State.Task) state;
                task.transition().next().ifPresent(todo::push);
                task.catchers().forEach(c -> todo.push(c.next()));
            } else if (state instanceof State.Pass) {
                ((State.Pass) state).transition().next().ifPresent(todo::push);
            } else if (state instanceof State.Wait) {
                ((State.Wait) state).transition().next().ifPresent(todo::push);
            } else if (state instanceof State.Choice) {
                State.Choice choice = (State.Choice) state;
                choice.choices().forEach(b -> todo.push(b.next()));
                choice.defaultState().ifPresent(todo::push);
            }
        }
        for (String name : states.keySet()) {
            if (!seen.contains(name)) {
                problems.add("States." + name + ": cannot be reached from StartAt");
            }
        }
    }
}
