package dev.breakfix.cdk.constructs;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Acknowledgment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Validations;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.constructs.IConstruct;

/**
 * Acknowledges cdk-nag findings, always with the reason the finding does not apply (or is accepted).
 * An acknowledgement covers {@code scope} and everything under it, so it is made on the smallest
 * construct that carries the finding. Findings of rules that report several per resource (IAM5) are
 * acknowledged one by one, by their {@code Rule[Finding]} id, never the whole rule.
 */
public final class Nag {
    private Nag() {}

    public static void acknowledge(IConstruct scope, String rule, String reason) {
        if (reason == null || reason.length() < 20) {
            throw new IllegalArgumentException("acknowledging " + rule + " needs a real reason");
        }
        Validations.of(scope).acknowledge(Acknowledgment.builder().id(rule).reason(reason).build());
    }

    /**
     * One acknowledgement per finding, e.g. {@code AwsSolutions-IAM5[Resource::*]}. cdk-nag 3 names such
     * findings with {@code ::} inside, which {@code Validations.acknowledge} refuses (it reserves
     * {@code ::} for its own prefix), so these are written as the same construct metadata that
     * {@code acknowledge} writes and cdk-nag reads ({@link Validations#ACKNOWLEDGED_RULES_METADATA_KEY}).
     */
    /**
     * Acknowledges the wildcard resources of {@code statements} one by one ({@code IAM5[Resource::...]});
     * only concrete ARNs can be named, so a wildcard inside a token is refused.
     */
    public static void acknowledgeWildcardResources(IConstruct scope, List<PolicyStatement> statements, String reason) {
        List<String> findings = new java.util.ArrayList<>();
        Stack stack = Stack.of(scope);
        for (PolicyStatement statement : statements) {
            for (String resource : statement.getResources()) {
                if (resource.contains("*")) {
                    String flat = flatten(stack.resolve(resource));
                    if (flat.contains("ExportsOutput") || flat.contains("Fn::")) {
                        throw new IllegalArgumentException("cannot name the wildcard resource " + flat
                                + " in an acknowledgement before synthesis: give it a policy of its own");
                    }
                    findings.add("Resource::" + flat);
                }
            }
        }
        acknowledge(scope, "AwsSolutions-IAM5", findings, reason);
    }

    /**
     * Acknowledges the findings of {@code rule} on {@code scope} whose text after the rule matches
     * {@code finding} (a regular expression), e.g. {@code Resource::.*Recordings.*\/\*}: for findings named
     * only after synthesis, such as resources imported from another stack ({@link BreakfixChecks}).
     */
    public static void acknowledgeMatching(IConstruct scope, String rule, String finding, String reason) {
        if (reason == null || reason.length() < 20) {
            throw new IllegalArgumentException("acknowledging " + rule + " needs a real reason");
        }
        scope.getNode().addMetadata(BreakfixChecks.PATTERN_ACKNOWLEDGEMENT, Map.of(
                "pattern", java.util.regex.Pattern.quote(rule + "[") + finding + java.util.regex.Pattern.quote("]"),
                "reason", reason));
    }

    /**
     * A resolved CloudFormation value as cdk-nag names it in findings ({@code flattenCfnReference}):
     * joins joined, {@code Ref} as {@code <Name>}, {@code GetAtt} as {@code <Resource.Attribute>}.
     */
    static String flatten(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof String text) {
            return text.replace("${", "<").replace("}", ">");
        }
        if (value instanceof Map<?, ?> map) {
            if (map.containsKey("Fn::Join")) {
                List<?> join = (List<?>) map.get("Fn::Join");
                StringBuilder joined = new StringBuilder();
                List<?> parts = (List<?>) join.get(1);
                for (int i = 0; i < parts.size(); i++) {
                    if (i > 0) {
                        joined.append(join.get(0));
                    }
                    joined.append(flatten(parts.get(i)));
                }
                return joined.toString();
            }
            if (map.containsKey("Ref")) {
                return "<" + flatten(map.get("Ref")) + ">";
            }
            if (map.containsKey("Fn::GetAtt")) {
                List<?> getAtt = (List<?>) map.get("Fn::GetAtt");
                return "<" + flatten(getAtt.get(0)) + "." + flatten(getAtt.get(1)) + ">";
            }
            if (map.containsKey("Fn::ImportValue")) {
                return flatten(map.get("Fn::ImportValue"));
            }
        }
        return "Fn::" + value;
    }

    public static void acknowledge(IConstruct scope, String rule, List<String> findings, String reason) {
        if (reason == null || reason.length() < 20) {
            throw new IllegalArgumentException("acknowledging " + rule + " needs a real reason");
        }
        for (String finding : findings) {
            scope.getNode().addMetadata(Validations.ACKNOWLEDGED_RULES_METADATA_KEY,
                    Map.of(rule + "[" + finding + "]", reason));
        }
    }
}
