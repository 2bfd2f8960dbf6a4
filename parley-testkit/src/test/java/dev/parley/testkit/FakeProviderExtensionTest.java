package dev.parley.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The two tests run in order: the second sees what the first left behind, or rather that nothing was. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FakeProviderExtensionTest {

    @RegisterExtension
    static final FakeProviderExtension shared = new FakeProviderExtension();

    @RegisterExtension
    static final FakeProviderExtension perTest = new FakeProviderExtension().perTest();

    @RegisterExtension
    final FakeProviderExtension instance = new FakeProviderExtension(
            FakeProviderConfig.defaults().withDefaultReply(Reply.text("from the instance fake")));

    private static int sharedPort;

    @Test
    @Order(1)
    void firstTestLeavesScriptAndRecordingsBehind() {
        sharedPort = shared.fake().port();
        shared.enqueue(Fault.status(500), Fault.status(500));
        perTest.enqueue(Fault.status(500));
        TestHttp.post(shared.fake(), Endpoint.CHAT.path(false), Endpoint.CHAT.body(false));
        TestHttp.post(perTest.fake(), Endpoint.CHAT.path(false), Endpoint.CHAT.body(false));
        TestHttp.post(instance.fake(), Endpoint.CHAT.path(false), Endpoint.CHAT.body(false));

        assertThat(shared.fake().requests()).hasSize(1);
        assertThat(instance.fake().lastRequest().sequence()).isEqualTo(1);
    }

    @Test
    @Order(2)
    void secondTestStartsClean() {
        assertThat(shared.fake().port()).as("one fake for the class").isEqualTo(sharedPort);
        assertThat(shared.fake().requests()).isEmpty();
        assertThat(shared.fake().pendingAnswers()).isZero();
        assertThat(perTest.fake().pendingAnswers()).isZero();

        String body = TestHttp.post(instance.fake(), Endpoint.ANTHROPIC.path(false), Endpoint.ANTHROPIC.body(false))
                .body();
        TestHttp.post(perTest.fake(), Endpoint.CHAT.path(false), Endpoint.CHAT.body(false));
        TestHttp.post(shared.fake(), Endpoint.CHAT.path(false), Endpoint.CHAT.body(false));

        assertThat(TestHttp.json(body).path("content").get(0).path("text").asString())
                .isEqualTo("from the instance fake");
        assertThat(instance.fake().lastRequest().sequence()).as("a fresh fake per test").isEqualTo(1);
        assertThat(perTest.fake().lastRequest().sequence()).as("a fresh fake per test").isEqualTo(1);
        assertThat(shared.fake().lastRequest().sequence()).as("the shared fake keeps counting").isEqualTo(2);
    }
}
