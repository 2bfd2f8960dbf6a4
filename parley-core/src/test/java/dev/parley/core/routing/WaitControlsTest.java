package dev.parley.core.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class WaitControlsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({"0, 0", "2.5, 2500", "10, 10000", "500ms, 500", "2s, 2000", "1m, 60000", " 1.5S , 1500",
        "0.001, 1"})
    void maxWaitIsSecondsOrADuration(String text, long millis) {
        assertThat(WaitControls.maxWait(text)).contains(Duration.ofMillis(millis));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"", "-1", "soon", "1h", "1.", ".5", "1e3", "2 s", "ms", "1,5"})
    void aMaxWaitThatIsNotOneIsRefused(String text) {
        assertThat(WaitControls.maxWait(text)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"low, -5", "normal, 0", "HIGH, 5", "-10, -10", "10, 10", "+3, 3", "0, 0"})
    void priorityIsANumberOrAName(String text, int priority) {
        assertThat(WaitControls.priority(text)).contains(priority);
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"", "11", "-11", "urgent", "1.5", "9999"})
    void aPriorityOutOfRangeIsRefused(String text) {
        assertThat(WaitControls.priority(text)).isEmpty();
    }
}
