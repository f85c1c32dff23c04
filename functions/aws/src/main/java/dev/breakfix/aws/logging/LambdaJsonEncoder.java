package dev.breakfix.aws.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.encoder.EncoderBase;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.breakfix.aws.IsoInstants;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.event.KeyValuePair;

/**
 * One JSON object per log line, with the field names of Powertools for AWS Lambda's JSON layout
 * ({@code LambdaJsonLayout}): {@code timestamp}, {@code level}, {@code message}, an {@code error} object
 * ({@code name}, {@code message}, {@code stack}) when there is one, the Lambda context that
 * {@code PowertoolsLogging.initializeLogging} puts in the MDC ({@code function_name},
 * {@code function_request_id}, {@code cold_start}, {@code service}, …), every other MDC key as is
 * ({@code sessionId} included), and the key-value pairs of SLF4J's fluent API
 * ({@code LOG.atInfo().addKeyValue("count", n).log(…)}), as text. CloudWatch Logs Insights and the ops
 * dashboard query these names. A name is written once: a context key or pair that repeats one already
 * written (say, a pair called {@code message}) is left out, so every line stays an unambiguous object.
 *
 * <p>Written with jackson-core's streaming generator, which every package carries, so a line costs no
 * reflection and no second JSON library (docs/decisions/0019).
 */
public final class LambdaJsonEncoder extends EncoderBase<ILoggingEvent> {
    private static final JsonFactory JSON = new JsonFactory();
    /** Powertools' fields whose values are not text. */
    private static final Set<String> BOOLEANS = Set.of("cold_start");
    private static final Set<String> NUMBERS = Set.of("function_memory_size", "sampling_rate");
    private static final byte[] NEWLINE = {'\n'};
    private static final Set<String> OWN_FIELDS = Set.of("timestamp", "level", "message", "logger");

    @Override
    public byte[] headerBytes() {
        return null;
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        ByteArrayOutputStream line = new ByteArrayOutputStream(256);
        try (JsonGenerator json = JSON.createGenerator(line)) {
            json.writeStartObject();
            json.writeStringField("timestamp", IsoInstants.format(event.getInstant()));
            json.writeStringField("level", event.getLevel().toString());
            json.writeStringField("message", event.getFormattedMessage());
            json.writeStringField("logger", event.getLoggerName());
            IThrowableProxy error = event.getThrowableProxy();
            Set<String> written = new HashSet<>(OWN_FIELDS);
            if (error != null) {
                written.add("error");
            }
            for (Map.Entry<String, String> entry : event.getMDCPropertyMap().entrySet()) {
                if (entry.getValue() != null && written.add(entry.getKey())) {
                    writeContextField(json, entry.getKey(), entry.getValue());
                }
            }
            List<KeyValuePair> pairs = event.getKeyValuePairs();
            if (pairs != null) {
                for (KeyValuePair pair : pairs) {
                    if (written.add(pair.key)) {
                        json.writeStringField(pair.key, String.valueOf(pair.value));
                    }
                }
            }
            if (error != null) {
                json.writeObjectFieldStart("error");
                json.writeStringField("name", error.getClassName());
                json.writeStringField("message", error.getMessage());
                json.writeStringField("stack", ThrowableProxyUtil.asString(error));
                json.writeEndObject();
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        line.writeBytes(NEWLINE);
        return line.toByteArray();
    }

    @Override
    public byte[] footerBytes() {
        return null;
    }

    private static void writeContextField(JsonGenerator json, String key, String value) throws IOException {
        if (BOOLEANS.contains(key)) {
            json.writeBooleanField(key, Boolean.parseBoolean(value));
        } else if (NUMBERS.contains(key) && isNumber(value)) {
            json.writeFieldName(key);
            json.writeNumber(value);
        } else {
            json.writeStringField(key, value);
        }
    }

    private static boolean isNumber(String value) {
        try {
            Double.parseDouble(value);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
