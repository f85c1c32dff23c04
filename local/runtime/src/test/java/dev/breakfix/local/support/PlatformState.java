package dev.breakfix.local.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.breakfix.aws.AwsClients;
import dev.breakfix.aws.dynamodb.Tables;
import dev.breakfix.sandbox.LxcServers;
import dev.breakfix.sandbox.SandboxSettings;
import dev.breakfix.sandbox.ScenarioImages;
import dev.breakfix.sandbox.ServerRecord;
import dev.breakfix.server.ServerId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What a runtime left behind, read the way an operator would check it: the servers in its state
 * directory (records and LXC containers), the server count and the owners' locks in the Counters
 * table, the session items. Also cleans up after a test.
 */
public final class PlatformState implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path checkout;
    private final Path state;
    private DynamoDbClient dynamo;

    public PlatformState(Path checkout, Path state) {
        this.checkout = checkout;
        this.state = state;
    }

    /** Reads the tables through this emulator from now on (a restarted runtime has another port). */
    public PlatformState using(AwsClients.Emulator dynamoDb) {
        close();
        this.dynamo = AwsClients.dynamoDb(dynamoDb);
        return this;
    }

    public Path serversDir() {
        return state.resolve("sandbox").resolve("servers");
    }

    /** The servers recorded for a session (their {@code server.json}). */
    public List<String> serversOf(String sessionId) {
        List<String> servers = new ArrayList<>();
        if (!Files.isDirectory(serversDir())) {
            return servers;
        }
        try (Stream<Path> dirs = Files.list(serversDir())) {
            for (Path dir : dirs.toList()) {
                if (sessionOf(dir.resolve("server.json")).filter(sessionId::equals).isPresent()) {
                    servers.add(dir.getFileName().toString());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return servers;
    }

    /** The session a server record names; empty if there is no record (or it went while being read). */
    private static Optional<String> sessionOf(Path record) {
        try {
            return Optional.of(JSON.readTree(record.toFile()).path("session").asText());
        } catch (IOException goneOrHalfWritten) {
            return Optional.empty();
        }
    }

    /** Every server folder of this runtime, recorded or not. */
    public List<String> serverFolders() {
        if (!Files.isDirectory(serversDir())) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(serversDir())) {
            return dirs.map(d -> d.getFileName().toString()).filter(n -> n.startsWith("bfx-")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The containers LXC knows under this runtime's servers folder ({@code lxc-ls -P}). */
    public List<String> containers() {
        if (!Files.isDirectory(serversDir())) {
            return List.of();
        }
        try {
            Process ls = new ProcessBuilder("lxc-ls", "-1", "-P", serversDir().toString()).redirectErrorStream(true).start();
            String out = new String(ls.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            ls.waitFor(10, TimeUnit.SECONDS);
            return out.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {@code servers.running} in the Counters table. */
    public int runningServers() {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(Tables.COUNTERS.id()).consistentRead(true)
                .key(Map.of("name", AttributeValue.fromS("servers")))).item();
        return item == null || !item.containsKey("running") ? 0 : Integer.parseInt(item.get("running").n());
    }

    /** The owners' locks ({@code active#…} items) that are held now. */
    public List<String> locks() {
        return dynamo.scan(b -> b.tableName(Tables.COUNTERS.id()).consistentRead(true)).items().stream()
                .map(item -> item.get("name").s())
                .filter(name -> name.startsWith("active#"))
                .toList();
    }

    /** The session's item as stored. */
    public Map<String, AttributeValue> sessionItem(String sessionId) {
        return dynamo.getItem(b -> b.tableName(Tables.SESSIONS.id()).consistentRead(true)
                .key(Map.of("id", AttributeValue.fromS(sessionId)))).item();
    }

    /** Where the session's server answers SSH, from the Routes table. */
    public Optional<String> address(String sessionId) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(Tables.ROUTES.id()).consistentRead(true)
                .key(Map.of("sessionId", AttributeValue.fromS(sessionId)))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(item.get("address").s());
    }

    public DynamoDbClient dynamo() {
        return dynamo;
    }

    /** Terminates every server this runtime left, so that no test leaves a container running. */
    public void terminateAllServers() {
        SandboxSettings settings = SandboxSettings.forRepository(checkout).withStateIn(state.resolve("sandbox"));
        LxcServers servers = new LxcServers(settings, new ScenarioImages(settings, line -> { }));
        for (ServerRecord record : servers.servers()) {
            servers.terminate(new ServerId(record.server()));
        }
        for (String folder : serverFolders()) {
            servers.terminate(new ServerId(folder));
        }
    }

    @Override
    public void close() {
        if (dynamo != null) {
            dynamo.close();
            dynamo = null;
        }
    }

    public static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
