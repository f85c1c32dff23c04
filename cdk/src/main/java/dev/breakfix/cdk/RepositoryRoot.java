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
    static final String SESSION_STATE_MACHINE = "statemachines/session.asl.json";
    static final String SCENARIO_FOLDER = "scenario-amis";
    /** The website as {@code npm run build} writes it in {@code frontend/}. */
    static final String WEBSITE_FOLDER = "frontend/dist";
    /** The API's description, served beside the website at {@code /docs/openapi.yaml}. */
    static final String OPENAPI_DOCUMENT = "docs/openapi.yaml";

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

    /** One of the Lambda packages {@code mvn package} builds (a zip); it must have been built. */
    public Path lambdaPackage(LambdaPackages.Package pack) {
        Path zip = path.resolve(pack.path());
        if (!Files.isRegularFile(zip)) {
            throw new IllegalStateException(zip + " is missing: build the Lambda packages first with"
                    + " `mvn package -DskipTests -pl cdk -am` (or ./breakfix synth)");
        }
        return zip;
    }

    /** The built website ({@code frontend/dist}, with its {@code index.html}); it must have been built. */
    public Path website() {
        Path folder = path.resolve(WEBSITE_FOLDER);
        if (!Files.isRegularFile(folder.resolve("index.html"))) {
            throw new IllegalStateException(folder + " holds no built website: run `npm ci && npm run build`"
                    + " in frontend/ first (./breakfix synth does it)");
        }
        return folder;
    }

    /** {@code docs/openapi.yaml}, which the website's API page reads at {@code /docs/openapi.yaml}. */
    public Path openApiDocument() {
        return existing(path.resolve(OPENAPI_DOCUMENT));
    }

    /** The session state machine, as the local runner also reads it. */
    public Path sessionStateMachine() {
        return existing(path.resolve(SESSION_STATE_MACHINE));
    }

    /** The scenario folders and the base image ({@code scenario-amis/}). */
    public Path scenarioFolder() {
        return existing(path.resolve(SCENARIO_FOLDER));
    }

    private static Path existing(Path file) {
        if (!Files.exists(file)) {
            throw new IllegalStateException(file + " is missing from the checkout");
        }
        return file;
    }
}
