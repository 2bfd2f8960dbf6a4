package dev.parley.core.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.parley.core.batch.BatchInput;
import dev.parley.core.batch.BatchInputException;
import dev.parley.core.batch.BatchRequest;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@link BatchInput#parse} over arbitrary bytes: it refuses only with a {@link BatchInputException}; what it accepts
 * is at most the item limit of requests, on increasing lines, with unique custom ids, each body a piece of the input
 * that parses alone to a JSON object naming its model and not streaming. Seeds are in
 * {@code BatchInputFuzzTestInputs/lines/}.
 */
class BatchInputFuzzTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int MAX_ITEMS = 50;

    @FuzzTest
    void lines(byte[] input) {
        List<BatchRequest> requests;
        try {
            requests = BatchInput.parse(input, MAX_ITEMS);
        } catch (BatchInputException e) {
            return;
        }
        assertThat(requests).isNotEmpty().hasSizeLessThanOrEqualTo(MAX_ITEMS);
        Set<String> ids = new HashSet<>();
        int line = 0;
        for (BatchRequest request : requests) {
            assertThat(request.line()).isGreaterThan(line);
            line = request.line();
            assertThat(ids.add(request.customId())).as("custom ids are unique").isTrue();
            byte[] body = request.body();
            assertThat(indexOf(input, body)).as("the body as the input holds it").isNotNegative();
            JsonNode tree = JSON.readTree(body);
            assertThat(tree.isObject()).isTrue();
            assertThat(tree.path("model").isString()).isTrue();
            assertThat(tree.path("stream").asBoolean(false)).isFalse();
        }
    }

    private static int indexOf(byte[] input, byte[] part) {
        for (int at = 0; at + part.length <= input.length; at++) {
            if (Arrays.equals(input, at, at + part.length, part, 0, part.length)) {
                return at;
            }
        }
        return -1;
    }
}
