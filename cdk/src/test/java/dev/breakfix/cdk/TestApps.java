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
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.lambda.Code;

/**
 * What the CDK tests share: an {@link App} with the same context {@code cdk synth} gets (cdk.json's
 * feature flags), a stand-in Lambda package (so the tests do not depend on the shaded jar being
 * built), and templates as JSON trees to walk.
 */
public final class TestApps {
    public static final ObjectMapper JSON = new ObjectMapper();
    public static final Environment ENVIRONMENT = BreakfixApp.environment(Map.of());

    private TestApps() {}

    /** An app with cdk.json's context, and construct paths on resources as {@code cdk synth} puts them. */
    public static App app() {
        Map<String, Object> context = new LinkedHashMap<>(RepositoryRoot.findFrom(Path.of("")).cdkContext());
        context.put("aws:cdk:enable-path-metadata", true);
        return new App(AppProps.builder().context(context).build());
    }

    /** A small zip standing in for the shaded jar: the handler classes are named, never loaded. */
    public static Code fakeApiPackage(Path folder) {
        Path jar = folder.resolve("fake-api-lambda.jar");
        try (OutputStream file = Files.newOutputStream(jar); ZipOutputStream zip = new ZipOutputStream(file)) {
            zip.putNextEntry(new ZipEntry("README.txt"));
            zip.write("stand-in for functions/api/target/breakfix-api-lambda.jar".getBytes(StandardCharsets.UTF_8));
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
