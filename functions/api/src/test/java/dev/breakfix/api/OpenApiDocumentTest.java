package dev.breakfix.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.breakfix.api.ApiRoutes.Access;
import dev.breakfix.api.ApiRoutes.Route;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * docs/openapi.yaml, the API's contract for partners and the website, against the route table both
 * ways: every route is documented, nothing is documented that does not exist, and each says who may
 * call it as the route table does.
 */
class OpenApiDocumentTest {
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");
    private static final Pattern PARAMETER = Pattern.compile("\\{([^}]+)}");
    private static final JsonNode DOCUMENT = load();

    private static JsonNode load() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("docs/openapi.yaml"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("docs/openapi.yaml is not in any folder above " + Path.of("").toAbsolutePath());
        }
        try {
            return new ObjectMapper(new YAMLFactory()).readTree(dir.resolve("docs/openapi.yaml").toFile());
        } catch (IOException e) {
            throw new IllegalStateException("docs/openapi.yaml is not valid YAML", e);
        }
    }

    private static Set<String> documented() {
        Set<String> operations = new TreeSet<>();
        DOCUMENT.path("paths").fields().forEachRemaining(path -> path.getValue().fieldNames().forEachRemaining(method -> {
            if (METHODS.contains(method)) {
                operations.add(method.toUpperCase() + " " + path.getKey());
            }
        }));
        return operations;
    }

    private static JsonNode operation(Route route) {
        return DOCUMENT.path("paths").path(route.path()).path(route.method().toLowerCase());
    }

    @Test
    void document_shouldBeOpenApi3() {
        assertThat(DOCUMENT.path("openapi").asText()).startsWith("3.");
        assertThat(DOCUMENT.path("info").path("title").asText()).isNotBlank();
    }

    @Test
    void everyRoute_shouldBeDocumented() {
        Set<String> routes = ApiRoutes.ALL.stream().map(r -> r.method() + " " + r.path()).collect(Collectors.toCollection(TreeSet::new));

        assertThat(documented()).containsAll(routes);
    }

    @Test
    void nothing_shouldBeDocumented_thatIsNotARoute() {
        Set<String> routes = ApiRoutes.ALL.stream().map(r -> r.method() + " " + r.path()).collect(Collectors.toSet());

        assertThat(routes).containsAll(documented());
    }

    @Test
    void everyOperation_shouldSayWhoMayCallIt_asTheRouteTableDoes() {
        for (Route route : ApiRoutes.ALL) {
            JsonNode security = operation(route).path("security");
            Set<String> schemes = new TreeSet<>();
            security.forEach(requirement -> requirement.fieldNames().forEachRemaining(schemes::add));
            String where = route.method() + " " + route.path();
            assertThat(security.isArray()).as(where + " declares its security").isTrue();
            if (route.access() == Access.PUBLIC) {
                assertThat(schemes).as(where + " is public").isEmpty();
            } else {
                assertThat(schemes).as(where + " needs a caller").containsExactly("apiKey", "bearerAuth");
                assertThat(security).as(where + ": either credential, not both").hasSize(2);
                assertThat(operation(route).path("responses").has("401")).as(where + " documents 401").isTrue();
            }
        }
        assertThat(DOCUMENT.at("/components/securitySchemes/bearerAuth/scheme").asText()).isEqualTo("bearer");
        assertThat(DOCUMENT.at("/components/securitySchemes/apiKey/name").asText()).isEqualTo("x-api-key");
    }

    @Test
    void everyOperation_shouldHaveAUniqueId_aSuccessAndItsPathParameters() {
        Set<String> ids = new HashSet<>();
        for (Route route : ApiRoutes.ALL) {
            JsonNode operation = operation(route);
            String where = route.method() + " " + route.path();
            assertThat(ids.add(operation.path("operationId").asText())).as(where + " has a unique operationId").isTrue();
            List<String> statuses = new ArrayList<>();
            operation.path("responses").fieldNames().forEachRemaining(statuses::add);
            assertThat(statuses).as(where + " answers something in 2xx").anyMatch(s -> s.startsWith("2"));
            Set<String> declared = new TreeSet<>();
            operation.path("parameters").forEach(p -> {
                JsonNode parameter = resolve(p);
                if (parameter.path("in").asText().equals("path")) {
                    declared.add(parameter.path("name").asText());
                }
            });
            Set<String> inPath = new TreeSet<>();
            Matcher matcher = PARAMETER.matcher(route.path());
            while (matcher.find()) {
                inPath.add(matcher.group(1));
            }
            assertThat(declared).as(where + " declares its path parameters").isEqualTo(inPath);
        }
    }

    @Test
    void everyError_shouldHaveTheOneErrorShape() {
        for (Route route : ApiRoutes.ALL) {
            Iterator<Map.Entry<String, JsonNode>> responses = operation(route).path("responses").fields();
            while (responses.hasNext()) {
                Map.Entry<String, JsonNode> response = responses.next();
                if (Integer.parseInt(response.getKey()) >= 400) {
                    JsonNode schema = resolve(response.getValue()).at("/content/application~1json/schema");
                    assertThat(schema.path("$ref").asText()).as(route.method() + " " + route.path() + " " + response.getKey())
                            .isEqualTo("#/components/schemas/Error");
                }
            }
        }
    }

    @Test
    void everyReference_shouldResolve() {
        List<String> unresolved = new ArrayList<>();
        collectRefs(DOCUMENT, unresolved);
        assertThat(unresolved).isEmpty();
    }

    private static void collectRefs(JsonNode node, List<String> unresolved) {
        if (node.has("$ref") && DOCUMENT.at(node.get("$ref").asText().substring(1)).isMissingNode()) {
            unresolved.add(node.get("$ref").asText());
        }
        node.elements().forEachRemaining(child -> collectRefs(child, unresolved));
    }

    private static JsonNode resolve(JsonNode node) {
        return node.has("$ref") ? DOCUMENT.at(node.get("$ref").asText().substring(1)) : node;
    }
}
