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

    /**
     * aws-cdk-lib's provider function behind {@code AwsCustomResource} (one per stack): it writes only its
     * own logs through the policy AWS documents for that, on the Node.js runtime aws-cdk-lib chooses.
     */
    public static void acknowledgeCustomResourceProvider(Stack stack) {
        String id = software.amazon.awscdk.customresources.AwsCustomResource.PROVIDER_FUNCTION_UUID.replace("-", "");
        IConstruct provider = stack.getNode().tryFindChild(id);
        if (provider == null) {
            provider = stack.getNode().tryFindChild("AWS" + id);
        }
        if (provider == null) {
            return;
        }
        acknowledge(provider, "AwsSolutions-IAM4",
                List.of("Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"),
                "aws-cdk-lib's custom-resource provider: it only writes its own logs, through the policy AWS documents for that");
        acknowledge(provider, "AwsSolutions-L1",
                "aws-cdk-lib's custom-resource provider picks its Node.js runtime; it runs once per deployment");
    }

    /**
     * aws-cdk-lib's {@code BucketDeployment} function (one per stack): the AWS CLI's {@code s3 sync} from the
     * CDK asset bucket into one bucket, then a CloudFront invalidation. Its grants are aws-cdk-lib's own
     * (object-level wildcards on the two buckets; {@code CreateInvalidation} has no resource-level form).
     */
    public static void acknowledgeBucketDeployment(Stack stack) {
        for (IConstruct child : stack.getNode().getChildren()) {
            if (!child.getNode().getId().startsWith("Custom::CDKBucketDeployment")) {
                continue;
            }
            acknowledge(child, "AwsSolutions-IAM4",
                    List.of("Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"),
                    "aws-cdk-lib's website deployment function: it writes its own logs through the policy AWS documents for that");
            acknowledge(child, "AwsSolutions-L1",
                    "aws-cdk-lib's BucketDeployment function picks its Python runtime (it runs the AWS CLI); it runs once per deployment");
            acknowledgeMatching(child, "AwsSolutions-IAM5", "Action::s3:(GetObject|GetBucket|List|DeleteObject|Abort)\\*",
                    "aws-cdk-lib's BucketDeployment grant: read the website's asset, then sync (list, put, delete) the website bucket's objects");
            acknowledgeMatching(child, "AwsSolutions-IAM5", "Resource::(arn:[^:]*:s3:::cdk-[^\\]]*|[^\\]]*Website[^\\]]*)/\\*",
                    "the objects of the CDK asset bucket (the website's zip) and of the website bucket: a sync touches any key");
            acknowledge(child, "AwsSolutions-IAM5", List.of("Resource::*"),
                    "cloudfront:CreateInvalidation and GetInvalidation, after the sync, support no resource-level permissions");
        }
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
