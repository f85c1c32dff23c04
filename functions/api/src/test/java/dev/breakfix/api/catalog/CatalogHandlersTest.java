package dev.breakfix.api.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import com.fasterxml.jackson.databind.JsonNode;
import dev.breakfix.api.FixturePlatform;
import dev.breakfix.api.http.ApiResponses;
import org.junit.jupiter.params.ParameterizedTest;

class CatalogHandlersTest {
    private final FixturePlatform platform = new FixturePlatform();

    @ParameterizedTest
    @Event(value = "events/get-scenarios.json", type = APIGatewayProxyRequestEvent.class)
    void listScenarios_shouldReturnTheCatalogEasiestFirst(APIGatewayProxyRequestEvent event) throws Exception {
        // when
        APIGatewayProxyResponseEvent response = new ListScenariosHandler(platform).handleRequest(event, null);

        // then
        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(response.getHeaders()).containsEntry("Content-Type", "application/json");
        JsonNode body = ApiResponses.JSON.readTree(response.getBody());
        assertThat(body).hasSize(2);
        assertThat(body.get(0).get("id").asText()).isEqualTo("nginx-down");
        assertThat(body.get(0).get("difficulty").asText()).isEqualTo("easy");
        assertThat(body.get(0).get("timeLimitMinutes").asInt()).isEqualTo(15);
        assertThat(body.get(0).get("tags")).extracting(JsonNode::asText).containsExactly("nginx", "systemd");
        assertThat(body.get(0).has("description")).as("the list leaves descriptions out").isFalse();
    }

    @ParameterizedTest
    @Event(value = "events/get-scenario.json", type = APIGatewayProxyRequestEvent.class)
    void getScenario_shouldReturnTheDescriptionAndHintCount(APIGatewayProxyRequestEvent event) throws Exception {
        APIGatewayProxyResponseEvent response = new GetScenarioHandler(platform).handleRequest(event, null);

        assertThat(response.getStatusCode()).isEqualTo(200);
        JsonNode body = ApiResponses.JSON.readTree(response.getBody());
        assertThat(body.get("id").asText()).isEqualTo("nginx-down");
        assertThat(body.get("description").asText()).startsWith("# Nginx is down");
        assertThat(body.get("hintCount").asInt()).isEqualTo(2);
        assertThat(body.has("hints")).as("hints are revealed one at a time, never listed").isFalse();
    }

    @ParameterizedTest
    @Event(value = "events/get-scenario-unknown.json", type = APIGatewayProxyRequestEvent.class)
    void getScenario_shouldAnswer404WithAJsonError_whenTheScenarioIsUnknown(APIGatewayProxyRequestEvent event)
            throws Exception {
        APIGatewayProxyResponseEvent response = new GetScenarioHandler(platform).handleRequest(event, null);

        assertThat(response.getStatusCode()).isEqualTo(404);
        JsonNode error = ApiResponses.JSON.readTree(response.getBody()).get("error");
        assertThat(error.get("code").asText()).isEqualTo("NOT_FOUND");
        assertThat(error.get("message").asText()).isEqualTo("There is no scenario with that id.");
    }
}
