package dev.breakfix.cdk.workflow;

import dev.breakfix.aws.ec2.Ec2LaunchRequests;
import dev.breakfix.aws.ec2.InstanceTypes;
import dev.breakfix.cdk.images.ImagesStack;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Arn;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;

/**
 * The EC2 permissions around scenario servers, as narrow as EC2's IAM allows. Whoever launches servers
 * (today the LaunchServer function; the state machine once it calls {@code ec2:runInstances} itself)
 * gets {@link #launch}; whoever terminates them gets {@link #terminate}.
 *
 * <p>{@code ec2:RunInstances} is authorized once per resource the launch touches, so each resource
 * type gets its own statement with the conditions EC2 evaluates for it:
 * <ul>
 *   <li><b>instance</b>: only from the scenario launch template, only an allowed instance type
 *       ({@link InstanceTypes#ALLOWED}), IMDSv2 required with a hop limit of 1, no instance profile,
 *       and the request must tag it {@code breakfix:managed=true} with session, scenario and deadline
 *       (and no other tag keys);</li>
 *   <li><b>volume</b>: encrypted, tagged the same way;</li>
 *   <li><b>network interface</b>: in a scenario subnet, without a public address;</li>
 *   <li><b>subnet / security group / launch template</b>: only the scenario ones;</li>
 *   <li><b>image</b>: only AMIs this account's Image Builder made for scenarios (tag
 *       {@code breakfix:image=scenario});</li>
 *   <li><b>spot request</b>: the one-time spot request RunInstances makes for a spot launch.</li>
 * </ul>
 * {@code ec2:CreateTags} is allowed only as part of RunInstances ({@code ec2:CreateAction}), and the
 * image's SSM parameter may be read so that {@code resolve:ssm:} image ids work.
 */
public final class ServerPermissions {
    /** The tag keys a launch may set, and must set (all but Name). */
    public static final List<String> LAUNCH_TAG_KEYS = List.of("Name", Ec2LaunchRequests.TAG_MANAGED, Ec2LaunchRequests.TAG_SESSION,
            Ec2LaunchRequests.TAG_SCENARIO, Ec2LaunchRequests.TAG_DEADLINE);

    private ServerPermissions() {}

    /**
     * The statements that allow launching a scenario server and nothing else.
     *
     * @param launchTemplateId the scenario launch template
     * @param subnetIds the scenario subnets
     * @param securityGroupId the scenario servers' security group
     */
    public static List<PolicyStatement> launch(Stack stack, String launchTemplateId, List<String> subnetIds,
            String securityGroupId) {
        String launchTemplateArn = ec2Arn(stack, "launch-template", launchTemplateId);
        List<PolicyStatement> statements = new ArrayList<>();

        Map<String, Object> instance = new LinkedHashMap<>();
        instance.put("StringEquals", Map.of(
                "ec2:InstanceType", InstanceTypes.ALLOWED,
                "ec2:LaunchTemplate", launchTemplateArn,
                "ec2:MetadataHttpTokens", "required",
                "aws:RequestTag/" + Ec2LaunchRequests.TAG_MANAGED, "true"));
        instance.put("NumericLessThanEquals", Map.of("ec2:MetadataHttpPutResponseHopLimit", "1"));
        instance.put("Null", requiredTags(Map.of("ec2:InstanceProfile", "true")));
        instance.put("ForAllValues:StringEquals", Map.of("aws:TagKeys", LAUNCH_TAG_KEYS));
        statements.add(allow("LaunchScenarioServersOnly", List.of("ec2:RunInstances"),
                List.of(ec2Arn(stack, "instance", "*")), instance));

        Map<String, Object> volume = new LinkedHashMap<>();
        volume.put("Bool", Map.of("ec2:Encrypted", "true"));
        volume.put("StringEquals", Map.of("aws:RequestTag/" + Ec2LaunchRequests.TAG_MANAGED, "true"));
        volume.put("ForAllValues:StringEquals", Map.of("aws:TagKeys", LAUNCH_TAG_KEYS));
        statements.add(allow("OnlyEncryptedTaggedVolumes", List.of("ec2:RunInstances"),
                List.of(ec2Arn(stack, "volume", "*")), volume));

        List<String> subnetArns = subnetIds.stream().map(id -> ec2Arn(stack, "subnet", id)).toList();
        statements.add(allow("OnlyInScenarioSubnetsWithoutPublicAddress", List.of("ec2:RunInstances"),
                List.of(ec2Arn(stack, "network-interface", "*")),
                Map.of("StringEquals", Map.of("ec2:Subnet", subnetArns),
                        "BoolIfExists", Map.of("ec2:AssociatePublicIpAddress", "false"))));

        List<String> networkArns = new ArrayList<>(subnetArns);
        networkArns.add(ec2Arn(stack, "security-group", securityGroupId));
        networkArns.add(launchTemplateArn);
        statements.add(allow("OnlyScenarioNetworkAndTemplate", List.of("ec2:RunInstances"), networkArns, Map.of()));

        statements.add(allow("OnlyScenarioImages", List.of("ec2:RunInstances"),
                List.of(Arn.format(ArnComponents.builder().service("ec2").account("").resource("image")
                        .resourceName("*").build(), stack)),
                Map.of("StringEquals", Map.of(
                        "ec2:Owner", stack.getAccount(),
                        "aws:ResourceTag/" + ImagesStack.IMAGE_TAG, ImagesStack.IMAGE_TAG_VALUE))));

        statements.add(allow("OneTimeSpotRequests", List.of("ec2:RunInstances"),
                List.of(ec2Arn(stack, "spot-instances-request", "*")), Map.of()));

        statements.add(allow("TagOnlyWhileLaunching", List.of("ec2:CreateTags"),
                List.of(ec2Arn(stack, "instance", "*"), ec2Arn(stack, "volume", "*")),
                Map.of("StringEquals", Map.of("ec2:CreateAction", "RunInstances"))));

        statements.add(allow("ResolveScenarioImageParameters", List.of("ssm:GetParameters", "ssm:GetParameter"),
                List.of(Arn.format(ArnComponents.builder().service("ssm").resource("parameter")
                        .resourceName(ImagesStack.IMAGE_PARAMETER_PREFIX.substring(1) + "*").build(), stack)),
                Map.of()));
        return statements;
    }

    /** Terminating: only instances carrying {@code breakfix:managed=true}. */
    public static PolicyStatement terminate(Stack stack) {
        return allow("TerminateManagedServersOnly", List.of("ec2:TerminateInstances"),
                List.of(ec2Arn(stack, "instance", "*")),
                Map.of("StringEquals", Map.of("aws:ResourceTag/" + Ec2LaunchRequests.TAG_MANAGED, "true")));
    }

    /**
     * Describing: EC2's Describe actions support no resource-level permissions or tag conditions, so
     * this is {@code *}; it reveals instance metadata only, and callers filter on the managed tag.
     */
    public static PolicyStatement describe() {
        return allow("DescribeInstances", List.of("ec2:DescribeInstances"), List.of("*"), Map.of());
    }

    private static Map<String, String> requiredTags(Map<String, String> more) {
        Map<String, String> nulls = new LinkedHashMap<>(more);
        for (String key : List.of(Ec2LaunchRequests.TAG_SESSION, Ec2LaunchRequests.TAG_SCENARIO, Ec2LaunchRequests.TAG_DEADLINE)) {
            nulls.put("aws:RequestTag/" + key, "false");
        }
        return nulls;
    }

    private static String ec2Arn(Stack stack, String type, String id) {
        return Arn.format(ArnComponents.builder().service("ec2").resource(type).resourceName(id).build(), stack);
    }

    private static PolicyStatement allow(String sid, List<String> actions, List<String> resources,
            Map<String, ?> conditions) {
        PolicyStatement.Builder statement = PolicyStatement.Builder.create()
                .sid(sid)
                .effect(Effect.ALLOW)
                .actions(actions)
                .resources(resources);
        if (!conditions.isEmpty()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> typed = (Map<String, Object>) conditions;
            statement.conditions(typed);
        }
        return statement.build();
    }
}
