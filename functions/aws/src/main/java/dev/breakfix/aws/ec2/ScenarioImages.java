package dev.breakfix.aws.ec2;

import java.util.Map;
import java.util.Optional;

/**
 * The image (AMI id) each scenario's servers start from. On AWS, EC2 Image Builder writes one SSM
 * parameter per scenario and the launch function reads them at start-up; tests give a map.
 */
@FunctionalInterface
public interface ScenarioImages {

    /** The AMI id for the scenario, or empty if no image was built for it. */
    Optional<String> imageFor(String scenarioId);

    static ScenarioImages of(Map<String, String> amiIdsByScenario) {
        Map<String, String> copy = Map.copyOf(amiIdsByScenario);
        return scenarioId -> Optional.ofNullable(copy.get(scenarioId));
    }
}
