package dev.breakfix.cdk.api;

import java.util.List;
import software.amazon.awscdk.services.apigateway.Stage;
import software.amazon.awscdk.services.wafv2.CfnWebACL;
import software.amazon.awscdk.services.wafv2.CfnWebACLAssociation;
import software.constructs.Construct;

/**
 * A regional AWS WAF web ACL on the API stage with two rate-based rules (blocking for the rest of a
 * 5-minute window):
 * <ul>
 *   <li>per viewer, by the first address of {@code X-Forwarded-For}, which CloudFront sets — requests
 *       through CloudFront all come from CloudFront's own addresses;</li>
 *   <li>per source address, a looser cap for anything calling the regional endpoint directly (and for
 *       one CloudFront edge address, so it stays well above what an edge sends for real users).</li>
 * </ul>
 * The first address of {@code X-Forwarded-For} can be chosen by a client; a CloudFront-scope web ACL
 * (us-east-1) sees true viewer addresses and is the stronger option (docs/decisions/0013).
 */
final class ApiFirewall {
    static final int PER_VIEWER_LIMIT = 600;
    static final int PER_SOURCE_LIMIT = 3000;
    static final int WINDOW_SECONDS = 300;

    private ApiFirewall() {}

    static CfnWebACL protect(Construct scope, Stage stage) {
        CfnWebACL acl = CfnWebACL.Builder.create(scope, "Firewall")
                .scope("REGIONAL")
                .description("breakfix API: rate limits per viewer and per source address")
                .defaultAction(CfnWebACL.DefaultActionProperty.builder()
                        .allow(CfnWebACL.AllowActionProperty.builder().build())
                        .build())
                .visibilityConfig(visibility("breakfix-api"))
                .rules(List.of(
                        rateRule("RateLimitPerViewer", 0, PER_VIEWER_LIMIT, CfnWebACL.RateBasedStatementProperty.builder()
                                .limit(PER_VIEWER_LIMIT)
                                .evaluationWindowSec(WINDOW_SECONDS)
                                .aggregateKeyType("FORWARDED_IP")
                                .forwardedIpConfig(CfnWebACL.ForwardedIPConfigurationProperty.builder()
                                        .headerName("X-Forwarded-For")
                                        .fallbackBehavior("MATCH")
                                        .build())
                                .build()),
                        rateRule("RateLimitPerSource", 1, PER_SOURCE_LIMIT, CfnWebACL.RateBasedStatementProperty.builder()
                                .limit(PER_SOURCE_LIMIT)
                                .evaluationWindowSec(WINDOW_SECONDS)
                                .aggregateKeyType("IP")
                                .build())))
                .build();
        CfnWebACLAssociation.Builder.create(scope, "FirewallOnStage")
                .resourceArn(stage.getStageArn())
                .webAclArn(acl.getAttrArn())
                .build();
        return acl;
    }

    private static CfnWebACL.RuleProperty rateRule(String name, int priority, int limit,
            CfnWebACL.RateBasedStatementProperty statement) {
        return CfnWebACL.RuleProperty.builder()
                .name(name)
                .priority(priority)
                .statement(CfnWebACL.StatementProperty.builder().rateBasedStatement(statement).build())
                .action(CfnWebACL.RuleActionProperty.builder()
                        .block(CfnWebACL.BlockActionProperty.builder().build())
                        .build())
                .visibilityConfig(visibility("breakfix-api-" + name))
                .build();
    }

    private static CfnWebACL.VisibilityConfigProperty visibility(String metric) {
        return CfnWebACL.VisibilityConfigProperty.builder()
                .cloudWatchMetricsEnabled(true)
                .metricName(metric)
                .sampledRequestsEnabled(true)
                .build();
    }
}
