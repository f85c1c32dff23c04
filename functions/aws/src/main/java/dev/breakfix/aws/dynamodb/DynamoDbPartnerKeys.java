package dev.breakfix.aws.dynamodb;

import dev.breakfix.aws.IsoInstants;
import dev.breakfix.identity.Partner;
import dev.breakfix.identity.PartnerKeys;
import dev.breakfix.identity.UsageLimits;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Partners in the PartnerKeys table, one item per key: {@code keyHash} (the SHA-256 of the key, the
 * table's key), {@code partnerId}, {@code name}, {@code ratePerSecond}, {@code burst},
 * {@code dailyQuota}, {@code createdAt}. The key itself is never written.
 */
public final class DynamoDbPartnerKeys implements PartnerKeys {
    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoDbPartnerKeys(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public boolean add(String keyHash, Partner partner) {
        UsageLimits limits = partner.limits();
        try {
            dynamo.putItem(b -> b.tableName(table)
                    .item(Map.of(
                            "keyHash", s(keyHash),
                            "partnerId", s(partner.id()),
                            "name", s(partner.name()),
                            "ratePerSecond", n(limits.ratePerSecond()),
                            "burst", n(limits.burst()),
                            "dailyQuota", n(limits.dailyQuota()),
                            "createdAt", s(IsoInstants.format(partner.createdAt()))))
                    .conditionExpression("attribute_not_exists(keyHash)"));
            return true;
        } catch (ConditionalCheckFailedException taken) {
            return false;
        }
    }

    @Override
    public Optional<Partner> find(String keyHash) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table)
                .key(Map.of("keyHash", s(keyHash)))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
    }

    @Override
    public List<Partner> list() {
        List<Partner> partners = new ArrayList<>();
        dynamo.scanPaginator(b -> b.tableName(table)).items().forEach(item -> partners.add(fromItem(item)));
        partners.sort(Comparator.comparing(Partner::createdAt).thenComparing(Partner::id));
        return partners;
    }

    private static Partner fromItem(Map<String, AttributeValue> item) {
        return new Partner(item.get("partnerId").s(), item.get("name").s(),
                new UsageLimits(Integer.parseInt(item.get("ratePerSecond").n()), Integer.parseInt(item.get("burst").n()),
                        Long.parseLong(item.get("dailyQuota").n())),
                IsoInstants.parse(item.get("createdAt").s()));
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
