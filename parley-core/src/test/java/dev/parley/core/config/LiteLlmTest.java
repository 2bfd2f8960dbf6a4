package dev.parley.core.config;

import static dev.parley.core.config.TestConfigs.failure;
import static dev.parley.core.config.TestConfigs.resource;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LiteLlmTest {

    private static final Map<String, String> ENV = Map.of(
            "OPENAI_API_KEY", "sk-openai-1",
            "OPENAI_API_KEY_2", "sk-openai-2",
            "ANTHROPIC_API_KEY", "sk-ant-1",
            "GROQ_API_KEY", "gsk-1",
            "LITELLM_MASTER_KEY", "sk-litellm-master-0123456789");

    @Test
    void aRealisticModelListBecomesProvidersAndModels() {
        var config = ConfigLoader.parse(resource("litellm.yaml"), ENV);

        assertThat(config.providers()).containsExactly(
                provider("openai", ProviderType.OPENAI, "https://api.openai.com/v1", "sk-openai-1"),
                provider("openai-2", ProviderType.OPENAI, "https://api.openai.com/v1", "sk-openai-2"),
                provider("anthropic", ProviderType.ANTHROPIC, "https://api.anthropic.com", "sk-ant-1"),
                provider("openai-3", ProviderType.OPENAI_COMPATIBLE, "http://vllm.internal:8000/v1", "none"),
                provider("groq", ProviderType.OPENAI_COMPATIBLE, "https://api.groq.com/openai/v1", "gsk-1"));
        assertThat(config.models()).containsExactly(
                new ModelConfig("gpt-4o", List.of(
                        new RouteConfig("openai", "gpt-4o", 1, 0),
                        new RouteConfig("openai-2", "gpt-4o", 2, 0))),
                new ModelConfig("claude-sonnet", List.of(new RouteConfig("anthropic", "claude-sonnet-4-5", 1, 1))),
                new ModelConfig("llama-3.1-8b", List.of(
                        new RouteConfig("openai-3", "meta-llama/Llama-3.1-8B-Instruct", 1, 0),
                        new RouteConfig("groq", "llama-3.1-8b-instant", 1, 2))));
        assertThat(config.masterKey()).contains(new Secret("sk-litellm-master-0123456789"));
        assertThat(config.warnings()).containsExactly(
                "model_list[0].litellm_params.rpm: ignored",
                "model_list[2].model_info: ignored",
                "general_settings.database_url: ignored",
                "litellm_settings.drop_params: ignored",
                "litellm_settings.num_retries: ignored",
                "router_settings.routing_strategy: ignored");
        assertThat(config.server()).isEqualTo(ServerSettings.DEFAULTS);
    }

    @Test
    void entriesSharingTypeAddressAndKeyShareAProvider() {
        var config = ConfigLoader.parse("""
                model_list:
                  - {model_name: gpt-4o, litellm_params: {model: openai/gpt-4o, api_key: os.environ/OPENAI_API_KEY}}
                  - {model_name: gpt-4o-mini, litellm_params: {model: openai/gpt-4o-mini, api_key: os.environ/OPENAI_API_KEY}}
                  - {model_name: o3, litellm_params: {model: openai/o3, api_base: "https://api.openai.com/v1/",
                     api_key: sk-openai-1}}
                """, ENV);

        assertThat(config.providers()).extracting(ProviderConfig::name).containsExactly("openai");
        assertThat(config.models()).extracting(ModelConfig::name).containsExactly("gpt-4o", "gpt-4o-mini", "o3");
    }

    @Test
    void anOpenAiPrefixWithAnotherHostIsOpenAiCompatible() {
        var config = ConfigLoader.parse("""
                model_list:
                  - model_name: qwen
                    litellm_params: {model: openai/qwen3-32b, api_base: "http://10.0.0.5:8000/v1"}
                  - model_name: gpt-4o
                    litellm_params: {model: openai/gpt-4o, api_base: "https://API.OPENAI.COM/v1"}
                """, ENV);

        assertThat(config.providers().get(0).type()).isEqualTo(ProviderType.OPENAI_COMPATIBLE);
        assertThat(config.providers().get(0).keys()).as("the OpenAI key never goes to another host").isEmpty();
        assertThat(config.providers().get(1).type()).isEqualTo(ProviderType.OPENAI);
        assertThat(config.providers().get(1).keys()).as("LiteLLM's implicit OPENAI_API_KEY")
                .containsExactly(new Secret("sk-openai-1"));
    }

    @ParameterizedTest
    @CsvSource({
        "ollama_chat/llama3.1, http://localhost:11434/v1",
        "openrouter/anthropic/claude-3.5-sonnet, https://openrouter.ai/api/v1",
        "deepseek/deepseek-chat, https://api.deepseek.com/v1",
        "groq/llama-3.1-8b-instant, https://api.groq.com/openai/v1",
        "together_ai/meta-llama/Llama-3-70b, https://api.together.xyz/v1",
        "mistral/mistral-large-latest, https://api.mistral.ai/v1",
        "gemini/gemini-2.5-flash, https://generativelanguage.googleapis.com",
    })
    void wellKnownServicesGetTheirAddress(String model, URI baseUrl) {
        var config = ConfigLoader.parse("""
                model_list:
                  - {model_name: m, litellm_params: {model: "%s", api_key: some-key}}
                """.formatted(model), Map.of());

        assertThat(config.providers().getFirst().baseUrl()).isEqualTo(baseUrl);
        assertThat(config.models().getFirst().routes().getFirst().model()).isEqualTo(model.substring(model.indexOf('/') + 1));
    }

    @Test
    void ollamasRootAddressGetsTheOpenAiPath() {
        var config = ConfigLoader.parse("""
                model_list:
                  - {model_name: m, litellm_params: {model: ollama_chat/llama3.1, api_base: "http://gpu-box:11434"}}
                """, Map.of());

        assertThat(config.providers().getFirst().baseUrl()).hasToString("http://gpu-box:11434/v1");
        assertThat(config.providers().getFirst().name()).isEqualTo("ollama_chat");
    }

    @ParameterizedTest
    @CsvSource({"hosted_vllm/llama", "openai_compatible/llama"})
    void selfHostedPrefixesNeedAnApiBase(String model) {
        var e = failure("model_list: [{model_name: m, litellm_params: {model: " + model + "}}]", Map.of());

        assertThat(e.keyPath()).isEqualTo("model_list[0].litellm_params.api_base");
        assertThat(e.reason()).startsWith("required for ");
    }

    @Test
    void aMissingOsEnvironKeyNamesTheEntry() {
        var e = failure("""
                model_list:
                  - {model_name: a, litellm_params: {model: openai/gpt-4o, api_key: os.environ/OPENAI_API_KEY}}
                  - {model_name: b, litellm_params: {model: openai/gpt-4o, api_key: os.environ/OPENAI_API_KEY}}
                  - {model_name: c, litellm_params: {model: openai/gpt-4o, api_key: os.environ/OPENAI_API_KEY}}
                  - {model_name: d, litellm_params: {model: openai/gpt-4o, api_key: os.environ/OPENAI_KEY_TYPO}}
                """, ENV);

        assertThat(e.getMessage())
                .isEqualTo("model_list[3].litellm_params.api_key: environment variable OPENAI_KEY_TYPO is not set (line 5)");
    }

    @Test
    void aVendorModelWithoutAnyKeyIsAnError() {
        var e = failure("model_list: [{model_name: c, litellm_params: {model: anthropic/claude-sonnet-4-5}}]", Map.of());

        assertThat(e.getMessage()).isEqualTo("model_list[0].litellm_params.api_key: required for anthropic models"
                + " (or set the ANTHROPIC_API_KEY variable) (line 1)");
    }

    @Test
    void theServicesUsualVariableIsUsedWhenNoKeyIsGiven() {
        var config = ConfigLoader.parse(
                "model_list: [{model_name: c, litellm_params: {model: anthropic/claude-sonnet-4-5}}]", ENV);

        assertThat(config.providers().getFirst().keys()).containsExactly(new Secret("sk-ant-1"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            gpt-4o         | expected "provider/model" such as "openai/gpt-4o", got "gpt-4o" (line 1)
            openai/        | expected "provider/model" such as "openai/gpt-4o", got "openai/" (line 1)
            azure/gpt-4o   | unsupported provider "azure" (supported: openai, anthropic, gemini, openai_compatible, hosted_vllm, ollama_chat, openrouter, deepseek, groq, together_ai, mistral) (line 1)
            openai/*       | wildcard models are not supported; list each model (line 1)
            """)
    void modelsNeedASupportedPrefix(String model, String reason) {
        var e = failure("model_list: [{model_name: m, litellm_params: {model: '" + model + "', api_key: k}}]");

        assertThat(e.keyPath()).isEqualTo("model_list[0].litellm_params.model");
        assertThat(e.reason()).isEqualTo(reason);
    }

    @Test
    void weightAndOrderAreValidated() {
        assertThat(failure("model_list: [{model_name: m, litellm_params: {model: openai/x, api_key: k, weight: 0.5}}]")
                .getMessage()).isEqualTo(
                        "model_list[0].litellm_params.weight: expected an integer >= 0, got \"0.5\" (line 1)");
        assertThat(failure("model_list: [{model_name: m, litellm_params: {model: openai/x, api_key: k, order: x}}]")
                .keyPath()).isEqualTo("model_list[0].litellm_params.order");
    }

    @Test
    void entriesNeedAModelNameAndParams() {
        assertThat(failure("model_list: [{litellm_params: {model: openai/x}}]").keyPath())
                .isEqualTo("model_list[0].model_name");
        assertThat(failure("model_list: [{model_name: m}]").keyPath()).isEqualTo("model_list[0].litellm_params");
        assertThat(failure("model_list: [{model_name: m, litellm_params: openai/x}]").getMessage())
                .isEqualTo("model_list[0].litellm_params: expected a mapping, got \"openai/x\" (line 1)");
        assertThat(failure("model_list: [{model_name: '*', litellm_params: {model: openai/x}}]").keyPath())
                .isEqualTo("model_list[0].model_name");
    }

    @Test
    void mixingWithParleysOwnFormatIsAnError() {
        assertThat(failure(resource("bad-mixed-formats.yaml")).getMessage())
                .isEqualTo("providers: cannot be combined with model_list; use one format per file (line 4)");
        assertThat(failure("model_list: []\nmodels: []").keyPath()).isEqualTo("models");
    }

    @Test
    void parleysOtherSectionsMayAccompanyAModelList() {
        var config = ConfigLoader.parse("""
                server: {port: 4001}
                keys: [{name: ci, key: ci-key-0123456789abcdef, models: [gpt-4o]}]
                model_list:
                  - {model_name: gpt-4o, litellm_params: {model: openai/gpt-4o}}
                """, ENV);

        assertThat(config.server().port()).isEqualTo(4001);
        assertThat(config.keys()).extracting(KeyConfig::name).containsExactly("ci");
        assertThat(config.warnings()).isEmpty();
    }

    @Test
    void otherTopLevelKeysAreRefused() {
        assertThat(failure("model_list: []\nenvironment_variables: {A: b}").getMessage()).isEqualTo(
                "environment_variables: unknown key (known: model_list, general_settings, litellm_settings,"
                        + " router_settings, server, storage, usage, retries, queue, timeouts, health, master_key, keys,"
                        + " prices, markup_percent, redis, idempotency, batches) (line 2)");
    }

    @Test
    void theMasterKeyMayBeALiteralAndMustNotBeGivenTwice() {
        assertThat(ConfigLoader.parse("model_list: []\ngeneral_settings: {master_key: sk-master-0123456789ab}",
                Map.of()).masterKey()).contains(new Secret("sk-master-0123456789ab"));
        assertThat(failure("""
                model_list: []
                master_key: sk-master-0123456789ab
                general_settings: {master_key: sk-master-0123456789ab}
                """).keyPath()).isEqualTo("general_settings.master_key");
        assertThat(failure("model_list: []\ngeneral_settings: {master_key: sk-1234}").getMessage())
                .isEqualTo("general_settings.master_key: must be at least 16 characters long (line 2)");
    }

    @Test
    void withoutAMasterKeyTheParleyVariableIsUsed() {
        var config = ConfigLoader.parse("model_list: []", Map.of("PARLEY_MASTER_KEY", TestConfigs.MASTER_KEY));

        assertThat(config.masterKey()).contains(new Secret(TestConfigs.MASTER_KEY));
    }

    @Test
    void warningsNeverContainValues() {
        var config = ConfigLoader.parse("""
                model_list:
                  - {model_name: m, litellm_params: {model: openai/x, api_key: k, aws_secret_access_key: hunter2}}
                router_settings: {redis_password: hunter2}
                """, Map.of());

        assertThat(config.warnings()).containsExactly(
                "model_list[0].litellm_params.aws_secret_access_key: ignored",
                "router_settings.redis_password: ignored");
    }

    private static ProviderConfig provider(String name, ProviderType type, String baseUrl, String key) {
        return new ProviderConfig(name, type, URI.create(baseUrl), List.of(new Secret(key)), Map.of());
    }

}
