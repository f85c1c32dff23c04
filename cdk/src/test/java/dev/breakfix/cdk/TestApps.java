package dev.breakfix.cdk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import dev.breakfix.cdk.stateful.RecordingsLifecycle;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.lambda.Code;

/**
 * What the CDK tests share: an {@link App} with the same context {@code cdk synth} gets (cdk.json's
 * feature flags), stand-in Lambda packages and website (so the template tests depend neither on
 * {@code mvn package} nor on {@code npm run build}; {@code LambdaPackagesTest} checks the real packages),
 * and templates as JSON trees to walk.
 */
public final class TestApps {
    public static final ObjectMapper JSON = new ObjectMapper();
    public static final Environment ENVIRONMENT = BreakfixApp.environment(Map.of());
    /** A non-default recordings lifecycle, so the tests prove that context reaches the stacks. */
    public static final RecordingsLifecycle LIFECYCLE = new RecordingsLifecycle(45, 400);
    public static final String ALARM_EMAIL = "operators@example.com";

    private static Synthesized shared;

    private TestApps() {}

    /**
     * The whole app, synthesized once per test JVM and shared by the test classes (each synthesis
     * costs seconds): cdk.json's context plus a few settings, stand-in Lambda packages, the real state
     * machine file and scenario folders.
     *
     * @param templates each stack's template by stack name
     */
    public record Synthesized(App app, BreakfixApp.Stacks stacks, Map<String, JsonNode> templates) {
        public JsonNode template(Stack stack) {
            return templates.get(stack.getStackName());
        }
    }

    public static synchronized Synthesized shared() {
        if (shared == null) {
            Path folder;
            try {
                folder = Files.createTempDirectory("breakfix-cdk-test");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            App app = app(Map.of(
                    RecordingsLifecycle.INFREQUENT_ACCESS_CONTEXT_KEY, LIFECYCLE.infrequentAccessAfterDays(),
                    RecordingsLifecycle.EXPIRE_CONTEXT_KEY, LIFECYCLE.expireAfterDays(),
                    "alarmEmail", ALARM_EMAIL));
            BreakfixApp.Stacks stacks = BreakfixApp.build(app, ENVIRONMENT, Settings.from(app, ENVIRONMENT),
                    sources(folder));
            Map<String, JsonNode> templates = new LinkedHashMap<>();
            for (Stack stack : stacks.all()) {
                templates.put(stack.getStackName(), json(Template.fromStack(stack)));
            }
            shared = new Synthesized(app, stacks, templates);
        }
        return shared;
    }

    /**
     * Stand-in packages (one distinct zip per {@link LambdaPackages.Package}, so each function's code shows
     * which it got), a stand-in website, the checkout's state machine file, scenario folders and OpenAPI document.
     */
    public static BreakfixApp.Sources sources(Path folder) {
        RepositoryRoot root = RepositoryRoot.findFrom(Path.of(""));
        return new BreakfixApp.Sources(fakePackages(folder), root.sessionStateMachine(), root.scenarioFolder(),
                fakeWebsite(folder), root.openApiDocument());
    }

    /** A stand-in for each Lambda package. */
    public static Map<LambdaPackages.Package, Code> fakePackages(Path folder) {
        Map<LambdaPackages.Package, Code> packages = new java.util.EnumMap<>(LambdaPackages.Package.class);
        for (LambdaPackages.Package pack : LambdaPackages.Package.values()) {
            packages.put(pack, fakePackage(folder, "fake-" + pack.name().toLowerCase() + ".zip"));
        }
        return packages;
    }

    /** A stand-in for {@code frontend/dist}: an index page. */
    public static Path fakeWebsite(Path folder) {
        Path website = folder.resolve("website");
        try {
            Files.createDirectories(website);
            Files.writeString(website.resolve("index.html"), "<!doctype html><title>breakfix</title>");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return website;
    }

    /** An app with cdk.json's context, and construct paths on resources as {@code cdk synth} puts them. */
    public static App app() {
        return app(Map.of());
    }

    /** An app with cdk.json's context and {@code extra} on top (as {@code cdk synth -c} would add). */
    public static App app(Map<String, Object> extra) {
        Map<String, Object> context = new LinkedHashMap<>(RepositoryRoot.findFrom(Path.of("")).cdkContext());
        context.put("aws:cdk:enable-path-metadata", true);
        context.putAll(extra);
        return new App(AppProps.builder().context(context).build());
    }

    /** A small zip standing in for an API package: the handler classes are named, never loaded. */
    public static Code fakeApiPackage(Path folder) {
        return fakePackage(folder, "fake-api.zip");
    }

    /** A small zip standing in for a Lambda package, its content naming it (so each has its own asset hash). */
    public static Code fakePackage(Path folder, String name) {
        Path jar = folder.resolve(name);
        try (OutputStream file = Files.newOutputStream(jar); ZipOutputStream zip = new ZipOutputStream(file)) {
            zip.putNextEntry(new ZipEntry("README.txt"));
            zip.write(("stand-in Lambda package " + name).getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Code.fromAsset(jar.toString());
    }

    public static JsonNode json(Template template) {
        return JSON.valueToTree(template.toJSON());
    }

    /** The template's resources of one type, by logical id. */
    public static Map<String, JsonNode> resources(JsonNode template, String type) {
        Map<String, JsonNode> found = new LinkedHashMap<>();
        template.path("Resources").properties().forEach(entry -> {
            if (type.equals(entry.getValue().path("Type").asText())) {
                found.put(entry.getKey(), entry.getValue());
            }
        });
        return found;
    }

    /** The resource created by the construct at {@code path} (e.g. {@code Breakfix-Stateful/Sessions}). */
    public static Map.Entry<String, JsonNode> resourceAt(JsonNode template, String constructPath) {
        String wanted = constructPath + "/Resource";
        List<Map.Entry<String, JsonNode>> found = new ArrayList<>();
        template.path("Resources").properties().forEach(entry -> {
            if (wanted.equals(entry.getValue().path("Metadata").path("aws:cdk:path").asText())) {
                found.add(entry);
            }
        });
        if (found.size() != 1) {
            throw new AssertionError("expected one resource at " + wanted + ", found " + found.size());
        }
        return found.get(0);
    }

    /** {@code {"Ref": id}}. */
    public static JsonNode ref(String logicalId) {
        return JSON.createObjectNode().put("Ref", logicalId);
    }

    public static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
