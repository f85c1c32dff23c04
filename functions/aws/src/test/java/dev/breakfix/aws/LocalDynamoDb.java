package dev.breakfix.aws;

import dev.breakfix.aws.dynamodb.DynamoDbTables;
import dev.breakfix.aws.dynamodb.TableSpec;
import dev.breakfix.local.emulators.Dynalite;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * One in-memory dynalite per test JVM, for adapter tests; each test class gets tables of its own. The
 * emulator is the real thing the local runtime uses, so these tests prove the adapters' requests.
 */
public final class LocalDynamoDb {
    private static final AtomicInteger TABLES = new AtomicInteger();
    private static DynamoDbClient client;

    private LocalDynamoDb() {}

    public static synchronized DynamoDbClient client() {
        if (client == null) {
            try {
                Dynalite dynalite = Dynalite.start(checkout().resolve("local/node_modules"), Optional.empty());
                Runtime.getRuntime().addShutdownHook(new Thread(dynalite::close));
                client = AwsClients.dynamoDb(new AwsClients.Emulator(dynalite.endpoint(), Dynalite.ACCESS_KEY,
                        Dynalite.SECRET_KEY));
            } catch (Exception e) {
                throw new IllegalStateException("dynalite did not start for the tests", e);
            }
        }
        return client;
    }

    /** Creates a fresh table shaped like {@code spec}; returns its name. */
    public static String table(TableSpec spec) {
        String name = spec.id() + "-" + TABLES.incrementAndGet();
        DynamoDbTables.createIfMissing(client(), spec, name);
        return name;
    }

    /** The repository root, found from the module the tests run in. */
    public static Path checkout() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("breakfix"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("tests must run inside the breakfix checkout");
        }
        return dir;
    }
}
