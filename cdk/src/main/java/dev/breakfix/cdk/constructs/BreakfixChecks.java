package dev.breakfix.cdk.constructs;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import software.amazon.awscdk.PolicyValidationPluginReport;
import software.amazon.awscdk.PolicyViolatingResource;
import software.amazon.awscdk.PolicyViolation;
import software.constructs.IConstruct;
import software.constructs.MetadataEntry;

/**
 * cdk-nag's AWS Solutions pack over the whole app, plus one thing cdk-nag 3 cannot do by itself:
 * acknowledge a finding whose name is only known after synthesis. A granular IAM finding names its
 * resource as synthesized — for a bucket of another stack, the import's generated export name — so
 * {@link Nag#acknowledgeMatching} matches the finding with a pattern instead, on the construct that
 * carries it, with its reason. Everything else is cdk-nag's own, unchanged.
 *
 * <p>It runs after {@code app.synth()} (when cross-stack references are resolved), not as a CDK policy
 * validation plugin: called back from inside the synthesis, this Java check calling cdk-nag again
 * overflows Node's stack on an app of this size ("Maximum call stack size exceeded").
 */
public final class BreakfixChecks {
    /** Construct metadata written by {@link Nag#acknowledgeMatching}: rule, pattern, reason. */
    static final String PATTERN_ACKNOWLEDGEMENT = "breakfix:nag-acknowledge";

    private final IConstruct app;
    private final AwsSolutionsChecks checks;

    public BreakfixChecks(IConstruct app) {
        this.app = app;
        this.checks = new AwsSolutionsChecks(app, NagPackProps.builder().verbose(true).build());
    }

    /** The findings as one line each: rule, construct path. */
    public static List<String> describe(PolicyValidationPluginReport report) {
        List<String> lines = new ArrayList<>();
        for (PolicyViolation violation : report.getViolations()) {
            for (PolicyViolatingResource resource : violation.getViolatingResources()) {
                lines.add(violation.getRuleName() + " at " + resource.getConstructPath() + ": "
                        + violation.getDescription());
            }
        }
        return lines;
    }

    /** The AWS Solutions findings left once pattern acknowledgements are applied. */
    public PolicyValidationPluginReport check() {
        PolicyValidationPluginReport report = checks.validateScope(app);
        Map<String, IConstruct> byPath = new HashMap<>();
        for (IConstruct construct : app.getNode().findAll()) {
            byPath.put(construct.getNode().getPath(), construct);
        }
        List<PolicyViolation> left = new ArrayList<>();
        for (PolicyViolation violation : report.getViolations()) {
            List<PolicyViolatingResource> resources = violation.getViolatingResources().stream()
                    .filter(resource -> !acknowledged(byPath.get(resource.getConstructPath()), violation.getRuleName()))
                    .toList();
            if (!resources.isEmpty()) {
                left.add(PolicyViolation.builder()
                        .ruleName(violation.getRuleName())
                        .description(violation.getDescription())
                        .severity(violation.getSeverity())
                        .violatingResources(resources)
                        .build());
            }
        }
        return PolicyValidationPluginReport.builder().success(left.isEmpty()).violations(left).build();
    }

    private static boolean acknowledged(IConstruct construct, String finding) {
        for (IConstruct current = construct; current != null; current = current.getNode().getScope()) {
            for (MetadataEntry entry : current.getNode().getMetadata()) {
                if (PATTERN_ACKNOWLEDGEMENT.equals(entry.getType()) && entry.getData() instanceof Map<?, ?> data
                        && Pattern.matches(String.valueOf(data.get("pattern")), finding)) {
                    return true;
                }
            }
        }
        return false;
    }
}
