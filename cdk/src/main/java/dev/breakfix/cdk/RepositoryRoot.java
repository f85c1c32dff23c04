package dev.breakfix.cdk;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The breakfix checkout the app is synthesized from: the nearest folder, from where the app runs
 * upwards, that holds {@code cdk.json} and {@code functions/}. {@code cdk synth} runs the app from
 * the repository root, Maven runs the tests from {@code cdk/}; both find the same root.
 */
public record RepositoryRoot(Path path) {
    /** The shaded jar {@code mvn package} builds from {@code functions/api}: every API handler. */
    static final String API_LAMBDA_JAR = "functions/api/target/breakfix-api-lambda.jar";
    /** The shaded jar {@code mvn package} builds from {@code functions/workflow}: every workflow task. */
    static final String WORKFLOW_LAMBDA_JAR = "functions/workflow/target/breakfix-workflow-lambda.jar";
    /** The shaded jar {@code mvn package} builds from {@code functions/reaper}. */
    static final String REAPER_LAMBDA_JAR = "functions/reaper/target/breakfix-reaper-lambda.jar";
    static final String SESSION_STATE_MACHINE = "statemachines/session.asl.json";
    static final String SCENARIO_FOLDER = "scenario-amis";

    public static RepositoryRoot findFrom(Path start) {
        for (Path folder = start.toAbsolutePath().normalize(); folder != null; folder = folder.getParent()) {
            if (Files.isRegularFile(folder.resolve("cdk.json")) && Files.isDirectory(folder.resolve("functions"))) {
                return new RepositoryRoot(folder);
            }
        }
        throw new IllegalStateException("no breakfix checkout (a folder with cdk.json and functions/) at or above "
                + start.toAbsolutePath());
    }

    /**
     * The {@code context} of {@code cdk.json} (feature flags, settings). The CDK CLI hands it to the
     * app; tests give it to their {@code App} so that they check what {@code cdk synth} produces.
     */
    public Map<String, Object> cdkContext() {
        Path file = path.resolve("cdk.json");
        try {
            JsonNode context = new ObjectMapper().readTree(file.toFile()).path("context");
            return context.isObject()
                    ? new ObjectMapper().convertValue(context, new TypeReference<Map<String, Object>>() {})
                    : Map.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** The API handlers' Lambda package; it must have been built. */
    public Path apiLambdaJar() {
        return built(API_LAMBDA_JAR);
    }

    /** The session workflow's task handlers' Lambda package; it must have been built. */
    public Path workflowLambdaJar() {
        return built(WORKFLOW_LAMBDA_JAR);
    }

    /** The reaper's Lambda package; it must have been built. */
    public Path reaperLambdaJar() {
        return built(REAPER_LAMBDA_JAR);
    }

    /** The session state machine, as the local runner also reads it. */
    public Path sessionStateMachine() {
        return existing(path.resolve(SESSION_STATE_MACHINE));
    }

    /** The scenario folders and the base image ({@code scenario-amis/}). */
    public Path scenarioFolder() {
        return existing(path.resolve(SCENARIO_FOLDER));
    }

    private Path built(String relative) {
        Path jar = path.resolve(relative);
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build it first with"
                    + " `mvn package -DskipTests -pl cdk -am` (or ./breakfix synth)");
        }
        return jar;
    }

    private static Path existing(Path file) {
        if (!Files.exists(file)) {
            throw new IllegalStateException(file + " is missing from the checkout");
        }
        return file;
    }
}
