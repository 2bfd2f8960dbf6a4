package dev.parley.server;

import dev.parley.core.batch.Batch;
import dev.parley.core.batch.BatchFile;
import dev.parley.core.batch.BatchStatus;
import dev.parley.core.tenancy.Page;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Files and batches as OpenAI's API shows them: its file and batch objects and its list envelope. */
final class BatchJson {

    private BatchJson() {
    }

    static ObjectNode file(BatchFile file) {
        return AdminJson.object().put("id", file.id()).put("object", "file").put("bytes", file.bytes())
                .put("created_at", seconds(file.createdAt())).put("filename", file.filename())
                .put("purpose", file.kind().purpose()).put("status", "processed").putNull("expires_at")
                .putNull("status_details");
    }

    static ObjectNode deleted(String fileId) {
        return AdminJson.object().put("id", fileId).put("object", "file").put("deleted", true);
    }

    static ObjectNode batch(Batch batch) {
        ObjectNode out = AdminJson.object().put("id", batch.id()).put("object", "batch")
                .put("endpoint", batch.endpoint().path()).putNull("errors")
                .put("input_file_id", batch.inputFileId())
                .put("completion_window", batch.completionWindow().toHours() + "h")
                .put("status", batch.status().wire());
        text(out, "output_file_id", batch.outputFileId());
        text(out, "error_file_id", batch.errorFileId());
        out.put("created_at", seconds(batch.createdAt()));
        time(out, "in_progress_at", batch.reachedAt(BatchStatus.IN_PROGRESS));
        out.put("expires_at", seconds(batch.expiresAt()));
        for (BatchStatus status : List.of(BatchStatus.FINALIZING, BatchStatus.COMPLETED, BatchStatus.FAILED,
                BatchStatus.EXPIRED, BatchStatus.CANCELLING, BatchStatus.CANCELLED)) {
            time(out, status.wire() + "_at", batch.reachedAt(status));
        }
        out.putObject("request_counts").put("total", batch.counts().total())
                .put("completed", batch.counts().completed()).put("failed", batch.counts().failed());
        if (batch.metadata().isEmpty()) {
            out.putNull("metadata");
        } else {
            ObjectNode metadata = out.putObject("metadata");
            batch.metadata().forEach(metadata::put);
        }
        return out;
    }

    /** OpenAI's list: {@code data}, the first and last ids, and whether there is more after the last. */
    static <T> ObjectNode list(Page<T> page, Function<T, JsonNode> render, Function<T, String> id) {
        ObjectNode out = AdminJson.object().put("object", "list");
        ArrayNode data = out.putArray("data");
        page.items().forEach(item -> data.add(render.apply(item)));
        text(out, "first_id", page.items().stream().findFirst().map(id));
        text(out, "last_id", page.items().isEmpty() ? Optional.empty() : Optional.of(id.apply(page.items().getLast())));
        return out.put("has_more", page.next().isPresent());
    }

    private static void text(ObjectNode out, String name, Optional<String> value) {
        value.ifPresentOrElse(v -> out.put(name, v), () -> out.putNull(name));
    }

    private static void time(ObjectNode out, String name, Optional<Instant> value) {
        value.ifPresentOrElse(v -> out.put(name, seconds(v)), () -> out.putNull(name));
    }

    private static long seconds(Instant at) {
        return at.getEpochSecond();
    }
}
