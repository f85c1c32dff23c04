package dev.breakfix.local.stepfunctions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.breakfix.local.stepfunctions.asl.Json;
import dev.breakfix.local.stepfunctions.store.InMemoryExecutionStore;
import dev.breakfix.local.stepfunctions.tasks.TaskFailure;
import dev.breakfix.local.stepfunctions.tasks.TaskRequest;
import dev.breakfix.local.stepfunctions.tasks.TaskResources;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every case of {@code src/test/resources/corpus} on aws-local-stepfunctions (through
 * {@code src/test/node/reference.mjs}) and on this runner, and requires the same outcome: the same
 * output, or the same error and cause. A case may declare a known difference for a run (a bug of the
 * reference engine, with the reason): then both engines must give exactly the outcomes declared.
 *
 * <p>Causes of errors that the engines raise themselves ({@code States.*}) are each engine's own
 * prose and are not compared; their error names are.
 */
class DifferentialTest {
    private static final Path CORPUS = Path.of("src/test/resources/corpus");
    private static final Path REFERENCE_SCRIPT = Path.of("src/test/node/reference.mjs");
    private static final String MACHINE = "corpus";
    private static final String ENGINE_TEXT = "<cause written by the engine>";

    private static Map<String, JsonNode> cases;
    private static JsonNode reference;
    private static final Map<String, JsonNode> RUNNER = new ConcurrentHashMap<>();

    @BeforeAll
    static void runBothEngines() throws Exception {
        cases = new LinkedHashMap<>();
        List<String> files = new ArrayList<>();
        try (Stream<Path> paths = Files.list(CORPUS)) {
            for (Path file : paths.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                cases.put(file.getFileName().toString(), Json.parse(Files.readString(file)));
                files.add(file.toString());
            }
        }
        reference = runReference(files);
        List<Thread> threads = new ArrayList<>();
        for (Map.Entry<String, JsonNode> testCase : cases.entrySet()) {
            Thread thread = new Thread(() -> runOnRunner(testCase.getKey(), testCase.getValue()));
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join(TimeUnit.SECONDS.toMillis(60));
        }
    }

    @TestFactory
    Stream<DynamicTest> corpus_shouldGiveTheSameOutcomeOnBothEngines_whenEachCaseRuns() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Map.Entry<String, JsonNode> testCase : cases.entrySet()) {
            for (JsonNode run : testCase.getValue().get("runs")) {
                String key = testCase.getKey() + "#" + run.get("name").asText();
                JsonNode known = testCase.getValue().path("knownDifferences").path(run.get("name").asText());
                tests.add(DynamicTest.dynamicTest(key, () -> compare(key, known)));
            }
        }
        return tests.stream();
    }

    @Test
    void corpus_shouldCoverEveryConstructBothEnginesSupport_whenCounted() {
        String all = cases.values().stream().map(c -> c.get("definition").toString()).reduce("", String::concat);
        for (String construct : List.of("\"Task\"", "\"Pass\"", "\"Choice\"", "\"Wait\"", "\"Succeed\"", "\"Fail\"",
                "InputPath", "OutputPath", "ResultPath", "ResultSelector", "Parameters", "\"Result\"", "Retry", "Catch",
                "TimeoutSeconds", "TimeoutSecondsPath", "SecondsPath", "TimestampPath", "\"Timestamp\"", "ErrorPath",
                "CausePath", "\"And\"", "\"Or\"", "\"Not\"", "Default", "$$.", "States.Format", "States.StringToJson",
                "States.JsonToString", "States.Array(", "States.ArrayLength", "States.ArrayContains", "States.MathAdd",
                "States.UUID", "States.StringSplit", "States.Base64Encode", "States.Base64Decode", "IsNull", "IsPresent",
                "IsString", "IsNumeric", "IsBoolean", "IsTimestamp", "StringMatches", "BooleanEqualsPath",
                "NumericGreaterThanEqualsPath", "TimestampLessThanEqualsPath", "StringGreaterThanEqualsPath")) {
            assertThat(all.contains(construct)).as("the corpus uses %s", construct).isTrue();
        }
        int runs = cases.values().stream().mapToInt(c -> c.get("runs").size()).sum();
        assertThat(runs).isGreaterThanOrEqualTo(60);
    }

    private static void compare(String key, JsonNode known) {
        JsonNode expectedReference = reference.get(key);
        JsonNode actual = RUNNER.get(key);
        assertThat(expectedReference).as("reference result of %s", key).isNotNull();
        assertThat(actual).as("runner result of %s", key).isNotNull();
        if (known.isMissingNode()) {
            assertThat(Json.sameValue(normalize(actual), normalize(expectedReference)))
                    .as("%s%n runner:    %s%n reference: %s", key, normalize(actual), normalize(expectedReference))
                    .isTrue();
        } else {
            assertThat(Json.sameValue(normalize(expectedReference), normalize(known.get("reference"))))
                    .as("%s: the reference engine no longer gives the documented result (%s); was it fixed?%n"
                            + " reference: %s", key, known.get("reason").asText(), normalize(expectedReference))
                    .isTrue();
            assertThat(Json.sameValue(normalize(actual), normalize(known.get("runner"))))
                    .as("%s%n runner:   %s%n expected: %s", key, normalize(actual), normalize(known.get("runner")))
                    .isTrue();
        }
    }

    /** Leaves out what each engine writes in its own words: causes of {@code States.*} errors. */
    private static JsonNode normalize(JsonNode result) {
        JsonNode copy = result.deepCopy();
        if (copy.isObject() && copy.path("error").asText("").startsWith("States.")) {
            ((ObjectNode) copy).put("cause", ENGINE_TEXT);
        }
        normalizeCaught(copy);
        return copy;
    }

    private static void normalizeCaught(JsonNode node) {
        if (node.isObject()) {
            if (node.path("Error").asText("").startsWith("States.") && node.has("Cause")) {
                ((ObjectNode) node).put("Cause", ENGINE_TEXT);
            }
            Iterator<JsonNode> values = node.elements();
            while (values.hasNext()) {
                normalizeCaught(values.next());
            }
        } else if (node.isArray()) {
            node.forEach(DifferentialTest::normalizeCaught);
        }
    }

    private static JsonNode runReference(List<String> files) throws IOException, InterruptedException {
        Path nodeModules = NodeTools.nodeModules();
        if (!Files.isDirectory(nodeModules.resolve("aws-local-stepfunctions"))) {
            throw new IllegalStateException("aws-local-stepfunctions is not installed in " + nodeModules
                    + ": run `npm ci` in local/");
        }
        List<String> command = new ArrayList<>(List.of("node", REFERENCE_SCRIPT.toString(), nodeModules.toString()));
        command.addAll(files);
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        byte[] out = process.getInputStream().readAllBytes();
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("the reference engine failed: " + new String(out, StandardCharsets.UTF_8));
        }
        return Json.parse(new String(out, StandardCharsets.UTF_8));
    }

    private static void runOnRunner(String file, JsonNode testCase) {
        Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
        JsonNode behaviours = testCase.path("tasks");
        TaskResources tasks = new TaskResources().registerPrefix("arn:aws:lambda:", request -> {
            JsonNode list = behaviours.get(request.stateName());
            if (list == null) {
                throw new TaskFailure("Corpus.NoBehaviour", "no fake behaviour for state " + request.stateName());
            }
            int call = calls.computeIfAbsent(request.executionName() + "/" + request.stateName(),
                    k -> new AtomicInteger()).getAndIncrement();
            return perform(list.get(Math.min(call, list.size() - 1)), request);
        });
        try (StateMachineRunner runner = StateMachineRunner.builder().store(new InMemoryExecutionStore()).tasks(tasks)
                .delayOverrides(new DelayOverrides(millis(testCase.path("waitOverridesMs")),
                        millis(testCase.path("retryOverridesMs"))))
                .taskThreads(32).build()) {
            String arn = runner.register(MACHINE, testCase.get("definition").toString(), Map.of());
            Map<String, String> executions = new LinkedHashMap<>();
            for (JsonNode run : testCase.get("runs")) {
                String name = run.get("name").asText();
                executions.put(name, runner.startExecution(arn, Optional.of(name),
                        Optional.of(run.get("input").toString())).executionArn());
            }
            for (Map.Entry<String, String> execution : executions.entrySet()) {
                ExecutionDescription done = runner.awaitCompletion(execution.getValue(), Duration.ofSeconds(30));
                RUNNER.put(file + "#" + execution.getKey(), outcome(done));
            }
        } catch (Exception e) {
            for (JsonNode run : testCase.get("runs")) {
                RUNNER.put(file + "#" + run.get("name").asText(),
                        Json.object().put("status", "RUNNER_ERROR").put("message", String.valueOf(e.getMessage())));
            }
        }
    }

    private static JsonNode perform(JsonNode behaviour, TaskRequest request) throws TaskFailure {
        if (behaviour.has("sleepMs")) {
            try {
                Thread.sleep(behaviour.get("sleepMs").asLong());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
            return perform(behaviour.has("then") ? behaviour.get("then") : Json.parse("{\"echo\":true}"), request);
        }
        if (behaviour.has("fail")) {
            throw new TaskFailure(behaviour.get("fail").get("error").asText(), behaviour.get("fail").get("cause").asText());
        }
        if (behaviour.has("return")) {
            return behaviour.get("return").deepCopy();
        }
        return request.input();
    }

    private static JsonNode outcome(ExecutionDescription done) {
        ObjectNode outcome = Json.object().put("status", done.status().name());
        switch (done.status()) {
            case SUCCEEDED:
                outcome.set("output", done.output().orElse(Json.nodes().nullNode()));
                break;
            case FAILED:
                outcome.put("error", done.error().orElse(null)).put("cause", done.cause().orElse(null));
                break;
            default:
                break;
        }
        return outcome;
    }

    private static Map<String, Duration> millis(JsonNode overrides) {
        Map<String, Duration> out = new HashMap<>();
        overrides.fields().forEachRemaining(e -> out.put(e.getKey(), Duration.ofMillis(e.getValue().asLong())));
        return out;
    }
}
