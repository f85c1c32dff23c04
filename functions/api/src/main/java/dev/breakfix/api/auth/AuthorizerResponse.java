package dev.breakfix.api.auth;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a REQUEST authorizer answers API Gateway: the principal, an IAM policy, the context handed to
 * the handlers, and the API key whose usage plan the request counts against ({@code usageIdentifierKey},
 * used because the API's key source is {@code AUTHORIZER}). Plain getters: Lambda's serializer writes
 * them as {@code principalId}, {@code policyDocument}, {@code context}, {@code usageIdentifierKey}.
 */
public final class AuthorizerResponse {
    private final String principalId;
    private final String resource;
    private final Map<String, Object> context;
    private final String usageIdentifierKey;

    public AuthorizerResponse(String principalId, String resource, Map<String, Object> context, String usageIdentifierKey) {
        this.principalId = principalId;
        this.resource = resource;
        this.context = Map.copyOf(context);
        this.usageIdentifierKey = usageIdentifierKey;
    }

    public String getPrincipalId() {
        return principalId;
    }

    public Map<String, Object> getPolicyDocument() {
        Map<String, Object> statement = new LinkedHashMap<>();
        statement.put("Action", "execute-api:Invoke");
        statement.put("Effect", "Allow");
        statement.put("Resource", List.of(resource));
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("Version", "2012-10-17");
        document.put("Statement", List.of(statement));
        return document;
    }

    public Map<String, Object> getContext() {
        return context;
    }

    /** The API key the request counts against; null when there is none (no usage plan applies). */
    public String getUsageIdentifierKey() {
        return usageIdentifierKey;
    }

    @Override
    public String toString() {
        // Never the key: it is a partner's secret.
        return "AuthorizerResponse[principalId=" + principalId + ", context=" + context + "]";
    }
}
