package dev.breakfix.api.catalog;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.breakfix.api.http.ApiResponses;
import dev.breakfix.scenario.Scenario;

/** How scenarios look in the API; written by hand so the contract is visible in one place. */
final class ScenarioJson {
    private ScenarioJson() {}

    static ObjectNode summary(Scenario scenario) {
        ObjectNode node = ApiResponses.JSON.createObjectNode()
                .put("id", scenario.id())
                .put("title", scenario.title())
                .put("summary", scenario.summary())
                .put("difficulty", scenario.difficulty().wireName())
                .put("timeLimitMinutes", scenario.timeLimitMinutes());
        scenario.tags().forEach(node.putArray("tags")::add);
        return node;
    }

    static ObjectNode detail(Scenario scenario) {
        return summary(scenario)
                .put("description", scenario.description())
                .put("hintCount", scenario.hints().size())
                .put("extensionMinutes", scenario.extensionMinutes())
                .put("loginUser", scenario.loginUser())
                .put("sudo", scenario.sudo())
                .put("publicReplays", scenario.publicReplays());
    }
}
