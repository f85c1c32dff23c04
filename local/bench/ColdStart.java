import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * One Lambda function's cold start, from its own package alone: a fresh JVM whose classpath is the
 * package unpacked as Lambda unpacks it ({@code /var/task}: the jar's entries, plus {@code lib/*.jar}),
 * and nothing else but this class. It constructs the handler as Lambda does (public no-argument
 * constructor), reads a fixture event with the package's own Jackson, calls {@code handleRequest} once
 * and checks the answer. AWS is a stand-in on the loopback address ({@code AWS_ENDPOINT_URL}) answering
 * DynamoDB, Step Functions, S3, EC2 and Secrets Manager with empty or canned results, so every SDK client
 * is built, signs, sends and parses.
 *
 * <p>JDK only, so it adds nothing to the classpath it measures. Used by {@code local/bench/cold-start.sh},
 * with one fixture per function in {@code local/bench/cold-start/}.
 *
 * <pre>
 * java ColdStart.java launch FIXTURE.json [REPOSITORY_ROOT]          # one function, once: one JSON line
 * java ColdStart.java bench RUNS REPOSITORY_ROOT FIXTURE.json...     # each RUNS times: JSON lines, then a table
 * </pre>
 * A fixture: {@code {"function", "handler", "package" (relative to the root), "expect" (a text the
 * serialized answer must contain), "event" (the invocation payload)}}, and for a function that logs into
 * a server, {@code "sshStandIn": "127.0.0.22"}: an SSH server on that address's port 22, started from the
 * package's own libraries ({@code SshStandIn.java}) before the function's JVM, accepting the session's
 * client key and showing its host key (both derived from the stand-in master secret). The line printed:
 * {@code {"function","package","packageBytes","unpackMs","ok","jvmMs","initMs","firstResponseMs","wallMs","answer"|"error"}},
 * where {@code unpackMs} is unzipping the package (Lambda does it before the JVM starts; in no other
 * figure), {@code jvmMs} is from the parent starting the JVM to {@code main}, {@code initMs} is the
 * handler's construction (class loading and wiring, as Lambda's init phase), and {@code firstResponseMs}
 * is from the parent starting the JVM to the first answer, without the stand-in's own start;
 * {@code wallMs} is the whole child process, exit included. The child runs with Lambda's Java 17 defaults: {@code -XX:+UseSerialGC -XX:TieredStopAtLevel=1}.
 */
public final class ColdStart {
    static final String MARK = "COLD-START-RESULT ";
    static final String SECRET = "c29tZS1tYXN0ZXItc2VjcmV0LWZvci10aGUtY29sZC1zdGFydC1iZW5jaG1hcmstMDEy";
    static final String REGION = "eu-west-1";

    private ColdStart() {}

    public static void main(String[] args) throws Exception {
        if (args.length >= 2 && args[0].equals("launch")) {
            Path root = Path.of(args.length > 2 ? args[2] : ".").toAbsolutePath().normalize();
            System.out.println(launch(Path.of(args[1]), root));
        } else if (args.length >= 4 && args[0].equals("bench")) {
            bench(Integer.parseInt(args[1]), Path.of(args[2]).toAbsolutePath().normalize(),
                    Stream.of(args).skip(3).map(Path::of).toList());
        } else if (args.length == 5 && args[0].equals("run")) {
            run(args[1], Path.of(args[2]), Integer.parseInt(args[3]), Long.parseLong(args[4]));
        } else {
            System.err.println("usage: java ColdStart.java launch FIXTURE.json [REPOSITORY_ROOT]\n"
                    + "       java ColdStart.java bench RUNS REPOSITORY_ROOT FIXTURE.json...");
            System.exit(2);
        }
    }

    // --- the parent: unpack, start a fresh JVM, relay its result ---------------------------------

    static String launch(Path fixture, Path root) throws Exception {
        String text = Files.readString(fixture);
        String function = field(text, "function");
        String handler = field(text, "handler");
        Path jar = root.resolve(field(text, "package"));
        long bytes = Files.size(jar);
        Path task = Files.createTempDirectory("cold-start-task");
        Process sshStandIn = null;
        try {
            long unpacking = System.nanoTime();
            unzip(jar, task);
            long unpackMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - unpacking);
            int port;
            try (ServerSocket free = new ServerSocket(0)) {
                port = free.getLocalPort();
            }
            if (System.getenv("COLD_START_LOG") != null) {
                System.err.println("task: " + task);
            }
            Path self = Path.of(ColdStart.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            String javaCommand = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            if (optionalField(text, "sshStandIn").isPresent()) {
                sshStandIn = startSshStandIn(javaCommand, task, field(text, "sshStandIn"), text);
            }
            List<String> command = new ArrayList<>(List.of(javaCommand, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto"));
            // Extra JVM options for looking inside a run, e.g. COLD_START_JAVA_OPTIONS="-Xlog:class+load:file=/tmp/classes.log:uptime"
            String extraOptions = System.getenv().getOrDefault("COLD_START_JAVA_OPTIONS", "").strip();
            if (!extraOptions.isEmpty()) {
                command.addAll(List.of(extraOptions.split("\\s+")));
            }
            command.addAll(List.of("-cp", self + File.pathSeparator + task + File.pathSeparator + task.resolve("lib") + "/*",
                    "ColdStart", "run", handler, fixture.toAbsolutePath().toString(), Integer.toString(port)));
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().clear();
            builder.environment().putAll(environment(function, task, port));
            long started = System.nanoTime();
            List<String> withStart = new ArrayList<>(command);
            withStart.add(Long.toString(System.currentTimeMillis()));
            Process child = builder.command(withStart).start();
            byte[] output = child.getInputStream().readAllBytes();
            boolean exited = child.waitFor(60, TimeUnit.SECONDS);
            long wallMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            String log = new String(output, StandardCharsets.UTF_8);
            if (System.getenv("COLD_START_LOG") != null) {
                System.err.println(log);
            }
            String result = log.lines().filter(line -> line.startsWith(MARK)).map(line -> line.substring(MARK.length()))
                    .findFirst().orElse(null);
            String head = "{\"function\":" + quote(function) + ",\"package\":" + quote(root.relativize(jar).toString())
                    + ",\"packageBytes\":" + bytes + ",\"unpackMs\":" + unpackMs + ",\"wallMs\":" + wallMs + ",";
            if (!exited || result == null) {
                child.destroyForcibly();
                return head + "\"ok\":false,\"error\":" + quote("no result; output: " + tail(log, 4000)) + "}";
            }
            String expect = field(text, "expect");
            boolean answered = result.contains("\"ok\":true");
            boolean expected = answered && result.contains(expect.replace("\"", "\\\""));
            String verdict = expected ? "" : ",\"expected\":" + quote(expect) + (answered ? ",\"log\":" + quote(tail(log, 4000)) : "");
            return head + result.substring(1, result.length() - 1).replace("\"ok\":true", "\"ok\":" + expected) + verdict + "}";
        } finally {
            if (sshStandIn != null) {
                sshStandIn.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            deleteTree(task);
        }
    }

    /**
     * The SSH server a function logs into ({@code SshStandIn.java}, next to this file), run from the package's
     * own libraries; returns once it listens, before the measured JVM starts.
     */
    static Process startSshStandIn(String javaCommand, Path task, String address, String fixture) {
        try {
            Path source = Path.of(System.getProperty("cold.start.home", "local/bench")).resolve("SshStandIn.java");
            String session = field(fixture, "sessionId");
            Process server = new ProcessBuilder(javaCommand, "-cp", task.resolve("lib") + "/*", source.toString(),
                    address, "22", SECRET, session).redirectErrorStream(true).start();
            java.io.BufferedReader lines = new java.io.BufferedReader(
                    new java.io.InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
            StringBuilder said = new StringBuilder();
            for (String line; (line = lines.readLine()) != null; ) {
                if (line.startsWith("listening")) {
                    Thread drain = new Thread(() -> {
                        try {
                            server.getInputStream().transferTo(OutputStream.nullOutputStream());
                        } catch (IOException ignored) {
                            // the stand-in was stopped
                        }
                    });
                    drain.setDaemon(true);
                    drain.start();
                    return server;
                }
                said.append(line).append('\n');
            }
            throw new IllegalStateException("the SSH stand-in did not start: " + tail(said.toString(), 2000));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    // --- many runs: medians and a table -------------------------------------------------------------

    /**
     * Each fixture {@code runs} times, one after the other: every result as a JSON line, then Markdown tables
     * of the packages' sizes and, per function, the medians of unpack, handler construction and first response.
     * A fixture listed more than once counts as one function, so {@code bench 1 ROOT A B A B …} alternates
     * two functions run by run and still gives one row each (sdk-floor.sh does this).
     */
    static void bench(int runs, Path root, List<Path> fixtures) throws Exception {
        final class Row {
            final List<Long> unpack = new ArrayList<>();
            final List<Long> init = new ArrayList<>();
            final List<Long> first = new ArrayList<>();
            String pack = "";
            int attempts;
            int failures;
            String error = "";
        }
        Map<String, Row> rows = new LinkedHashMap<>();
        Map<String, Long> packages = new java.util.TreeMap<>();
        for (Path fixture : fixtures) {
            for (int run = 0; run < runs; run++) {
                String line = launch(fixture, root);
                System.out.println(line);
                Row row = rows.computeIfAbsent(field(line, "function"), function -> new Row());
                row.pack = field(line, "package");
                packages.put(row.pack, number(line, "packageBytes"));
                row.attempts++;
                row.unpack.add(number(line, "unpackMs"));
                if (line.contains("\"ok\":true")) {
                    row.init.add(number(line, "initMs"));
                    row.first.add(number(line, "firstResponseMs"));
                } else {
                    row.failures++;
                    row.error = optionalField(line, "error").or(() -> optionalField(line, "answer")).orElse("unexpected answer");
                }
            }
        }
        StringBuilder table = new StringBuilder();
        table.append("\n| package | bytes | MB (10^6) | MiB |\n|---|---:|---:|---:|\n");
        packages.forEach((pack, bytes) -> table.append(String.format("| %s | %,d | %.2f | %.2f |%n",
                Path.of(pack).getFileName(), bytes, bytes / 1e6, bytes / 1048576.0)));
        table.append("\n| function | package | unpack (ms) | handler constructed (ms) | JVM start → first response (ms) | min–max (ms) | runs ok |\n")
                .append("|---|---|---:|---:|---:|---:|---:|\n");
        rows.forEach((function, row) -> table.append(String.format("| %s | %s | %s | %s | %s | %s | %d/%d |%n", function,
                Path.of(row.pack).getFileName(), median(row.unpack), median(row.init), median(row.first),
                row.first.isEmpty() ? "–" : java.util.Collections.min(row.first) + "–" + java.util.Collections.max(row.first),
                row.attempts - row.failures, row.attempts)));
        rows.forEach((function, row) -> {
            if (row.failures > 0) {
                table.append("\n").append(function).append(" failed: ").append(tail(row.error, 600)).append('\n');
            }
        });
        System.out.println(table);
        if (rows.values().stream().anyMatch(row -> row.failures > 0)) {
            System.exit(1);
        }
    }

    static String median(List<Long> values) {
        if (values.isEmpty()) {
            return "–";
        }
        List<Long> sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return Long.toString(sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2);
    }

    /** What Lambda and the CDK app set; every function reads a subset. */
    static Map<String, String> environment(String function, Path task, int port) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        env.put("LANG", "C.UTF-8");
        env.put("TZ", "UTC");
        env.put("LAMBDA_TASK_ROOT", task.toString());
        env.put("AWS_LAMBDA_FUNCTION_NAME", function);
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "1024");
        env.put("AWS_LAMBDA_FUNCTION_VERSION", "1");
        env.put("AWS_REGION", REGION);
        env.put("AWS_DEFAULT_REGION", REGION);
        env.put("AWS_ACCESS_KEY_ID", "AKIDCOLDSTART");
        env.put("AWS_SECRET_ACCESS_KEY", "cold-start-secret");
        env.put("AWS_SESSION_TOKEN", "cold-start-token");
        env.put("AWS_ENDPOINT_URL", "http://127.0.0.1:" + port);
        env.put("POWERTOOLS_SERVICE_NAME", "breakfix");
        env.put("SESSIONS_TABLE", "Sessions");
        env.put("ROUTES_TABLE", "Routes");
        env.put("COUNTERS_TABLE", "Counters");
        env.put("PARTNER_KEYS_TABLE", "PartnerKeys");
        env.put("RECORDINGS_BUCKET", "recordings");
        env.put("MASTER_SECRET_ARN", "arn:aws:secretsmanager:" + REGION + ":000000000000:secret:master");
        env.put("WEBSITE_API_KEY_SECRET_ARN", "arn:aws:secretsmanager:" + REGION + ":000000000000:secret:website-key");
        env.put("SESSION_STATE_MACHINE_ARN", "arn:aws:states:" + REGION + ":000000000000:stateMachine:session");
        env.put("MAX_RUNNING_SERVERS", "20");
        env.put("CLIENT_ADDRESS_HEADER", "CloudFront-Viewer-Address");
        env.put("OIDC_ISSUER", "http://127.0.0.1:" + port + "/issuer");
        env.put("OIDC_CLIENT_ID", "website");
        env.put("OIDC_AUTHORIZATION_ENDPOINT", "http://127.0.0.1:" + port + "/oauth2/authorize");
        env.put("OIDC_TOKEN_ENDPOINT", "http://127.0.0.1:" + port + "/oauth2/token");
        env.put("OIDC_LOGOUT_ENDPOINT", "http://127.0.0.1:" + port + "/logout");
        env.put("OIDC_LOGOUT_REDIRECT_PARAMETER", "logout_uri");
        env.put("OIDC_SCOPES", "openid email profile");
        env.put("LAUNCH_TEMPLATE_ID", "lt-0123456789abcdef0");
        env.put("LAUNCH_TEMPLATE_VERSION", "1");
        env.put("SERVER_SUBNET_IDS", "subnet-0123456789abcdef0,subnet-0123456789abcdef1");
        env.put("SERVER_SECURITY_GROUP_IDS", "sg-0123456789abcdef0");
        env.put("SCENARIO_IMAGES", "{\"nginx-wont-start\":\"resolve:ssm:/breakfix/scenario-images/nginx-wont-start\"}");
        env.put("REAPER_GRACE_MINUTES", "5");
        return env;
    }

    // --- the child: the function's JVM ------------------------------------------------------------

    /** {@code launchedAt}: the parent's clock when it started this JVM (the OS's process start time is too coarse). */
    static void run(String handlerClass, Path fixture, int port, long launchedAt) throws Exception {
        long mainAt = System.currentTimeMillis();
        long jvmStart = launchedAt;
        HttpServer stub = stub(port);
        long measuring = System.nanoTime();
        try {
            Class<?> type = Class.forName(handlerClass);
            Object handler = type.getConstructor().newInstance();
            long initNanos = System.nanoTime() - measuring;
            Method handle = handleRequest(type);
            Class<?> mapperType = Class.forName("com.fasterxml.jackson.databind.ObjectMapper");
            Object mapper = mapperType.getConstructor().newInstance();
            Class<?> feature = Class.forName("com.fasterxml.jackson.databind.DeserializationFeature");
            mapperType.getMethod("configure", feature, boolean.class)
                    .invoke(mapper, enumValue(feature, "FAIL_ON_UNKNOWN_PROPERTIES"), false);
            Object tree = mapperType.getMethod("readTree", String.class).invoke(mapper, Files.readString(fixture));
            Object eventTree = tree.getClass().getMethod("get", String.class).invoke(tree, "event");
            Class<?> treeNode = Class.forName("com.fasterxml.jackson.core.TreeNode");
            Object event = mapperType.getMethod("treeToValue", treeNode, Class.class)
                    .invoke(mapper, eventTree, handle.getParameterTypes()[0]);
            String json;
            try {
                Object answer = handle.invoke(handler, event, context(handle.getParameterTypes()[1], handlerClass));
                json = (String) mapperType.getMethod("writeValueAsString", Object.class).invoke(mapper, answer);
            } catch (java.lang.reflect.InvocationTargetException thrown) {
                // An exception is the function's answer too (Lambda reports it as the invocation's
                // error, and the state machine retries on its name); an Error (a class missing from
                // the package, a failed static initialiser) is not.
                if (!(thrown.getCause() instanceof Exception refusal)) {
                    throw thrown;
                }
                json = "{\"errorType\":" + quote(refusal.getClass().getName()) + ",\"errorMessage\":"
                        + quote(String.valueOf(refusal.getMessage())) + "}";
            }
            long firstNanos = System.nanoTime() - measuring;
            System.out.println(MARK + "{\"ok\":true,\"jvmMs\":" + (mainAt - jvmStart)
                    + ",\"initMs\":" + TimeUnit.NANOSECONDS.toMillis(initNanos)
                    + ",\"firstResponseMs\":" + (mainAt - jvmStart + TimeUnit.NANOSECONDS.toMillis(firstNanos))
                    + ",\"answer\":" + quote(json.length() > 600 ? json.substring(0, 600) + "…" : json) + "}");
        } catch (Throwable failure) {
            Throwable cause = failure instanceof java.lang.reflect.InvocationTargetException && failure.getCause() != null
                    ? failure.getCause() : failure;
            System.out.println(MARK + "{\"ok\":false,\"error\":" + quote(cause.toString()) + "}");
            cause.printStackTrace(System.out);
        } finally {
            stub.stop(0);
        }
        System.out.flush();
        Runtime.getRuntime().halt(0);
    }

    /** The method Lambda calls: {@code handleRequest(Event, Context)}, not the erased bridge. */
    static Method handleRequest(Class<?> type) {
        return Stream.of(type.getMethods())
                .filter(m -> m.getName().equals("handleRequest") && m.getParameterCount() == 2 && !m.isBridge())
                .findFirst().orElseThrow(() -> new IllegalStateException(type + " has no handleRequest(event, context)"));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static Object enumValue(Class<?> type, String name) {
        return Enum.valueOf((Class) type, name);
    }

    /** A Lambda context with the values the runtime would give. */
    static Object context(Class<?> contextType, String handler) throws ClassNotFoundException {
        Class<?> loggerType = Class.forName("com.amazonaws.services.lambda.runtime.LambdaLogger");
        Object logger = Proxy.newProxyInstance(contextType.getClassLoader(), new Class<?>[] {loggerType},
                (proxy, method, args) -> {
                    if (method.getName().equals("log") && args != null && args.length > 0) {
                        System.out.println(args[0] instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : args[0]);
                    }
                    return null;
                });
        String function = System.getenv().getOrDefault("AWS_LAMBDA_FUNCTION_NAME", handler);
        return Proxy.newProxyInstance(contextType.getClassLoader(), new Class<?>[] {contextType}, (proxy, method, args) -> {
            switch (method.getName()) {
                case "getAwsRequestId": return "00000000-0000-4000-8000-000000000001";
                case "getLogGroupName": return "/aws/lambda/" + function;
                case "getLogStreamName": return "2026/11/28/[1]cold-start";
                case "getFunctionName": return function;
                case "getFunctionVersion": return "1";
                case "getInvokedFunctionArn": return "arn:aws:lambda:" + REGION + ":000000000000:function:" + function + ":live";
                case "getRemainingTimeInMillis": return 10_000;
                case "getMemoryLimitInMB": return 1024;
                case "getLogger": return logger;
                case "hashCode": return System.identityHashCode(proxy);
                case "equals": return proxy == args[0];
                case "toString": return "ColdStartContext";
                default: return null;
            }
        });
    }

    // --- the AWS stand-in -------------------------------------------------------------------------

    private static final Pattern TABLE = Pattern.compile("\"TableName\"\\s*:\\s*\"([^\"]+)\"");

    /**
     * Answers what the functions call: DynamoDB (no items; a partner for any key hash in PartnerKeys),
     * Step Functions, S3 (an empty bucket that accepts writes), EC2 (no instances), Secrets Manager's
     * GetSecretValue (a fixed master secret, whichever secret is asked for), and an issuer's JWKS.
     */
    static HttpServer stub(int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 16);
        server.createContext("/", exchange -> {
            try (exchange) {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
                String path = exchange.getRequestURI().getPath();
                String query = exchange.getRequestURI().getRawQuery() == null ? "" : exchange.getRequestURI().getRawQuery();
                if ("secretsmanager.GetSecretValue".equals(target)) {
                    reply(exchange, 200, "application/x-amz-json-1.1", "{\"ARN\":\"arn:aws:secretsmanager:" + REGION
                            + ":000000000000:secret:master\",\"Name\":\"master\",\"SecretString\":\"" + SECRET
                            + "\",\"VersionId\":\"cold-start\",\"VersionStages\":[\"AWSCURRENT\"]}");
                } else if (path.endsWith("/.well-known/jwks.json")) {
                    reply(exchange, 200, "application/json", "{\"keys\":[]}");
                } else if (target != null && target.startsWith("DynamoDB_20120810.")) {
                    reply(exchange, 200, "application/x-amz-json-1.0", dynamoDb(target.substring(18), body));
                } else if (target != null && target.startsWith("AWSStepFunctions.")) {
                    reply(exchange, 200, "application/x-amz-json-1.0", target.endsWith(".StartExecution")
                            ? "{\"executionArn\":\"arn:aws:states:" + REGION + ":000000000000:execution:session:x\",\"startDate\":1764320000}"
                            : "{}");
                } else if (body.contains("Action=DescribeInstances")) {
                    reply(exchange, 200, "text/xml", "<DescribeInstancesResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\">"
                            + "<requestId>cold-start</requestId><reservationSet/></DescribeInstancesResponse>");
                } else if (body.contains("Action=TerminateInstances")) {
                    reply(exchange, 200, "text/xml", "<TerminateInstancesResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\">"
                            + "<requestId>cold-start</requestId><instancesSet/></TerminateInstancesResponse>");
                } else {
                    s3(exchange, query);
                }
            } catch (RuntimeException e) {
                e.printStackTrace(System.out);
            }
        });
        server.start();
        return server;
    }

    static String dynamoDb(String operation, String body) {
        Matcher table = TABLE.matcher(body);
        String name = table.find() ? table.group(1) : "";
        switch (operation) {
            case "GetItem":
                if (name.equals("Sessions")) {
                    return session(body, 0).map(item -> "{\"Item\":" + item + "}").orElse("{}");
                }
                return name.equals("PartnerKeys")
                        ? "{\"Item\":{\"keyHash\":{\"S\":\"x\"},\"partnerId\":{\"S\":\"ptn-acme000000000000\"},\"name\":{\"S\":\"Acme\"},"
                                + "\"ratePerSecond\":{\"N\":\"10\"},\"burst\":{\"N\":\"20\"},\"dailyQuota\":{\"N\":\"5000\"},"
                                + "\"createdAt\":{\"S\":\"2026-11-28T10:00:00Z\"}}}"
                        : "{}";
            case "Query":
            case "Scan":
                return "{\"Items\":[],\"Count\":0,\"ScannedCount\":0}";
            case "UpdateItem":
                // ReturnValues ALL_NEW: the session as GetItem answers it, or a window counter's first count.
                if (!body.contains("ALL_NEW")) {
                    return "{}";
                }
                return name.equals("Sessions")
                        ? session(body, 1).map(item -> "{\"Attributes\":" + item + "}").orElse("{}")
                        : "{\"Attributes\":{\"count\":{\"N\":\"1\"}}}";
            default:
                return "{}";
        }
    }

    private static final Pattern SESSION_KEY = Pattern.compile("\"id\"\\s*:\\s*\\{\\s*\"S\"\\s*:\\s*\"([^\"]+)\"");

    /**
     * Any session asked for is a signed-in user's (alice, as the fixtures' authorizer says), ready, with 28
     * minutes left; {@code hints} revealed (an update answers with one more than a read).
     */
    static java.util.Optional<String> session(String body, int hints) {
        Matcher key = SESSION_KEY.matcher(body);
        if (!key.find()) {
            return java.util.Optional.empty();
        }
        java.time.Instant now = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        return java.util.Optional.of("{\"id\":{\"S\":\"" + key.group(1) + "\"},\"owner\":{\"S\":\"user#alice\"},"
                + "\"ownerKind\":{\"S\":\"USER\"},\"ownerId\":{\"S\":\"alice\"},\"scenarioId\":{\"S\":\"nginx-wont-start\"},"
                + "\"state\":{\"S\":\"READY\"},\"inFlight\":{\"S\":\"yes\"},\"createdAt\":{\"S\":\"" + now.minusSeconds(120) + "\"},"
                + "\"readyAt\":{\"S\":\"" + now.minusSeconds(60) + "\"},\"expiresAt\":{\"S\":\"" + now.plusSeconds(28 * 60) + "\"},"
                + "\"solved\":{\"BOOL\":false},\"checks\":{\"N\":\"0\"},\"hintsRevealed\":{\"N\":\"" + hints + "\"},"
                + "\"serverId\":{\"S\":\"i-0123456789abcdef0\"},\"waitToken\":{\"S\":\"AAAAKgAAAAIAAAAAAAAAAcoldstart\"}}");
    }

    static void s3(HttpExchange exchange, String query) throws IOException {
        String method = exchange.getRequestMethod();
        if (method.equals("GET") && query.contains("list-type=2")) {
            reply(exchange, 200, "application/xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                    + "<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Name>recordings</Name>"
                    + "<KeyCount>0</KeyCount><MaxKeys>1000</MaxKeys><IsTruncated>false</IsTruncated></ListBucketResult>");
        } else if (method.equals("PUT")) {
            exchange.getResponseHeaders().add("ETag", "\"d41d8cd98f00b204e9800998ecf8427e\"");
            reply(exchange, 200, "application/xml", "");
        } else if (method.equals("DELETE")) {
            reply(exchange, 204, "application/xml", "");
        } else if (method.equals("POST") && query.contains("delete")) {
            reply(exchange, 200, "application/xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                    + "<DeleteResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"/>");
        } else {
            reply(exchange, 404, "application/xml", method.equals("HEAD") ? "" : "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                    + "<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>");
        }
    }

    static void reply(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.getResponseHeaders().add("x-amzn-RequestId", "cold-start");
        boolean empty = bytes.length == 0 || status == 204 || exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, empty ? -1 : bytes.length);
        if (!empty) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    // --- small helpers (no JSON library: this class must not need one) -----------------------------

    /** The first string field of that name (the fixtures and result lines put theirs first). */
    static String field(String json, String name) {
        return optionalField(json, name)
                .orElseThrow(() -> new IllegalArgumentException("the fixture has no \"" + name + "\""));
    }

    static java.util.Optional<String> optionalField(String json, String name) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(name) + "\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(json);
        return m.find() ? java.util.Optional.of(m.group(1).replace("\\\"", "\"").replace("\\\\", "\\"))
                : java.util.Optional.empty();
    }

    static long number(String json, String name) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(name) + "\"\\s*:\\s*(\\d+)").matcher(json);
        if (!m.find()) {
            throw new IllegalArgumentException("no number \"" + name + "\" in " + tail(json, 400));
        }
        return Long.parseLong(m.group(1));
    }

    static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"': out.append("\\\""); break;
                case '\\': out.append("\\\\"); break;
                case '\n': out.append("\\n"); break;
                case '\r': out.append("\\r"); break;
                case '\t': out.append("\\t"); break;
                default:
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
            }
        }
        return out.append('"').toString();
    }

    static String tail(String text, int max) {
        return text.length() <= max ? text : "…" + text.substring(text.length() - max);
    }

    static void unzip(Path jar, Path into) throws IOException {
        try (InputStream file = Files.newInputStream(jar); ZipInputStream zip = new ZipInputStream(file)) {
            byte[] buffer = new byte[65536];
            for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                Path target = into.resolve(entry.getName()).normalize();
                if (!target.startsWith(into)) {
                    throw new IOException("entry outside the package: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                    continue;
                }
                Files.createDirectories(target.getParent());
                try (OutputStream out = Files.newOutputStream(target)) {
                    for (int n; (n = zip.read(buffer)) > 0; ) {
                        out.write(buffer, 0, n);
                    }
                }
            }
        }
    }

    static void deleteTree(Path folder) throws IOException {
        try (Stream<Path> all = Files.walk(folder)) {
            List<Path> paths = new ArrayList<>(all.sorted(Comparator.reverseOrder()).toList());
            for (Path path : paths) {
                Files.deleteIfExists(path);
            }
        }
    }
}
