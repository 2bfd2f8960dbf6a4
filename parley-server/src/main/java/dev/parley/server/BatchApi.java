package dev.parley.server;

import dev.parley.core.auth.VirtualKey;
import dev.parley.core.batch.Batch;
import dev.parley.core.batch.BatchEndpoint;
import dev.parley.core.batch.BatchFile;
import dev.parley.core.batch.BatchIds;
import dev.parley.core.batch.BatchInput;
import dev.parley.core.batch.BatchInputException;
import dev.parley.core.batch.BatchRequest;
import dev.parley.core.batch.BatchStatus;
import dev.parley.core.batch.BatchStore;
import dev.parley.core.batch.FileKind;
import dev.parley.core.config.BatchSettings;
import dev.parley.core.protocol.ApiError;
import dev.parley.core.protocol.ErrorKind;
import dev.parley.core.tenancy.PageRequest;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.multipart.Attribute;
import io.netty.handler.codec.http.multipart.DefaultHttpDataFactory;
import io.netty.handler.codec.http.multipart.FileUpload;
import io.netty.handler.codec.http.multipart.HttpPostRequestDecoder;
import io.netty.handler.codec.http.multipart.InterfaceHttpData;
import io.vertx.core.AsyncResult;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * OpenAI's Files and Batches APIs, for batch jobs: {@code /v1/files} (upload a JSON-lines input file, purpose
 * {@code batch}; list, show, read, delete) and {@code /v1/batches} (create, show, list, cancel). Every file and batch
 * belongs to the virtual key that made it, and another key is told it does not exist. An input file is checked line
 * by line when it is uploaded; a batch's items become rows the {@link BatchRunner} runs. The store is read on worker
 * threads; errors are OpenAI's shape.
 */
final class BatchApi {

    private static final Logger LOG = LoggerFactory.getLogger(BatchApi.class);
    /** Room for a multipart upload's boundaries and headers on top of the file itself. */
    private static final long MULTIPART_ENVELOPE = 64 * 1024;
    /** Batch bodies are a few fields. */
    private static final long MAX_JSON_BODY = 1024 * 1024;
    /** Lines of an output or error file read and written at a time. */
    private static final int LINES_PER_CHUNK = 500;
    private static final int MAX_METADATA = 16;

    private final Vertx vertx;
    private final BatchStore store;
    private final BatchSettings settings;
    private final Duration bodyTimeout;
    private final Runnable wakeRunner;
    private final SecureRandom random = new SecureRandom();

    BatchApi(Vertx vertx, BatchStore store, BatchSettings settings, Duration bodyTimeout, Runnable wakeRunner) {
        this.vertx = vertx;
        this.store = store;
        this.settings = settings;
        this.bodyTimeout = bodyTimeout;
        this.wakeRunner = wakeRunner;
    }

    /** Whether {@code path} is one of this API's. */
    static boolean serves(String path) {
        return path.equals("/v1/files") || path.startsWith("/v1/files/") || path.equals("/v1/batches")
                || path.startsWith("/v1/batches/");
    }

    void handle(Exchange ex, VirtualKey key) {
        List<String> parts = List.of(ex.request.path().substring(1).split("/", -1));
        HttpMethod method = ex.request.method();
        String scope = key.scope();
        switch (parts.size() > 1 ? parts.get(1) : "") {
            case "files" -> files(ex, method, parts, scope);
            case "batches" -> batches(ex, method, parts, key);
            default -> notFound(ex);
        }
    }

    private void files(Exchange ex, HttpMethod method, List<String> parts, String scope) {
        if (parts.size() == 2) {
            on(ex, method, Map.of(HttpMethod.POST, () -> BodyReader.read(ex,
                    settings.maxFileBytes() + MULTIPART_ENVELOPE, bodyTimeout,
                    body -> work(ex, () -> upload(ex.request.getHeader("content-type"), body, scope))),
                    HttpMethod.GET, () -> work(ex, () -> listFiles(ex, scope))));
        } else if (parts.size() == 3 && !parts.get(2).isEmpty()) {
            String id = parts.get(2);
            on(ex, method, Map.of(HttpMethod.GET, () -> work(ex, () -> json(BatchJson.file(ownFile(id, scope)))),
                    HttpMethod.DELETE, () -> work(ex, () -> delete(id, scope))));
        } else if (parts.size() == 4 && parts.get(3).equals("content")) {
            String id = parts.get(2);
            on(ex, method, Map.of(HttpMethod.GET, () -> work(ex, () -> content(id, scope))));
        } else {
            notFound(ex);
        }
    }

    private void batches(Exchange ex, HttpMethod method, List<String> parts, VirtualKey key) {
        String scope = key.scope();
        if (parts.size() == 2) {
            on(ex, method, Map.of(HttpMethod.POST, () -> BodyReader.read(ex, MAX_JSON_BODY, bodyTimeout,
                    body -> work(ex, () -> create(body, key))),
                    HttpMethod.GET, () -> work(ex, () -> json(BatchJson.list(store.batches(scope, page(ex)),
                            BatchJson::batch, Batch::id)))));
        } else if (parts.size() == 3 && !parts.get(2).isEmpty()) {
            String id = parts.get(2);
            on(ex, method, Map.of(HttpMethod.GET, () -> work(ex, () -> json(BatchJson.batch(ownBatch(id, scope))))));
        } else if (parts.size() == 4 && parts.get(3).equals("cancel")) {
            String id = parts.get(2);
            on(ex, method, Map.of(HttpMethod.POST, () -> work(ex, () -> cancel(id, scope))));
        } else {
            notFound(ex);
        }
    }

    /** Runs the handler of the request's method, or answers 405 naming the allowed ones. */
    private static void on(Exchange ex, HttpMethod method, Map<HttpMethod, Runnable> handlers) {
        Runnable handler = handlers.get(method);
        if (handler != null) {
            handler.run();
            return;
        }
        String allowed = String.join(", ", handlers.keySet().stream().map(HttpMethod::name).sorted().toList());
        ex.response.putHeader("allow", allowed);
        ex.fail(ApiError.of(ErrorKind.METHOD_NOT_ALLOWED, "method_not_allowed", method.name() + " is not allowed on "
                + ex.request.path() + "; use " + allowed + "."));
    }

    private static void notFound(Exchange ex) {
        ex.fail(ApiError.of(ErrorKind.NOT_FOUND, "unknown_path", "Parley has no endpoint " + ex.request.path() + "."));
    }

    /** What a call answers: JSON, or a file's lines written a chunk at a time. */
    private sealed interface Reply {
        record Json(JsonNode body) implements Reply {}

        record Bytes(byte[] body) implements Reply {}

        record Lines(String batchId, FileKind kind) implements Reply {}
    }

    private static Reply json(JsonNode body) {
        return new Reply.Json(body);
    }

    private void work(Exchange ex, Callable<Reply> call) {
        vertx.executeBlocking(call, false).onComplete(result -> reply(ex, result));
    }

    private void reply(Exchange ex, AsyncResult<Reply> result) {
        if (ex.ended()) {
            return;
        }
        if (result.failed()) {
            ex.fail(switch (result.cause()) {
                case AdminProblem problem -> problem.error();
                default -> {
                    LOG.error("Batch API call failed", result.cause());
                    yield ApiError.of(ErrorKind.INTERNAL, "internal", "Parley could not complete the call; see its log.");
                }
            });
            return;
        }
        switch (result.result()) {
            case Reply.Json answer -> {
                ex.response.setStatusCode(200).putHeader("content-type", "application/json");
                ex.finish(Buffer.buffer(AdminJson.bytes(answer.body())));
            }
            case Reply.Bytes bytes -> {
                ex.response.setStatusCode(200).putHeader("content-type", "application/jsonl");
                ex.finish(Buffer.buffer(bytes.body()));
            }
            case Reply.Lines lines -> {
                ex.response.setStatusCode(200).setChunked(true).putHeader("content-type", "application/jsonl");
                nextLines(ex, lines, 0);
            }
        }
    }

    /** Reads the next lines off the event loop and writes them; the next read waits for the write. */
    private void nextLines(Exchange ex, Reply.Lines file, int after) {
        vertx.executeBlocking(() -> store.lines(file.batchId(), file.kind(), after, LINES_PER_CHUNK), true)
                .onComplete(read -> {
                    if (ex.ended()) {
                        return;
                    }
                    if (read.failed()) {
                        LOG.error("Reading a batch's lines failed", read.cause());
                        ex.fail(ApiError.of(ErrorKind.INTERNAL, "internal", "Parley could not read the file."));
                        return;
                    }
                    List<BatchStore.Line> lines = read.result();
                    if (lines.isEmpty()) {
                        ex.finish();
                        return;
                    }
                    StringBuilder chunk = new StringBuilder();
                    lines.forEach(line -> chunk.append(line.text()).append('\n'));
                    ex.write(Buffer.buffer(chunk.toString()));
                    ex.response.drainHandler(null);
                    if (ex.response.writeQueueFull()) {
                        ex.response.drainHandler(v -> nextLines(ex, file, lines.getLast().line()));
                    } else {
                        nextLines(ex, file, lines.getLast().line());
                    }
                });
    }

    // --- Files ---

    private Reply upload(String contentType, byte[] body, String scope) {
        Upload upload = Upload.read(contentType, body);
        if (!upload.purpose().equals("batch")) {
            throw AdminProblem.badRequest("purpose", "Parley keeps files for batch jobs only: purpose must be"
                    + " 'batch', got '" + upload.purpose() + "'.");
        }
        if (upload.content().length > settings.maxFileBytes()) {
            throw AdminProblem.of(ApiError.of(ErrorKind.PAYLOAD_TOO_LARGE, "file_too_large", "The file is "
                    + upload.content().length + " bytes; Parley takes files of at most " + settings.maxFileBytes()
                    + " bytes (batches.max_file_bytes).").withParam("file"));
        }
        checked(() -> BatchInput.parse(upload.content(), settings.maxItems()), "file");
        Instant now = Instant.now();
        BatchFile file = new BatchFile(BatchIds.file(now, random), scope, FileKind.INPUT, upload.filename(),
                upload.content().length, now, Optional.empty());
        store.addFile(file, upload.content());
        return json(BatchJson.file(file));
    }

    private Reply listFiles(Exchange ex, String scope) {
        Optional<FileKind> kind = Optional.ofNullable(ex.request.getParam("purpose")).map(purpose -> switch (purpose) {
            case "batch" -> FileKind.INPUT;
            case "batch_output" -> FileKind.OUTPUT;
            default -> throw AdminProblem.badRequest("purpose", "must be batch or batch_output");
        });
        return json(BatchJson.list(store.files(scope, kind, page(ex)), BatchJson::file, BatchFile::id));
    }

    private Reply delete(String id, String scope) {
        ownFile(id, scope);
        store.deleteFile(id);
        return json(BatchJson.deleted(id));
    }

    private Reply content(String id, String scope) {
        BatchFile file = ownFile(id, scope);
        return switch (file.kind()) {
            case INPUT -> new Reply.Bytes(store.content(id).orElseThrow(() -> noSuch("file", id, "file_id")));
            case OUTPUT, ERROR -> new Reply.Lines(file.batchId().orElseThrow(), file.kind());
        };
    }

    private BatchFile ownFile(String id, String scope) {
        return store.file(id).filter(f -> f.keyScope().equals(scope)).orElseThrow(() -> noSuch("file", id, "file_id"));
    }

    // --- Batches ---

    private Reply create(byte[] body, VirtualKey key) {
        // output_expires_after is accepted for newer SDKs, and ignored: Parley keeps output files until deleted.
        AdminInput input = AdminInput.of(AdminJson.parse(body), Set.of("input_file_id", "endpoint", "completion_window",
                "metadata", "output_expires_after"));
        String fileId = input.requiredText("input_file_id");
        String path = input.requiredText("endpoint");
        BatchEndpoint endpoint = BatchEndpoint.of(path).orElseThrow(() -> AdminProblem.badRequest("endpoint",
                "must be one of " + BatchEndpoint.known() + ", got '" + path + "'"));
        String window = input.requiredText("completion_window");
        if (!window.equals("24h")) {
            throw AdminProblem.badRequest("completion_window", "must be 24h, got '" + window + "'");
        }
        Map<String, String> metadata = metadata(input.json("metadata"));
        BatchFile file = store.file(fileId).filter(f -> f.keyScope().equals(key.scope()) && f.kind() == FileKind.INPUT)
                .orElseThrow(() -> noSuch("file", fileId, "input_file_id"));
        byte[] content = store.content(fileId).orElseThrow(() -> noSuch("file", fileId, "input_file_id"));
        List<BatchRequest> requests = checked(() -> {
            List<BatchRequest> read = BatchInput.parse(content, settings.maxItems());
            BatchInput.requireEndpoint(read, endpoint);
            return read;
        }, "input_file_id");
        Instant now = Instant.now();
        Batch batch = new Batch(BatchIds.batch(now, random), key.scope(), key.name(), key.attribution().teamId(),
                endpoint, file.id(), Batch.WINDOW, metadata, BatchStatus.VALIDATING, now, Map.of(),
                new Batch.Counts(requests.size(), 0, 0), Optional.empty(), Optional.empty());
        store.createBatch(batch, requests);
        wakeRunner.run();
        return json(BatchJson.batch(store.batch(batch.id()).orElse(batch)));
    }

    private Reply cancel(String id, String scope) {
        Batch batch = ownBatch(id, scope);
        if (!batch.status().claimable() && batch.status() != BatchStatus.CANCELLING
                && batch.status() != BatchStatus.CANCELLED) {
            throw AdminProblem.conflict("Batch " + id + " is " + batch.status().wire() + "; only a batch that is"
                    + " validating or in progress can be cancelled.");
        }
        Batch cancelled = store.cancel(id, Instant.now()).orElseThrow(() -> noSuch("batch", id, "batch_id"));
        wakeRunner.run();
        return json(BatchJson.batch(cancelled));
    }

    private Batch ownBatch(String id, String scope) {
        return store.batch(id).filter(b -> b.keyScope().equals(scope)).orElseThrow(() -> noSuch("batch", id, "batch_id"));
    }

    /** OpenAI's metadata: up to 16 string pairs, keys up to 64 characters, values up to 512. */
    private static Map<String, String> metadata(Optional<JsonNode> node) {
        Map<String, String> metadata = new LinkedHashMap<>();
        if (node.isEmpty()) {
            return metadata;
        }
        if (!node.get().isObject() || node.get().size() > MAX_METADATA) {
            throw AdminProblem.badRequest("metadata", "must be an object of at most 16 string values");
        }
        for (var entry : node.get().properties()) {
            if (!entry.getValue().isString() || entry.getKey().length() > 64 || entry.getValue().asString().length() > 512) {
                throw AdminProblem.badRequest("metadata", "keys must be at most 64 characters and values strings of at"
                        + " most 512 ('" + entry.getKey() + "' is not)");
            }
            metadata.put(entry.getKey(), entry.getValue().asString());
        }
        return metadata;
    }

    private static <T> T checked(Callable<T> read, String param) {
        try {
            return read.call();
        } catch (BatchInputException e) {
            throw AdminProblem.of(ApiError.of(ErrorKind.INVALID_REQUEST, "invalid_file", "The input file cannot run: "
                    + e.getMessage() + ".").withParam(param));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static PageRequest page(Exchange ex) {
        String limit = Optional.ofNullable(ex.request.getParam("limit")).orElse("20");
        int parsed;
        try {
            parsed = Integer.parseInt(limit);
        } catch (NumberFormatException e) {
            parsed = -1;
        }
        if (parsed < 1 || parsed > PageRequest.MAX_LIMIT) {
            throw AdminProblem.badRequest("limit", "must be from 1 to " + PageRequest.MAX_LIMIT);
        }
        return new PageRequest(parsed, Optional.ofNullable(ex.request.getParam("after")));
    }

    /** OpenAI's "No such ..." answer, for a thing that does not exist or is another key's: the same for both. */
    private static AdminProblem noSuch(String what, String id, String param) {
        return AdminProblem.of(ApiError.of(ErrorKind.NOT_FOUND, "not_found", "No such " + what + " object: " + id
                + ".").withParam(param));
    }

    /** A multipart upload's {@code purpose} field and {@code file} part. */
    private record Upload(String purpose, String filename, byte[] content) {

        static Upload read(String contentType, byte[] body) {
            if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
                throw AdminProblem.badRequest("Upload the file as multipart/form-data with the fields 'purpose' and"
                        + " 'file', as OpenAI's SDKs do.");
            }
            DefaultFullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1,
                    io.netty.handler.codec.http.HttpMethod.POST, "/v1/files", Unpooled.wrappedBuffer(body));
            request.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
            HttpPostRequestDecoder decoder;
            try {
                decoder = new HttpPostRequestDecoder(new DefaultHttpDataFactory(false), request);
            } catch (HttpPostRequestDecoder.ErrorDataDecoderException e) {
                throw AdminProblem.badRequest("The multipart body cannot be read: " + e.getMessage());
            }
            try {
                Optional<String> purpose = Optional.empty();
                Optional<FileUpload> file = Optional.empty();
                for (InterfaceHttpData data : decoder.getBodyHttpDatas()) {
                    if (data instanceof FileUpload upload && upload.getName().equals("file")) {
                        file = Optional.of(upload);
                    } else if (data instanceof Attribute attribute && attribute.getName().equals("purpose")) {
                        purpose = Optional.of(attribute.getValue());
                    }
                }
                FileUpload upload = file.orElseThrow(() -> AdminProblem.badRequest("file", "the upload has no file"));
                return new Upload(purpose.orElseThrow(() -> AdminProblem.badRequest("purpose", "is required")),
                        Optional.ofNullable(upload.getFilename()).filter(n -> !n.isBlank()).orElse("upload.jsonl"),
                        upload.get());
            } catch (HttpPostRequestDecoder.ErrorDataDecoderException | IOException e) {
                throw AdminProblem.badRequest("The multipart body cannot be read: " + e.getMessage());
            } finally {
                decoder.destroy();
                request.release();
            }
        }
    }
}
