package dev.breakfix.cdk.nag;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breakfix.cdk.BreakfixApp;
import dev.breakfix.cdk.TestApps;
import dev.breakfix.cdk.constructs.BreakfixChecks;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.PolicyValidationPluginReport;
import software.amazon.awscdk.PolicyViolation;

/**
 * cdk-nag's AWS Solutions rules over the whole app: no finding may be left unacknowledged, errors and
 * warnings alike. Every acknowledgement carries its reason where it is made ({@code Nag.acknowledge}).
 */
class AwsSolutionsChecksTest {

    @Test
    void app_shouldHaveNoUnacknowledgedFindings_always() {
        // given the whole app, as cdk synth builds it
        App app = TestApps.shared().app();

        // when the AWS Solutions pack checks every resource
        PolicyValidationPluginReport report = new BreakfixChecks(app).check();

        // then nothing is left
        assertThat(describe(report.getViolations())).isEmpty();
        assertThat(report.getSuccess()).isTrue();
    }

    @Test
    void check_shouldNameEachFinding_whenSomethingIsNotAcknowledged() {
        // given an app with a bucket nobody acknowledged anything on
        App app = TestApps.app();
        software.amazon.awscdk.Stack stack = new software.amazon.awscdk.Stack(app, "Probe",
                software.amazon.awscdk.StackProps.builder().env(TestApps.ENVIRONMENT).build());
        software.amazon.awscdk.services.s3.Bucket.Builder.create(stack, "Plain").build();
        app.synth();

        // when checked as cdk synth checks, then the finding is named with its construct
        assertThat(BreakfixApp.check(app)).anyMatch(line -> line.startsWith("AwsSolutions-S1 at Probe/Plain/Resource"));
    }

    private static List<String> describe(List<PolicyViolation> violations) {
        return violations.stream()
                .flatMap(violation -> violation.getViolatingResources().stream()
                        .map(resource -> violation.getRuleName() + " at " + resource.getConstructPath()))
                .sorted()
                .collect(Collectors.toList());
    }
}
