package dev.breakfix.cdk.api;

import dev.breakfix.cdk.constructs.Nag;
import java.util.List;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.services.apigateway.ApiKey;
import software.amazon.awscdk.services.apigateway.IApiKey;
import software.amazon.awscdk.services.apigateway.Period;
import software.amazon.awscdk.services.apigateway.QuotaSettings;
import software.amazon.awscdk.services.apigateway.RestApi;
import software.amazon.awscdk.services.apigateway.ThrottleSettings;
import software.amazon.awscdk.services.apigateway.UsagePlan;
import software.amazon.awscdk.services.apigateway.UsagePlanPerApiStage;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.secretsmanager.SecretStringGenerator;
import software.constructs.Construct;

/**
 * Usage plans, chosen per request by the key the caller authorizer returns as
 * {@code usageIdentifierKey} (the API's key source is {@code AUTHORIZER}):
 * <ul>
 *   <li>{@code Website} — one key for everyone using the website (anonymous and signed-in users); its
 *       value is a generated secret the authorizer reads ({@link #WEBSITE_KEY_VARIABLE});</li>
 *   <li>{@code Partners} — one key per partner, created by the operator (docs/deploy.md), with a daily
 *       quota.</li>
 * </ul>
 * API Gateway enforces a plan only on methods that require a key, and a method that requires one
 * refuses every caller the authorizer gives no key; the authorizer gives one to every caller it lets in,
 * so every CALLER route requires a key ({@code RouteAuthorization}). Public routes take no key and fall
 * under the stage's own throttle.
 */
public final class UsagePlans extends Construct {
    /** Where the caller authorizer finds the website key's value (a Secrets Manager ARN). */
    public static final String WEBSITE_KEY_VARIABLE = "WEBSITE_API_KEY_SECRET_ARN";

    private final UsagePlan website;
    private final UsagePlan partners;
    private final ISecret websiteKeyValue;

    public UsagePlans(Construct scope, RestApi api) {
        super(scope, "UsagePlans");
        UsagePlanPerApiStage stage = UsagePlanPerApiStage.builder().api(api).stage(api.getDeploymentStage()).build();

        Secret keyValue = Secret.Builder.create(this, "WebsiteKeyValue")
                .description("breakfix: the value of the website's API key, returned by the caller authorizer")
                .generateSecretString(SecretStringGenerator.builder()
                        .passwordLength(40)
                        .excludePunctuation(true)
                        .includeSpace(false)
                        .build())
                .build();
        Nag.acknowledge(keyValue, "AwsSolutions-SMG4",
                "the API key's value is set from this secret at deployment; rotating means redeploying, which the operator does (docs/deploy.md)");
        websiteKeyValue = keyValue;
        IApiKey websiteKey = ApiKey.Builder.create(this, "WebsiteKey")
                .description("breakfix website callers (anonymous and signed-in users)")
                .value(keyValue.getSecretValue().unsafeUnwrap())
                .enabled(true)
                .build();

        website = UsagePlan.Builder.create(this, "Website")
                .name(api.getRestApiName() + "-website")
                .description("everyone using the website: the stage's limits, no quota")
                .throttle(ThrottleSettings.builder().rateLimit(40).burstLimit(80).build())
                .apiStages(List.of(stage))
                .build();
        website.addApiKey(websiteKey);

        partners = UsagePlan.Builder.create(this, "Partners")
                .name(api.getRestApiName() + "-partners")
                .description("partners (one API key each, added by the operator): throttled, with a daily quota")
                .throttle(ThrottleSettings.builder().rateLimit(10).burstLimit(20).build())
                .quota(QuotaSettings.builder().limit(5000).period(Period.DAY).build())
                .apiStages(List.of(stage))
                .build();
        CfnOutput.Builder.create(this, "PartnersUsagePlanId").value(partners.getUsagePlanId())
                .description("add each partner's API key to this usage plan (docs/deploy.md)").build();
    }

    public UsagePlan website() {
        return website;
    }

    public UsagePlan partners() {
        return partners;
    }

    public ISecret websiteKeyValue() {
        return websiteKeyValue;
    }
}
