package dev.breakfix.local.identity;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Properties;

/**
 * Where a running runtime's emulators answer ({@code <state>/endpoints.properties}), for the command
 * line tools that act on them ({@code ./breakfix partner-key}); written at start, removed at stop.
 * Readable by the owner only: it is the way in to the local data.
 */
public final class LocalEndpoints {
    static final String FILE = "endpoints.properties";

    private LocalEndpoints() {}

    public static AutoCloseable write(Path stateDir, URI dynamoDb, URI oidcProvider) throws IOException {
        Properties properties = new Properties();
        properties.setProperty("dynamodb", dynamoDb.toString());
        properties.setProperty("oidc", oidcProvider.toString());
        Path file = stateDir.resolve(FILE);
        Path temporary = Files.createTempFile(stateDir, "endpoints", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try (Writer out = Files.newBufferedWriter(temporary)) {
            properties.store(out, "written by the running breakfix runtime; removed when it stops");
        }
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return () -> Files.deleteIfExists(file);
    }

    /** The running runtime's DynamoDB endpoint, if one is running with this state directory. */
    public static Optional<URI> dynamoDb(Path stateDir) {
        Path file = stateDir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Optional.ofNullable(properties.getProperty("dynamodb")).map(URI::create);
    }
}
